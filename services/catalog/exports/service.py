"""What an export holds: the caller's view of an entity (the list scope and filters), one row per object,
the id and the Create fields as columns, each reference followed by the name of what it names (for
people; the import skips it), then the read-only columns (a company's latest financial figures, with
their date and source; the import reports them read-only). Private fields (a company's needs) only for callers who read private data;
values pass through the domain's serializer as in the API."""

from collections.abc import Iterator
from itertools import islice
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from services.catalog.companies.endpoints import resource as companies
from services.catalog.companies.models import Company
from services.catalog.exports.schemas import TargetItem
from services.catalog.imports.cells import CellKind
from services.catalog.imports.registry import EntitySpec, FieldPlan
from shared.errors import ValidationFailed
from shared.principal import Principal
from shared.schemas import Schema

FETCH_ROWS = 1_000


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
                for plan in spec.read_only:
                    row[plan.name] = _at_path(row, plan.name)
                yield [row.get(column.name) for column in columns]


def _at_path(row: dict[str, Any], path: str) -> Any:
    """The value at a dotted path of a shown object (`latest_financials.as_of`); None where it has none."""
    value: Any = row
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


# --- a park's target list (the items of a match answer) ----------------------------------------------

TARGET_COLUMNS = [
    FieldPlan("rank", CellKind.number, None, required=False, header="排名"),
    FieldPlan("id", CellKind.number, None, required=False, header="企业id"),
    FieldPlan("name", CellKind.text, None, required=False, header="企业名称"),
    FieldPlan("stock_code", CellKind.text, None, required=False, header="股票代码"),
    FieldPlan("uscc", CellKind.text, None, required=False, header="统一社会信用代码"),
    FieldPlan("province", CellKind.text, None, required=False, header="省份"),
    FieldPlan("city", CellKind.text, None, required=False, header="城市"),
    FieldPlan("score", CellKind.number, None, required=False, header="匹配得分"),
    FieldPlan("factors", CellKind.text, None, required=False, header="各项得分"),
    FieldPlan("evidence", CellKind.text, None, required=False, header="依据"),
]


def target_values(session: Session, principal: Principal, items: list[TargetItem]) -> list[list[Any]]:
    """One row per item in the answer's order: the company as the catalog holds it (a company that is
    not there, or not visible to the caller, is a 422 naming the item), the score, each factor's score
    and the evidence as the match service gave them."""
    repo = companies.repository(session, principal)
    ids = {item.id for item in items}
    found = {obj.id: obj for obj in session.scalars(repo.base_statement().where(Company.id.in_(ids)))}
    missing = [index for index, item in enumerate(items) if item.id not in found]
    if missing:
        raise ValidationFailed(
            f"{len(missing)} item(s) name no company of the catalog",
            details=[
                {"field": f"body.items.{index}.id", "reason": f"company {items[index].id} not found"}
                for index in missing
            ],
        )
    rows = []
    for rank, item in enumerate(items, start=1):
        company = found[item.id]
        factors = "；".join(f"{name} {value:.2f}" for name, value in item.factors.items())
        place = [company.stock_code, company.uscc, company.province, company.city]
        rows.append([rank, item.id, company.name, *place, item.score, factors, "；".join(item.evidence)])
    return rows
