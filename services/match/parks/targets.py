"""companies-for-park: an officer's target list, decided by the park's chain coverage.

Which chains: those where the park already has companies (most first), plus chains whose text is
close to the park's leading industries (建链 candidates). For each node with an action (补链, 延链,
强链, 建链) the node's best companies outside the park are candidates; a candidate's score is its
fit to the node times the action's weight, plus the officer's feedback: a company marked not
relevant is left out, companies like those marked relevant rise.
"""

from typing import Any

import numpy as np

from services.match.catalog_view import CatalogView
from services.match.chains.coverage import ACTION_LABEL, NodeCoverage
from services.match.chains.service import companies_for_node, company_item, park_coverage, pick_chains
from services.match.schemas import CompanyFilters, MatchAnswer, MatchItem
from services.match.spaces.documents import company_text
from services.match.state import MatchState

MAX_TARGET_NODES = 12
FEEDBACK_WEIGHT = 0.15


def companies_for_park(
    state: MatchState, park_id: int, chain_ids: list[int] | None, filters: CompanyFilters, limit: int
) -> MatchAnswer:
    view = CatalogView(state.corpus)
    park = view.record("park", park_id)
    tenants = view.tenants(park_id)
    verdicts = state.feedback.for_park(park_id)
    rejected = {company_id for company_id, v in verdicts.items() if not v.relevant}
    if chain_ids:
        chains = [(view.record("chain", chain_id), False) for chain_id in chain_ids]
    else:
        chains = pick_chains(state, park, tenants)

    targets: list[tuple[NodeCoverage, dict[str, Any]]] = []
    for chain, build in chains:
        for node in park_coverage(state, park_id, chain, fits_park=build):
            if node.action:
                targets.append((node, chain))
    targets.sort(key=lambda pair: -pair[0].weight)
    targets = targets[:MAX_TARGET_NODES]

    allowed = view.allowed_companies(filters)
    excluded = tenants | rejected
    allowed = (allowed if allowed is not None else set(state.corpus.of("company"))) - excluded
    liked = _liked_direction(state, [cid for cid, v in verdicts.items() if v.relevant])

    best: dict[int, MatchItem] = {}
    for node, chain in targets:
        query = view.node_query(node.node_id)
        for ranked in companies_for_node(state, query, allowed, limit):
            score = ranked.score * node.weight
            factors = {**ranked.factors, "action": node.weight}
            evidence = [
                f"{ACTION_LABEL[node.action or '']}：可填补「{node.name}」（{node.reason}）",
                *ranked.evidence,
            ]
            if ranked.id in best and best[ranked.id].score >= score:
                continue
            item = company_item(
                state,
                ranked,
                node_id=node.node_id,
                node=node.name,
                node_path=node.path,
                chain_id=chain["id"],
                chain=chain["name"],
                action=node.action,
                action_label=ACTION_LABEL[node.action or ""],
            )
            best[ranked.id] = item.model_copy(
                update={"score": round(score, 6), "factors": factors, "evidence": evidence}
            )
    if liked is not None and best:
        _apply_feedback(state, best, liked)
    items = sorted(best.values(), key=lambda item: (-item.score, item.id))[:limit]
    return MatchAnswer(
        items=items,
        explain={
            "park": park["name"],
            "chains": [{"id": c["id"], "name": c["name"], "build": build} for c, build in chains],
            "target_nodes": [
                {"node_id": n.node_id, "node": n.name, "action": n.action, "status": n.status}
                for n, _ in targets
            ],
            "excluded_tenants": len(tenants),
            "feedback": {"relevant": len(verdicts) - len(rejected), "not_relevant": len(rejected)},
        },
    )


def _liked_direction(state: MatchState, company_ids: list[int]) -> np.ndarray | None:
    records = [r for cid in company_ids if (r := state.corpus.get("company", cid))]
    if not records:
        return None
    vectors = state.encoder.encode_passages([company_text(r) for r in records])
    mean = vectors.mean(axis=0)
    return mean / (np.linalg.norm(mean) or 1.0)


def _apply_feedback(state: MatchState, items: dict[int, MatchItem], liked: np.ndarray) -> None:
    """Raise candidates alike to the companies the officer marked relevant (one batch encode)."""
    ids = list(items)
    vectors = state.encoder.encode_passages(
        [company_text(state.corpus.get("company", cid) or {}) for cid in ids]
    )
    for company_id, similarity in zip(ids, (vectors @ liked).tolist(), strict=True):
        item = items[company_id]
        alike = round(max(float(similarity), 0.0), 4)
        items[company_id] = item.model_copy(
            update={
                "score": round(item.score + FEEDBACK_WEIGHT * alike, 6),
                "factors": {**item.factors, "feedback": alike},
            }
        )
