"""Locating: the parks of the catalog as a `ParkIndex`, and the answer to a locate request."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.catalog.companies.repository import CompanyRepository
from services.catalog.locator.locate import ParkIndex, Zone, locate_company
from services.catalog.locator.schemas import LocatedPark, LocateRequest, LocateResult
from services.catalog.parks.models import Park
from shared.errors import ValidationFailed
from shared.principal import Principal


def park_index(session: Session) -> ParkIndex:
    """Every physical park (a virtual park has no place an address could name)."""
    rows = session.execute(
        select(
            Park.id,
            Park.name,
            Park.aliases,
            Park.zone_type,
            Park.province,
            Park.city,
            Park.county,
            Park.county_code,
            Park.parent_id,
        ).where(Park.is_virtual.is_(False))
    )
    return ParkIndex(
        Zone(
            row.id,
            row.name,
            tuple(row.aliases),
            row.zone_type,
            row.province,
            row.city,
            row.county,
            row.county_code,
            row.parent_id,
        )
        for row in rows
    )


def locate(session: Session, principal: Principal, request: LocateRequest) -> LocateResult:
    if (request.address is None) == (request.company_id is None):
        raise ValidationFailed.field("body.address", "give either an address or a company_id")
    index = park_index(session)
    if request.company_id is None:
        candidates = index.locate(request.address or "")
        province = next((index.zones[c.park_id].province for c in candidates), None)
    else:
        company = CompanyRepository(session, principal).get(request.company_id)
        addresses = {
            "office_address": company.office_address,
            "registered_address": company.registered_address,
        }
        if not any(addresses.values()):
            raise ValidationFailed.field("body.company_id", f"company {company.id} has no address on record")
        candidates = locate_company(index, addresses, company.province)
        province = next((index.zones[c.park_id].province for c in candidates), company.province)
    return LocateResult(
        province=province,
        items=[LocatedPark.model_validate(candidate, from_attributes=True) for candidate in candidates],
    )
