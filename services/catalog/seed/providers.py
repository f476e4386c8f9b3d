"""Seed step: the real environmental-impact-assessment agencies of 2015 as providers (beside the
generated demo providers)."""

from sqlalchemy.orm import Session

from services.catalog.providers.models import Provider
from services.catalog.seed.bulk import Added, add_or_update
from services.catalog.seed.reference import EIA_AGENCIES_SOURCE, ReferenceAgency


def load_agencies(session: Session, agencies: list[ReferenceAgency]) -> Added:
    """New agencies are inserted; a stored one follows the source where the source has changed."""
    rows = [{**vars(agency), "park_id": None, **EIA_AGENCIES_SOURCE.columns()} for agency in agencies]
    follow = [name for name in rows[0] if name not in ("name", "park_id")] if rows else []
    return add_or_update(session, Provider, ("name",), rows, follow)
