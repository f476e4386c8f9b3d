"""Fit between a fund's stated preferences and a company's, from both sides (two-sided fit).

The fund states stages, a ticket range, regions and focus industries/chain nodes; the company
states (privately) the funding it seeks and where. Each side's fit is scored in [0, 1]; the pair's
fit is their geometric mean, so a match one side would refuse scores low.
"""

import math
from typing import Any

from services.match.factors import UNKNOWN, region_fit, text_overlap


def stage_fit(fund: dict[str, Any], company: dict[str, Any]) -> tuple[float, str | None]:
    stages = fund.get("stages") or []
    stage = company.get("funding_stage")
    if not stages or not stage:
        return UNKNOWN, None
    if stage in stages:
        return 1.0, f"融资阶段 {stage} 在基金投资阶段内"
    return 0.2, f"融资阶段 {stage} 不在基金阶段 {'/'.join(stages)} 内"


def ticket_fit(fund: dict[str, Any], company: dict[str, Any]) -> tuple[float, str | None]:
    sought = (company.get("needs") or {}).get("funding_sought_yuan")
    low, high = fund.get("ticket_min_yuan"), fund.get("ticket_max_yuan")
    if not sought or (low is None and high is None):
        return UNKNOWN, None
    low = low or 0.0
    high = high or math.inf
    if low <= sought <= high:
        return 1.0, f"拟融资 {sought / 1e4:,.0f} 万元在单笔投资区间内"
    gap = (low - sought) / low if sought < low else (sought - high) / sought
    return max(0.0, 1.0 - gap), f"拟融资 {sought / 1e4:,.0f} 万元超出单笔投资区间"


def fund_side(fund: dict[str, Any], company: dict[str, Any], company_text: str) -> dict[str, float]:
    """How well the company fits what the fund says it wants."""
    return {
        "industry": text_overlap(fund.get("focus_industries") or [], company_text),
        "stage": stage_fit(fund, company)[0],
        "region": region_fit(fund.get("regions") or [], company.get("province")),
    }


def company_side(fund: dict[str, Any], company: dict[str, Any]) -> dict[str, float]:
    """How well the fund fits what the company says it wants."""
    preferred = (company.get("needs") or {}).get("preferred_provinces") or []
    fund_regions = fund.get("regions") or []
    region = (
        UNKNOWN if not preferred else (1.0 if set(preferred) & set(fund_regions) or not fund_regions else 0.3)
    )
    return {"ticket": ticket_fit(fund, company)[0], "region_preference": region}


def two_sided(fund_factors: dict[str, float], company_factors: dict[str, float]) -> float:
    fund_score = sum(fund_factors.values()) / len(fund_factors)
    company_score = sum(company_factors.values()) / len(company_factors)
    return math.sqrt(max(fund_score, 0.0) * max(company_score, 0.0))
