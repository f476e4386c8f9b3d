"""Ready answers to what questions ask of the catalog copy again and again: who sits in a park, where a
company sits, a park's carriers, a node and its chain, a company's suppliers and buyers, companies and
parks by province, companies by industry, the ranking's company profiles.

Built with each `Tables`; a lookup is rebuilt only when a table it reads moved (``READS``), else the
previous snapshot's object is kept. Never changed after it is built.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from services.match.ranking import CompanyProfile
from services.match.snapshot.tables import ChangeSet, Tables
from services.match.spaces.documents import company_profile
from shared.contract import PRESENT_TENANCY, CarrierRecord, ChainNodeRecord, ChainRecord

Ids = frozenset[int]


def province_key(province: str | None) -> str:
    """Provinces compare by their first two characters (江苏 and 江苏省 are one)."""
    return (province or "")[:2]


def _grouped(pairs: Iterable[tuple[Any, int]]) -> dict[Any, Ids]:
    groups: dict[Any, set[int]] = defaultdict(set)
    for key, value in pairs:
        groups[key].add(value)
    return {key: frozenset(values) for key, values in groups.items()}


@dataclass(frozen=True)
class Lookups:
    tenants_by_park: Mapping[int, Ids] = field(default_factory=dict)  # present tenancies only
    parks_by_company: Mapping[int, Ids] = field(default_factory=dict)
    carriers_by_park: Mapping[int, tuple[CarrierRecord, ...]] = field(default_factory=dict)
    nodes: Mapping[int, tuple[ChainRecord, ChainNodeRecord]] = field(default_factory=dict)
    # company id -> partner id -> how the partner relates to it, in words
    partners: Mapping[int, Mapping[int, str]] = field(default_factory=dict)
    companies_by_industry: Mapping[str, Ids] = field(default_factory=dict)  # 申万 code
    companies_by_province: Mapping[str, Ids] = field(default_factory=dict)  # province_key
    parks_by_province: Mapping[str, Ids] = field(default_factory=dict)
    profiles: Mapping[int, CompanyProfile] = field(default_factory=dict)

    def following(self, tables: Tables, changes: ChangeSet | None) -> "Lookups":
        """The lookups of `tables`, reached from this one's by `changes` (None: build all)."""
        rebuilt = {
            name: build(tables)
            for name, (reads, build) in BUILDERS.items()
            if changes is None or any(changes.touches(entity) for entity in reads)
        }
        if changes is None or changes.touches("company"):  # one profile per company that moved
            rebuilt["profiles"] = _profiles(self.profiles, tables, changes)
        return replace(self, **rebuilt)


def _tenancy(tables: Tables) -> Iterable[tuple[int, int]]:
    """(park id, company id) of every present tenancy."""
    return (
        (int(t["park_id"]), int(t["company_id"]))
        for t in tables.tenancy.values()
        if t.get("status", "active") in PRESENT_TENANCY
    )


def _carriers(tables: Tables) -> dict[int, tuple[CarrierRecord, ...]]:
    by_park: dict[int, list[CarrierRecord]] = defaultdict(list)
    for carrier in tables.carrier.values():
        by_park[int(carrier["park_id"])].append(carrier)
    return {park_id: tuple(carriers) for park_id, carriers in by_park.items()}


def _nodes(tables: Tables) -> dict[int, tuple[ChainRecord, ChainNodeRecord]]:
    return {int(node["id"]): (chain, node) for chain in tables.chain.values() for node in chain["nodes"]}


def _partners(tables: Tables) -> dict[int, dict[int, str]]:
    partners: dict[int, dict[int, str]] = defaultdict(dict)
    for link in tables.supply_link.values():
        product = link.get("product") or "产品"
        supplier, buyer = int(link["supplier_id"]), int(link["buyer_id"])
        partners[supplier][buyer] = f"下游客户（供应{product}）"
        partners[buyer][supplier] = f"上游供应商（{product}）"
    return dict(partners)


def _profiles(
    before: Mapping[int, CompanyProfile], tables: Tables, changes: ChangeSet | None
) -> dict[int, CompanyProfile]:
    if changes is None:
        return {i: company_profile(c) for i, c in tables.company.items()}
    profiles = {i: p for i, p in before.items() if i in tables.company}
    for company_id in changes.upserted.get("company", []):
        if (record := tables.company.get(company_id)) is not None:
            profiles[company_id] = company_profile(record)
    return profiles


# lookup -> (the tables it reads, how it is built from scratch); the profiles are updated one by one
BUILDERS: dict[str, tuple[tuple[str, ...], Callable[[Tables], Any]]] = {
    "tenants_by_park": (("tenancy",), lambda t: _grouped(_tenancy(t))),
    "parks_by_company": (("tenancy",), lambda t: _grouped((c, p) for p, c in _tenancy(t))),
    "carriers_by_park": (("carrier",), _carriers),
    "nodes": (("chain",), _nodes),
    "partners": (("supply_link",), _partners),
    "companies_by_industry": (
        ("company",),
        lambda t: _grouped(
            (c["sw_industry_code"], i) for i, c in t.company.items() if c.get("sw_industry_code")
        ),
    ),
    "companies_by_province": (
        ("company",),
        lambda t: _grouped((province_key(c.get("province")), i) for i, c in t.company.items()),
    ),
    "parks_by_province": (
        ("park",),
        lambda t: _grouped((province_key(p.get("province")), i) for i, p in t.park.items()),
    ),
}
