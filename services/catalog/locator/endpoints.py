from fastapi import APIRouter

from services.catalog.db import SessionDep
from services.catalog.kit.dependencies import PrincipalDep
from services.catalog.locator import service
from services.catalog.locator.schemas import LocateRequest, LocateResult

router = APIRouter(prefix="/parks", tags=["parks"])


@router.post(
    "/locate",
    response_model=LocateResult,
    summary="Candidate parks for an address or a company's addresses, with confidence and reason",
)
def locate(session: SessionDep, principal: PrincipalDep, body: LocateRequest) -> LocateResult:
    return service.locate(session, principal, body)
