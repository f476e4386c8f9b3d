"""The company score and the curated pool (精选企业池): plain records in, one ``CompanyScore`` per company.

Components, each scored 0-100 and carrying the figure it read, that figure's date and source:
size (total assets, else the revenue band), growth (revenue on a year before), margins (net margin),
chain position (membership at chain nodes, being a chain leader) and qualifications (高新, 专精特新...).
Figures are placed as percentiles among all companies having that figure. A component without a
figure is left out and the others' weights renormalised; risk (ST, *ST, delisting) is not a component
but keeps a company out of the pool. docs/evaluation.md explains every constant here.
"""

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from shared.schemas import QUALIFICATION_NAMES

Record = dict[str, Any]
# A leader: total assets or revenue of at least 100亿元.
LEADER_YUAN = 1e10
LEADER_REVENUE_BANDS = frozenset({"over_10b"})
WEIGHTS: Mapping[str, float] = {
    "size": 0.25,
    "growth": 0.20,
    "margins": 0.15,
    "chain_position": 0.25,
    "qualifications": 0.15,
}
# The revenue bands in order (the size figure of a company without total assets).
REVENUE_BANDS = ("under_3m", "3m_20m", "20m_100m", "100m_400m", "400m_1b", "1b_10b", "over_10b")
# Chain position: the best membership confidence (up to MEMBER_POINTS) plus LEADER_POINTS for a leader.
MEMBER_POINTS = 80.0
LEADER_POINTS = 20.0
# Qualifications: the best one counts.
QUALIFICATION_POINTS: Mapping[str, float] = {
    "single_champion": 100.0,
    "little_giant": 100.0,
    "unicorn": 100.0,
    "specialised_sme": 80.0,
    "high_tech_enterprise": 70.0,
    "gazelle": 60.0,
    "innovative_sme": 50.0,
    "tech_sme": 40.0,
}
# The pool: no risk flag, at least POOL_MIN_COMPONENTS components with a figure, a score of at least
# POOL_MIN_SCORE, and a member of at least one chain node.
POOL_MIN_SCORE = 60.0
POOL_MIN_COMPONENTS = 3


@dataclass(frozen=True)
class Component:
    name: str
    score: float  # 0-100
    value: float | str | None  # the figure read
    as_of: str | None
    source: str | None
    reason: str


@dataclass
class CompanyScore:
    company_id: int
    score: float | None  # weighted mean of the components' scores; None without any component
    components: list[Component]
    risks: list[str]
    nodes: Mapping[int, float]  # leaf node id -> membership confidence
    in_pool: bool = False
    reasons: list[str] = field(default_factory=list)


def is_leader(company: Record) -> bool:
    financials = company.get("latest_financials") or {}
    assets = financials.get("total_assets_yuan")
    return (assets is not None and assets >= LEADER_YUAN) or company.get(
        "revenue_band"
    ) in LEADER_REVENUE_BANDS


def risks_of(company: Record) -> list[str]:
    """ST, *ST and delisting, as the exchange marks them in the short name (e.g. *ST海马, 退市博元)."""
    found = []
    short = (company.get("short_name") or "").upper()
    if "ST" in short:
        found.append(f"风险警示：证券简称「{company.get('short_name')}」带 ST 标记")
    if short.startswith("退市") or short.endswith("退"):
        found.append(f"退市：证券简称「{company.get('short_name')}」")
    notes = " ".join(company.get("data_notes") or [])
    if "退市" in notes or "终止上市" in notes:
        found.append("退市：数据说明载明退市或终止上市")
    return found


def _ordered(values: Iterable[float | None]) -> list[float]:
    return sorted(v for v in values if v is not None)


def _rank(value: float, ordered: list[float]) -> float:
    """0-100: the share of companies with the figure strictly below this one (ties share the place)."""
    return round(100.0 * bisect.bisect_left(ordered, value) / len(ordered), 2) if ordered else 0.0


def score_companies(
    companies: Mapping[int, Record], node_members: Mapping[int, Mapping[int, float]]
) -> dict[int, CompanyScore]:
    nodes_of: dict[int, dict[int, float]] = {}
    for node_id, members in node_members.items():
        for company_id, confidence in members.items():
            nodes_of.setdefault(company_id, {})[node_id] = confidence
    financials = {c: r.get("latest_financials") or {} for c, r in companies.items()}
    assets = _ordered(f.get("total_assets_yuan") for f in financials.values())
    growth = _ordered(f.get("revenue_yoy_pct") for f in financials.values())
    margins = _ordered(f.get("net_margin_pct") for f in financials.values())
    bands = _ordered(
        float(REVENUE_BANDS.index(r["revenue_band"]))
        for r in companies.values()
        if r.get("revenue_band") in REVENUE_BANDS
        and not (r.get("latest_financials") or {}).get("total_assets_yuan")
    )
    scores = {}
    for company_id, company in companies.items():
        figures = financials[company_id]
        dated = (figures.get("as_of"), figures.get("source"))
        recorded = (company.get("as_of"), company.get("source"))
        components = []
        if (value := figures.get("total_assets_yuan")) is not None:
            rank = _rank(value, assets)
            components.append(
                Component(
                    "size",
                    rank,
                    value,
                    *dated,
                    f"总资产 {value / 1e8:,.1f} 亿元，高于 {rank:.0f}% 有此数据的企业",
                )
            )
        elif company.get("revenue_band") in REVENUE_BANDS:
            rank = _rank(float(REVENUE_BANDS.index(company["revenue_band"])), bands)
            components.append(
                Component(
                    "size", rank, company["revenue_band"], *recorded, f"营收区间 {company['revenue_band']}"
                )
            )
        if (value := figures.get("revenue_yoy_pct")) is not None:
            rank = _rank(value, growth)
            components.append(
                Component("growth", rank, value, *dated, f"营收同比 {value:+.1f}%，高于 {rank:.0f}%")
            )
        if (value := figures.get("net_margin_pct")) is not None:
            rank = _rank(value, margins)
            components.append(
                Component("margins", rank, value, *dated, f"净利率 {value:.1f}%，高于 {rank:.0f}%")
            )
        nodes = nodes_of.get(company_id, {})
        leader = is_leader(company)
        if nodes or leader:
            best = max(nodes.values(), default=0.0)
            points = round(MEMBER_POINTS * best + (LEADER_POINTS if leader else 0.0), 2)
            reason = f"产业链环节成员 {len(nodes)} 个，最高置信度 {best:.2f}" + (
                "；链主级规模（≥100亿元）" if leader else ""
            )
            components.append(Component("chain_position", points, round(best, 4), None, "membership", reason))
        held = [q for q in company.get("qualifications") or [] if q in QUALIFICATION_POINTS]
        if held:  # an empty list means "not recorded", not "none held"
            best_held = max(held, key=lambda q: QUALIFICATION_POINTS[q])
            names = "、".join(QUALIFICATION_NAMES[q] for q in held)
            components.append(
                Component(
                    "qualifications", QUALIFICATION_POINTS[best_held], names, *recorded, f"资质：{names}"
                )
            )
        total = sum(WEIGHTS[c.name] for c in components)
        score = round(sum(WEIGHTS[c.name] * c.score for c in components) / total, 2) if total else None
        risks = risks_of(company)
        result = CompanyScore(company_id, score, components, risks, nodes)
        result.in_pool, result.reasons = pool_decision(result)
        scores[company_id] = result
    return scores


def pool_decision(score: CompanyScore) -> tuple[bool, list[str]]:
    """Whether the company enters the pool, and why (or why not), in words."""
    reasons = [c.reason for c in score.components]
    if score.risks:
        return False, [*score.risks, *reasons]
    if len(score.components) < POOL_MIN_COMPONENTS:
        return False, [
            f"可核实的评分项仅 {len(score.components)} 项（入池至少 {POOL_MIN_COMPONENTS} 项）",
            *reasons,
        ]
    if not score.nodes:
        return False, ["不在任何产业链环节（入池须为环节成员）", *reasons]
    if score.score is None or score.score < POOL_MIN_SCORE:
        return False, [f"综合评分 {score.score} 低于入池线 {POOL_MIN_SCORE:g}", *reasons]
    return True, [f"综合评分 {score.score} ≥ 入池线 {POOL_MIN_SCORE:g}，无风险警示", *reasons]
