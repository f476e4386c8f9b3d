"""Aggregate views that save clients round trips: every part is fetched from its upstream at the same
time, authorized as if the caller had asked for it, and a part that fails is null with an entry in
`errors` instead of failing the whole dossier (only a missing park or company is a 404)."""

import asyncio
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import Field

from services.gateway.core import Gateway, answer_error
from services.gateway.dependencies import CallDep, GatewayDep
from shared.errors import AppError, NotFound
from shared.principal import Principal
from shared.schemas import PrimaryKey, Schema

router = APIRouter(prefix="/api/v1", tags=["dossiers"])

TOP_TARGETS = 10
BEST_MATCHES = 5
PAGE = 50


class PartError(Schema):
    part: str
    status: int
    code: str
    message: str


class ParkDossier(Schema):
    park: dict[str, Any] | None = Field(description="the park (catalog)")
    carriers: dict[str, Any] | None = Field(description="a page of the park's carriers (catalog)")
    policies: dict[str, Any] | None = Field(description="a page of the park's policies (catalog)")
    chain_coverage: dict[str, Any] | None = Field(description="the park's chain coverage (match)")
    top_targets: dict[str, Any] | None = Field(
        description="companies to attract (match; the park's officers and admins only)"
    )
    errors: list[PartError] = Field(description="the parts that could not be fetched, and why")


class DatedFact(Schema):
    """One fact about a company with when it was true and where it comes from, to be checked there."""

    fact: str = Field(description="the company or financials field, e.g. registered_capital_yuan")
    value: Any
    as_of: date | None = Field(description="when the source says it was true (null: see the source)")
    source: str | None


class CompanyDossier(Schema):
    company: dict[str, Any] | None = Field(description="the company (catalog)")
    financials: dict[str, Any] | None = Field(
        description="its dated financial figures, newest first (catalog)"
    )
    investors: dict[str, Any] | None = Field(
        description="a page of the funds' rounds in it, newest first (catalog investments)"
    )
    facts: list[DatedFact] = Field(
        description="the registry facts, addresses and latest figures, each with its date and source"
    )
    parks: dict[str, Any] | None = Field(description="best parks for it (match; the company and admins only)")
    funds: dict[str, Any] | None = Field(description="funds that fit it (match; the company and admins only)")
    providers: dict[str, Any] | None = Field(
        description="service providers that fit it (match; the company and admins only)"
    )
    errors: list[PartError] = Field(description="the parts that could not be fetched, and why")


@dataclass(frozen=True)
class Part:
    name: str
    method: str
    path: str
    params: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] | None = None


async def fetch(gateway: Gateway, principal: Principal, part: Part) -> tuple[Any, PartError | None]:
    """One part, through the same route rules as if the caller had asked for it directly."""
    try:
        rule = gateway.table.match(part.method, part.path)[0]
        rule.authorize(principal, part.body)
        response = await gateway.call(
            rule.upstream, part.method, part.path, principal, params=part.params, json=part.body
        )
        if response.status_code != 200:
            raise answer_error(response, rule.upstream)
        return response.json(), None
    except AppError as exc:
        return None, PartError(part=part.name, status=exc.status_code, code=exc.code, message=exc.message)


async def assemble(gateway: Gateway, principal: Principal, parts: list[Part]) -> dict[str, Any]:
    """Fetch every part at once. The first part is the subject: if it is missing, the dossier is too."""
    results = await asyncio.gather(*(fetch(gateway, principal, part) for part in parts))
    subject_error = results[0][1]
    if subject_error is not None and subject_error.status == 404:
        raise NotFound(subject_error.message, details=[{"field": "id", "reason": "not found"}])
    dossier: dict[str, Any] = {part.name: value for part, (value, _) in zip(parts, results, strict=True)}
    dossier["errors"] = [error for _, error in results if error is not None]
    return dossier


@router.get(
    "/parks/{park_id}/dossier",
    response_model=ParkDossier,
    summary="A park with its carriers, policies, chain coverage and top targets, in one answer",
)
async def park_dossier(
    park_id: PrimaryKey,
    call: CallDep,
    gateway: GatewayDep,
    chain_id: Annotated[
        PrimaryKey | None,
        Query(description="the chain whose coverage to show (the match service's choice if not given)"),
    ] = None,
) -> Any:
    body = {"park_id": park_id}
    coverage = {**body, "chain_id": chain_id} if chain_id else body
    return await assemble(
        gateway,
        call.principal,
        [
            Part("park", "GET", f"/api/v1/parks/{park_id}"),
            Part("carriers", "GET", "/api/v1/carriers", params={"park_id": park_id, "limit": PAGE}),
            Part("policies", "GET", "/api/v1/policies", params={"park_id": park_id, "limit": PAGE}),
            Part("chain_coverage", "POST", "/api/v1/match/chain-coverage", body=coverage),
            Part(
                "top_targets", "POST", "/api/v1/match/companies-for-park", body={**body, "limit": TOP_TARGETS}
            ),
        ],
    )


@router.get(
    "/companies/{company_id}/dossier",
    response_model=CompanyDossier,
    summary="A company with its investors, best parks, funds and service providers, in one answer",
)
async def company_dossier(company_id: PrimaryKey, call: CallDep, gateway: GatewayDep) -> Any:
    body = {"company_id": company_id, "limit": BEST_MATCHES}
    dossier = await assemble(
        gateway,
        call.principal,
        [
            Part("company", "GET", f"/api/v1/companies/{company_id}"),
            Part("financials", "GET", f"/api/v1/companies/{company_id}/financials", params={"limit": PAGE}),
            Part(
                "investors",
                "GET",
                "/api/v1/investments",
                params={"company_id": company_id, "sort": "-invested_on", "limit": PAGE},
            ),
            Part("parks", "POST", "/api/v1/match/parks-for-company", body=body),
            Part("funds", "POST", "/api/v1/match/funds-for-company", body=body),
            Part("providers", "POST", "/api/v1/match/providers-for-company", body=body),
        ],
    )
    return {**dossier, "facts": company_facts(dossier["company"] or {})}


# A company's facts from its registry (dated by registry_as_of and registry_source, which also names
# the office address's source and date), its registered address (its source names its date) and its
# latest financial figures (dated by their own as_of).
REGISTRY_FACTS = ("registered_capital_yuan", "headcount", "founded_on", "province", "city", "website")
FINANCIAL_FACTS = (
    "total_assets_yuan",
    "liquid_assets_yuan",
    "fixed_assets_yuan",
    "revenue_yoy_pct",
    "profit_yoy_pct",
    "gross_margin_pct",
    "net_margin_pct",
    "eps_yuan",
    "book_value_per_share_yuan",
    "pe",
    "pb",
    "shareholders",
)


def company_facts(company: dict[str, Any]) -> list[DatedFact]:
    """The facts the company record holds, each with its date and source (the registry's, the address's
    own, else the record's); facts it lacks are left out."""
    record = (company.get("as_of"), company.get("source"))
    registry = (company.get("registry_as_of"), company.get("registry_source"))
    if registry[1] is None:
        registry = record
    address_source = company.get("registered_address_source")
    sourced: dict[str, tuple[Any, Any]] = {
        **dict.fromkeys(REGISTRY_FACTS, registry),
        "registered_address": (None, address_source) if address_source else record,
        # registry_source names the office's own source and date (of 2015-16, older than the registry).
        **dict.fromkeys(("office_address", "office_lng_bd09", "office_lat_bd09"), (None, registry[1])),
    }
    facts = [
        DatedFact(fact=name, value=company[name], as_of=as_of, source=source)
        for name, (as_of, source) in sourced.items()
        if company.get(name) is not None
    ]
    latest = company.get("latest_financials") or {}
    facts += [
        DatedFact(fact=name, value=latest[name], as_of=latest.get("as_of"), source=latest.get("source"))
        for name in FINANCIAL_FACTS
        if latest.get(name) is not None
    ]
    return facts
