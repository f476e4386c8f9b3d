from datetime import date
from typing import Annotated

from pydantic import Field, StringConstraints

from services.catalog.kit.schemas import EntityFilters, EntityRead, Provenance, VersionedUpdate
from shared.contract import ApprovalLevel, CoordinateQuality, ZoneType
from shared.schemas import NameStr, PrimaryKey, Province, Schema, ShortStr, Text

Adcode = Annotated[str, StringConstraints(pattern=r"^\d{6}$")]


class ParkFields(Schema):
    name: NameStr
    aliases: list[NameStr] = Field(default_factory=list, max_length=20)
    zone_type: ZoneType
    approval_level: ApprovalLevel
    province: Province
    province_code: Adcode | None = None
    city: ShortStr | None = Field(
        default=None, description="the prefecture-level city (苏州市 for a zone in 昆山)"
    )
    city_code: Adcode | None = None
    county: ShortStr | None = Field(default=None, description="the county or district (昆山市)")
    county_code: Adcode | None = None
    approved_on: date | None = None
    approved_area_ha: float | None = Field(default=None, ge=0)
    leading_industries: list[NameStr] = Field(default_factory=list, max_length=50)
    description: Text | None = None
    parent_id: PrimaryKey | None = None
    is_virtual: bool = False
    longitude: float | None = Field(default=None, ge=-180, le=180)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    coordinate_quality: CoordinateQuality = CoordinateQuality.unknown
    data_notes: list[Text] = Field(default_factory=list, max_length=20)


class ParkCreate(ParkFields, Provenance):
    code: ShortStr


class ParkUpdate(VersionedUpdate):
    code: ShortStr | None = None
    name: NameStr | None = None
    aliases: list[NameStr] | None = None
    zone_type: ZoneType | None = None
    approval_level: ApprovalLevel | None = None
    province: Province | None = None
    province_code: Adcode | None = None
    city: ShortStr | None = None
    city_code: Adcode | None = None
    county: ShortStr | None = None
    county_code: Adcode | None = None
    approved_on: date | None = None
    approved_area_ha: float | None = Field(default=None, ge=0)
    leading_industries: list[NameStr] | None = None
    description: Text | None = None
    parent_id: PrimaryKey | None = None
    is_virtual: bool | None = None
    longitude: float | None = Field(default=None, ge=-180, le=180)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    coordinate_quality: CoordinateQuality | None = None
    data_notes: list[Text] | None = None


class ParkRead(ParkFields, EntityRead):
    code: str


class ParkFilters(EntityFilters):
    q: str | None = Field(default=None, max_length=100, description="text in the name, aliases or code")
    province: str | None = Field(default=None, max_length=16)
    city: str | None = Field(default=None, max_length=64, description="prefecture-level city: 苏州 or 苏州市")
    county: str | None = Field(default=None, max_length=64, description="county or district: 昆山 or 昆山市")
    zone_type: ZoneType | None = None
    approval_level: ApprovalLevel | None = None
    industry: str | None = Field(default=None, max_length=50, description="a leading industry mentions this")
    is_virtual: bool | None = None
    parent_id: PrimaryKey | None = None
