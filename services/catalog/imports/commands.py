"""`python -m services.catalog.cli import ENTITY FILE`: the import command (run as an admin)."""

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session

from shared.settings import Settings, get_settings


@contextmanager
def catalog_session(settings: Settings) -> Iterator[Session]:
    """A session on the catalog database, as in the service."""
    from services.catalog.db import create_db_engine, create_sessionmaker

    engine = create_db_engine(settings)
    try:
        with create_sessionmaker(engine)() as session:
            yield session
    finally:
        engine.dispose()


def configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("entity", help="parks, companies, carriers, tenancies, funds, providers...")
    parser.add_argument("file", type=Path, help="a .csv (UTF-8 or GBK), .xlsx or .json/.jsonl file")
    parser.add_argument(
        "--all-or-nothing", action="store_true", help="store nothing if any row fails (default: partial)"
    )
    parser.add_argument("--dry-run", action="store_true", help="check every row, store nothing")
    parser.add_argument(
        "--upsert",
        action="store_true",
        help="update stored rows with the same natural key instead of failing",
    )
    parser.add_argument(
        "--format", choices=["csv", "xlsx", "json"], help="default: from the file name or content"
    )
    parser.add_argument("--json", action="store_true", help="print the whole report as JSON")


def run_import(args: argparse.Namespace) -> int:
    """Exit status 0 when every row was stored (or would be, for a dry run), 1 when rows failed or the
    file was refused half-way (the report says where), 2 when the file or the entity was refused as a
    whole."""
    from tqdm import tqdm

    from services.catalog.imports.readers import FileFormat, ImportLimits
    from services.catalog.imports.registry import get_spec
    from services.catalog.imports.schemas import ImportMode
    from services.catalog.imports.service import ImportOptions, import_file
    from shared.errors import AppError
    from shared.principal import Principal, Role

    settings = get_settings()
    options = ImportOptions(
        mode=ImportMode.all_or_nothing if args.all_or_nothing else ImportMode.partial,
        dry_run=args.dry_run,
        upsert=args.upsert,
        file_format=FileFormat(args.format) if args.format else None,
        chunk_rows=settings.import_chunk_rows,
    )
    try:
        spec = get_spec(args.entity)
        with (
            catalog_session(settings) as session,
            args.file.open("rb") as stream,
            tqdm(unit=" rows", file=sys.stderr, disable=not sys.stderr.isatty()) as bar,
        ):
            # A partial import commits chunk by chunk, so a running catalog's writes go on meanwhile.
            report = import_file(
                session,
                Principal(role=Role.admin),
                spec,
                stream,
                args.file.name,
                options,
                ImportLimits.from_settings(settings),
                bar.update,
                commit_chunks=True,
            )
            session.commit()
    except (AppError, OSError) as exc:
        print(f"error: {getattr(exc, 'message', exc)}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        print(report.message)
        for column in report.ignored_columns:
            print(f"ignored column: {column}")
        for column in report.read_only_columns:
            print(f"read-only column, not imported: {column}")
        for error in report.errors:
            where = error.field if error.column in (None, error.field) else f"{error.field} ({error.column})"
            print(f"row {error.row}: {where}: {error.reason}")
        if report.errors_not_listed:
            print(f"... and {report.errors_not_listed} more errors")
    return 1 if report.failed or report.stopped else 0
