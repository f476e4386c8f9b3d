"""What an export holds: the caller's view of an entity (the list scope and filters), one row per object,
the id and the Create fields as columns, each reference followed by the name of what it names (for
people; the import skips it). Private fields (a company's needs) only for callers who read private data;
values pass through the domain's serializer as in the API."""

from collections.abc import Iterator
from enum import StrEnum
from itertools import islice
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from services.catalog.imports.registry import EntitySpec, FieldPlan
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
    return spec.export_columns(principal.reads_private)


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
    """One list of field values per object, fetched in batches (large tables never sit in memory); the
    names of referenced rows are read once per batch."""
    objects = session.scalars(statement.execution_options(yield_per=FETCH_ROWS))
    # The names are read on a connection of their own: the streamed rows hold the session's.
    with Session(session.get_bind()) as lookup:
        while batch := list(islice(objects, FETCH_ROWS)):
            shown = [spec.resource.read(obj, principal).model_dump() for obj in batch]
            for field, (name, plan) in spec.reference_names.items():
                ids = {row[field] for row in shown if row.get(field) is not None}
                table = name.table
                found = lookup.execute(select(table.c.id, name).where(table.c.id.in_(ids)))
                names: dict[Any, Any] = dict(found.all())
                for row in shown:
                    row[plan.name] = names.get(row.get(field))
            for row in shown:
                yield [row.get(column.name) for column in columns]
