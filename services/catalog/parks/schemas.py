from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from services.catalog.kit.schemas import EntityFilters, EntityRead, Provenance, VersionedUpdate
from shared.schemas import NameStr, PrimaryKey, Province, Schema, ShortStr, Text


class ZoneType(StrEnum):
    etdz = "etdz"  # 经济技术开发区
    high_tech = "high_tech"  # 高新技术产业开发区
    special_customs = "special_customs"  # 海关特殊监管区域
    border_cooperation = "border_cooperation"  # 边境/跨境经济合作区
    economic_development = "economic_development"  # 经济开发区 (provincial)
    industrial_park = "industrial_park"  # 工业园区
    virtual_park = "virtual_park"  # 虚拟产业园
    other = "other"  # 其他类型开发区


class ApprovalLevel(StrEnum):
    national = "national"  # 国务院
    provincial = "provincial"  # 省政府
    municipal = "municipal"


class CoordinateQuality(StrEnum):
    source = "source"  # as given by the source, not checked against anything
    checked = "checked"  # inside the park's province
    outside_province = "outside_province"  # the source's point falls outside the park's province
    shared_point = "shared_point"  # several parks share the exact same point in the source
    unknown = "unknown"


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
