from fastapi import APIRouter

from services.match.dependencies import PrincipalDep, SnapshotDep, require_acts_for
from services.match.providers import service
from services.match.providers.schemas import CompaniesForProviderRequest, ProvidersForCompanyRequest
from services.match.schemas import MatchAnswer

router = APIRouter(tags=["providers"])


@router.post(
    "/providers-for-company", response_model=MatchAnswer, summary="Service providers a company needs"
)
def providers_for_company(
    snapshot: SnapshotDep, principal: PrincipalDep, body: ProvidersForCompanyRequest
) -> MatchAnswer:
    require_acts_for(principal, "providers-for-company", body)
    return MatchAnswer(
        items=service.providers_for_company(snapshot, body.company_id, body.category, body.limit)
    )


@router.post(
    "/companies-for-provider", response_model=MatchAnswer, summary="Companies a service provider fits"
)
def companies_for_provider(
    snapshot: SnapshotDep, principal: PrincipalDep, body: CompaniesForProviderRequest
) -> MatchAnswer:
    require_acts_for(principal, "companies-for-provider", body)
    return MatchAnswer(
        items=service.companies_for_provider(
            snapshot, body.provider_id, body.filters, body.limit, show_needs=principal.reads_private
        )
    )
