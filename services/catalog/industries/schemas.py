import re
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from services.catalog.kit.schemas import EntityFilters, EntityRead

_SECTIONED = re.compile(r"[A-T]\d{2,4}")


def gb_code(value: str) -> str:
    """GB/T 4754 code in the form the industry table uses: "C3985" and "c3985" become "3985"."""
    code = value.strip().upper()
    return code[1:] if _SECTIONED.fullmatch(code) else code


# GB/T 4754-2017: a section letter (门类 A-T), or a division/group/class code of 2, 3 or 4 digits,
# optionally written after its section letter.
GbIndustryCode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^(?:[A-Ta-t]|[A-Ta-t]?\d{2,4})$"),
    AfterValidator(gb_code),
]
# 申万 2021: six digits, two per level (level 1 "270000", level 2 "270600", level 3 "270601").
SwIndustryCode = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{6}$")]


class IndustryScheme(StrEnum):
    gbt4754 = "gbt4754"  # GB/T 4754-2017 国民经济行业分类
    sw2021 = "sw2021"  # 申万行业分类 2021


class IndustryRead(EntityRead):
    scheme: IndustryScheme
    code: str
    name: str
    level: int
    parent_code: str | None = None
    description: str | None = None
    tags: list[str]
    upstream: list[str]


class IndustryFilters(EntityFilters):
    scheme: IndustryScheme | None = None
    level: int | None = Field(default=None, ge=1, le=4)
    parent_code: str | None = Field(default=None, max_length=16, description="direct children of this code")
    q: str | None = Field(default=None, max_length=100, description="text in the name or code")
