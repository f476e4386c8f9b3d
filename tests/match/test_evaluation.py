"""The park index's arithmetic, indicator by indicator, on a small hand-made catalog (plain records)."""

from datetime import date
from typing import Any

import pytest

from services.match.evaluation.compute import (
    DIMENSIONS,
    GENERATED_WEIGHT,
    MIN_PEERS,
    PLANNED_WEIGHT,
    Inputs,
    ParkIndex,
    PolicyView,
    evaluate,
    peer_groups,
    percentile,
    tenancy_weight,
)
from services.match.evaluation.tracks import SubField, Track, TrackConfig, load_tracks

ENERGY = Track("未来能源", (SubField("新型能源", ("新能源",), (), ("风电零部件",)),))
HEALTH = Track("未来健康", (SubField("生物医药", ("生物医药",), (), ()),))
CONFIG = TrackConfig("test", date(2024, 1, 18), "hand-made", (ENERGY, HEALTH))


def node(node_id: int, name: str, stage: str, parent: int | None = None) -> dict[str, Any]:
    return {"id": node_id, "name": name, "stage": stage, "parent_id": parent}


CHAINS = [
    {
        "id": 1,
        "name": "新能源",
        "nodes": [
            node(10, "上游", "upstream"),
            node(11, "硅料", "upstream", 10),
            node(12, "硅片", "upstream", 10),
            node(20, "中游", "midstream"),
            node(21, "电池片", "midstream", 20),
            node(30, "下游", "downstream"),
            node(31, "电站", "downstream", 30),
        ],
    },
    {
        "id": 2,
        "name": "生物医药",
        "nodes": [node(40, "中游", "midstream"), node(41, "创新药", "midstream", 40)],
    },
]


def company(company_id: int, assets: float | None = None, **fields: Any) -> dict[str, Any]:
    financials = None if assets is None else {"as_of": "2024-05-13", "total_assets_yuan": assets, **fields}
    return {"id": company_id, "name": f"公司{company_id}", "latest_financials": financials}


COMPANIES = {
    1: company(1, 2e10, revenue_yoy_pct=10.0, net_margin_pct=5.0),  # a leader (≥ 100亿元 of assets)
    2: {
        **company(2, 1e9, revenue_yoy_pct=20.0, net_margin_pct=15.0),
        "qualifications": ["high_tech_enterprise"],
    },
    3: {**company(3), "sw_industry_name": "风电零部件"},  # in the energy track by its industry alone
    4: company(4),
    # The strongest figures, but under risk warning; a tenant nowhere.
    5: {
        **company(5, 5e10, revenue_yoy_pct=50.0, net_margin_pct=30.0),
        "short_name": "*ST五",
        "province": "江苏省",
        "funding_stage": "listed",
    },
}
MEMBERS = [(1, 11, 0.8), (2, 21, 0.5), (4, 41, 1.0), (5, 12, 0.9)]


def park(park_id: int, area: float | None) -> dict[str, Any]:
    return {
        "id": park_id,
        "name": f"园区{park_id}",
        "zone_type": "etdz",
        "approval_level": "national",
        "province": "江苏省",
        "approved_area_ha": area,
    }


def tenancy(company_id: int, park_id: int, **fields: Any) -> dict[str, Any]:
    return {"company_id": company_id, "park_id": park_id, "status": "active", **fields}


TENANCIES = [
    tenancy(1, 1, placement_source="officer", review_status="confirmed"),  # weight 1
    tenancy(2, 1, placement_source="registered_address", confidence=0.6),  # weight 0.6
    tenancy(4, 1, placement_source="generated", is_generated=True, confidence=None),  # weight 0.5
    tenancy(3, 2, placement_source="officer"),  # weight 1
    tenancy(4, 2, placement_source="office_address", confidence=0.9),  # weight 0.9
    tenancy(1, 3, placement_source="officer", review_status="rejected"),  # not counted
    tenancy(2, 3, placement_source="officer", status="ended"),  # not counted
]
CARRIERS = [
    {"park_id": 1, "kind": "standard_factory", "available_area_m2": 1000.0, "is_generated": False},
    {"park_id": 2, "kind": "office", "available_area_m2": 500.0, "is_generated": True},
    {"park_id": 2, "kind": "standard_factory", "available_area_m2": 300.0, "is_generated": False},
]
FUNDS = [
    {"id": 1, "name": "基金1", "park_id": 1, "size_yuan": 5e8, "is_generated": True, "stages": ["listed"]},
    {"id": 2, "name": "基金2", "park_id": 1, "size_yuan": 1e8, "is_generated": False, "stages": ["listed"]},
    {"id": 3, "name": "基金3", "park_id": None, "size_yuan": 9e9, "stages": ["listed"]},
]
# What the catalog's calculator said for the reference company; park 3 was not evaluated.
POLICIES = {
    1: PolicyView(1e6, frozenset({"rent"})),
    2: PolicyView(3e6, frozenset({"rent", "talent"})),
}
PARKS = [park(1, 100.0), park(2, 200.0), park(3, None)]


def inputs(companies: dict[int, dict[str, Any]] = COMPANIES) -> Inputs:
    return Inputs(PARKS, companies, TENANCIES, CARRIERS, CHAINS, MEMBERS, FUNDS, POLICIES, "2025-06-30")


@pytest.fixture(scope="module")
def index() -> ParkIndex:
    return evaluate(inputs(), CONFIG)


def values(index: ParkIndex, park_id: int, track: int) -> dict[str, float | None]:
    return {name: i.value for name, i in index.cards[park_id].tracks[track].indicators.items()}


def test_tenancy_weights() -> None:
    assert tenancy_weight({"review_status": "confirmed", "confidence": 0.2}) == 1.0
    assert tenancy_weight({"placement_source": "registered_address", "confidence": 0.6}) == 0.6
    assert tenancy_weight({"placement_source": "generated", "is_generated": True}) == GENERATED_WEIGHT
    assert tenancy_weight({"placement_source": "officer"}) == 1.0
    # A signed project that has not landed counts part of what the same tenancy counts once landed.
    planned = {"placement_source": "officer", "status": "planned"}
    assert tenancy_weight(planned) == PLANNED_WEIGHT < 1.0
    assert tenancy_weight({**planned, "review_status": "confirmed"}) == PLANNED_WEIGHT
    generated = {"placement_source": "generated", "is_generated": True, "status": "planned"}
    assert tenancy_weight(generated) == PLANNED_WEIGHT * GENERATED_WEIGHT


def test_tenants_are_tenancy_weight_times_membership(index: ParkIndex) -> None:
    # Park 1: 1 × 0.8 (company 1 at 硅料) + 0.6 × 0.5 (company 2 at 电池片); park 2: company 3 by industry.
    assert values(index, 1, 0)["tenants"] == pytest.approx(1.1)
    assert values(index, 2, 0)["tenants"] == pytest.approx(1.0)
    assert values(index, 3, 0)["tenants"] == 0
    assert index.cards[3].total_tenants == 0  # the rejected and the ended tenancy do not count
    # Park 1's three tenants, company 4 placed by the demo generator; park 2's company 4 by its address.
    assert [(index.cards[p].total_tenants, index.cards[p].generated_tenants) for p in (1, 2)] == [
        (3, 1),
        (2, 0),
    ]
    health = index.cards[1].tracks[1]
    assert (health.member_tenants, health.generated_tenants) == (1, 1)


def test_location_quotient_against_the_national_share(index: ParkIndex) -> None:
    # National: 2.1 of 4.0 weighted tenants in energy; park 1: 1.1 of 2.1, park 2: 1.0 of 1.9.
    assert values(index, 1, 0)["location_quotient"] == pytest.approx((1.1 / 2.1) / (2.1 / 4.0), abs=1e-4)
    assert values(index, 2, 0)["location_quotient"] == pytest.approx((1.0 / 1.9) / (2.1 / 4.0), abs=1e-4)
    # Health: 0.5 + 0.9 of 4.0 nationally.
    assert values(index, 2, 1)["location_quotient"] == pytest.approx((0.9 / 1.9) / (1.4 / 4.0), abs=1e-4)
    assert values(index, 3, 0)["location_quotient"] is None  # no tenants: no share to compare


def test_coverage_by_stage(index: ParkIndex) -> None:
    energy = index.cards[1].tracks[0]
    assert energy.coverage_by_stage == {"upstream": 0.5, "midstream": 1.0, "downstream": 0.0}
    assert energy.indicators["coverage"].value == 0.5  # 2 of the 4 leaf nodes
    assert values(index, 2, 0)["coverage"] == 0.0  # a member by industry covers no node


def test_leaders_growth_and_margins(index: ParkIndex) -> None:
    energy = index.cards[1].tracks[0]
    assert energy.leader_names == ["公司1"]
    assert energy.indicators["leaders"].value == 1
    assert energy.indicators["revenue_growth_pct"].value == 15.0  # median of 10 and 20
    assert energy.indicators["net_margin_pct"].value == 10.0
    assert values(index, 2, 0)["revenue_growth_pct"] is None  # no financials: no figure


def test_percentiles_peer_medians_and_scores(index: ParkIndex) -> None:
    tenants = {p: index.cards[p].tracks[0].indicators["tenants"] for p in (1, 2, 3)}
    assert [tenants[p].percentile for p in (1, 2, 3)] == [66.67, 33.33, 0.0]
    assert tenants[1].peer_median == 1.0
    lq = index.cards[2].tracks[0].indicators["location_quotient"]
    assert lq.percentile == 50.0  # among the two parks with a quotient
    # Park 2, energy: tenants 33.33 × 0.30, LQ 50 × 0.25, coverage and leaders 0, no growth or margin.
    assert index.cards[2].tracks[0].score == pytest.approx((33.33 * 0.30 + 50 * 0.25) / 0.90, abs=0.01)
    assert index.cards[3].tracks[0].score == 0.0


def test_support_indicators(index: ParkIndex) -> None:
    assert index.cards[2].support["available_area_m2"].value == 800.0
    assert index.cards[2].generated_area_m2 == 500.0
    support = {name: i.value for name, i in index.cards[1].support.items()}
    assert support == {
        "available_area_m2": 1000.0,
        "policy_benefit_yuan": 1e6,
        "funds": 2.0,  # fund 3 is tied to no park
        "fund_size_yuan": 6e8,
    }
    assert index.cards[1].generated_funds == 1
    assert index.cards[3].support["policy_benefit_yuan"].value is None  # not evaluated: no figure
    assert index.cards[1].support["policy_benefit_yuan"].percentile == 0.0  # of the two evaluated
    assert index.cards[2].support["policy_benefit_yuan"].percentile == 50.0
    assert index.cards[1].support["funds"].percentile == 66.67
    assert index.data_dates["policies_on"] == "2025-06-30"


def test_support_overall_and_ranking(index: ParkIndex) -> None:
    card = index.cards[1]
    track_mean = sum(t.score or 0.0 for t in card.tracks) / 2
    # Support: the mean of area 66.67, policy 0, funds 66.67 and fund size 66.67 percentiles.
    assert card.overall == pytest.approx(0.9 * track_mean + 0.1 * 50.0, abs=0.01)
    assert list(index.ranked) == sorted((1, 2, 3), key=lambda p: (-index.cards[p].overall, p))
    assert index.cards[3].rank == 3
    assert index.cards[2].strongest_track == "未来健康"  # LQ 1.35 and the higher score


def test_strong_needs_a_high_quotient_and_not_a_tiny_presence(index: ParkIndex) -> None:
    # Park 2's health quotient is 1.35 but with one tenant: not strong.
    assert not index.cards[2].tracks[1].strong


def test_peer_groups_widen_until_large_enough() -> None:
    parks = [park(i, float(i)) for i in range(1, MIN_PEERS * 3 + 1)] + [
        {**park(100, 5.0), "zone_type": "high_tech"}
    ]
    groups = peer_groups(parks)
    assert groups[1] == ("etdz / national / small", list(range(1, MIN_PEERS + 1)))
    assert groups[MIN_PEERS * 3][0] == "etdz / national / large"
    assert groups[100][0] == "all parks"  # alone of its type


def test_percentile_is_the_share_strictly_below() -> None:
    assert percentile(3.0, [1.0, 2.0, 3.0, 3.0]) == 50.0
    assert percentile(0.0, [0.0, 0.0, 1.0]) == 0.0


def test_the_configuration_names_six_tracks_and_restricts_by_node() -> None:
    config = load_tracks()
    assert [t.name for t in config.tracks] == [
        "未来制造",
        "未来信息",
        "未来材料",
        "未来能源",
        "未来空间",
        "未来健康",
    ]
    assert config.version
    upstream_only = Track("x", (SubField("x", ("新能源",), ("上游",), ()),))
    assert upstream_only.node_ids(CHAINS) == {11, 12}
    assert ENERGY.node_ids(CHAINS) == {11, 12, 21, 31}


def test_the_development_weighting_leaves_out_dimensions_without_data(index: ParkIndex) -> None:
    card = index.cards[1]
    profile = {name: i.value for name, i in card.profile.items()}
    assert profile["innovative_tenants"] == 0.6  # company 2 (高新技术企业) at tenancy weight 0.6
    assert index.cards[2].profile["innovative_tenants"].value is None  # none of its tenants' recorded
    assert profile["leaders"] == 1.0
    assert profile["revenue_growth_pct"] == 15.0  # the median of all its tenants with figures
    dimensions = {d.name: d for d in card.dimensions}
    assert list(dimensions) == list(DIMENSIONS)
    assert dimensions["三化转型"].value is None and dimensions["开放协同"].value is None
    future = card.profile["future_tracks"].percentile or 0.0
    # Innovative tenants: park 1 is the only one with qualifications recorded: nothing below it.
    assert dimensions["科技创新"].value == pytest.approx((future + 0.0) / 2, abs=0.01)
    # Leaders 66.67; growth and margin 0 (the only park with figures: nothing below it).
    assert dimensions["产业跃升"].value == pytest.approx(66.67 / 3, abs=0.01)
    assert dimensions["投资环境"].value == 50.0
    expected = (30 * (future / 2) + 25 * 66.67 / 3 + 10 * 50.0) / 65
    assert card.development == pytest.approx(expected, abs=0.01)
    assert list(index.ranked_development) == sorted(
        (1, 2, 3), key=lambda p: (-(index.cards[p].development or 0.0), p)
    )
