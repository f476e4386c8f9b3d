from datetime import date, datetime

from pydantic import Field

from shared.schemas import PrimaryKey, Schema


class EntityRead(Schema):
    id: PrimaryKey
    version: int
    created_at: datetime
    updated_at: datetime
    source: str | None = None
    as_of: date | None = None
    is_generated: bool = False


class Provenance(Schema):
    source: str | None = Field(default=None, max_length=300)
    as_of: date | None = None
    is_generated: bool = False


class VersionedUpdate(Schema):
    """Every update names the version it was based on; a stale one is refused with 409."""

    version: int = Field(ge=1, description="the version this update is based on")


class EntityFilters(Schema):
    """Filters every list has; a domain's filters extend it (the repository base applies `ids`)."""

    ids: list[PrimaryKey] | None = Field(default=None, max_length=500, description="only these ids")
