"""companies-for-node and chain-coverage."""

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from services.match.catalog_view import CatalogView
from services.match.chains.coverage import ACTION_LABEL, NodeCoverage, coverage
from services.match.chains.placement import (
    is_virtual,
    placement_details,
    placement_note,
    tenant_basis,
)
from services.match.embedding.encoder import Encoder
from services.match.membership.store import Membership
from services.match.ranking import NodeQuery, RankedCompany
from services.match.ranking.semantic import query_vector
from services.match.schemas import MatchAnswer, MatchItem
from services.match.snapshot import CatalogSnapshot, Slot
from shared.contract import ChainRecord, ParkRecord, TenancyRecord, placed_by_demo
from shared.errors import NotFound

MAX_CHAINS = 3
# A chain is present in a park when its tenants are members of at least this share of its nodes.
PRESENT_MIN = 0.05
# Chains chosen for a park's stated leading industries: at most this many.
MAX_STATED = 2


def company_item(snapshot: CatalogSnapshot, ranked: RankedCompany, **details: Any) -> MatchItem:
    record = snapshot.tables.company[ranked.id]
    return MatchItem(
        id=ranked.id,
        name=record["name"],
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


def node_vector(snapshot: CatalogSnapshot, encoder: Encoder, node_id: int, query: NodeQuery) -> np.ndarray:
    """A catalog node's query vector: membership's for a leaf node; for a segment, encoded once and
    kept by the snapshots while the chains are unchanged."""
    stored = snapshot.membership.semantics.get(node_id)
    if stored is not None:
        return stored.vector
    slot: Slot[tuple[Mapping[int, ChainRecord], np.ndarray]] = Slot(f"vector of node {node_id}", carried=True)

    def encode() -> tuple[Mapping[int, ChainRecord], np.ndarray]:
        previous = snapshot.derived.previous(slot)
        if previous is not None and previous[0] is snapshot.tables.chain:
            return previous
        return snapshot.tables.chain, query_vector(encoder, query)

    return snapshot.derived.get(slot, encode)[1]


def companies_for_node(
    snapshot: CatalogSnapshot,
    encoder: Encoder,
    query: NodeQuery,
    allowed: set[int] | None,
    limit: int,
    node_id: int | None = None,
) -> list[RankedCompany]:
    """The query's ranking; a catalog node's (`node_id`) searches with the node's kept vector."""
    vector = node_vector(snapshot, encoder, node_id, query) if node_id is not None else None
    return snapshot.spaces.rank_companies(query, encoder, snapshot.lookups.profiles, allowed, limit, vector)


def park_coverage(
    membership: Membership,
    placements: Mapping[int, TenancyRecord],
    chain: ChainRecord,
    fits_park: bool = False,
) -> list[NodeCoverage]:
    """The chain's coverage by the park's tenants (`placements`: tenant id -> its tenancy): those that
    are members of each node. A thin node's reason says how many of its few are demo (示例) or virtual
    (虚拟注册) tenants, the weakness an officer would check first."""
    companies_at = {
        node.id: sorted(m.company_id for m in membership.members(node.id) if m.company_id in placements)
        for node in membership.chain_nodes(int(chain["id"]))
    }
    nodes = coverage(chain, companies_at, fits_park=fits_park)
    for node in nodes:
        if node.status != "thin":
            continue
        tenancies = [placements[company_id] for company_id in node.company_ids]
        caveats = [
            f"{count} 家{label}"
            for count, label in (
                (sum(placed_by_demo(t) for t in tenancies), "为示例入驻"),
                (sum(is_virtual(t) for t in tenancies), "为虚拟注册"),
            )
            if count
        ]
        if caveats:
            node.reason = f"{node.reason}；其中 {'、'.join(caveats)}"
    return nodes


@dataclass(frozen=True)
class ChainChoice:
    chain: ChainRecord
    presence: float  # share of the chain's nodes where the park has a member company
    fit: float  # closeness of the chain to the stated leading industry it was chosen for (cosine)
    industry: str | None  # that industry (None: not chosen for a stated industry)

    @property
    def build(self) -> bool:
        """The park has no presence in the chain to work from: the chain is to be built (建链)."""
        return self.presence == 0.0


def chain_presence(membership: Membership, tenants: frozenset[int]) -> dict[int, float]:
    """chain id -> share of its nodes where one of `tenants` is a member."""
    covered: dict[int, set[int]] = defaultdict(set)
    for company_id in tenants:
        for member in membership.nodes_of(company_id):
            covered[member.chain_id].add(member.node_id)
    sizes = Counter(node.chain_id for node in membership.nodes.values())
    return {chain_id: len(nodes) / sizes[chain_id] for chain_id, nodes in covered.items() if sizes[chain_id]}


def stated_chains(
    membership: Membership, chains: list[ChainRecord], industries: list[str]
) -> list[tuple[ChainRecord, float, str]]:
    """The chains that together best match the park's stated leading industries: (chain, cosine, industry).

    Greedy facility location: each step adds the chain that most raises the sum, over the stated
    industries, of each industry's best cosine to a chosen chain (its embedding against the mean of
    the chain's node embeddings). A park stating 电子信息, 生物医药 and 纳米技术 gets a chain for more
    than one of them; one stating 数字经济, 大数据, 人工智能... gets the chain closest to them all first.
    """
    known = [i for i in industries if i in membership.industries]
    vectors = {int(c["id"]): v for c in chains if (v := membership.chain_vector(int(c["id"]))) is not None}
    if not known or not vectors:
        return []
    by_id = {int(c["id"]): c for c in chains}
    fits = {c: [float(membership.industries[i] @ v) for i in known] for c, v in vectors.items()}
    best = [-1.0] * len(known)
    picked: list[tuple[ChainRecord, float, str]] = []
    while len(picked) < MAX_STATED:
        gains = {c: sum(max(f - b, 0.0) for f, b in zip(row, best, strict=True)) for c, row in fits.items()}
        chosen = max(gains, key=lambda c: (gains[c], -c), default=None)
        if chosen is None or gains[chosen] <= 0.0:
            break
        row = fits.pop(chosen)
        closest = max(range(len(known)), key=lambda k: row[k])
        picked.append((by_id[chosen], row[closest], known[closest]))
        best = [max(f, b) for f, b in zip(row, best, strict=True)]
    return picked


def pick_chains(
    membership: Membership, chains: list[ChainRecord], park: ParkRecord, tenants: frozenset[int]
) -> list[ChainChoice]:
    """The chains that matter to the park: where its tenants are present, and its stated industries.

    Present: the park's tenants are members of at least PRESENT_MIN of the chain's nodes (one
    company at one node of a 54-node chain is a tenant, not a chain); the most present first, at
    most MAX_CHAINS. Stated: ``stated_chains`` for the park's leading industries, after them.
    """
    presence = chain_presence(membership, tenants)
    present = sorted(
        (int(c["id"]) for c in chains if presence.get(int(c["id"]), 0.0) >= PRESENT_MIN),
        key=lambda c: -presence[c],
    )[:MAX_CHAINS]
    by_id = {int(c["id"]): c for c in chains}
    industries = [str(i) for i in park.get("leading_industries") or []]
    stated = {
        int(c["id"]): (fit, industry) for c, fit, industry in stated_chains(membership, chains, industries)
    }
    picked = [ChainChoice(by_id[c], presence[c], *stated.get(c, (0.0, None))) for c in present]
    picked += [
        ChainChoice(by_id[c], presence.get(c, 0.0), fit, industry)
        for c, (fit, industry) in stated.items()
        if c not in present
    ]
    return picked


def chain_coverage(snapshot: CatalogSnapshot, park_id: int, chain_id: int | None, limit: int) -> MatchAnswer:
    """Coverage of one chain; without a chain, of the chain that matters most to the park."""
    view = CatalogView(snapshot)
    membership = snapshot.membership
    park = view.record("park", park_id)
    tenants = view.tenants(park_id)
    placements = view.placements(park_id)
    if chain_id is None:
        chains = sorted(snapshot.tables.chain.values(), key=lambda chain: chain["id"])
        picked = pick_chains(membership, chains, park, tenants)
        if not picked:
            raise NotFound(
                "no chain matters to this park yet: name one",
                details=[
                    {
                        "field": "body.chain_id",
                        "reason": "the park's tenants work at no chain node and it states no leading industry",
                    }
                ],
            )
        chain, build = picked[0].chain, picked[0].build
    else:
        chain = view.record("chain", chain_id)
        build = chain_presence(membership, tenants).get(chain_id, 0.0) == 0.0
    nodes = park_coverage(membership, placements, chain, fits_park=build)
    items = []
    for node in nodes[:limit]:
        companies = [view.tables.company[cid] for cid in node.company_ids if cid in view.tables.company]
        evidence = [f"{ACTION_LABEL[node.action]}：{node.reason}"] if node.action else []
        evidence += [
            f"园区企业「{c.get('short_name') or c['name']}」（{placement_note(placements[c['id']])}）："
            f"{membership.by_node[node.node_id][c['id']].evidence[0]}"
            for c in companies
        ]
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
                        {
                            "id": c["id"],
                            "name": c.get("name"),
                            "code": c.get("stock_code"),
                            "placement": placement_details(placements[c["id"]]),
                        }
                        for c in companies
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
            "tenants": tenant_basis(placements),
        },
    )
