from typing import Annotated, Any

from fastapi import Query

from services.catalog.db import SessionDep
from services.catalog.kit.dependencies import PrincipalDep, SettingsDep
from services.catalog.kit.endpoints import Resource, crud_router
from services.catalog.leads import service
from services.catalog.leads.repository import LeadEventRepository, LeadRepository
from services.catalog.leads.schemas import (
    LeadCreate,
    LeadEventFilters,
    LeadEventRead,
    LeadFilters,
    LeadRead,
    LeadUpdate,
)
from shared.schemas import Page, PrimaryKey

resource = Resource(
    path="/leads",
    tag="leads",
    repository=LeadRepository,
    create_schema=LeadCreate,
    update_schema=LeadUpdate,
    read_schema=LeadRead,
    filter_schema=LeadFilters,
    validate=service.validate,
)
router = crud_router(resource)


@router.get(
    "/{item_id}/events", response_model=Page[LeadEventRead], summary="The history of a lead, oldest first"
)
def list_events(
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    item_id: PrimaryKey,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
    limit: Annotated[int | None, Query(ge=1, description="page size (capped)")] = None,
) -> Any:
    LeadRepository(session, principal).get(item_id)  # another park's lead is a 404
    size = min(limit or settings.default_page_size, settings.max_page_size)
    rows, total, next_cursor = LeadEventRepository(session, principal).paginate(
        LeadEventFilters(lead_id=item_id), sort=None, cursor=cursor, limit=size
    )
    return {"items": rows, "total": total, "next_cursor": next_cursor}
