from typing import Any

from services.catalog.db import SessionDep
from services.catalog.kit.dependencies import PrincipalDep
from services.catalog.kit.endpoints import Resource, crud_router
from services.catalog.saved_searches import service
from services.catalog.saved_searches.repository import SavedSearchRepository
from services.catalog.saved_searches.schemas import (
    SavedSearchCreate,
    SavedSearchFilters,
    SavedSearchRead,
    SavedSearchSeen,
    SavedSearchUpdate,
)
from shared.schemas import PrimaryKey

resource = Resource(
    path="/saved-searches",
    tag="saved-searches",
    repository=SavedSearchRepository,
    create_schema=SavedSearchCreate,
    update_schema=SavedSearchUpdate,
    read_schema=SavedSearchRead,
    filter_schema=SavedSearchFilters,
    validate=service.validate,
)
router = crud_router(resource)


@router.post(
    "/{item_id}/seen",
    response_model=SavedSearchRead,
    summary="Record what a saved search returned at this look (the gateway's alerts do this)",
)
def record_look(
    session: SessionDep, principal: PrincipalDep, item_id: PrimaryKey, body: SavedSearchSeen
) -> Any:
    repo = SavedSearchRepository(session, principal)
    return service.record_look(repo, repo.get(item_id), body.result_ids, body.version)
