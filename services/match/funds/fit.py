"""Fit between a fund's stated preferences and a company's, from both sides (two-sided fit).

The fund states stages, a ticket range, regions, focus industries and chain nodes; the company
states (privately) the funding it seeks and where. Each side's fit is scored in [0, 1]; the pair's
fit is their geometric mean, so a match one side would refuse scores low.

Stages decide whether the fund can invest at all: a listed company suits a fund that invests in
listed companies (定增 / PIPE, M&A: ``listed`` among its stages), never a seed or venture fund; a
company outside the fund's stages is left out, not ranked low. The industry factor is what the
evidence says: a main product (or the industry) of the company covers one of the fund's focus nodes
(1.0), another node of the chains those nodes belong to (``CHAIN_LEVEL``), or a focus industry word
(``CHAIN_LEVEL`` too); else 0.
"""

import math
from collections.abc import Mapping

from services.match.chains.coverage import leaf_nodes
from services.match.factors import UNKNOWN, FocusTerm, focus_words, industry_fit, region_fit
from services.match.ranking import CompanyProfile
from services.match.spaces.documents import stage_label
from shared.contract import ChainNodeRecord, ChainRecord, CompanyRecord, FundRecord

CHAIN_LEVEL = 0.7


def stage_fit(fund: FundRecord, company: CompanyRecord) -> tuple[float, str | None]:
    """1.0 when the company's stage is among the fund's, 0.0 when not, UNKNOWN when either is unstated."""
    stages = fund.get("stages") or []
    stage = company.get("funding_stage")
    if not stages or not stage:
        return UNKNOWN, None
    said = f"融资阶段「{stage_label(stage)}」"
    fund_stages = "/".join(stage_label(s) for s in stages)
    if stage in stages:
        return 1.0, f"{said}在基金投资阶段（{fund_stages}）内"
    return 0.0, f"{said}不在基金阶段（{fund_stages}）内"


def can_invest(fund: FundRecord, company: CompanyRecord) -> bool:
    return stage_fit(fund, company)[0] > 0


def ticket_fit(fund: FundRecord, company: CompanyRecord) -> tuple[float, str | None]:
    needs = company.get("needs")
    sought = needs["funding_sought_yuan"] if needs else None
    low, high = fund.get("ticket_min_yuan"), fund.get("ticket_max_yuan")
    if not sought or (low is None and high is None):
        return UNKNOWN, None
    low = low or 0.0
    high = high or math.inf
    if low <= sought <= high:
        return 1.0, f"拟融资 {sought / 1e4:,.0f} 万元在单笔投资区间内"
    gap = (low - sought) / low if sought < low else (sought - high) / sought
    return max(0.0, 1.0 - gap), f"拟融资 {sought / 1e4:,.0f} 万元超出单笔投资区间"


def focus_terms(
    fund: FundRecord, nodes: Mapping[int, tuple[ChainRecord, ChainNodeRecord]]
) -> list[FocusTerm]:
    """The fund's focus nodes, the other nodes of their chains, and its focus industries' words
    (`nodes`: node id -> its chain and itself)."""
    wanted = {int(node_id) for node_id in fund.get("focus_node_ids") or []}
    chains = {
        chain["id"]: chain for node_id in wanted if (found := nodes.get(node_id)) for chain in found[:1]
    }
    terms: dict[str, FocusTerm] = {}
    for _, chain in sorted(chains.items()):
        for node in leaf_nodes(chain):
            focus = node["id"] in wanted
            term = FocusTerm(
                node["name"],
                1.0 if focus else CHAIN_LEVEL,
                "基金关注环节" if focus else f"基金关注产业链「{chain['name']}」的环节",
            )
            if term.level > terms.get(term.term, FocusTerm("", 0.0, "")).level:
                terms[term.term] = term
    for industry in fund.get("focus_industries") or []:
        for word in focus_words(industry):
            terms.setdefault(word, FocusTerm(word, CHAIN_LEVEL, "基金关注领域"))
    return sorted(terms.values(), key=lambda term: -term.level)


def fund_side(
    fund: FundRecord, company: CompanyRecord, profile: CompanyProfile, terms: list[FocusTerm]
) -> tuple[dict[str, float], str | None]:
    """How well the company (`profile`: its profile) fits what the fund says it wants, and the
    industry evidence."""
    industry, reason = industry_fit(terms, profile)
    factors = {
        "industry": industry,
        "stage": stage_fit(fund, company)[0],
        "region": region_fit(fund.get("regions") or [], company.get("province")),
    }
    return factors, reason


def company_side(fund: FundRecord, company: CompanyRecord) -> dict[str, float]:
    """How well the fund fits what the company says it wants."""
    needs = company.get("needs")
    preferred = (needs["preferred_provinces"] if needs else None) or []
    fund_regions = fund.get("regions") or []
    region = (
        UNKNOWN if not preferred else (1.0 if set(preferred) & set(fund_regions) or not fund_regions else 0.3)
    )
    return {"ticket": ticket_fit(fund, company)[0], "region_preference": region}


def two_sided(fund_factors: dict[str, float], company_factors: dict[str, float]) -> float:
    fund_score = sum(fund_factors.values()) / len(fund_factors)
    company_score = sum(company_factors.values()) / len(company_factors)
    return math.sqrt(max(fund_score, 0.0) * max(company_score, 0.0))
