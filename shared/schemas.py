"""Constrained types and response envelopes shared by every service."""

import types
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

PrimaryKey = Annotated[int, Field(gt=0, le=2**53)]
NameStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
ShortStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
# An address or a source citation.
LongStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Text = Annotated[str, StringConstraints(max_length=20_000)]
Province = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=16)]
NonNegative = Annotated[float, Field(ge=0)]
Share = Annotated[float, Field(ge=0, le=1)]
Year = Annotated[int, Field(ge=1800, le=2100)]
# A date of the same span as `Year` (founding dates, approvals): a year 546 is a typing slip.
HistoricDate = Annotated[date, Field(ge=date(1800, 1, 1), le=date(2100, 12, 31))]
# Bounds far above any real amount or area, so that every sum and product stays a finite number.
MAX_YUAN = 1e15
MAX_AREA_M2 = 1e8

T = TypeVar("T")


def _options(annotation: Any) -> list[Any]:
    """The types an annotation allows (one, or each of a union), constraints set aside."""
    if get_origin(annotation) is Annotated:
        return _options(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        return [option for arg in get_args(annotation) for option in _options(arg)]
    return [annotation]


def _is_a(annotation: Any, kinds: tuple[type, ...]) -> bool:
    """The annotation allows one of `kinds` (optional or not, constrained or not)."""
    return any(option in kinds for option in _options(annotation))


def _json_type_mismatch(annotation: Any, value: Any) -> bool:
    """`true`/`false` for a number, a number for a boolean, or a number (or digits) for a date or a
    time, which is written as ISO 8601 text (pydantic would convert each); in a list or a mapping, any
    element."""
    if isinstance(value, list):
        items = [
            get_args(arg)[0] for arg in _options(annotation) if get_origin(arg) is list and get_args(arg)
        ]
        return any(_json_type_mismatch(item, element) for item in items for element in value)
    if isinstance(value, dict):
        values = [
            get_args(arg)[1] for arg in _options(annotation) if get_origin(arg) is dict and get_args(arg)
        ]
        return any(_json_type_mismatch(item, element) for item in values for element in value.values())
    if isinstance(value, bool):
        return _is_a(annotation, (int, float))
    if isinstance(value, int | float):
        return _is_a(annotation, (bool, date, datetime))
    return isinstance(value, str) and value.isdigit() and _is_a(annotation, (date, datetime))


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True, populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _booleans_are_not_numbers(cls, data: Any) -> Any:
        """`true`/`false` is not a number and 0/1 is not a boolean (pydantic would convert them): such a
        value is passed on as a text that is neither, so the field's own check refuses it, naming it."""
        if not isinstance(data, dict):
            return data
        wrong = [
            name
            for name, value in data.items()
            if name in cls.model_fields and _json_type_mismatch(cls.model_fields[name].annotation, value)
        ]
        return {**data, **{name: f"{data[name]!r} (wrong JSON type)" for name in wrong}} if wrong else data


class Page(Schema, Generic[T]):
    items: list[T]
    total: int
    next_cursor: str | None = None


# The company qualifications' Chinese names (the policy calculator's reasons, the company score's).
QUALIFICATION_NAMES: dict[str, str] = {
    "high_tech_enterprise": "高新技术企业",
    "tech_sme": "科技型中小企业",
    "innovative_sme": "创新型中小企业",
    "specialised_sme": "专精特新中小企业",
    "little_giant": "专精特新小巨人",
    "single_champion": "制造业单项冠军",
    "gazelle": "瞪羚企业",
    "unicorn": "独角兽企业",
}
