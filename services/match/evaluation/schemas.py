"""What the evaluation answers: a park's place in the ranking, its scorecard and benchmark, and the
company scores of the curated pool."""

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
    generated_funds: int = Field(description="of the park's funds, generated (示例) ones")


class DimensionRead(Schema):
    name: str = Field(description="科技创新, 产业跃升, 三化转型, 开放协同 or 投资环境")
    weight: float
    indicators: list[str] = Field(description="the indicators feeding it (empty: no data, left out)")
    value: float | None = Field(description="mean of those indicators' percentiles; null: left out")


class ParkRankItem(Schema):
    park_id: int
    name: str
    province: str | None
    zone_type: str
    approval_level: str
    rank: int = Field(description="place by overall score among all parks (1 is best)")
    overall: float = Field(
        description="0-100: 0.9 × mean of the six track scores + 0.1 × mean of the support percentiles"
    )
    overall_percentile: float | None = Field(description=PERCENTILE)
    track_score: float | None = Field(default=None, description="the asked track's score (with ?track=)")
    development: float | None = Field(
        description="0-100: the second weighting (科技创新 30, 产业跃升 25, 投资环境 10; the dimensions "
        "without data left out and the weights renormalised)"
    )
    development_rank: int = Field(description="place by the development weighting")
    strongest_track: str | None
    strong_tracks: list[str]
    total_tenants: int
    generated_tenants: int = Field(description="of the tenants, placed by the demo generator (示例)")


class Scorecard(ParkRankItem):
    approved_area_ha: float | None
    is_virtual: bool
    peer_group: str = Field(description="zone type / approval level / approved-area tercile, or wider")
    peer_count: int
    radar: list[RadarPoint]
    tracks: list[GroupRead]
    chains: list[GroupRead] = Field(description="the chains with member tenants in the park")
    support: SupportRead
    profile: list[IndicatorRead] = Field(description="park-wide indicators feeding the development weighting")
    dimensions: list[DimensionRead]
    tracks_version: str
    data_dates: dict[str, date | None]
    methodology: str = "docs/evaluation.md"


# --- the tracks configuration --------------------------------------------------------------------
class SubFieldRead(Schema):
    name: str
    chains: list[str] = Field(description="the catalog chains (by name) the sub-field counts")
    nodes: list[str] = Field(description="segments or nodes restricting those chains; empty: all their nodes")
    industries: list[str] = Field(description="the 申万 level-3 industries the sub-field counts")


class TrackRead(Schema):
    name: str
    sub_fields: list[SubFieldRead]


class TracksRead(Schema):
    version: str
    as_of: date = Field(description="the date of the national list the tracks follow")
    source: str
    note: str
    tracks: list[TrackRead] = Field(
        description="the future-industry tracks, in the order the scorecard shows them"
    )
    methodology: str = "docs/evaluation.md#groups-chains-and-future-industry-tracks"


# --- benchmarking (对标) ---------------------------------------------------------------------------
class ParkRef(Schema):
    park_id: int
    name: str


class BenchmarkPeer(ParkRef):
    province: str | None
    zone_type: str
    approval_level: str
    track_score: float | None
    resemblance: float = Field(
        description="0-1: 0.55 × profile cosine + shared type 0.2, level 0.1, area band 0.15"
    )
    profile_cosine: float = Field(description="cosine of the two parks' tenants per chain")
    shared: list[str] = Field(description="the attributes it shares with the park")


class BenchmarkTarget(Schema):
    company_id: int
    name: str
    stock_code: str | None
    province: str | None
    node_id: int = Field(description="the leaf node of its most confident membership in the gap")
    node: str = Field(description="chain / node")
    confidence: float = Field(description="that membership's confidence")
    company_score: float | None = Field(description="the company score (GET /evaluation/companies/{id})")
    is_generated: bool
    evidence: list[str]


class BenchmarkGap(Schema):
    kind: str = Field(description="chain_segment, leader, carrier_kind or policy_category")
    key: str = Field(description="the segment's node id, the track, the carrier kind or the policy category")
    name: str
    share: float = Field(description="the share of the peers having it (a gap: at least 0.3)")
    peers: list[ParkRef] = Field(description="the peers having it")
    targets: list[BenchmarkTarget] = Field(
        description="members of the segment's nodes (leaders of the track for a leader gap), not the park's tenants"
    )


class BenchmarkRead(ParkRef):
    track: str
    track_score: float | None
    peers: list[BenchmarkPeer]
    gaps: list[BenchmarkGap]
    methodology: str = "docs/evaluation.md#benchmarking"


# --- companies ------------------------------------------------------------------------------------
class ComponentRead(Schema):
    name: str = Field(description="size, growth, margins, chain_position or qualifications")
    weight: float
    score: float = Field(description="0-100")
    value: float | str | None = Field(description="the figure read")
    as_of: date | None
    source: str | None
    reason: str


class NodeMembership(Schema):
    node_id: int
    name: str = Field(description="chain / node")
    confidence: float


class CompanyEvaluation(Schema):
    company_id: int
    name: str
    stock_code: str | None
    province: str | None
    is_generated: bool = Field(description="a generated (示例) company")
    score: float | None = Field(description="0-100: weighted mean of the components with a figure")
    in_pool: bool
    components: list[ComponentRead]
    risks: list[str] = Field(description="ST, *ST, delisting: keeps the company out of the pool")
    reasons: list[str]
    nodes: list[NodeMembership]
    methodology: str = "docs/evaluation.md#companies"
