"""The shape of every ParkMatch command line: `python -m PACKAGE.cli COMMAND [options]`."""

import argparse
from collections.abc import Callable, Mapping
from typing import Any

Configure = Callable[[argparse.ArgumentParser], None]


def command_parser(
    prog: str, doc: str | None, commands: Mapping[str, tuple[str, Configure | None, Any]]
) -> argparse.ArgumentParser:
    """A parser with one sub-command per entry: name -> (summary, configure its options, runner)."""
    parser = argparse.ArgumentParser(prog=prog, description=(doc or "").split("\n")[0])
    subcommands = parser.add_subparsers(dest="command", required=True)
    for name, (summary, configure, _) in commands.items():
        sub = subcommands.add_parser(name, help=summary, description=summary)
        if configure is not None:
            configure(sub)
    return parser
