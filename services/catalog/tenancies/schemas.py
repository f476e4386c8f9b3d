from datetime import date

from pydantic import Field

from services.catalog.kit.schemas import EntityFilters, EntityRead, Provenance, VersionedUpdate
from shared.contract import ReviewStatus, TenancyKind, TenancyPlacement, TenancyStatus
from shared.schemas import NonNegative, PrimaryKey, Schema, Text


class TenancyFields(Schema):
    company_id: PrimaryKey
    park_id: PrimaryKey
    carrier_id: PrimaryKey | None = Field(
        default=None, description="a carrier of the same park; none if virtual"
    )
    kind: TenancyKind
    area_m2: NonNegative | None = None
    since: date | None = None
    status: TenancyStatus = TenancyStatus.active
    placement_source: TenancyPlacement = TenancyPlacement.officer
    confidence: float | None = Field(
        default=None, ge=0, le=1, description="how likely the company is in the park, for a located placement"
    )
    address: Text | None = Field(default=None, description="the address the placement was located from")
    review_status: ReviewStatus = ReviewStatus.unreviewed


class TenancyCreate(TenancyFields, Provenance):
    pass


class TenancyUpdate(VersionedUpdate):
    company_id: PrimaryKey | None = None
    park_id: PrimaryKey | None = None
    carrier_id: PrimaryKey | None = None
    kind: TenancyKind | None = None
    area_m2: NonNegative | None = None
    since: date | None = None
    status: TenancyStatus | None = None
    review_status: ReviewStatus | None = Field(
        default=None, description="an officer of the park confirms or rejects the placement"
    )


class TenancyRead(TenancyFields, EntityRead):
    pass


class TenancyFilters(EntityFilters):
    park_id: PrimaryKey | None = None
    company_id: PrimaryKey | None = None
    carrier_id: PrimaryKey | None = None
    status: TenancyStatus | None = None
    kind: TenancyKind | None = None
    placement_source: TenancyPlacement | None = None
    review_status: ReviewStatus | None = None
