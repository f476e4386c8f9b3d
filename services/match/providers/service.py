"""providers-for-company and companies-for-provider.

providers-for-company score: 0.3 x how close the provider's offer is to the company's profile among
the candidates (calibrated) + 0.35 x need (asked for, or called for by products and stage) + 0.2 x
region served + 0.15 x the provider's industries covering the company's products.

companies-for-provider score: 0.6 x need (asked for: 1.0, called for: 0.5) + 0.25 x the provider's industries covering the company's
products + 0.15 x region served, over every company that is not the provider's peer. Closeness of
profiles is left out on purpose: the companies closest to a testing lab are testing labs.
"""

from collections.abc import Mapping
from typing import Any

from services.match.catalog_view import CatalogView
from services.match.factors import FocusTerm, focus_words, industry_fit, region_fit
from services.match.providers.fit import is_peer, need, wanted_fit
from services.match.ranking import Calibration, ChannelScores
from services.match.schemas import MAX_LIMIT, CompanyFilters, MatchItem
from services.match.snapshot import CatalogSnapshot, Slot
from services.match.spaces.documents import PROVIDER_CATEGORY_LABEL
from shared.contract import ProviderRecord

CANDIDATES = 200
FOR_COMPANY = {"semantic": 0.3, "wanted": 0.35, "region": 0.2, "industry": 0.15}
FOR_PROVIDER = {"need": 0.6, "industry": 0.25, "region": 0.15}


def _score(factors: dict[str, float], weights: dict[str, float]) -> float:
    return round(sum(weights[name] * factors[name] for name in weights), 6)


def _item(
    target: Mapping[str, Any],
    factors: dict[str, float],
    evidence: list[str],
    weights: dict[str, float],
    **details: Any,
) -> MatchItem:
    return MatchItem(
        id=target["id"],
        name=target["name"],
        score=_score(factors, weights),
        factors={k: round(v, 4) for k, v in factors.items()},
        evidence=evidence,
        code=target.get("stock_code"),
        details=details,
    )


def _served_industries(provider: ProviderRecord) -> list[FocusTerm]:
    return [
        FocusTerm(word, 1.0, "服务机构服务行业")
        for industry in provider.get("industries") or []
        for word in focus_words(industry)
    ]


def providers_for_company(
    snapshot: CatalogSnapshot, company_id: int, categories: list[str] | None, limit: int
) -> list[MatchItem]:
    company = CatalogView(snapshot).record("company", company_id)
    profile = snapshot.lookups.profiles[company_id]
    providers = snapshot.tables.provider
    allowed = None
    if categories:
        allowed = {pid for pid, p in providers.items() if p.get("category") in categories}
    similar = snapshot.spaces.spaces["provider"].search(
        snapshot.vectors.of("company", company_id), CANDIDATES, allowed
    )
    scale = Calibration.of(ChannelScores(similar))
    items = []
    for provider_id, score in similar.items():
        provider = providers.get(provider_id)
        if provider is None:  # created after the question's snapshot
            continue
        wanted, wanted_reason = wanted_fit(provider, company, profile)
        industry, industry_reason = industry_fit(_served_industries(provider), profile)
        factors = {
            "semantic": scale(score),
            "wanted": wanted,
            "region": region_fit(provider.get("regions") or [], company.get("province")),
            "industry": industry,
        }
        evidence = [f"服务类别：{PROVIDER_CATEGORY_LABEL.get(provider['category'], provider['category'])}"]
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


# (-score, company id, factors, evidence) of a provider's clients, best first
Clients = list[tuple[float, int, dict[str, float], list[str]]]


def _clients(
    snapshot: CatalogSnapshot, provider: ProviderRecord, allowed: set[int] | None, show_needs: bool
) -> Clients:
    served = _served_industries(provider)
    companies, profiles = snapshot.tables.company, snapshot.lookups.profiles
    scored = []
    for company_id in companies if allowed is None else allowed:
        profile = profiles[company_id]
        if is_peer(provider, profile):
            continue
        company = companies[company_id]
        found = need(provider, company, profile)
        industry, industry_reason = industry_fit(served, profile)
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
        scored.append((-_score(factors, FOR_PROVIDER), company_id, factors, evidence))
    return sorted(scored, key=lambda row: row[:2])


def companies_for_provider(
    snapshot: CatalogSnapshot, provider_id: int, filters: CompanyFilters, limit: int, show_needs: bool
) -> list[MatchItem]:
    """The provider's best clients; without filters, from the list the snapshot keeps per provider."""
    view = CatalogView(snapshot)
    provider = view.record("provider", provider_id)
    allowed = view.allowed_companies(filters)
    if allowed is None:
        slot: Slot[Clients] = Slot(f"clients of provider {provider_id} (needs shown: {show_needs})")
        clients = snapshot.derived.get(
            slot, lambda: _clients(snapshot, provider, None, show_needs)[:MAX_LIMIT]
        )
    else:
        clients = _clients(snapshot, provider, allowed, show_needs)
    companies = snapshot.tables.company
    return [
        _item(
            companies[company_id],
            factors,
            list(evidence),
            FOR_PROVIDER,
            province=companies[company_id].get("province"),
            industry=companies[company_id].get("sw_industry_name"),
        )
        for _, company_id, factors, evidence in clients[:limit]
    ]
