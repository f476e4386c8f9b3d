"""Spreadsheet cells <-> field values, decided once per field from the Create schema's type.

Import: a text cell becomes what the schema validates (lists split on 、 , ; | or given as JSON,
objects as JSON, 是/否 as booleans, 2021/10/19 and 2021年10月19日 as dates, 1,200万 as 12000000; choices
by their Chinese labels, see labels.py). Export is the inverse, so an exported file imports back unchanged.
"""

import json
import math
import re
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel


class CellKind(StrEnum):
    text = "text"
    number = "number"
    boolean = "boolean"
    date = "date"
    text_list = "text_list"  # a list of scalars: one cell, separated text
    objects = "objects"  # a list of objects or one object: JSON text (or the field's own codec)
    other = "other"


@dataclass(frozen=True)
class CellCodec:
    """A field's own cell format, e.g. products as `名称:占比|名称:占比`."""

    parse: Callable[[str], Any]
    format: Callable[[Any], str]


LIST_SEPARATORS = re.compile(r"[、,，;；|\n]")
LIST_JOINER = "、"
# Text starting with these is run as a formula by spreadsheet programs; exports quote it with ' .
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_BOOLEANS = {
    "是": True,
    "否": False,
    "有": True,
    "无": False,
    "√": True,
    "×": False,
    "对": True,
    "错": False,
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
# Products: `名称:占比` items separated by | ; ； or 、 (as officers list them).
_SHARE_SEPARATORS = re.compile(r"[|;；、\n]")
_SHARE_DIGITS = 16
_NUMBER_SCALE = {"%": 0.01, "万": 1e4, "亿": 1e8}


def cell_kind(annotation: Any) -> CellKind:
    inner = _unwrap(annotation)
    origin = get_origin(inner)
    if origin in (list, tuple, set, frozenset):
        element = _unwrap(get_args(inner)[0]) if get_args(inner) else Any
        return CellKind.objects if _is_object(element) else CellKind.text_list
    if _is_object(inner) or (origin in (Union, types.UnionType) and all(map(_is_object, get_args(inner)))):
        return CellKind.objects
    if inner is bool:
        return CellKind.boolean
    if isinstance(inner, type):
        if issubclass(inner, int | float | Decimal):
            return CellKind.number
        if issubclass(inner, date) and not issubclass(inner, datetime):
            return CellKind.date
        if issubclass(inner, str | Enum):
            return CellKind.text
    return CellKind.other


def element_type(annotation: Any) -> tuple[Any, bool]:
    """The type a field holds, and whether it holds a list of it: list[Qualification] -> (Qualification, True)."""
    inner = _unwrap(annotation)
    if get_origin(inner) in (list, tuple, set, frozenset) and get_args(inner):
        return _unwrap(get_args(inner)[0]), True
    return inner, False


def _unwrap(annotation: Any) -> Any:
    """Annotated[X, ...] -> X; X | None -> X."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def _is_object(annotation: Any) -> bool:
    if get_origin(annotation) is dict or annotation is dict:
        return True
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


# --- import ------------------------------------------------------------------------------------


Converter = Callable[[Any], Any]


def control_character(value: Any) -> str | None:
    """A control character (NUL...) in any text of a cell value, described; tab and line breaks pass."""
    for text in (value,) if isinstance(value, str) else _texts(value):
        if found := _CONTROL.search(text):
            return f"U+{ord(found.group()):04X} at position {found.start() + 1}"
    return None


def _texts(value: Any) -> Iterator[str]:
    """Every text inside a cell value (JSON cells hold lists and objects)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def clean_cell(value: Any, *, quoted_formulas: bool = False) -> Any:
    """None for a blank cell; text stripped, and unquoted if a CSV export quoted it against formulas."""
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        if quoted_formulas and value[0] == "'" and _formula_like(value[1:]):
            return value[1:]
    return value


def cell_converter(
    kind: CellKind, *, max_digits: int, codec: CellCodec | None = None, scale: float = 1.0
) -> Converter:
    """What turns a clean, non-blank cell into the value the schema validates; it raises ValueError
    with a reason for the user when a cell cannot be read (bad JSON, a share that is no number, a
    number of more than `max_digits` digits, NaN or infinity)."""
    if codec is not None:
        return lambda value: codec.parse(value) if isinstance(value, str) else value
    if kind is CellKind.number:
        return lambda value: _number(value, scale, max_digits)
    converters: dict[CellKind, Converter] = {
        CellKind.text: _text,
        CellKind.boolean: _boolean,
        CellKind.date: _date,
        CellKind.text_list: text_list,
        CellKind.objects: _objects,
    }
    return converters.get(kind, _same)


def _same(value: Any) -> Any:
    return value


def _boolean(value: Any) -> Any:
    return _BOOLEANS.get(value, value) if isinstance(value, str) else value


def _objects(value: Any) -> Any:
    return _json(value) if isinstance(value, str) else value


def _text(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel keeps 600519 as 600519.0
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    return value


def _number(value: Any, scale: float, max_digits: int) -> Any:
    if isinstance(value, str):
        if value.isascii() and value.isdigit() and len(value) <= max_digits:
            return _scaled(int(value), scale)
        text = value.replace(",", "").replace("，", "").replace(" ", "").removesuffix("元")
        factor = scale
        while text and text[-1] in _NUMBER_SCALE:
            factor *= _NUMBER_SCALE[text[-1]]
            text = text[:-1]
        digits = sum(char.isdigit() for char in text) if len(text) > max_digits else 0
        if digits > max_digits:
            raise ValueError(f"the number has {digits} digits; at most {max_digits} are read")
        try:
            number: int | float = int(text) if text.lstrip("+-").isdigit() else float(text)
        except ValueError:
            return value  # the schema says why it is not a number
        return _scaled(_finite(number), factor)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _scaled(_finite(value), scale)
    return value


def _finite(number: int | float) -> int | float:
    if isinstance(number, float) and not math.isfinite(number):
        raise ValueError(f"{number} is not a number a field can hold")
    return number


def _scaled(value: int | float, factor: float) -> int | float:
    if factor == 1:
        return value
    result = value * factor
    nearest = round(result)
    return nearest if abs(result - nearest) < 1e-6 else round(result, 12)


def _date(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str) and (match := _DATE.match(value)):
        year, month, day = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return value


def text_list(value: Any) -> Any:
    if isinstance(value, str):
        if value.startswith("["):
            return _json(value)
        return [item.strip() for item in LIST_SEPARATORS.split(value) if item.strip()]
    if isinstance(value, list | tuple):
        return list(value)
    return [_text(value)]


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg}") from exc


# --- export ------------------------------------------------------------------------------------


def format_cell(kind: CellKind, value: Any, *, codec: CellCodec | None = None, typed: bool = False) -> Any:
    """The cell for a field value. `typed` keeps numbers, booleans and dates native (XLSX, where text
    cells are marked as text); otherwise text that a spreadsheet would run as a formula is quoted with '.
    """
    cell = _format(kind, value, codec, typed)
    if not typed and isinstance(cell, str) and _formula_like(cell):
        return "'" + cell
    return cell


def _formula_like(text: str) -> bool:
    """Quoting is undone on import, so text already starting with ' is quoted once more."""
    return text.lstrip("'").startswith(FORMULA_STARTS)


def _format(kind: CellKind, value: Any, codec: CellCodec | None, typed: bool) -> Any:
    if value is None or value in ([], {}):
        return None
    if codec is not None:
        return codec.format(value)
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, datetime):
        return value.isoformat()  # spreadsheets have no time zones
    if kind is CellKind.text_list:
        items = [str(item) for item in value]
        if any(LIST_SEPARATORS.search(item) for item in items):
            return dumps(items)
        return LIST_JOINER.join(items)
    if kind is CellKind.objects:
        return dumps(value)
    if typed and isinstance(value, int | float | date):
        return value
    if kind is CellKind.boolean:
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    return value


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


# --- codecs ------------------------------------------------------------------------------------


def _parse_shares(text: str) -> Any:
    """`特种气体:0.51|电子材料:31%` -> [{"name": "特种气体", "share": 0.51}, ...] (or JSON)."""
    if text.startswith("["):
        return _json(text)
    items: list[dict[str, Any]] = []
    for part in _SHARE_SEPARATORS.split(text):
        part = part.strip()
        if not part:
            continue
        name, colon, share = part.replace("：", ":").rpartition(":")
        if not colon:
            items.append({"name": part})
            continue
        parsed = _number(share.strip(), 1, _SHARE_DIGITS)
        if isinstance(parsed, str):
            raise ValueError(f"share '{share.strip()}' of '{name.strip()}' is not a number")
        items.append({"name": name.strip(), "share": parsed})
    return items


def _format_shares(items: Any) -> str:
    text_parts: list[str] = []
    for item in items:
        name = str(item.get("name", ""))
        extra = set(item) - {"name", "share"}
        if extra or any(mark in name for mark in ":：|;；、\n") or name.startswith("["):
            return dumps(items)
        share = item.get("share")
        text_parts.append(name if share is None else f"{name}:{share}")
    return "|".join(text_parts)


SHARES = CellCodec(parse=_parse_shares, format=_format_shares)
