from fastapi import APIRouter, status
from pydantic import Field

from services.match.catalog_view import CatalogView
from services.match.dependencies import PrincipalDep, SnapshotDep, StateDep, require_acts_for
from services.match.feedback.store import Verdict
from shared.schemas import PrimaryKey, Schema


class FeedbackRequest(Schema):
    park_id: PrimaryKey
    company_id: PrimaryKey
    relevant: bool
    reason: str | None = Field(default=None, max_length=500)


class FeedbackRead(FeedbackRequest):
    recorded: bool = True


router = APIRouter(tags=["feedback"])


@router.post(
    "/feedback",
    response_model=FeedbackRead,
    status_code=status.HTTP_201_CREATED,
    summary="An officer marks a suggested target relevant or not",
)
def record_feedback(
    state: StateDep, snapshot: SnapshotDep, principal: PrincipalDep, body: FeedbackRequest
) -> FeedbackRead:
    require_acts_for(principal, "feedback", body)
    view = CatalogView(snapshot)
    view.record("park", body.park_id)
    view.record("company", body.company_id)
    state.feedback.record(
        Verdict(body.park_id, body.company_id, body.relevant, body.reason), principal.key_id
    )
    return FeedbackRead(**body.model_dump())
