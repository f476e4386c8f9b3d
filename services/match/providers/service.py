"""providers-for-company and companies-for-provider.

A company's wanted services are private: they rank providers for the company itself, never
companies for a provider (that ranking uses public signals only: text, industries, region).
"""

from typing import Any

from services.match.catalog_view import CatalogView
from services.match.factors import region_fit, text_overlap
from services.match.providers.fit import wanted_fit
from services.match.ranking import Calibration, ChannelScores
from services.match.schemas import CompanyFilters, MatchItem
from services.match.spaces.documents import PROVIDER_CATEGORY_LABEL, company_text, provider_text
from services.match.state import MatchState

CANDIDATES = 200


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


def providers_for_company(
    state: MatchState, company_id: int, categories: list[str] | None, limit: int
) -> list[MatchItem]:
    company = CatalogView(state.corpus).record("company", company_id)
    text = company_text(company)
    allowed = None
    if categories:
        allowed = {pid for pid, p in state.corpus.of("provider").items() if p.get("category") in categories}
    with state.reading() as spaces:
        similar = spaces.spaces["provider"].search(
            state.encoder.encode_queries([text])[0], CANDIDATES, allowed
        )
    scale = Calibration.of(ChannelScores(similar))
    items = []
    for provider_id, score in similar.items():
        provider = state.corpus.get("provider", provider_id)
        if provider is None:
            continue
        wanted, wanted_reason = wanted_fit(provider, company)
        factors = {
            "semantic": scale(score),
            "wanted": wanted,
            "region": region_fit(provider.get("regions") or [], company.get("province")),
            "industry": text_overlap(provider.get("industries") or [], text),
        }
        evidence = [
            f"服务类别：{PROVIDER_CATEGORY_LABEL.get(provider.get('category') or '', provider.get('category'))}"
        ]
        if wanted_reason:
            evidence.append(wanted_reason)
        if factors["region"] >= 1:
            evidence.append(f"服务区域覆盖{company.get('province')}")
        weights = {"semantic": 0.3, "wanted": 0.35, "region": 0.2, "industry": 0.15}
        items.append(
            _item(
                provider,
                factors,
                evidence,
                weights,
                category=provider.get("category"),
                is_generated=provider.get("is_generated"),
            )
        )
    return sorted(items, key=lambda i: (-i.score, i.id))[:limit]


def companies_for_provider(
    state: MatchState, provider_id: int, filters: CompanyFilters, limit: int
) -> list[MatchItem]:
    view = CatalogView(state.corpus)
    provider = view.record("provider", provider_id)
    with state.reading() as spaces:
        similar = spaces.spaces["company"].search(
            state.encoder.encode_queries([provider_text(provider)])[0],
            CANDIDATES,
            view.allowed_companies(filters),
        )
    scale = Calibration.of(ChannelScores(similar))
    items = []
    for company_id, score in similar.items():
        company = state.corpus.get("company", company_id)
        if company is None:
            continue
        text = company_text(company)
        factors = {
            "semantic": scale(score),
            "region": region_fit(provider.get("regions") or [], company.get("province")),
            "industry": text_overlap(provider.get("industries") or [], text),
        }
        evidence = [f"企业位于{company.get('province') or '未知省份'}"]
        matched = [term for term in provider.get("industries") or [] if term and term in text]
        if matched:
            evidence.append("行业相符：" + "、".join(matched))
        weights = {"semantic": 0.5, "region": 0.3, "industry": 0.2}
        items.append(
            _item(
                company,
                factors,
                evidence,
                weights,
                province=company.get("province"),
                industry=company.get("sw_industry_name"),
            )
        )
    return sorted(items, key=lambda i: (-i.score, i.id))[:limit]
