"""Seed steps for the generated demo data: the generator's records, keyed by natural keys, as rows."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.catalog.carriers.models import Carrier
from services.catalog.chains.models import Chain, ChainNode
from services.catalog.changes import writes
from services.catalog.companies.models import Company
from services.catalog.funds.models import Fund
from services.catalog.investments.models import Investment
from services.catalog.policies.models import Policy
from services.catalog.providers.models import Provider
from services.catalog.seed.bulk import Added, add_missing, key_ids
from services.catalog.seed.companies import company_ids
from services.catalog.seed.demo import MARK, Demo, demo_provenance, demo_source
from services.catalog.seed.parks import park_ids
from services.catalog.seed.tenancies import located_companies
from services.catalog.tenancies.models import Tenancy
from services.catalog.tenancies.schemas import TenancyPlacement


def _without(record: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key not in keys}


def node_ids(session: Session) -> dict[tuple[str, str], int]:
    """(chain code, node key) -> node id."""
    rows = session.execute(
        select(Chain.code, ChainNode.key, ChainNode.id).join(Chain, ChainNode.chain_id == Chain.id)
    )
    return {(code, key): node_id for code, key, node_id in rows}


def _nodes(keys: list[list[str]], nodes: dict[tuple[str, str], int]) -> list[int]:
    return [nodes[(code, key)] for code, key in keys if (code, key) in nodes]


def load_carriers(session: Session, demo: Demo, seed: int) -> Added:
    parks = park_ids(session)
    rows = [
        {**_without(carrier, "park_code"), "park_id": parks[carrier["park_code"]], **demo_provenance(seed)}
        for carrier in demo.carriers
        if carrier["park_code"] in parks
    ]
    return add_missing(session, Carrier, ("park_id", "name"), rows)


def load_policies(session: Session, demo: Demo, seed: int) -> Added:
    parks, nodes = park_ids(session), node_ids(session)
    rows = [
        {
            **_without(policy, "park_code", "target_node_keys"),
            "park_id": parks[policy["park_code"]] if policy["park_code"] else None,
            "target_node_ids": _nodes(policy["target_node_keys"], nodes),
            **demo_provenance(seed),
        }
        for policy in demo.policies
        if policy["park_code"] is None or policy["park_code"] in parks
    ]
    return add_missing(session, Policy, ("scope", "province", "city", "park_id", "title"), rows)


def load_funds(session: Session, demo: Demo, seed: int) -> Added:
    parks, nodes = park_ids(session), node_ids(session)
    rows = [
        {
            **_without(fund, "fund_type", "park_code", "focus_node_keys"),
            "park_id": parks.get(fund["park_code"]) if fund["park_code"] else None,
            "focus_node_ids": _nodes(fund["focus_node_keys"], nodes),
            **demo_provenance(seed),
        }
        for fund in demo.funds
    ]
    return add_missing(session, Fund, ("name",), rows)


def load_investments(session: Session, demo: Demo, seed: int) -> Added:
    """The generated funds' rounds; their source says they are examples (示例)."""
    funds = {name: fund_id for (name,), fund_id in key_ids(session, Fund, ("name",)).items()}
    companies = company_ids(session)
    provenance = {**demo_provenance(seed), "source": f"{demo_source(seed)}{MARK}"}
    rows = [
        {
            **_without(investment, "fund_name", "stock_code"),
            "fund_id": funds[investment["fund_name"]],
            "company_id": companies[investment["stock_code"]],
            **provenance,
        }
        for investment in demo.investments
        if investment["fund_name"] in funds and investment["stock_code"] in companies
    ]
    return add_missing(session, Investment, ("fund_id", "company_id", "round", "invested_on"), rows)


def load_providers(session: Session, demo: Demo, seed: int) -> Added:
    parks = park_ids(session)
    rows = [
        {
            **_without(provider, "park_code"),
            "park_id": parks.get(provider["park_code"]) if provider["park_code"] else None,
            **demo_provenance(seed),
        }
        for provider in demo.providers
    ]
    return add_missing(session, Provider, ("name",), rows)


def load_tenancies(session: Session, demo: Demo, seed: int) -> Added:
    """The generated tenancies of the companies no address placed (services/catalog/seed/tenancies.py)."""
    parks, companies, located = park_ids(session), company_ids(session), located_companies(session)
    carriers = key_ids(session, Carrier, ("park_id", "name"))
    rows = []
    for tenancy in demo.tenancies:
        park_id, company_id = parks.get(tenancy["park_code"]), companies.get(tenancy["stock_code"])
        if park_id is None or company_id is None or company_id in located:
            continue
        carrier_id = carriers.get((park_id, tenancy["carrier_name"])) if tenancy["carrier_name"] else None
        rows.append(
            {
                **_without(tenancy, "park_code", "stock_code", "carrier_name"),
                "company_id": company_id,
                "park_id": park_id,
                "carrier_id": carrier_id,
                "placement_source": TenancyPlacement.generated,
                **demo_provenance(seed),
            }
        )
    return add_missing(session, Tenancy, ("company_id", "park_id"), rows)


def load_needs(session: Session, demo: Demo) -> Added:
    """Give the chosen companies their generated needs where they have none yet (an update)."""
    rows = session.execute(
        select(Company.id, Company.stock_code, Company.needs, Company.version).where(
            Company.stock_code.in_(sorted(demo.needs))
        )
    ).all()
    changes = [(row.id, row.version, {"needs": demo.needs[row.stock_code]}) for row in rows if not row.needs]
    updated = writes.update_rows(session, Company, changes)
    return Added({}, added=updated, present=len(demo.needs) - updated)
