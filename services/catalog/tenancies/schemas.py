from datetime import date
from enum import StrEnum

from pydantic import Field

from services.catalog.kit.schemas import EntityFilters, EntityRead, Provenance, VersionedUpdate
from shared.schemas import NonNegative, PrimaryKey, Schema


class TenancyKind(StrEnum):
    physical = "physical"  # occupies space in the park
    virtual = "virtual"  # 虚拟注册: registered in the park without occupying space


class TenancyStatus(StrEnum):
    planned = "planned"
    active = "active"
    ended = "ended"


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


class TenancyRead(TenancyFields, EntityRead):
    pass


class TenancyFilters(EntityFilters):
    park_id: PrimaryKey | None = None
    company_id: PrimaryKey | None = None
    carrier_id: PrimaryKey | None = None
    status: TenancyStatus | None = None
    kind: TenancyKind | None = None
