"""`python -m services.catalog.cli seed`: import the reference data and the generated demo data."""

import argparse
import sys
from pathlib import Path

from shared.settings import get_settings


def configure_seed(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reference-dir",
        type=Path,
        default=None,
        help="the reference data directory (default: Settings().reference_data_dir, ../shared/data)",
    )
    parser.add_argument(
        "--skip-demo", action="store_true", help="import the real reference data only, no generated demo data"
    )


def run_seed_command(args: argparse.Namespace) -> int:
    """Exit status 0 when the catalog holds the data, 2 when the reference data is missing or holds
    a value the seed cannot read (nothing of that step is stored)."""
    from services.catalog.seed.reference import SourceError
    from services.catalog.seed.run import ReferenceDataMissing, run_seed

    try:
        run_seed(get_settings(), args.reference_dir, with_demo=not args.skip_demo)
    except ReferenceDataMissing as exc:
        print(f"seed: {exc}; give its location with --reference-dir", file=sys.stderr)
        return 2
    except SourceError as exc:
        print(f"seed: {exc}", file=sys.stderr)
        return 2
    return 0
