"""The Zibo virtual park (淄博虚拟产业园), a real case from the news, imported with the demo data.

Reported facts (the park, its named carriers, its target industries, tenants and projects that are
listed companies, the local 智能电网设备产业链, which none of the reference chains covers) carry the
news reports as their source and are not generated. What the demo adds around them (a virtual-seat
carrier for virtual registration, virtual tenancies of the local chain's listed companies) is marked as
generated like the rest of the demo data.
"""

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from services.catalog.carriers.models import Carrier
from services.catalog.locator.divisions import divisions
from services.catalog.parks.models import Park
from services.catalog.seed.bulk import Added, add_missing, key_ids
from services.catalog.seed.chains import load_chains
from services.catalog.seed.companies import company_ids
from services.catalog.seed.demo import DISCLAIMER, MARK, demo_provenance
from services.catalog.seed.reference import (
    CompanyIndex,
    ReferenceChain,
    ReferenceCompany,
    ReferenceMember,
    ReferenceNode,
    Source,
)
from services.catalog.tenancies.models import Tenancy
from services.catalog.tenancies.schemas import TenancyPlacement

SCENARIO_FILE = "scenarios/zibo_virtual_park.json"
VIRTUAL_PARK_CODE = "V-ZIBO-2023"
LOCAL_CHAIN_CODE = "zibo-smart-grid-equipment"
# the scenario's carrier kinds -> carrier kinds; an innovation belt hosts startups like an incubator
CARRIER_KINDS = {"office": "office", "incubator": "incubator", "innovation belt": "incubator"}
VIRTUAL_SEAT = f"虚拟注册工位{MARK}"


@dataclass(frozen=True)
class Scenario:
    source: Source
    park: dict[str, Any]
    parent_name: str | None
    carriers: list[dict[str, Any]]
    chain: ReferenceChain
    # listed companies the reports name as tenants (active) or with a project (planned)
    reported_tenants: list[tuple[str, str]]
    # listed companies of the local chain: the demo registers them virtually in the park
    chain_companies: list[str]


def read_scenario(directory: Path, companies: list[ReferenceCompany]) -> Scenario:
    data = json.loads((directory / SCENARIO_FILE).read_text(encoding="utf-8"))
    months = re.findall(r"\((\d{4})-(\d{2})\)", " ".join(data["sources"]))
    as_of = max((date(int(y), int(m), 1) for y, m in months), default=None)
    source = Source(f"{SCENARIO_FILE}: {'; '.join(data['sources'])}", as_of)
    index = CompanyIndex(companies)
    park = data["park"]
    chain = data["local_chain"]

    # The scenario file's notes are English remarks on the data (where a name is spelled otherwise,
    # which file lists a company): they go to the park's data notes, and its description stays Chinese.
    related = "、".join(p["catalog_name"] for p in data["related_parks"])
    projects = "；".join(f"{p['company']} {p['project']}" for p in data["reported_projects"])
    notes = [f"{p['catalog_name']}: {p['note']}" for p in data["related_parks"] if p.get("note")] + [
        f"{p['company']} {p['project']}: {p['note']}" for p in data["reported_projects"] if p.get("note")
    ]
    registration, _, registration_note = park["registration"].partition(": ")
    if registration_note:
        notes.insert(0, f"{registration}: {registration_note}")
    targets = park["reported_targets"]
    description = (
        f"{park['city']}{park['district']}的虚拟产业园（据2023年新闻报道）。核心区：{park['core_area']}；"
        f"地址：{park['address_hint']}；运营模式：{park['operating_model']}；注册方式：{registration}；"
        f"布局：{park['layout']}；报道的入驻企业：{'、'.join(park['reported_tenants'])}；报道目标：年底前入驻企业"
        f"{targets['companies_by_year_end']}家，年营收{targets['annual_revenue_yuan'] / 1e8:g}亿元；"
        f"报道项目：{projects}；相关园区：{related}。"
    )
    district = park["district"].removesuffix("区")
    parent = next((p["catalog_name"] for p in data["related_parks"] if district in p["name"]), None)

    def listed(names: list[str]) -> list[str]:
        return [index.by_short_name[name] for name in names if name in index.by_short_name]

    node = ReferenceNode(
        key=chain["name"].removesuffix("产业链"),
        parent_key=None,
        name=chain["name"].removesuffix("产业链"),
        level="segment",
        stage="midstream",
        position=0,
        description=chain["note"],
        representative_names=chain["reported_companies"],
    )
    chain_companies = listed(chain["reported_companies"])
    return Scenario(
        source=source,
        park={
            "code": VIRTUAL_PARK_CODE,
            "name": park["name"],
            "aliases": [],
            "zone_type": "virtual_park",
            "approval_level": "municipal",
            **divisions().parse(f"{park['province']}{park['city']}{park['district']}").columns(),
            "approved_on": None,
            "approved_area_ha": None,
            "leading_industries": park["leading_industries"],
            "description": description,
            "is_virtual": park["is_virtual"],
            "longitude": None,
            "latitude": None,
            "coordinate_quality": "unknown",
            "data_notes": notes,
        },
        parent_name=parent,
        carriers=[
            {
                "name": carrier["name"],
                "kind": CARRIER_KINDS[carrier["kind"]],
                "description": f"{carrier['kind']}；据报道：{carrier['reported']}"
                if carrier.get("reported")
                else None,
            }
            for carrier in data["carriers"]
        ],
        chain=ReferenceChain(
            code=LOCAL_CHAIN_CODE,
            name=chain["name"],
            description=f"{park['city']}{park['district']}本地产业链（据新闻报道）：{'、'.join(chain['reported_companies'])}",
            source=source,
            nodes=[node],
            members=[
                ReferenceMember(node.key, code, "本地链上企业（据新闻报道）") for code in chain_companies
            ],
            edges=[],
        ),
        reported_tenants=[(code, "active") for code in listed(park["reported_tenants"])]
        + [(code, "planned") for code in listed([p["company"] for p in data["reported_projects"]])],
        chain_companies=chain_companies,
    )


def _carrier(park_id: int, name: str, kind: str, description: str | None) -> dict[str, Any]:
    return {
        "park_id": park_id,
        "name": name,
        "kind": kind,
        "total_area_m2": None,
        "available_area_m2": None,
        "rent_yuan_m2_month": None,
        "min_lease_months": None,
        "floor_load_kn_m2": None,
        "power_capacity_kva": None,
        "clean_room_grade": None,
        "available_from": None,
        "amenities": [],
        "description": description,
    }


def _tenancy(
    company_id: int, park_id: int, carrier_id: int | None, status: str, placement: TenancyPlacement
) -> dict[str, Any]:
    return {
        "company_id": company_id,
        "park_id": park_id,
        "carrier_id": carrier_id,
        "kind": "virtual",
        "area_m2": None,
        "since": None,
        "status": status,
        "placement_source": placement,
    }


def load_scenario(session: Session, scenario: Scenario, seed: int) -> dict[str, Added]:
    reported = scenario.source.columns()
    generated = demo_provenance(seed)
    parents = key_ids(session, Park, ("name",), Park.name == scenario.parent_name)
    parent_id = next(iter(parents.values()), None)
    parks = add_missing(session, Park, ("code",), [{**scenario.park, "parent_id": parent_id, **reported}])
    park_id = parks.ids[(VIRTUAL_PARK_CODE,)]

    carrier_rows = [
        {**_carrier(park_id, c["name"], c["kind"], c["description"]), **reported} for c in scenario.carriers
    ]
    seat = _carrier(
        park_id,
        VIRTUAL_SEAT,
        "virtual_seat",
        f"虚拟注册，实体服务：企业可在园区虚拟注册而不占用空间。{DISCLAIMER}",
    )
    carriers = add_missing(
        session,
        Carrier,
        ("park_id", "name"),
        [*carrier_rows, {**seat, **generated}],
        Carrier.park_id == park_id,
    )

    companies = company_ids(session)
    chain = load_chains(session, [scenario.chain], companies)
    seat_id = carriers.ids[(park_id, VIRTUAL_SEAT)]
    tenancy_rows = [
        {**_tenancy(companies[code], park_id, None, status, TenancyPlacement.reported), **reported}
        for code, status in scenario.reported_tenants
        if code in companies
    ]
    tenancy_rows += [
        {**_tenancy(companies[code], park_id, seat_id, "active", TenancyPlacement.generated), **generated}
        for code in scenario.chain_companies
        if code in companies
    ]
    tenancies = add_missing(
        session, Tenancy, ("company_id", "park_id"), tenancy_rows, Tenancy.park_id == park_id
    )
    return {"park": parks, "carrier": carriers, **chain, "tenancy": tenancies}
