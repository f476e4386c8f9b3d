"""Locating: the parks of the catalog as a `ParkIndex`, and the answer to a locate request.

Building the index takes a good part of a second on the full catalogue; the locate endpoint keeps one
per database and catalog state (the change feed's last park change, with the parks' count and largest
id), so a request after any park is written sees it, and other requests reuse the index.
"""

import threading

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.catalog.changes.models import Change
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


ParksState = tuple[int | None, int, int | None]
_indexes: dict[str, tuple[ParksState, ParkIndex]] = {}  # database URL -> the state and its index
_indexes_lock = threading.Lock()


def parks_state(session: Session) -> ParksState:
    """What the parks' index depends on: every park write is in the change feed, so its last park
    change moves with each create, update and delete; the count and largest id tell databases apart."""
    last_change = session.scalar(select(func.max(Change.seq)).where(Change.entity == Park.entity_name))
    count, largest = session.execute(select(func.count(Park.id), func.max(Park.id))).one()
    return last_change, count, largest


def current_park_index(session: Session) -> ParkIndex:
    """The index of the parks as they are now, built once per catalog state."""
    database = session.get_bind().engine.url.render_as_string(hide_password=True)
    state = parks_state(session)
    with _indexes_lock:
        kept = _indexes.get(database)
        if kept is None or kept[0] != state:
            kept = _indexes[database] = (state, park_index(session))
    return kept[1]


def locate(session: Session, principal: Principal, request: LocateRequest) -> LocateResult:
    if (request.address is None) == (request.company_id is None):
        raise ValidationFailed.field("body.address", "give either an address or a company_id")
    index = current_park_index(session)
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
