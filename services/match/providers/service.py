"""providers-for-company and companies-for-provider.

providers-for-company score: 0.3 x how close the provider's offer is to the company's profile among
the candidates (calibrated) + 0.35 x need (asked for, or called for by products and stage) + 0.2 x
region served + 0.15 x the provider's industries covering the company's products.

companies-for-provider score: 0.6 x need (asked for: 1.0, called for: 0.5) + 0.25 x the provider's industries covering the company's
products + 0.15 x region served, over every company that is not the provider's peer. Closeness of
profiles is left out on purpose: the companies closest to a testing lab are testing labs.
"""

from typing import Any

from services.match.catalog_view import CatalogView
from services.match.factors import FocusTerm, focus_words, industry_fit, region_fit
from services.match.providers.fit import is_peer, need, wanted_fit
from services.match.ranking import Calibration, ChannelScores
from services.match.schemas import CompanyFilters, MatchItem
from services.match.spaces.documents import PROVIDER_CATEGORY_LABEL, company_profile_text
from services.match.state import MatchState

CANDIDATES = 200
FOR_COMPANY = {"semantic": 0.3, "wanted": 0.35, "region": 0.2, "industry": 0.15}
FOR_PROVIDER = {"need": 0.6, "industry": 0.25, "region": 0.15}


def _item(
    target: dict[str, Any],
    factors: dict[str, float],
    evidence: list[str],
    weights: dict[str, float],
    **details: Any,
) -> MatchItem:
    score = sum(weights[name] * factors[name] for name in weights)
    return MatchItem(
        id=target["id"],
        name=target["name"],
        score=round(score, 6),
        factors={k: round(v, 4) for k, v in factors.items()},
        evidence=evidence,
        code=target.get("stock_code"),
        details=details,
    )


def _served_industries(provider: dict[str, Any]) -> list[FocusTerm]:
    return [
        FocusTerm(word, 1.0, "服务机构服务行业")
        for industry in provider.get("industries") or []
        for word in focus_words(industry)
    ]


def providers_for_company(
    state: MatchState, company_id: int, categories: list[str] | None, limit: int
) -> list[MatchItem]:
    company = CatalogView(state.corpus).record("company", company_id)
    allowed = None
    if categories:
        allowed = {pid for pid, p in state.corpus.of("provider").items() if p.get("category") in categories}
    with state.reading() as spaces:
        similar = spaces.spaces["provider"].search(
            state.encoder.encode_queries([company_profile_text(company)])[0], CANDIDATES, allowed
        )
    scale = Calibration.of(ChannelScores(similar))
    items = []
    for provider_id, score in similar.items():
        provider = state.corpus.get("provider", provider_id)
        if provider is None:
            continue
        wanted, wanted_reason = wanted_fit(provider, company)
        industry, industry_reason = industry_fit(_served_industries(provider), company)
        factors = {
            "semantic": scale(score),
            "wanted": wanted,
            "region": region_fit(provider.get("regions") or [], company.get("province")),
            "industry": industry,
        }
        evidence = [
            f"服务类别：{PROVIDER_CATEGORY_LABEL.get(provider.get('category') or '', provider.get('category'))}"
        ]
        evidence += [reason for reason in (wanted_reason, industry_reason) if reason]
        if factors["region"] >= 1:
            evidence.append(f"服务区域覆盖{company.get('province')}")
        items.append(
            _item(
                provider,
                factors,
                evidence,
                FOR_COMPANY,
                category=provider.get("category"),
                is_generated=provider.get("is_generated"),
            )
        )
    return sorted(items, key=lambda i: (-i.score, i.id))[:limit]


def companies_for_provider(
    state: MatchState, provider_id: int, filters: CompanyFilters, limit: int, show_needs: bool
) -> list[MatchItem]:
    view = CatalogView(state.corpus)
    provider = view.record("provider", provider_id)
    allowed = view.allowed_companies(filters)
    served = _served_industries(provider)
    items = []
    for company_id, company in state.corpus.of("company").items():
        if (allowed is not None and company_id not in allowed) or is_peer(provider, company):
            continue
        found = need(provider, company)
        industry, industry_reason = industry_fit(served, company)
        if not found.level and not industry:
            continue
        factors = {
            "need": found.level,
            "industry": industry,
            "region": region_fit(provider.get("regions") or [], company.get("province")),
        }
        reasons = [found.private_reason if show_needs and found.private_reason else found.public_reason]
        evidence = [reason for reason in (*reasons, industry_reason) if reason]
        if factors["region"] >= 1:
            evidence.append(f"企业位于服务区域（{company.get('province')}）")
        items.append(
            _item(
                company,
                factors,
                evidence,
                FOR_PROVIDER,
                province=company.get("province"),
                industry=company.get("sw_industry_name"),
            )
        )
    return sorted(items, key=lambda i: (-i.score, i.id))[:limit]
