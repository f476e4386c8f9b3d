"""Filter helpers that behave the same on SQLite and PostgreSQL."""

import json
from typing import Any

from sqlalchemy import ColumnElement, String, cast, func, or_


def json_list_contains(column: Any, value: str | int) -> ColumnElement[bool]:
    """The JSON list column holds `value` as one of its elements (exact element match)."""
    if isinstance(value, int):
        # Numbers are unquoted: compare between delimiters, so 1 does not match 12 or 21.
        text: ColumnElement[str] = cast(column, String)
        for old, new in ((" ", ""), ("[", ","), ("]", ",")):
            text = func.replace(text, old, new)
        return text.like(f"%,{value},%")
    return cast(column, String).like(f"%{_json_element(value)}%", escape="\\")


def json_list_prefixed(column: Any, prefix: str) -> ColumnElement[bool]:
    """Some string element of the JSON list column starts with `prefix` (e.g. a code and its children)."""
    return cast(column, String).like(f'%"{_escape_like(prefix)}%', escape="\\")


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
