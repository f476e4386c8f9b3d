"""Catalog command line: `python -m services.catalog.cli COMMAND`.

migrate   bring the database to the newest schema
seed      import the reference data and the generated demo data (skips what is already there)
import    bulk-import a CSV/XLSX/JSON file into one entity, with a per-row report
export    export one entity to CSV or XLSX
"""

import argparse
import sys
from collections.abc import Callable

from services.catalog.exports.commands import configure_export, run_export
from services.catalog.imports.commands import configure_import, run_import
from services.catalog.seed.commands import configure_seed, run_seed_command
from shared.cli import Configure, command_parser
from shared.settings import get_settings


def _migrate(_: argparse.Namespace) -> int:
    from services.catalog.migrate import upgrade

    upgrade(get_settings())
    print("catalog database is at the newest schema")
    return 0


COMMANDS: dict[str, tuple[str, Configure | None, Callable[[argparse.Namespace], int]]] = {
    "migrate": ("bring the database to the newest schema", None, _migrate),
    "seed": (
        "import the reference data and the generated demo data (skips what is already there)",
        configure_seed,
        run_seed_command,
    ),
    "import": (
        "bulk-import a CSV/XLSX/JSON file into one entity, with a per-row report",
        configure_import,
        run_import,
    ),
    "export": ("export one entity to CSV or XLSX", configure_export, run_export),
}


def main(argv: list[str] | None = None) -> int:
    args = command_parser("python -m services.catalog.cli", __doc__, COMMANDS).parse_args(argv)
    return COMMANDS[args.command][2](args)


if __name__ == "__main__":
    sys.exit(main())
