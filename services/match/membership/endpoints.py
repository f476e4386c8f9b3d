"""GET the nodes a company works at, and the members of a node: membership as computed, explained."""

from typing import Annotated

from fastapi import APIRouter, Query

from services.match.catalog_view import CatalogView
from services.match.dependencies import SnapshotDep
from services.match.membership.compute import Member
from services.match.membership.model import MEMBER_MIN
from services.match.schemas import MAX_LIMIT, MatchAnswer, MatchItem
from shared.errors import NotFound
from shared.schemas import PrimaryKey

router = APIRouter(tags=["membership"])
SCORE = (
    "confidence that the company works at the node (membership.model): a probability; 1 for a curated link"
)


def _factors(member: Member) -> dict[str, float]:
    return {"membership": member.confidence, **member.factors}


@router.get(
    "/companies/{company_id}/nodes", response_model=MatchAnswer, summary="The chain nodes a company works at"
)
def company_nodes(
    snapshot: SnapshotDep,
    company_id: PrimaryKey,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = MAX_LIMIT,
) -> MatchAnswer:
    membership = snapshot.membership
    company = CatalogView(snapshot).record("company", company_id)
    items = []
    for member in membership.nodes_of(company_id)[:limit]:
        node = membership.nodes[member.node_id]
        items.append(
            MatchItem(
                id=node.id,
                name=node.name,
                score=member.confidence,
                factors=_factors(member),
                evidence=list(member.evidence),
                details={"path": node.path, "chain_id": node.chain_id, "chain": node.chain},
            )
        )
    return MatchAnswer(
        items=items,
        explain={"company": company["name"], "score": SCORE, "member_min": MEMBER_MIN},
    )


@router.get(
    "/nodes/{node_id}/members", response_model=MatchAnswer, summary="The companies that work at a node"
)
def node_members(
    snapshot: SnapshotDep, node_id: PrimaryKey, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = MAX_LIMIT
) -> MatchAnswer:
    membership = snapshot.membership
    node = membership.nodes.get(node_id)
    if node is None:
        raise NotFound.entity("chain_node", node_id)
    items = []
    for member in membership.members(node_id)[:limit]:
        company = snapshot.tables.company[member.company_id]
        items.append(
            MatchItem(
                id=member.company_id,
                name=company["name"],
                score=member.confidence,
                factors=_factors(member),
                evidence=list(member.evidence),
                code=company.get("stock_code"),
                details={"short_name": company.get("short_name"), "province": company.get("province")},
            )
        )
    return MatchAnswer(
        items=items,
        explain={"node": node.name, "path": node.path, "score": SCORE, "member_min": MEMBER_MIN},
    )
