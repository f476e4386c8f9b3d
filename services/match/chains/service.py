"""companies-for-node and chain-coverage."""

from collections import Counter
from typing import Any

import numpy as np

from services.match.catalog_view import CatalogView
from services.match.chains.coverage import ACTION_LABEL, NodeCoverage, coverage, leaf_nodes
from services.match.ranking import NodeQuery, RankedCompany
from services.match.schemas import MatchAnswer, MatchItem
from services.match.spaces.documents import company_text, park_text
from services.match.state import MatchState
from shared.errors import NotFound

MAX_CHAINS = 3
# A chain the park covers nothing of is suggested (建链) when its fit is at least this (cosine).
BUILD_FIT = 0.82
# A park's company counts as working at a node when it is among the node's best companies of the
# whole corpus (about the top 2 % of 4,586 listed companies), or when the catalog links it there.
NODE_MEMBERS = 100


def company_item(state: MatchState, ranked: RankedCompany, **details: Any) -> MatchItem:
    record = state.corpus.get("company", ranked.id) or {}
    return MatchItem(
        id=ranked.id,
        name=record.get("name") or ranked.name,
        score=ranked.score,
        factors=ranked.factors,
        evidence=list(ranked.evidence),
        code=record.get("stock_code"),
        details={
            "short_name": record.get("short_name"),
            "province": record.get("province"),
            "industry": record.get("sw_industry_name"),
            **details,
        },
    )


def companies_for_node(
    state: MatchState, query: NodeQuery, allowed: set[int] | None, limit: int
) -> list[RankedCompany]:
    with state.reading() as spaces:
        return spaces.rank_companies(query, state.encoder, allowed, limit)


def node_members(state: MatchState, node_id: int) -> list[RankedCompany]:
    """The node's best companies over the whole corpus, cached until companies or chains change."""
    cached = state.node_members.get(node_id)
    if cached is None:
        query = CatalogView(state.corpus).node_query(node_id)
        cached = companies_for_node(state, query, None, NODE_MEMBERS)
        state.node_members[node_id] = cached
    return cached


def park_coverage(
    state: MatchState, park_id: int, chain: dict[str, Any], fits_park: bool = False
) -> list[NodeCoverage]:
    tenants = CatalogView(state.corpus).tenants(park_id)
    companies_at: dict[int, list[int]] = {}
    for node in leaf_nodes(chain):
        linked = {int(c) for c in node.get("company_ids", [])}
        ranked = {member.id for member in node_members(state, node["id"])}
        companies_at[node["id"]] = sorted((ranked | linked) & tenants)
    return coverage(chain, companies_at, fits_park=fits_park)


def chain_text(chain: dict[str, Any]) -> str:
    names = [node["name"] for node in leaf_nodes(chain)][:60]
    return f"{chain['name']}产业链 " + "、".join(names)


def chain_vectors(state: MatchState) -> tuple[list[dict[str, Any]], np.ndarray]:
    """Every chain and the embedding of its text, cached until the chains change."""
    chains = sorted(state.corpus.of("chain").values(), key=lambda chain: chain["id"])
    missing = [chain for chain in chains if chain["id"] not in state.chain_vectors]
    if missing:
        encoded = state.encoder.encode_passages([chain_text(chain) for chain in missing])
        state.chain_vectors.update(
            {chain["id"]: vector for chain, vector in zip(missing, encoded, strict=True)}
        )
    if not chains:
        return [], np.zeros((0, state.encoder.dim), dtype=np.float32)
    return chains, np.stack([state.chain_vectors[chain["id"]] for chain in chains])


def pick_chains(
    state: MatchState, park: dict[str, Any], tenants: set[int]
) -> list[tuple[dict[str, Any], bool]]:
    """(chain, is_build_candidate) for the chains that matter to this park.

    A chain is present in the park by its tenants: those the catalog links to its nodes, and each
    other tenant for the chain its profile is closest to. The most present chains come first; a
    chain absent from the park but close to its leading industries is a 建链 candidate.
    """
    chains, vectors = chain_vectors(state)
    if not chains:
        return []
    presence: Counter[int] = Counter()
    linked: set[int] = set()
    for chain in chains:
        members = {int(c) for node in chain.get("nodes", []) for c in node.get("company_ids", [])} & tenants
        presence[chain["id"]] += len(members)
        linked |= members
    others = [record for cid in sorted(tenants - linked) if (record := state.corpus.get("company", cid))]
    if others:
        closest = (state.encoder.encode_passages([company_text(r) for r in others]) @ vectors.T).argmax(
            axis=1
        )
        presence.update(chains[int(i)]["id"] for i in closest)
    park_vector = state.encoder.encode_queries([park_text(park)])[0]
    fit = dict(zip([c["id"] for c in chains], (vectors @ park_vector).tolist(), strict=True))
    present = sorted(
        (c for c in chains if presence[c["id"]]), key=lambda c: (-presence[c["id"]], -fit[c["id"]])
    )
    picked: list[tuple[dict[str, Any], bool]] = [(c, False) for c in present[:MAX_CHAINS]]
    absent = sorted((c for c in chains if not presence[c["id"]]), key=lambda c: -fit[c["id"]])
    picked += [(c, True) for c in absent[:1] if fit[c["id"]] >= BUILD_FIT or not picked]
    return picked


def chain_coverage(state: MatchState, park_id: int, chain_id: int | None, limit: int) -> MatchAnswer:
    """Coverage of one chain; without a chain, of the chain that matters most to the park."""
    view = CatalogView(state.corpus)
    park = view.record("park", park_id)
    if chain_id is None:
        picked = pick_chains(state, park, view.tenants(park_id))
        if not picked:
            raise NotFound(
                "the catalog holds no industry chain",
                details=[{"field": "body.chain_id", "reason": "no chains"}],
            )
        chain, build = picked[0]
    else:
        chain, build = view.record("chain", chain_id), False
    nodes = park_coverage(state, park_id, chain, fits_park=build)
    items = []
    for node in nodes[:limit]:
        companies = [view.corpus.get("company", cid) or {"id": cid} for cid in node.company_ids]
        evidence = [f"{ACTION_LABEL[node.action]}：{node.reason}"] if node.action else []
        evidence += [f"园区企业「{c.get('short_name') or c.get('name')}」在此环节" for c in companies]
        items.append(
            MatchItem(
                id=node.node_id,
                name=node.name,
                score=node.weight,
                factors={"coverage": min(len(node.company_ids) / 2, 1.0), "action": node.weight},
                evidence=evidence,
                details={
                    "status": node.status,
                    "stage": node.stage,
                    "path": node.path,
                    "action": node.action,
                    "action_label": ACTION_LABEL.get(node.action or ""),
                    "companies": [
                        {"id": c["id"], "name": c.get("name"), "code": c.get("stock_code")} for c in companies
                    ],
                },
            )
        )
    summary = {
        status: sum(1 for n in nodes if n.status == status) for status in ("covered", "thin", "missing")
    }
    actions = {ACTION_LABEL[a]: sum(1 for n in nodes if n.action == a) for a in ACTION_LABEL}
    return MatchAnswer(
        items=items,
        explain={
            "park": park["name"],
            "chain_id": chain["id"],
            "chain": chain["name"],
            "nodes": summary,
            "actions": actions,
        },
    )
