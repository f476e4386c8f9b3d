from pydantic import Field

from services.catalog.kit.schemas import EntityFilters, EntityRead, Provenance, VersionedUpdate
from shared.contract import ProviderCategory
from shared.schemas import LongStr, NameStr, PrimaryKey, Schema, ShortStr, Text


class ProviderFields(Schema):
    name: NameStr
    category: ProviderCategory
    regions: list[ShortStr] = Field(
        default_factory=list, max_length=50, description="provinces or regions served"
    )
    industries: list[NameStr] = Field(default_factory=list, max_length=50)
    services: list[NameStr] = Field(default_factory=list, max_length=100)
    description: Text | None = None
    park_id: PrimaryKey | None = Field(default=None, description="the park that hosts or runs this provider")
    certificate_level: ShortStr | None = Field(
        default=None,
        max_length=16,
        description="a registered qualification's level, e.g. 甲级 (valid as of as_of)",
    )
    certificate_no: ShortStr | None = Field(default=None, max_length=32)
    address: LongStr | None = None
    lng_bd09: float | None = Field(
        default=None, ge=-180, le=180, description="Baidu BD-09: convert before drawing in WGS-84 or GCJ-02"
    )
    lat_bd09: float | None = Field(default=None, ge=-90, le=90)
    data_notes: list[Text] = Field(
        default_factory=list, max_length=50, description="what to know about the record"
    )


class ProviderCreate(ProviderFields, Provenance):
    pass


class ProviderUpdate(VersionedUpdate):
    name: NameStr | None = None
    category: ProviderCategory | None = None
    regions: list[ShortStr] | None = Field(default=None, max_length=50)
    industries: list[NameStr] | None = Field(default=None, max_length=50)
    services: list[NameStr] | None = Field(default=None, max_length=100)
    description: Text | None = None
    park_id: PrimaryKey | None = None
    certificate_level: ShortStr | None = Field(default=None, max_length=16)
    certificate_no: ShortStr | None = Field(default=None, max_length=32)
    address: LongStr | None = None
    lng_bd09: float | None = Field(default=None, ge=-180, le=180)
    lat_bd09: float | None = Field(default=None, ge=-90, le=90)
    data_notes: list[Text] | None = Field(default=None, max_length=50)


class ProviderRead(ProviderFields, EntityRead):
    pass


class ProviderFilters(EntityFilters):
    q: str | None = Field(default=None, max_length=100, description="text in the name or services")
    category: ProviderCategory | None = None
    region: str | None = Field(default=None, max_length=16, description="a region served mentions this")
    industry: str | None = Field(default=None, max_length=50, description="an industry served mentions this")
    park_id: PrimaryKey | None = None
