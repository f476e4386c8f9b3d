from fastapi import APIRouter

from services.match.dependencies import PrincipalDep, SnapshotDep, require_acts_for
from services.match.funds import service
from services.match.funds.schemas import CompaniesForFundRequest, FundsForCompanyRequest
from services.match.schemas import MatchAnswer

router = APIRouter(tags=["funds"])


@router.post("/funds-for-company", response_model=MatchAnswer, summary="Funds that fit a company, two-sided")
def funds_for_company(
    snapshot: SnapshotDep, principal: PrincipalDep, body: FundsForCompanyRequest
) -> MatchAnswer:
    require_acts_for(principal, "funds-for-company", body)
    return service.funds_for_company(snapshot, body.company_id, body.limit)


@router.post(
    "/companies-for-fund", response_model=MatchAnswer, summary="Deal flow: companies that fit a fund"
)
def companies_for_fund(
    snapshot: SnapshotDep, principal: PrincipalDep, body: CompaniesForFundRequest
) -> MatchAnswer:
    require_acts_for(principal, "companies-for-fund", body)
    return service.companies_for_fund(
        snapshot, body.fund_id, body.filters, body.limit, show_needs=principal.reads_private
    )
