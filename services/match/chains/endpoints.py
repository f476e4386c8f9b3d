from fastapi import APIRouter

from services.match.catalog_view import CatalogView
from services.match.chains import service
from services.match.chains.schemas import ChainCoverageRequest, CompaniesForNodeRequest
from services.match.dependencies import SnapshotDep, StateDep
from services.match.ranking import NodeQuery
from services.match.schemas import MatchAnswer

router = APIRouter(tags=["chains"])


@router.post(
    "/companies-for-node", response_model=MatchAnswer, summary="Companies that could fill a chain node"
)
def companies_for_node(state: StateDep, snapshot: SnapshotDep, body: CompaniesForNodeRequest) -> MatchAnswer:
    view = CatalogView(snapshot)
    query = view.node_query(body.node_id) if body.node_id else NodeQuery.free_text(body.text or "")
    allowed = view.allowed_companies(body.filters)
    ranked = service.companies_for_node(snapshot, state.encoder, query, allowed, body.limit, body.node_id)
    return MatchAnswer(
        items=[service.company_item(snapshot, r) for r in ranked],
        explain={"query": query.path, "filters": body.filters.model_dump(exclude_defaults=True)},
    )


@router.post(
    "/chain-coverage", response_model=MatchAnswer, summary="A park's coverage of a chain, node by node"
)
def chain_coverage(snapshot: SnapshotDep, body: ChainCoverageRequest) -> MatchAnswer:
    return service.chain_coverage(snapshot, body.park_id, body.chain_id, body.limit)
