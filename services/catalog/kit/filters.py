"""Filter helpers that behave the same on SQLite and PostgreSQL."""

import json
from typing import Any

from sqlalchemy import ColumnElement, String, cast, func, or_


def json_list_contains(column: Any, value: str | int) -> ColumnElement[bool]:
    """The JSON list column holds `value` as one of its elements (exact element match)."""
    return cast(column, String).like(f"%{_json_element(value)}%", escape="\\")


def json_list_mentions(column: Any, text: str) -> ColumnElement[bool]:
    """Some element of the JSON list column contains `text` (substring match, case-insensitive)."""
    return func.lower(cast(column, String)).like(f"%{_escape_like(text.lower())}%", escape="\\")


def text_matches(columns: list[Any], text: str) -> ColumnElement[bool]:
    pattern = f"%{_escape_like(text.lower())}%"
    return or_(*(func.lower(cast(column, String)).like(pattern, escape="\\") for column in columns))


def _json_element(value: str | int) -> str:
    return _escape_like(json.dumps(value, ensure_ascii=False))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
