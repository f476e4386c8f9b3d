"""Seed step: industry chains with their nodes, the companies known at each node and supply edges."""

from sqlalchemy.orm import Session

from services.catalog.chains.models import Chain, ChainEdge, ChainNode, NodeCompany
from services.catalog.seed.bulk import Added, add_missing
from services.catalog.seed.reference import ReferenceChain

LEVELS = ("segment", "sub_segment", "node")  # parents before children


def _merge(parts: list[Added]) -> Added:
    ids: dict[tuple[object, ...], int] = {}
    for part in parts:
        ids.update(part.ids)
    return Added(ids, sum(part.added for part in parts), sum(part.present for part in parts))


def load_chains(
    session: Session, chains: list[ReferenceChain], companies: dict[str, int]
) -> dict[str, Added]:
    """Import the chains; `companies` maps stock codes to company ids (members without one are skipped)."""
    chain_rows = [
        {"code": chain.code, "name": chain.name, "description": chain.description, **chain.source.columns()}
        for chain in chains
    ]
    added_chains = add_missing(session, Chain, ("code",), chain_rows)
    chain_ids = {chain.code: added_chains.ids[(chain.code,)] for chain in chains}
    in_chains = ChainNode.chain_id.in_(chain_ids.values())

    levels = []
    node_ids: dict[tuple[object, ...], int] = {}
    for level in LEVELS:
        rows = [
            {
                "chain_id": chain_ids[chain.code],
                "parent_id": node_ids[(chain_ids[chain.code], node.parent_key)] if node.parent_key else None,
                "key": node.key,
                "name": node.name,
                "level": node.level,
                "stage": node.stage,
                "position": node.position,
                "description": node.description,
                "keywords": [],
                "industry_codes": [],
                "representative_names": node.representative_names,
                **chain.source.columns(),
            }
            for chain in chains
            for node in chain.nodes
            if node.level == level
        ]
        levels.append(add_missing(session, ChainNode, ("chain_id", "key"), rows, in_chains))
        node_ids.update(levels[-1].ids)

    def node_id(chain: ReferenceChain, key: str) -> int:
        return node_ids[(chain_ids[chain.code], key)]

    member_rows = [
        {
            "node_id": node_id(chain, member.node_key),
            "company_id": companies[member.stock_code],
            "role": member.role,
            **chain.source.columns(),
        }
        for chain in chains
        for member in chain.members
        if member.stock_code in companies
    ]
    edge_rows = [
        {
            "chain_id": chain_ids[chain.code],
            "supplier_node_id": node_id(chain, edge.supplier_key),
            "buyer_node_id": node_id(chain, edge.buyer_key),
            "product": edge.product,
            "confidence": edge.confidence,
            **(chain.edge_source or chain.source).columns(),
        }
        for chain in chains
        for edge in chain.edges
    ]
    return {
        "chain": added_chains,
        "chain_node": _merge(levels),
        "node_company": add_missing(session, NodeCompany, ("node_id", "company_id"), member_rows),
        "chain_edge": add_missing(
            session, ChainEdge, ("supplier_node_id", "buyer_node_id", "product"), edge_rows
        ),
    }
