"""Seed step: listed companies placed in parks from their office and registered addresses.

The park locator (services/catalog/locator/) gives each company's candidate parks; a company is placed
where `placement` accepts the best one (a zone's name, or its place and type, in an address; never a
district alone). The tenancy records which address placed it, the address and the confidence.
Companies no address places keep the demo generator's tenancy (marked generated); a placed company's
generated tenancy in a real park, left by an older seed, is replaced.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.catalog.changes import writes
from services.catalog.companies.models import Company
from services.catalog.locator.locate import locate_company, placement
from services.catalog.locator.service import park_index
from services.catalog.parks.models import Park
from services.catalog.seed.bulk import Added, add_missing
from services.catalog.tenancies.models import Tenancy
from services.catalog.tenancies.schemas import TenancyPlacement

LOCATED = (TenancyPlacement.registered_address, TenancyPlacement.office_address)


def load_located_tenancies(session: Session) -> dict[str, Added]:
    index = park_index(session)
    companies = session.execute(
        select(
            Company.id,
            Company.province,
            Company.office_address,
            Company.registered_address,
            Company.registered_address_source,
            Company.registry_source,
        ).where(Company.stock_code.is_not(None), Company.is_generated.is_(False))
    )
    rows = []
    for company in companies:
        addresses = {
            "office_address": company.office_address,
            "registered_address": company.registered_address,
        }
        best = placement(locate_company(index, addresses, company.province))
        if best is None or best.address_source is None:
            continue
        origin = (
            company.registered_address_source
            if best.address_source == TenancyPlacement.registered_address
            else company.registry_source
        )
        rows.append(
            {
                "company_id": company.id,
                "park_id": best.park_id,
                "carrier_id": None,
                "kind": "physical",
                "area_m2": None,
                "since": None,
                "status": "active",
                "placement_source": best.address_source,
                "confidence": best.confidence,
                "address": best.address,
                "review_status": "unreviewed",
                "source": f"park locator ({best.rule}: {best.reason}) on the company's {best.address_source} "
                f"({origin or 'company registry'})"[:300],
                "as_of": None,
                "is_generated": False,
            }
        )
    added = add_missing(session, Tenancy, ("company_id", "park_id"), rows)
    replaced = _drop_generated(session, {row["company_id"] for row in rows})
    return {"tenancy": added, "tenancy.replaced": Added({}, added=0, present=0, updated=replaced)}


def _drop_generated(session: Session, placed: set[int]) -> int:
    """A catalog seeded before addresses placed companies holds generated tenancies for them in real
    parks: an address replaces them (the change feed records the deletions)."""
    stale = session.execute(
        select(Tenancy.id, Tenancy.version).where(
            Tenancy.is_generated.is_(True),
            Tenancy.company_id.in_(placed),
            Tenancy.park_id.in_(select(Park.id).where(Park.is_virtual.is_(False))),
        )
    ).all()
    return writes.delete_rows(session, Tenancy, [(row.id, row.version) for row in stale])


def located_companies(session: Session) -> set[int]:
    """The companies an address placed in a park."""
    return set(
        session.scalars(
            select(Tenancy.company_id).where(Tenancy.placement_source.in_([str(p) for p in LOCATED]))
        )
    )
