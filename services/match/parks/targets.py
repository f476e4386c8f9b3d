"""companies-for-park: an officer's target list, read from membership and the park's tenancy.

Which chains: those where the park's tenants are members of enough nodes, and those closest to the
park's stated leading industries (``chains.service.pick_chains``), or the chains asked for. Which
nodes: those the park's coverage gives an action (补链, 延链, 强链, 建链), or only the action asked for,
the most important actions first, the chains taking turns; a chain to build (建链) for a stated
industry offers its nodes closest to that industry first. Candidates for a node are its members (``membership``) outside
the park: not its tenants, not a company already among the park's leads (any stage, landed or lost
included), not one the officer marked not relevant.

The score of a target is the confidence that the company works at the node (a probability, see
``membership.model``) times the weight of the node's action (补链 1.0, 延链 0.8, 强链 0.6, 建链 0.5):
the chance the company fills a gap, valued by how much the gap matters. It lies in [0, 1]. Feedback
moves it toward 1 by ``FEEDBACK_WEIGHT`` times the candidate's likeness to the companies the officer
marked relevant (the share of nodes they have in common), so it stays in [0, 1]; the evidence says so.
"""

from typing import Any

from services.match.catalog_view import CatalogView
from services.match.chains.coverage import ACTION_LABEL, ACTION_WEIGHT, Action, NodeCoverage
from services.match.chains.placement import tenant_basis
from services.match.chains.service import (
    ChainChoice,
    chain_presence,
    company_item,
    park_coverage,
    pick_chains,
)
from services.match.feedback.store import FeedbackStore
from services.match.membership.compute import Member
from services.match.membership.store import Membership
from services.match.ranking import RankedCompany
from services.match.schemas import CompanyFilters, MatchAnswer, MatchItem
from services.match.snapshot import CatalogSnapshot

MAX_TARGET_NODES = 12
FEEDBACK_WEIGHT = 0.3


def companies_for_park(
    snapshot: CatalogSnapshot,
    feedback: FeedbackStore,
    park_id: int,
    chain_ids: list[int] | None,
    action: Action | None,
    filters: CompanyFilters,
    limit: int,
    leads: set[int],
) -> MatchAnswer:
    view = CatalogView(snapshot)
    membership = snapshot.membership
    park = view.record("park", park_id)
    tenants = view.tenants(park_id)
    placements = view.placements(park_id)
    verdicts = feedback.for_park(park_id)
    rejected = {company_id for company_id, v in verdicts.items() if not v.relevant}
    if chain_ids:
        presence = chain_presence(membership, tenants)
        chains = [ChainChoice(view.record("chain", c), presence.get(c, 0.0), 0.0, None) for c in chain_ids]
    else:
        all_chains = sorted(snapshot.tables.chain.values(), key=lambda chain: chain["id"])
        chains = pick_chains(membership, all_chains, park, tenants)

    # The most important actions first; among equals, the chains take turns.
    ranked: list[tuple[float, int, int, NodeCoverage, ChainChoice]] = []
    for order, choice in enumerate(chains):
        nodes = park_coverage(membership, placements, choice.chain, fits_park=choice.build)
        wanted = [node for node in nodes if node.action and (action is None or node.action == action)]
        if choice.build and choice.industry:  # 建链 starts at the nodes closest to the stated industry
            industry = choice.industry
            wanted.sort(key=lambda node: -membership.node_fit(node.node_id, industry))
        ranked += [(-node.weight, turn, order, node, choice) for turn, node in enumerate(wanted)]
    ranked.sort(key=lambda entry: entry[:3])
    targets = [(node, choice) for *_, node, choice in ranked[:MAX_TARGET_NODES]]

    allowed = view.allowed_companies(filters)
    excluded = tenants | rejected | leads
    liked = [cid for cid, v in verdicts.items() if v.relevant]

    best: dict[int, MatchItem] = {}
    for node, choice in targets:
        for member in membership.members(node.node_id):
            if member.company_id in excluded or (allowed is not None and member.company_id not in allowed):
                continue
            score = member.confidence * node.weight
            if member.company_id in best and best[member.company_id].score >= score:
                continue
            best[member.company_id] = _item(snapshot, member, node, choice, score)
    if liked and best:
        _apply_feedback(membership, best, liked, view)
    items = sorted(best.values(), key=lambda item: (-item.score, item.id))[:limit]
    return MatchAnswer(
        items=items,
        explain={
            "park": park["name"],
            "score": "membership confidence at the node × the action's weight (补链 1.0, 延链 0.8, 强链 0.6, 建链 0.5)",
            "chains": [
                {
                    "id": c.chain["id"],
                    "name": c.chain["name"],
                    "build": c.build,
                    "presence": round(c.presence, 3),
                    "leading_industry": c.industry,
                    "industry_fit": round(c.fit, 3),
                }
                for c in chains
            ],
            "target_nodes": [
                {"node_id": n.node_id, "node": n.name, "action": n.action, "status": n.status}
                for n, _ in targets
            ],
            "action": action,
            "excluded_tenants": len(tenants),
            "tenants": tenant_basis(placements),
            "excluded_leads": len(leads),
            "feedback": {"relevant": len(liked), "not_relevant": len(rejected)},
        },
    )


def _item(
    snapshot: CatalogSnapshot, member: Member, node: NodeCoverage, choice: ChainChoice, score: float
) -> MatchItem:
    label = ACTION_LABEL[node.action or ""]
    why = f"{label}：「{node.name}」（{node.reason}）"
    if choice.build and choice.industry:
        why += f"；园区主导产业「{choice.industry}」"
    ranked = RankedCompany(
        id=member.company_id,
        name="",
        score=round(score, 6),
        factors={
            "membership": member.confidence,
            "action": ACTION_WEIGHT[node.action or ""],
            **member.factors,
        },
        evidence=[why, *member.evidence],
    )
    details: dict[str, Any] = {
        "node_id": node.node_id,
        "node": node.name,
        "node_path": node.path,
        "chain_id": choice.chain["id"],
        "chain": choice.chain["name"],
        "action": node.action,
        "action_label": label,
    }
    return company_item(snapshot, ranked, **details)


def _apply_feedback(
    membership: Membership, items: dict[int, MatchItem], liked: list[int], view: CatalogView
) -> None:
    """Raise candidates that work at the same nodes as the companies the officer marked relevant."""
    liked_nodes = {
        cid: set(membership.by_company.get(cid, {})) for cid in liked if cid in view.tables.company
    }
    for company_id, item in list(items.items()):
        nodes = set(membership.by_company.get(company_id, {}))
        alike, like = 0.0, None
        for other, other_nodes in liked_nodes.items():
            union = nodes | other_nodes
            share = len(nodes & other_nodes) / len(union) if union else 0.0
            if share > alike:
                alike, like = share, other
        if like is None:
            continue
        record = view.tables.company[like]
        score = item.score + (1.0 - item.score) * FEEDBACK_WEIGHT * alike
        items[company_id] = item.model_copy(
            update={
                "score": round(score, 6),
                "factors": {**item.factors, "feedback": round(alike, 4)},
                "evidence": [
                    *item.evidence,
                    f"与您标记为相关的「{record.get('short_name') or record['name']}」同在 {alike:.0%} 的环节",
                ],
            }
        )
