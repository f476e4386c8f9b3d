from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import Field

from services.match.dependencies import SnapshotDep, StateDep
from services.match.schemas import MAX_LIMIT, Limit, MatchAnswer
from services.match.search import service
from shared.schemas import PrimaryKey

router = APIRouter(tags=["search"])


class Entity(StrEnum):
    company = "company"
    park = "park"
    fund = "fund"
    provider = "provider"


class SearchRequest(Limit):
    text: str = Field(min_length=1, max_length=500, description="Chinese or English")
    entities: list[Entity] = Field(default_factory=lambda: list(Entity), description="which kinds to search")


@router.post(
    "/search", response_model=MatchAnswer, summary="One query across companies, parks, funds, providers"
)
def search(state: StateDep, snapshot: SnapshotDep, body: SearchRequest) -> MatchAnswer:
    entities = [e.value for e in body.entities]
    return MatchAnswer(items=service.search(snapshot, state.encoder, body.text, entities, body.limit))


@router.get(
    "/similar/{entity}/{entity_id}", response_model=MatchAnswer, summary="Similar parks, companies, funds..."
)
def similar(
    snapshot: SnapshotDep,
    entity: Annotated[Entity, Path()],
    entity_id: PrimaryKey,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
) -> MatchAnswer:
    return MatchAnswer(items=service.similar(snapshot, entity.value, entity_id, limit))
