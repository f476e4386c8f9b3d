from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import func, select

from services.catalog.changes.models import Change
from services.catalog.changes.schemas import ChangePage, ChangeRead
from services.catalog.db import SessionDep

router = APIRouter(prefix="/changes", tags=["changes"])

MAX_CHANGES_PAGE = 5_000


@router.get("", response_model=ChangePage, summary="Changes after a sequence number, oldest first")
def list_changes(
    session: SessionDep,
    after: Annotated[
        int, Query(ge=0, le=2**63 - 1, description="return changes with seq greater than this")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_CHANGES_PAGE)] = 1_000,
    entity: Annotated[str | None, Query(max_length=40, description="only this entity")] = None,
) -> ChangePage:
    statement = select(Change).where(Change.seq > after)
    if entity:
        statement = statement.where(Change.entity == entity)
    rows = list(session.scalars(statement.order_by(Change.seq).limit(limit)))
    last_seq = session.scalar(select(func.max(Change.seq))) or 0
    items = [ChangeRead.model_validate(row) for row in rows]
    return ChangePage(items=items, last_seq=last_seq, next_after=items[-1].seq if items else after)
