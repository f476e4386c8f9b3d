"""What an export holds: the caller's view of an entity (the list scope and filters), one row per object,
the id and the Create fields as columns. Private fields (a company's needs) only for callers who read
private data; values pass through the domain's serializer as in the API."""

from collections.abc import Iterator
from enum import StrEnum
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from services.catalog.imports.registry import ID_FIELD, EntitySpec, FieldPlan
from shared.principal import Principal
from shared.schemas import Schema

FETCH_ROWS = 1_000


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


MEDIA_TYPES = {
    ExportFormat.csv: "text/csv; charset=utf-8",
    ExportFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_columns(spec: EntitySpec, principal: Principal) -> list[FieldPlan]:
    return [ID_FIELD, *(spec.fields[name] for name in spec.export_fields(principal.reads_private))]


def export_statement(
    session: Session, principal: Principal, spec: EntitySpec, filters: Schema
) -> Select[Any]:
    """What the list endpoint would show this caller with these filters, in id order."""
    repo = spec.resource.repository(session, principal)
    return repo.apply_filters(repo.base_statement(), filters).order_by(spec.model.id)


def export_values(
    session: Session,
    principal: Principal,
    spec: EntitySpec,
    statement: Select[Any],
    columns: list[FieldPlan],
) -> Iterator[list[Any]]:
    """One list of field values per object, fetched in batches (large tables never sit in memory)."""
    for obj in session.scalars(statement.execution_options(yield_per=FETCH_ROWS)):
        shown = spec.resource.read(obj, principal).model_dump()
        yield [shown.get(column.name) for column in columns]
