"""Fund prospects (房东→股东): pool companies in a park's chains that the park's own funds could back next.

A park's funds are the funds whose ``park_id`` is the park. Candidates are the pool's companies that
are members, at a confidence of at least ``PROSPECT_MIN_CONFIDENCE``, of a node of a chain the park has
member tenants in; a fund sees those it can invest in
at their stage (``funds.fit.can_invest``), that are in its focus (a main product or the industry covers
one of its focus nodes, their chains or its focus industries: ``funds.fit.fund_side``'s industry factor
above 0; a fund stating no focus takes any) and that it does not already hold (the catalog's investment
records: an empty table means no holdings are known). Score: the mean of the company score (0-1) and
the fund's side of the fit (industry, stage, region), both as docs/evaluation.md explains.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from services.match.evaluation.companies import CompanyScore
from services.match.evaluation.compute import ParkCard, ParkIndex
from services.match.funds.fit import can_invest, focus_terms, fund_side, stage_fit
from services.match.snapshot import Lookups, Tables
from shared.contract import CompanyRecord, FundRecord, InvestmentRecord

COMPANY_SHARE = 0.5  # of the prospect's score; the fund's side of the fit is the rest
ENDED_STATUSES = frozenset({"exited", "written_off"})  # an investment no longer held
# A membership's confidence is the probability that the company is one of the node's representatives
# (membership/model.py); a prospect is put before a fund officer, so it must be more likely than not.
# Membership's own MEMBER_MIN (0.1, the best F2: recall first) lists who might work at a node, and the
# pool takes any membership: both let a 0.11 membership (三七互娱 at 游戏开发) lead a park's prospects.
PROSPECT_MIN_CONFIDENCE = 0.5


@dataclass
class Prospects:
    funds: list[int]  # the park's own funds
    candidates: int  # pool companies in the park's chains
    wrong_stage: int = 0  # (fund, company) pairs the fund cannot invest in at the company's stage
    held: int = 0  # pairs where the fund already holds the company
    off_focus: int = 0  # pairs where nothing of the company is in the fund's focus
    found: list["Prospect"] = field(default_factory=list)


@dataclass(frozen=True)
class Prospect:
    fund: FundRecord
    company: CompanyRecord
    score: float
    factors: dict[str, float]
    evidence: list[str]


def holdings(investments: Iterable[InvestmentRecord]) -> dict[int, set[int]]:
    """fund id -> companies it holds (investments not marked exited or written off)."""
    held: dict[int, set[int]] = {}
    for record in investments:
        if record.get("status") not in ENDED_STATUSES:
            held.setdefault(int(record["fund_id"]), set()).add(int(record["company_id"]))
    return held


def confident_nodes(score: CompanyScore, nodes: set[int]) -> list[int]:
    """The company's nodes among ``nodes`` where its membership reaches PROSPECT_MIN_CONFIDENCE, surest first."""
    found = [node for node in nodes & score.nodes.keys() if score.nodes[node] >= PROSPECT_MIN_CONFIDENCE]
    return sorted(found, key=lambda node: (-score.nodes[node], node))


def park_chain_nodes(card: ParkCard) -> set[int]:
    """The leaf nodes of the chains with member tenants in the park."""
    return {node for chain in card.chains if chain.member_tenants for node in chain.group.stages}


def prospects(index: ParkIndex, card: ParkCard, tables: Tables, lookups: Lookups) -> Prospects:
    park_id = int(card.park["id"])
    funds = [f for f in tables.fund.values() if f.get("park_id") == park_id]
    held = holdings(tables.investment.values())
    nodes = park_chain_nodes(card)
    candidates = [
        score for score in index.companies.values() if score.in_pool and confident_nodes(score, nodes)
    ]
    result = Prospects([int(f["id"]) for f in funds], len(candidates))
    for fund in funds:
        terms = focus_terms(fund, lookups.nodes)
        for score in candidates:
            company = tables.company.get(score.company_id)
            if company is None:
                continue
            if score.company_id in held.get(int(fund["id"]), set()):
                result.held += 1
                continue
            if not can_invest(fund, company):
                result.wrong_stage += 1
                continue
            factors, industry_reason = fund_side(fund, company, lookups.profiles[score.company_id], terms)
            if terms and not factors["industry"]:
                result.off_focus += 1
                continue
            fit = sum(factors.values()) / len(factors)
            company_score = (score.score or 0.0) / 100
            at = confident_nodes(score, nodes)[0]
            evidence = [
                f"园区已有企业的产业链，环节「{index.node_names.get(at, at)}」成员（置信度 {score.nodes[at]:.2f}）",
                f"入池企业，综合评分 {score.score}",
                stage_fit(fund, company)[1] or "",
                industry_reason or "",
            ]
            result.found.append(
                Prospect(
                    fund=fund,
                    company=company,
                    score=round(COMPANY_SHARE * company_score + (1 - COMPANY_SHARE) * fit, 4),
                    factors={
                        "company_score": round(company_score, 4),
                        **{k: round(v, 4) for k, v in factors.items()},
                    },
                    evidence=[line for line in evidence if line],
                )
            )
    result.found.sort(key=lambda p: (-p.score, int(p.fund["id"]), int(p.company["id"])))
    return result
