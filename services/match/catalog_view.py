"""Questions the match service asks of one snapshot of the catalog: who sits where, which ids a filter
allows. Answered from the snapshot's lookups, never by scanning a table."""

from collections.abc import Mapping
from typing import Any, Literal, overload

from services.match.chains.coverage import node_query
from services.match.ranking import NodeQuery
from services.match.schemas import CompanyFilters, ParkFilters
from services.match.snapshot import CatalogSnapshot
from services.match.snapshot.lookups import Ids, province_key
from shared.contract import (
    CarrierRecord,
    ChainNodeRecord,
    ChainRecord,
    CompanyRecord,
    FundRecord,
    ParkRecord,
    ProviderRecord,
    TenancyRecord,
)
from shared.errors import NotFound


def _provinces(value: list[str] | str | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _in_provinces(by_province: Mapping[str, Ids], wanted: list[str]) -> set[int]:
    """The ids whose province starts as one of `wanted` does (its first two characters)."""
    prefixes = tuple(province_key(p) for p in wanted)
    return {i for key, ids in by_province.items() if key and key.startswith(prefixes) for i in ids}


class CatalogView:
    def __init__(self, snapshot: CatalogSnapshot) -> None:
        self.snapshot = snapshot
        self.tables = snapshot.tables
        self.lookups = snapshot.lookups

    @overload
    def record(self, entity: Literal["company"], entity_id: int) -> CompanyRecord: ...
    @overload
    def record(self, entity: Literal["park"], entity_id: int) -> ParkRecord: ...
    @overload
    def record(self, entity: Literal["fund"], entity_id: int) -> FundRecord: ...
    @overload
    def record(self, entity: Literal["provider"], entity_id: int) -> ProviderRecord: ...
    @overload
    def record(self, entity: Literal["chain"], entity_id: int) -> ChainRecord: ...
    @overload
    def record(self, entity: str, entity_id: int) -> Mapping[str, Any]: ...
    def record(self, entity: str, entity_id: int) -> Mapping[str, Any]:
        """The record of the snapshot, or 404."""
        record: Mapping[str, Any] | None = self.tables.of(entity).get(entity_id)
        if record is None:
            raise NotFound.entity(entity, entity_id)
        return record

    # --- parks and who sits in them ----------------------------------------------------------
    def tenants(self, park_id: int) -> Ids:
        return self.lookups.tenants_by_park.get(park_id, frozenset())

    def placements(self, park_id: int) -> Mapping[int, TenancyRecord]:
        """tenant id -> its present tenancy in the park (how it is known to sit there)."""
        return self.lookups.placements.get(park_id, {})

    def parks_of(self, company_ids: set[int] | Ids) -> dict[int, set[int]]:
        """park id -> which of `company_ids` sit there."""
        found: dict[int, set[int]] = {}
        for company_id in company_ids:
            for park_id in self.lookups.parks_by_company.get(company_id, ()):
                found.setdefault(park_id, set()).add(company_id)
        return found

    def carriers(self, park_id: int) -> tuple[CarrierRecord, ...]:
        return self.lookups.carriers_by_park.get(park_id, ())

    def supply_partners(self, company_id: int) -> Mapping[int, str]:
        """Suppliers and buyers of a company: partner id -> how they relate, in words."""
        return self.lookups.partners.get(company_id, {})

    def peers(self, company_id: int) -> Ids:
        """The other companies of the company's 申万 industry."""
        code = self.tables.company[company_id].get("sw_industry_code")
        return (
            self.lookups.companies_by_industry.get(code, frozenset()) - {company_id} if code else frozenset()
        )

    # --- chains ------------------------------------------------------------------------------
    def node(self, node_id: int) -> tuple[ChainRecord, ChainNodeRecord]:
        found = self.lookups.nodes.get(node_id)
        if found is None:
            raise NotFound.entity("chain_node", node_id)
        return found

    def node_query(self, node_id: int) -> NodeQuery:
        return node_query(*self.node(node_id))

    # --- filters, applied inside the searches --------------------------------------------------
    def allowed_companies(self, filters: CompanyFilters | None) -> set[int] | None:
        if filters is None or filters == CompanyFilters():
            return None
        provinces = _provinces(filters.province)
        candidates = (
            _in_provinces(self.lookups.companies_by_province, provinces)
            if provinces
            else set(self.tables.company)
        )
        if filters.exclude_park_id:
            candidates -= self.tenants(filters.exclude_park_id)
        allowed = set()
        for company_id in candidates:
            company = self.tables.company[company_id]
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
        candidates = (
            _in_provinces(self.lookups.parks_by_province, provinces) if provinces else self.tables.park
        )
        allowed = set()
        for park_id in candidates:
            park = self.tables.park[park_id]
            if filters.zone_type and park.get("zone_type") not in filters.zone_type:
                continue
            if filters.approval_level and park.get("approval_level") not in filters.approval_level:
                continue
            if not filters.virtual_ok and park.get("is_virtual"):
                continue
            if not _carrier_filters_pass(self.carriers(park_id), filters):
                continue
            allowed.add(park_id)
        return allowed


def _carrier_filters_pass(carriers: tuple[CarrierRecord, ...], filters: ParkFilters) -> bool:
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
