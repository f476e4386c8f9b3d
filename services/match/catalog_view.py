"""Questions the match service asks of its copy of the catalog: who sits where, which ids a filter allows."""

from collections import defaultdict
from typing import Any

from services.match.chains.coverage import node_query
from services.match.ranking import NodeQuery
from services.match.schemas import CompanyFilters, ParkFilters
from services.match.sync.corpus import Corpus
from shared.errors import NotFound

ACTIVE_TENANCY = ("active", "planned")
Record = dict[str, Any]


def _provinces(value: list[str] | str | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _in_provinces(province: str | None, wanted: list[str]) -> bool:
    return not wanted or bool(province and any(province.startswith(p[:2]) for p in wanted))


class CatalogView:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus

    def record(self, entity: str, entity_id: int) -> Record:
        record = self.corpus.get(entity, entity_id)
        if record is None:
            raise NotFound.entity(entity, entity_id)
        return record

    # --- parks and who sits in them ----------------------------------------------------------
    def tenants(self, park_id: int) -> set[int]:
        return {
            int(t["company_id"])
            for t in self.corpus.of("tenancy").values()
            if t["park_id"] == park_id and t.get("status", "active") in ACTIVE_TENANCY
        }

    def parks_of(self, company_ids: set[int]) -> dict[int, set[int]]:
        """park id -> which of `company_ids` sit there."""
        found: dict[int, set[int]] = defaultdict(set)
        for tenancy in self.corpus.of("tenancy").values():
            if tenancy["company_id"] in company_ids and tenancy.get("status", "active") in ACTIVE_TENANCY:
                found[int(tenancy["park_id"])].add(int(tenancy["company_id"]))
        return found

    def carriers_by_park(self) -> dict[int, list[Record]]:
        by_park: dict[int, list[Record]] = defaultdict(list)
        for carrier in self.corpus.of("carrier").values():
            by_park[int(carrier["park_id"])].append(carrier)
        return by_park

    def supply_partners(self, company_id: int) -> dict[int, str]:
        """Suppliers and buyers of a company: partner id -> how they relate, in words."""
        partners: dict[int, str] = {}
        for link in self.corpus.of("supply_link").values():
            product = link.get("product") or "产品"
            if link["supplier_id"] == company_id:
                partners[int(link["buyer_id"])] = f"下游客户（供应{product}）"
            elif link["buyer_id"] == company_id:
                partners[int(link["supplier_id"])] = f"上游供应商（{product}）"
        return partners

    # --- chains ------------------------------------------------------------------------------
    def node(self, node_id: int) -> tuple[Record, Record]:
        for chain in self.corpus.of("chain").values():
            for node in chain.get("nodes", []):
                if node["id"] == node_id:
                    return chain, node
        raise NotFound.entity("chain_node", node_id)

    def node_query(self, node_id: int) -> NodeQuery:
        return node_query(*self.node(node_id))

    # --- filters, applied inside the searches --------------------------------------------------
    def allowed_companies(self, filters: CompanyFilters | None) -> set[int] | None:
        if filters is None or filters == CompanyFilters():
            return None
        provinces = _provinces(filters.province)
        excluded = self.tenants(filters.exclude_park_id) if filters.exclude_park_id else set()
        allowed = set()
        for company_id, company in self.corpus.of("company").items():
            if company_id in excluded or not _in_provinces(company.get("province"), provinces):
                continue
            if filters.listed_only and not company.get("stock_code"):
                continue
            if filters.industry and filters.industry not in (
                f"{company.get('sw_industry_code') or ''} {company.get('sw_industry_name') or ''}"
            ):
                continue
            if filters.funding_stage and company.get("funding_stage") not in filters.funding_stage:
                continue
            if filters.qualification and filters.qualification not in (company.get("qualifications") or []):
                continue
            allowed.add(company_id)
        return allowed

    def allowed_parks(self, filters: ParkFilters | None) -> set[int] | None:
        if filters is None or filters == ParkFilters():
            return None
        provinces = _provinces(filters.province)
        carriers = self.carriers_by_park()
        allowed = set()
        for park_id, park in self.corpus.of("park").items():
            if not _in_provinces(park.get("province"), provinces):
                continue
            if filters.zone_type and park.get("zone_type") not in filters.zone_type:
                continue
            if filters.approval_level and park.get("approval_level") not in filters.approval_level:
                continue
            if not filters.virtual_ok and park.get("is_virtual"):
                continue
            if not _carrier_filters_pass(carriers.get(park_id, []), filters):
                continue
            allowed.add(park_id)
        return allowed


def _carrier_filters_pass(carriers: list[Record], filters: ParkFilters) -> bool:
    if (
        filters.min_available_area_m2 is None
        and filters.max_rent_yuan_m2_month is None
        and not filters.carrier_kind
    ):
        return True
    for carrier in carriers:
        if filters.carrier_kind and carrier.get("kind") not in filters.carrier_kind:
            continue
        if (filters.min_available_area_m2 or 0) > (carrier.get("available_area_m2") or 0):
            continue
        rent = carrier.get("rent_yuan_m2_month")
        if filters.max_rent_yuan_m2_month is not None and (
            rent is None or rent > filters.max_rent_yuan_m2_month
        ):
            continue
        return True
    return False
