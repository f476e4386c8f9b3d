"""Seed step: the development zones of the 2018 catalogue as parks."""

from sqlalchemy.orm import Session

from services.catalog.parks.models import Park
from services.catalog.seed.bulk import Added, add_or_update, key_ids
from services.catalog.seed.reference import PARKS_SOURCE, ReferencePark

GEOGRAPHY = ("province_code", "city", "city_code", "county", "county_code", "data_notes")


def load_parks(session: Session, parks: list[ReferencePark]) -> Added:
    rows = [
        {
            **vars(park),
            "description": None,
            "parent_id": None,
            "is_virtual": False,
            **PARKS_SOURCE.columns(),
        }
        for park in parks
    ]
    # The geography follows the division library (a newer table places zones better).
    return add_or_update(session, Park, ("code",), rows, GEOGRAPHY)


def park_ids(session: Session) -> dict[str, int]:
    """Park code -> park id."""
    return {code: park_id for (code,), park_id in key_ids(session, Park, ("code",)).items()}
