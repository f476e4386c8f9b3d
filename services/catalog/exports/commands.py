"""`python -m services.catalog.cli export ENTITY --out FILE`: the export command (run as an admin, so
private fields such as a company's needs are included)."""

import argparse
import sys
from pathlib import Path

from shared.settings import get_settings


def configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("entity", help="parks, companies, carriers, tenancies, funds, providers, leads...")
    parser.add_argument("--out", type=Path, required=True, help="the file to write")
    parser.add_argument("--format", choices=["csv", "xlsx"], help="default: from --out (.xlsx, else csv)")
    parser.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a list filter of the entity, as in GET /api/v1/<entity> (repeatable), e.g. province=江苏",
    )


def run_export(args: argparse.Namespace) -> int:
    from pydantic import ValidationError
    from sqlalchemy import func, select

    from services.catalog.exports.schemas import ExportFormat
    from services.catalog.exports.service import export_columns, export_statement, export_values
    from services.catalog.exports.writers import csv_chunks, write_xlsx
    from services.catalog.imports.commands import catalog_session
    from services.catalog.imports.registry import EXPORTS, get_spec
    from shared.errors import AppError
    from shared.principal import Principal, Role

    file_format = ExportFormat(args.format or ("xlsx" if args.out.suffix.lower() == ".xlsx" else "csv"))
    principal = Principal(role=Role.admin)
    try:
        spec = get_spec(args.entity, EXPORTS)
        pairs = [item.split("=", 1) for item in args.filter]
        if any(len(pair) != 2 for pair in pairs):
            raise ValueError("give each --filter as NAME=VALUE")
        filters = spec.resource.filter_schema.model_validate(dict(pairs))
        columns = export_columns(spec, principal)
        with catalog_session(get_settings()) as session, args.out.open("wb") as target:
            statement = export_statement(session, principal, spec, filters)
            count = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
            rows = export_values(session, principal, spec, statement, columns)
            if file_format is ExportFormat.xlsx:
                write_xlsx(columns, rows, target, spec.name)
            else:
                target.writelines(csv_chunks(columns, rows))
    except (AppError, ValidationError, ValueError, OSError) as exc:
        print(f"error: {getattr(exc, 'message', exc)}", file=sys.stderr)
        return 2
    print(f"exported {count} {spec.name} to {args.out}")
    return 0
