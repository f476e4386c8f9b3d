"""Keyset (cursor) pagination over any allowed sort column, NULLs last, ties broken by id."""

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, or_

from shared.errors import ValidationFailed


@dataclass(frozen=True)
class Sort:
    column: Any  # an ORM column attribute
    descending: bool
    field: str


def parse_sort(value: str | None, allowed: dict[str, Any], id_column: Any) -> Sort:
    if not value:
        return Sort(id_column, False, "id")
    descending = value.startswith("-")
    field = value.removeprefix("-")
    if field == "id":
        return Sort(id_column, descending, "id")
    if field not in allowed:
        choices = ", ".join(sorted([*allowed, "id"]))
        raise ValidationFailed.field("query.sort", f"cannot sort by '{field}'; use one of: {choices}")
    return Sort(allowed[field], descending, field)


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return {"$d": value.isoformat()}
    return value


MAX_INTEGER = 2**63 - 1  # the largest BIGINT (and SQLite INTEGER)


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict) and "$d" in value:
        raw = value["$d"]
        return datetime.fromisoformat(raw) if "T" in raw else date.fromisoformat(raw)
    return value


def encode_cursor(sort: Sort, last_value: Any, last_id: int) -> str:
    payload = {"s": sort.field, "d": sort.descending, "v": _encode_value(last_value), "i": last_id}
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: Sort) -> tuple[Any, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw)
        last_id = int(payload["i"])
        same_order = payload["s"] == sort.field and bool(payload["d"]) == sort.descending
        last_value = _decode_value(payload["v"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ValidationFailed.field("query.cursor", "malformed cursor") from exc
    if not same_order:
        raise ValidationFailed.field("query.cursor", "cursor was made for another sort order")
    # A forged cursor may carry integers no column holds (SQLite raises beyond 64 bits): refused.
    if not 0 < last_id <= MAX_INTEGER or (type(last_value) is int and abs(last_value) > MAX_INTEGER):
        raise ValidationFailed.field("query.cursor", "malformed cursor")
    return last_value, last_id


def apply_order(statement: Select[Any], sort: Sort, id_column: Any) -> Select[Any]:
    if sort.field == "id":
        return statement.order_by(id_column.desc() if sort.descending else id_column.asc())
    column = sort.column
    ordered = column.desc() if sort.descending else column.asc()
    tie = id_column.desc() if sort.descending else id_column.asc()
    return statement.order_by(column.is_(None), ordered, tie)


def after_cursor(sort: Sort, id_column: Any, last_value: Any, last_id: int) -> ColumnElement[bool]:
    """Rows strictly after (last_value, last_id) in the order `apply_order` gives."""
    beyond_id = id_column < last_id if sort.descending else id_column > last_id
    if sort.field == "id":
        return beyond_id
    column = sort.column
    if last_value is None:
        return and_(column.is_(None), beyond_id)
    beyond_value = column < last_value if sort.descending else column > last_value
    return or_(beyond_value, and_(column == last_value, beyond_id), column.is_(None))


def never() -> ColumnElement[bool]:
    return false()
