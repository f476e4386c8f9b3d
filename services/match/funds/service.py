"""funds-for-company and companies-for-fund (deal flow), both two-sided."""

from typing import Any

from services.match.catalog_view import CatalogView
from services.match.funds.fit import company_side, fund_side, stage_fit, ticket_fit, two_sided
from services.match.ranking import Calibration, ChannelScores
from services.match.schemas import CompanyFilters, MatchItem
from services.match.spaces.documents import company_text, fund_text
from services.match.state import MatchState

CANDIDATES = 200
SEMANTIC_WEIGHT = 0.4


def _pair_item(
    fund: dict[str, Any],
    company: dict[str, Any],
    semantic: float,
    *,
    subject: str,
    show_needs: bool,
) -> MatchItem:
    text = company_text(company)
    fund_factors = fund_side(fund, company, text)
    company_factors = company_side(fund, company)
    fit = two_sided(fund_factors, company_factors)
    score = SEMANTIC_WEIGHT * semantic + (1 - SEMANTIC_WEIGHT) * fit
    evidence = []
    focus = "、".join(fund.get("focus_industries") or [])
    if focus:
        evidence.append(f"基金关注：{focus}")
    stage_reason = stage_fit(fund, company)[1]
    if stage_reason:
        evidence.append(stage_reason)
    ticket_reason = ticket_fit(fund, company)[1]
    if ticket_reason:
        # The amount a company seeks is private: others only learn that it fits.
        evidence.append(
            ticket_reason
            if show_needs
            else "融资需求与单笔投资区间" + ("相符" if company_factors["ticket"] >= 1 else "有差距")
        )
    target = fund if subject == "fund" else company
    return MatchItem(
        id=target["id"],
        name=target["name"],
        score=round(score, 6),
        factors={
            "semantic": round(semantic, 4),
            **fund_factors,
            **company_factors,
            "two_sided": round(fit, 4),
        },
        evidence=evidence,
        code=company.get("stock_code") if subject == "company" else None,
        details={"province": target.get("province")}
        if subject == "company"
        else {
            "manager": fund.get("manager"),
            "stages": fund.get("stages"),
            "ticket_min_yuan": fund.get("ticket_min_yuan"),
            "ticket_max_yuan": fund.get("ticket_max_yuan"),
            "park_id": fund.get("park_id"),
            "is_generated": fund.get("is_generated"),
        },
    )


def funds_for_company(state: MatchState, company_id: int, limit: int) -> list[MatchItem]:
    company = CatalogView(state.corpus).record("company", company_id)
    vector = state.encoder.encode_queries([company_text(company)])[0]
    with state.reading() as spaces:
        similar = spaces.spaces["fund"].search(vector, CANDIDATES)
    scale = Calibration.of(ChannelScores(similar))
    items = [
        _pair_item(fund, company, scale(score), subject="fund", show_needs=True)
        for fund_id, score in similar.items()
        if (fund := state.corpus.get("fund", fund_id))
    ]
    return sorted(items, key=lambda i: (-i.score, i.id))[:limit]


def companies_for_fund(
    state: MatchState, fund_id: int, filters: CompanyFilters, limit: int, show_needs: bool
) -> list[MatchItem]:
    view = CatalogView(state.corpus)
    fund = view.record("fund", fund_id)
    vector = state.encoder.encode_queries([fund_text(fund)])[0]
    with state.reading() as spaces:
        similar = spaces.spaces["company"].search(vector, CANDIDATES, view.allowed_companies(filters))
    scale = Calibration.of(ChannelScores(similar))
    items = [
        _pair_item(fund, company, scale(score), subject="company", show_needs=show_needs)
        for company_id, score in similar.items()
        if (company := state.corpus.get("company", company_id))
    ]
    return sorted(items, key=lambda i: (-i.score, i.id))[:limit]
