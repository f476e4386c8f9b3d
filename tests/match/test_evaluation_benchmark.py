"""Benchmarking (对标), the company score and pool, and fund prospects on the small hand-made catalog
of test_evaluation (three parks, five companies, two chains)."""

from dataclasses import replace

import pytest

from services.match.evaluation import benchmark as benchmarking
from services.match.evaluation.benchmark import RESEMBLANCE, benchmark, cosine
from services.match.evaluation.companies import (
    LEADER_POINTS,
    MEMBER_POINTS,
    POOL_MIN_SCORE,
    risks_of,
    score_companies,
)
from services.match.evaluation.compute import ParkIndex, evaluate
from services.match.evaluation.prospects import Prospects, prospects
from services.match.snapshot import Lookups, Tables
from tests.match.test_evaluation import CHAINS, COMPANIES, CONFIG, FUNDS, inputs

NOT_AT_RISK = {**COMPANIES, 5: {**COMPANIES[5], "short_name": "五"}}


@pytest.fixture(scope="module")
def index() -> ParkIndex:
    return evaluate(inputs(), CONFIG)


@pytest.fixture(autouse=True)
def small_presence_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hand catalog's parks have one or two member tenants per track."""
    monkeypatch.setattr(benchmarking, "MIN_PEER_TENANTS", 1)


def test_peers_need_more_than_a_tiny_presence(index: ParkIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(benchmarking, "MIN_PEER_TENANTS", 2)  # park 2 has one member tenant in energy
    assert [
        int(p.card.park["id"]) for p in benchmark(index, index.cards[3], "未来能源", COMPANIES).peers
    ] == [1]


def test_peers_score_higher_and_resemble_by_profile_type_and_level(index: ParkIndex) -> None:
    result = benchmark(index, index.cards[2], "未来能源", COMPANIES)
    assert [int(p.card.park["id"]) for p in result.peers] == [1]  # the only park scoring higher
    peer = result.peers[0]
    # Tenants per chain: park 1 (1.1 新能源, 0.5 生物医药), park 2 (0, 0.9).
    assert peer.profile_cosine == pytest.approx(cosine([1.1, 0.5], [0.0, 0.9]), abs=1e-4)
    assert peer.shared == ("zone_type", "approval_level")  # three parks: no area band narrows them
    expected = (
        RESEMBLANCE["profile"] * peer.profile_cosine
        + RESEMBLANCE["zone_type"]
        + RESEMBLANCE["approval_level"]
    )
    assert peer.resemblance == pytest.approx(expected, abs=1e-4)


def test_gaps_are_what_most_peers_have_with_the_share_and_the_peers(index: ParkIndex) -> None:
    result = benchmark(index, index.cards[3], "未来能源", COMPANIES)
    assert [int(p.card.park["id"]) for p in result.peers] == [1, 2]  # equal resemblance: higher score first
    gaps = {(g.kind, g.key): g for g in result.gaps}
    # Segments 上游 (node 10: 硅料 11, 硅片 12) and 中游 (20): park 1 of the two has tenants there.
    assert gaps["chain_segment", "10"].share == 0.5 and gaps["chain_segment", "10"].peers == [1]
    assert gaps["chain_segment", "20"].name == "新能源 / 中游"
    assert ("chain_segment", "30") not in gaps  # no peer has a tenant downstream
    assert gaps["leader", "未来能源"].peers == [1]
    assert gaps["carrier_kind", "standard_factory"].share == 1.0
    assert gaps["carrier_kind", "office"].peers == [2]
    assert gaps["policy_category", "rent"].share == 1.0 and gaps["policy_category", "talent"].share == 0.5
    assert result.gaps[0].share == 1.0  # the most shared first


def test_targets_are_node_members_not_tenants_nor_at_risk(index: ParkIndex) -> None:
    gaps = {(g.kind, g.key): g for g in benchmark(index, index.cards[3], "未来能源", COMPANIES).gaps}
    # 上游: company 1 at 硅料 (a tenant of peer park 1); *ST五 at 硅片 is left out.
    targets = gaps["chain_segment", "10"].targets
    assert [(t.company_id, t.node_id, t.confidence, t.peer_tenants) for t in targets] == [(1, 11, 0.8, (1,))]
    assert [t.company_id for t in gaps["leader", "未来能源"].targets] == [1]  # a leader of the track
    # Park 2 lacks 硅料 and 电池片 too: their members are targets, but *ST五 (at 硅片) never is.
    of_park_2 = benchmark(index, index.cards[2], "未来能源", COMPANIES)
    assert {t.company_id for g in of_park_2.gaps for t in g.targets} == {1, 2}


def test_company_components_are_percentiles_of_real_figures(index: ParkIndex) -> None:
    leader = index.companies[1]
    parts = {c.name: c for c in leader.components}
    assert parts["size"].score == 33.33  # 2e10 of total assets: above one of the three with figures
    assert parts["size"].value == 2e10 and parts["size"].as_of == "2024-05-13"
    assert parts["growth"].score == 0.0 and parts["margins"].score == 0.0
    assert parts["chain_position"].score == MEMBER_POINTS * 0.8 + LEADER_POINTS
    assert "qualifications" not in parts  # none recorded: left out, not a zero
    assert leader.score == pytest.approx((0.25 * 33.33 + 0.25 * 84) / 0.85, abs=0.01)
    qualified = {c.name: c for c in index.companies[2].components}
    assert qualified["qualifications"].score == 70.0 and qualified["qualifications"].value == "高新技术企业"
    assert index.companies[3].score is None and not index.companies[3].in_pool


def test_risk_keeps_a_strong_company_out_of_the_pool(index: ParkIndex) -> None:
    at_risk = index.companies[5]
    assert at_risk.score is not None and at_risk.score >= POOL_MIN_SCORE
    assert not at_risk.in_pool and "ST" in at_risk.reasons[0]
    assert risks_of({"short_name": "退市博元"}) and risks_of({"short_name": "S*ST云大"})
    assert not risks_of({"short_name": "宁德时代"})
    scores = score_companies(NOT_AT_RISK, index.node_members)
    assert scores[5].in_pool and "≥ 入池线 60" in scores[5].reasons[0]
    assert not scores[1].in_pool  # below the line


def test_fund_prospects_skip_holdings_and_other_parks_funds() -> None:
    index = evaluate(inputs(NOT_AT_RISK), CONFIG)
    tables = Tables(
        fund={f["id"]: f for f in FUNDS},
        company={i: {**c, "id": i} for i, c in NOT_AT_RISK.items()},
        chain={c["id"]: c for c in CHAINS},
    )

    def found_for(park_id: int, tables: Tables) -> Prospects:
        return prospects(index, index.cards[park_id], tables, Lookups().following(tables, None))

    # Fund 2 already holds company 5; until investments are copied the table is simply empty.
    assert {int(p.fund["id"]) for p in found_for(1, tables).found} == {1, 2}
    tables = replace(tables, investment={1: {"id": 1, "fund_id": 2, "company_id": 5, "status": "held"}})
    result = found_for(1, tables)
    assert (result.funds, result.candidates, result.held, result.wrong_stage) == ([1, 2], 1, 1, 0)
    found = result.found
    assert [(int(p.fund["id"]), int(p.company["id"])) for p in found] == [(1, 5)]
    prospect = found[0]
    fit = [v for name, v in prospect.factors.items() if name != "company_score"]
    assert prospect.score == pytest.approx(
        0.5 * prospect.factors["company_score"] + 0.5 * sum(fit) / len(fit), abs=1e-3
    )
    assert prospect.evidence[0].startswith("园区已有企业的产业链，环节「新能源 / 硅片」成员")
    assert found_for(2, tables).found == []  # park 2 has no fund of its own
    venture = [{**FUNDS[0], "stages": ["a", "b"]}]
    assert (
        found_for(1, replace(tables, fund={1: venture[0]})).wrong_stage == 1
    )  # a venture fund: not a listed company
    # A fund stating a focus sees only the companies whose industry or products are in it.
    result = found_for(1, replace(tables, fund={1: {**FUNDS[0], "focus_industries": ["生物医药"]}}))
    assert (result.off_focus, result.found) == (1, [])
    photovoltaic = replace(
        tables,
        company={5: {**NOT_AT_RISK[5], "id": 5, "sw_industry_name": "光伏硅片"}},
        fund={1: {**FUNDS[0], "focus_industries": ["光伏"]}},
    )
    (prospect,) = found_for(1, photovoltaic).found
    assert prospect.factors["industry"] > 0 and "光伏" in prospect.evidence[-1]
