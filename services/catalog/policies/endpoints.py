from fastapi import APIRouter

from services.catalog.db import SessionDep
from services.catalog.kit.dependencies import PrincipalDep
from services.catalog.kit.endpoints import Resource, crud_router
from services.catalog.policies import service
from services.catalog.policies.repository import PolicyRepository
from services.catalog.policies.schemas import (
    BatchEvaluation,
    BatchEvaluationRequest,
    Evaluation,
    EvaluationRequest,
    PolicyCreate,
    PolicyFilters,
    PolicyRead,
    PolicyUpdate,
)
from shared.errors import ValidationFailed

resource = Resource(
    path="/policies",
    tag="policies",
    repository=PolicyRepository,
    create_schema=PolicyCreate,
    update_schema=PolicyUpdate,
    read_schema=PolicyRead,
    filter_schema=PolicyFilters,
    validate=service.validate_policy,
)

calculator = APIRouter(prefix="/policies", tags=["policies"])


@calculator.post("/evaluate", response_model=Evaluation, summary="Policy calculator: one company, one place")
def evaluate(session: SessionDep, principal: PrincipalDep, body: EvaluationRequest) -> Evaluation:
    """Every policy in force on `on` where the company would be (the park and its parent parks, the
    park's or else the company's province, city and county, and the nation), with eligibility, the
    reason for every condition, the estimated benefit over `years` and what of it counts after
    stacking; the location cost (rent, or a land parcel's price) net of the benefits that offset it,
    and the other subsidies beside it."""
    places = [] if body.park_id is None else [(body.park_id, "body.park_id")]
    if body.carrier_id is not None and body.park_id is None:
        raise ValidationFailed.field("body.carrier_id", "give the carrier's park_id too")
    carriers = [] if body.carrier_id is None else [(body.carrier_id, "body.carrier_id")]
    return service.evaluate(session, principal, body, places, carriers)[0]


@calculator.post(
    "/evaluate/batch", response_model=BatchEvaluation, summary="Policy calculator: one company, many parks"
)
def evaluate_batch(
    session: SessionDep, principal: PrincipalDep, body: BatchEvaluationRequest
) -> BatchEvaluation:
    """The same as /evaluate for each of `park_ids` (in that order), judging every policy's conditions
    once; each of `carrier_ids` is costed in its park."""
    places = [(park_id, f"body.park_ids.{index}") for index, park_id in enumerate(body.park_ids)]
    carriers = [
        (carrier_id, f"body.carrier_ids.{index}") for index, carrier_id in enumerate(body.carrier_ids)
    ]
    return BatchEvaluation(items=service.evaluate(session, principal, body, places, carriers))


router = APIRouter()
router.include_router(crud_router(resource))
router.include_router(calculator)
