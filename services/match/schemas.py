"""The one answer shape of every match question, and the request parts they share."""

from typing import Any

from pydantic import Field

from shared.schemas import PrimaryKey, Schema

MAX_LIMIT = 100


class MatchItem(Schema):
    id: int
    name: str
    score: float
    factors: dict[str, float] = Field(default_factory=dict, description="each factor's score in [0, 1]")
    evidence: list[str] = Field(default_factory=list, description="why, in words")
    code: str | None = Field(default=None, description="stock code of a listed company")
    # Entity-specific fields (node filled, best carrier, policies, net cost...).
    details: dict[str, Any] = Field(default_factory=dict)


class MatchAnswer(Schema):
    items: list[MatchItem]
    # What the question was understood as (resolved query text, chosen index, chain nodes...).
    explain: dict[str, Any] = Field(default_factory=dict)


class CompanyFilters(Schema):
    province: list[str] | str | None = Field(default=None, description="one or several provinces (prefix)")
    industry: str | None = Field(
        default=None, max_length=64, description="申万 industry code or name contains"
    )
    funding_stage: list[str] | None = None
    qualification: str | None = None
    listed_only: bool = False
    exclude_park_id: PrimaryKey | None = Field(default=None, description="leave out this park's tenants")


class ParkFilters(Schema):
    province: list[str] | str | None = None
    zone_type: list[str] | None = None
    approval_level: list[str] | None = None
    min_available_area_m2: float | None = Field(default=None, ge=0)
    max_rent_yuan_m2_month: float | None = Field(default=None, ge=0)
    carrier_kind: list[str] | None = None
    virtual_ok: bool = True


class Limit(Schema):
    limit: int = Field(default=20, ge=1, le=MAX_LIMIT)
