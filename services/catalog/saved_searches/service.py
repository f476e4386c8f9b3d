"""Saved-search rules: a changed question starts its alerts afresh; a look stores what was seen."""

from typing import Any

from sqlalchemy.orm import Session

from services.catalog.kit.models import utcnow
from services.catalog.saved_searches.models import SavedSearch
from services.catalog.saved_searches.repository import SavedSearchRepository


def validate(_: Session, values: dict[str, Any], search: SavedSearch | None) -> dict[str, Any]:
    if search is not None and any(
        field in values and values[field] != getattr(search, field) for field in ("kind", "query")
    ):
        values.update(last_result_ids=None, last_checked_at=None)
    return values


def record_look(
    repo: SavedSearchRepository, search: SavedSearch, result_ids: list[int], version: int
) -> SavedSearch:
    repo.check_write(search, {})
    unique_ids = list(dict.fromkeys(result_ids))
    return repo.update(search, {"last_result_ids": unique_ids, "last_checked_at": utcnow()}, version)
