"""funds-for-company and companies-for-fund (deal flow), both two-sided.

Score: ``SEMANTIC_WEIGHT`` x how close the fund's thesis and the company's profile are among the
candidates (calibrated, see ``ranking.calibration``) + the rest x the two-sided fit (``fit``), in [0, 1].
Only pairs where the fund can invest at the company's stage are ranked (``fit.can_invest``).
"""

from services.match.catalog_view import CatalogView
from services.match.funds.fit import (
    FocusTerm,
    can_invest,
    company_side,
    focus_terms,
    fund_side,
    stage_fit,
    ticket_fit,
    two_sided,
)
from services.match.ranking import Calibration, ChannelScores, CompanyProfile
from services.match.schemas import CompanyFilters, MatchAnswer, MatchItem
from services.match.snapshot import CatalogSnapshot
from shared.contract import CompanyRecord, FundRecord

CANDIDATES = 200
SEMANTIC_WEIGHT = 0.4


def _pair_item(
    fund: FundRecord,
    company: CompanyRecord,
    profile: CompanyProfile,
    semantic: float,
    terms: list[FocusTerm],
    *,
    subject: str,
    show_needs: bool,
) -> MatchItem:
    fund_factors, industry_reason = fund_side(fund, company, profile, terms)
    company_factors = company_side(fund, company)
    fit = two_sided(fund_factors, company_factors)
    score = SEMANTIC_WEIGHT * semantic + (1 - SEMANTIC_WEIGHT) * fit
    evidence = []
    if industry_reason:
        evidence.append(industry_reason)
    else:
        focus = "、".join(fund.get("focus_industries") or [])
        evidence.append(f"基金关注：{focus or '未载明'}；企业主营产品与之无直接对应")
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
    return MatchItem(
        id=fund["id"] if subject == "fund" else company["id"],
        name=fund["name"] if subject == "fund" else company["name"],
        score=round(score, 6),
        factors={
            name: round(value, 4)
            for name, value in {
                "semantic": semantic,
                **fund_factors,
                **company_factors,
                "two_sided": fit,
            }.items()
        },
        evidence=evidence,
        code=company.get("stock_code") if subject == "company" else None,
        details={"province": company.get("province"), "funding_stage": company.get("funding_stage")}
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


def funds_for_company(snapshot: CatalogSnapshot, company_id: int, limit: int) -> MatchAnswer:
    company = CatalogView(snapshot).record("company", company_id)
    profile = snapshot.lookups.profiles[company_id]
    funds = snapshot.tables.fund
    investable = {fid for fid, fund in funds.items() if can_invest(fund, company)}
    vector = snapshot.vectors.of("company", company_id)
    similar = snapshot.spaces.spaces["fund"].search(vector, CANDIDATES, investable)
    scale = Calibration.of(ChannelScores(similar))
    items = [
        _pair_item(
            fund,
            company,
            profile,
            scale(score),
            focus_terms(fund, snapshot.lookups.nodes),
            subject="fund",
            show_needs=True,
        )
        for fund_id, score in similar.items()
        if (fund := funds.get(fund_id))
    ]
    return MatchAnswer(
        items=sorted(items, key=lambda i: (-i.score, i.id))[:limit],
        explain={"funding_stage": company.get("funding_stage"), "funds_investing_at_stage": len(investable)},
    )


def companies_for_fund(
    snapshot: CatalogSnapshot, fund_id: int, filters: CompanyFilters, limit: int, show_needs: bool
) -> MatchAnswer:
    view = CatalogView(snapshot)
    fund = view.record("fund", fund_id)
    allowed = view.allowed_companies(filters)
    companies = snapshot.tables.company
    investable = {
        cid for cid in (companies if allowed is None else allowed) if can_invest(fund, companies[cid])
    }
    terms = focus_terms(fund, snapshot.lookups.nodes)
    vector = snapshot.vectors.of("fund", fund_id)
    similar = snapshot.spaces.spaces["company"].search(vector, CANDIDATES, investable) if investable else {}
    scale = Calibration.of(ChannelScores(similar))
    items = [
        _pair_item(
            fund,
            company,
            snapshot.lookups.profiles[company_id],
            scale(score),
            terms,
            subject="company",
            show_needs=show_needs,
        )
        for company_id, score in similar.items()
        if (company := companies.get(company_id))
    ]
    return MatchAnswer(
        items=sorted(items, key=lambda i: (-i.score, i.id))[:limit],
        explain={"fund_stages": fund.get("stages"), "companies_at_fund_stages": len(investable)},
    )
