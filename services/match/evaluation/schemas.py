"""What the evaluation answers: a park's place in the ranking, and its scorecard."""

from datetime import date

from pydantic import Field

from shared.schemas import Schema

PERCENTILE = "0-100: the share of the park's peers (with a value) strictly below it"


class IndicatorRead(Schema):
    name: str
    value: float | None = Field(description="the park's own figure (docs/evaluation.md says how it is read)")
    percentile: float | None = Field(description=PERCENTILE)
    peer_median: float | None = Field(description="the median of the peers' values")


class GroupRead(Schema):
    kind: str = Field(description="track or chain")
    id: int | None = Field(default=None, description="the chain's id (a chain)")
    name: str
    score: float | None = Field(description="weighted mean of the indicators' percentiles, 0-100")
    strong: bool = Field(description="location quotient at least 1.25 with at least 3 member tenants")
    member_tenants: int = Field(description="tenants working at the group's nodes or in its industries")
    generated_tenants: int = Field(description="of those, placed by the demo generator (示例)")
    coverage_by_stage: dict[str, float | None] = Field(description="share of the nodes of each stage covered")
    leaders: list[str] = Field(description="member tenants with total assets or revenue of at least 100亿元")
    indicators: list[IndicatorRead]


class RadarPoint(Schema):
    track: str
    score: float | None
    peer_median: float | None


class SupportRead(Schema):
    indicators: list[IndicatorRead]
    generated_area_m2: float = Field(description="of the available area, in generated (示例) carriers")


class ParkRankItem(Schema):
    park_id: int
    name: str
    province: str | None
    zone_type: str
    approval_level: str
    rank: int = Field(description="place by overall score among all parks (1 is best)")
    overall: float = Field(description="0-100: 0.9 × mean of the six track scores + 0.1 × support percentile")
    overall_percentile: float | None = Field(description=PERCENTILE)
    track_score: float | None = Field(default=None, description="the asked track's score (with ?track=)")
    strongest_track: str | None
    strong_tracks: list[str]
    total_tenants: int


class Scorecard(ParkRankItem):
    approved_area_ha: float | None
    is_virtual: bool
    peer_group: str = Field(description="zone type / approval level / approved-area tercile, or wider")
    peer_count: int
    radar: list[RadarPoint]
    tracks: list[GroupRead]
    chains: list[GroupRead] = Field(description="the chains with member tenants in the park")
    support: SupportRead
    tracks_version: str
    data_dates: dict[str, date | None]
    methodology: str = "docs/evaluation.md"
