from datetime import date

from pydantic import Field

from services.catalog.kit.schemas import EntityFilters, EntityRead, Provenance, VersionedUpdate
from shared.contract import CarrierKind
from shared.schemas import NameStr, NonNegative, PrimaryKey, Schema, ShortStr, Text


class CarrierFields(Schema):
    park_id: PrimaryKey
    name: NameStr
    kind: CarrierKind
    total_area_m2: NonNegative | None = None
    available_area_m2: NonNegative | None = Field(default=None, description="at most total_area_m2")
    rent_yuan_m2_month: NonNegative | None = None
    land_price_yuan_m2: NonNegative | None = Field(default=None, description="a land parcel's price per m²")
    min_lease_months: int | None = Field(default=None, ge=0, le=1200)
    floor_load_kn_m2: NonNegative | None = None
    power_capacity_kva: NonNegative | None = None
    clean_room_grade: ShortStr | None = Field(default=None, description="e.g. ISO 7, GMP C")
    available_from: date | None = None
    amenities: list[ShortStr] = Field(default_factory=list, max_length=50)
    description: Text | None = None


class CarrierCreate(CarrierFields, Provenance):
    pass


class CarrierUpdate(VersionedUpdate):
    park_id: PrimaryKey | None = None
    name: NameStr | None = None
    kind: CarrierKind | None = None
    total_area_m2: NonNegative | None = None
    available_area_m2: NonNegative | None = None
    rent_yuan_m2_month: NonNegative | None = None
    land_price_yuan_m2: NonNegative | None = None
    min_lease_months: int | None = Field(default=None, ge=0, le=1200)
    floor_load_kn_m2: NonNegative | None = None
    power_capacity_kva: NonNegative | None = None
    clean_room_grade: ShortStr | None = None
    available_from: date | None = None
    amenities: list[ShortStr] | None = Field(default=None, max_length=50)
    description: Text | None = None


class CarrierRead(CarrierFields, EntityRead):
    pass


class CarrierFilters(EntityFilters):
    q: str | None = Field(default=None, max_length=100, description="text in the name")
    park_id: PrimaryKey | None = None
    kind: CarrierKind | None = None
    province: str | None = Field(default=None, max_length=16, description="the park's province")
    min_available_area_m2: NonNegative | None = None
    max_rent: NonNegative | None = Field(default=None, description="rent in yuan/m²/month at most this")
