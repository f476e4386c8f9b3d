from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import Field

from services.catalog.kit.schemas import EntityRead, VersionedUpdate
from shared.schemas import NameStr, PrimaryKey, Schema

MAX_RESULT_IDS = 1_000


class SavedSearchKind(StrEnum):
    """The match service's list questions (POST /api/v1/match/<kind>) a search can repeat."""

    companies_for_node = "companies-for-node"
    companies_for_park = "companies-for-park"
    parks_for_company = "parks-for-company"
    funds_for_company = "funds-for-company"
    companies_for_fund = "companies-for-fund"
    providers_for_company = "providers-for-company"
    companies_for_provider = "companies-for-provider"
    search = "search"


class SavedSearchCreate(Schema):
    name: NameStr
    kind: SavedSearchKind
    query: dict[str, Any] = Field(description='the match request body, e.g. {"node_id": 7, "filters": {...}}')


class SavedSearchUpdate(VersionedUpdate):
    name: NameStr | None = None
    kind: SavedSearchKind | None = Field(default=None, description="a new question starts its alerts afresh")
    query: dict[str, Any] | None = None


class SavedSearchRead(EntityRead):
    owner_key_id: int
    name: str
    kind: SavedSearchKind
    query: dict[str, Any]
    last_result_ids: list[int] | None = None
    last_checked_at: datetime | None = None


class SavedSearchFilters(Schema):
    q: str | None = Field(default=None, max_length=100, description="text in the name")
    kind: SavedSearchKind | None = None
    owner_key_id: PrimaryKey | None = None


class SavedSearchSeen(VersionedUpdate):
    """What the search returned at this look; the next look reports only ids not among these."""

    result_ids: list[int] = Field(max_length=MAX_RESULT_IDS)
