import asyncio

from fastapi import APIRouter

from services.match.catalog_view import CatalogView
from services.match.dependencies import PrincipalDep, SnapshotDep, StateDep, require_acts_for
from services.match.parks import calculator, shortlist
from services.match.parks.schemas import CompaniesForParkRequest, ParksForCompanyRequest
from services.match.parks.targets import companies_for_park
from services.match.schemas import MatchAnswer
from services.match.sync.catalog_client import CatalogError
from shared.errors import UpstreamUnavailable

router = APIRouter(tags=["parks"])


@router.post("/companies-for-park", response_model=MatchAnswer, summary="An officer's target list for a park")
async def targets_for_park(
    state: StateDep, snapshot: SnapshotDep, principal: PrincipalDep, body: CompaniesForParkRequest
) -> MatchAnswer:
    require_acts_for(principal, "companies-for-park", body)
    try:
        leads = {int(lead["company_id"]) for lead in await state.client.leads(body.park_id, principal)}
    except CatalogError as exc:
        raise UpstreamUnavailable(f"catalog leads: {exc}") from exc
    return await asyncio.to_thread(
        companies_for_park,
        snapshot,
        state.feedback,
        body.park_id,
        body.chain_ids,
        body.action,
        body.filters,
        body.limit,
        leads,
    )


@router.post(
    "/parks-for-company", response_model=MatchAnswer, summary="An enterprise's park shortlist, with costs"
)
async def parks_for_company(
    state: StateDep, snapshot: SnapshotDep, principal: PrincipalDep, body: ParksForCompanyRequest
) -> MatchAnswer:
    require_acts_for(principal, "parks-for-company", body)
    company = CatalogView(snapshot).record("company", body.company_id)
    needs = shortlist.needs_of(
        company, body.space_m2, body.budget_yuan_m2_month, body.investment_yuan, body.years
    )
    candidates = await asyncio.to_thread(shortlist.first_stage, snapshot, company, body.filters, needs)
    evaluations: list[calculator.Evaluation] = []
    if candidates:
        request = {
            "company_id": body.company_id,
            "park_ids": [c.park["id"] for c in candidates],
            "carrier_ids": [c.carrier.carrier["id"] for c in candidates if c.carrier],
            "years": body.years,
            **({"space_m2": needs.space_m2} if needs.space_m2 else {}),
            **({"investment_yuan": needs.investment_yuan} if needs.investment_yuan is not None else {}),
        }
        try:
            evaluations = await calculator.evaluations(snapshot, state.client, request)
        except CatalogError as exc:
            raise UpstreamUnavailable(f"catalog policy calculator: {exc}") from exc
    return MatchAnswer(
        items=shortlist.bundle(candidates, evaluations, needs, body.limit, snapshot.tables.policy),
        explain={
            "company": company["name"],
            "space_m2": needs.space_m2,
            "budget_yuan_m2_month": needs.budget,
            "years": body.years,
            "candidates_scored": len(candidates),
        },
    )
