from pydantic import Field

from services.catalog.companies.schemas import FundingStage
from services.catalog.kit.schemas import EntityFilters, EntityRead, Provenance, VersionedUpdate
from shared.schemas import NameStr, NonNegative, PrimaryKey, Schema, ShortStr, Text


class FundFields(Schema):
    name: NameStr
    manager: NameStr | None = None
    size_yuan: NonNegative | None = None
    focus_industries: list[NameStr] = Field(default_factory=list, max_length=50)
    focus_node_ids: list[PrimaryKey] = Field(
        default_factory=list, max_length=200, description="chain nodes the fund invests in"
    )
    stages: list[FundingStage] = Field(default_factory=list, max_length=10)
    ticket_min_yuan: NonNegative | None = None
    ticket_max_yuan: NonNegative | None = Field(default=None, description="at least ticket_min_yuan")
    regions: list[ShortStr] = Field(default_factory=list, max_length=50)
    thesis: Text | None = None
    park_id: PrimaryKey | None = Field(default=None, description="set when this is a park's own fund")


class FundCreate(FundFields, Provenance):
    pass


class FundUpdate(VersionedUpdate):
    name: NameStr | None = None
    manager: NameStr | None = None
    size_yuan: NonNegative | None = None
    focus_industries: list[NameStr] | None = Field(default=None, max_length=50)
    focus_node_ids: list[PrimaryKey] | None = Field(default=None, max_length=200)
    stages: list[FundingStage] | None = Field(default=None, max_length=10)
    ticket_min_yuan: NonNegative | None = None
    ticket_max_yuan: NonNegative | None = None
    regions: list[ShortStr] | None = Field(default=None, max_length=50)
    thesis: Text | None = None
    park_id: PrimaryKey | None = None


class FundRead(FundFields, EntityRead):
    pass


class FundFilters(EntityFilters):
    q: str | None = Field(default=None, max_length=100, description="text in the name or manager")
    region: str | None = Field(default=None, max_length=16, description="a region invested in mentions this")
    stage: FundingStage | None = None
    industry: str | None = Field(default=None, max_length=50, description="a focus industry mentions this")
    ticket_yuan: NonNegative | None = Field(
        default=None, description="ticket range holds this amount (a missing bound is open)"
    )
    node_id: PrimaryKey | None = Field(default=None, description="the fund focuses on this chain node")
    park_id: PrimaryKey | None = None
