"""Constrained types and response envelopes shared by every service."""

from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

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

T = TypeVar("T")


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True, populate_by_name=True)


class Page(Schema, Generic[T]):
    items: list[T]
    total: int
    next_cursor: str | None = None
