"""Rules of a chain's shape, and the writes of single nodes, edges and node companies.

A chain is a tree of nodes (segment > sub_segment > node, each parent exactly one level up, which
also rules out cycles) plus supply edges between its nodes. Every write goes through the ORM so the
change feed records it.
"""

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.catalog.chains.models import Chain, ChainEdge, ChainNode, NodeCompany
from services.catalog.chains.repository import (
    ChainEdgeRepository,
    ChainNodeRepository,
    ChainRepository,
    NodeCompanyRepository,
)
from services.catalog.chains.schemas import (
    PARENT_LEVEL,
    ChainEdgeCreate,
    ChainEdgeUpdate,
    ChainNodeCreate,
    ChainNodeDetail,
    ChainNodeRead,
    ChainNodeUpdate,
    ChainRef,
    NodeCompanyCreate,
    NodeCompanyFilters,
    NodeCompanyRead,
    NodeLevel,
    PathStep,
)
from services.catalog.companies.models import Company
from services.catalog.kit.endpoints import check_references, check_required
from services.catalog.kit.repository import ensure_version
from shared.errors import Conflict, NotFound, ValidationFailed
from shared.principal import Principal

# --- shape -----------------------------------------------------------------------------------


def check_parent(field: str, level: NodeLevel, parent_level: NodeLevel | None) -> None:
    """A node's parent must be exactly one level up; a segment has none."""
    wanted = PARENT_LEVEL[level]
    if parent_level == wanted:
        return
    if wanted is None:
        raise ValidationFailed.field(field, "a segment has no parent")
    if parent_level is None:
        raise ValidationFailed.field(field, f"a {level.value} needs a parent {wanted.value}")
    raise ValidationFailed.field(
        field, f"a {level.value} sits under a {wanted.value}, not a {parent_level.value}"
    )


def validate_chain(session: Session, values: dict[str, Any], obj: Chain | None) -> dict[str, Any]:
    """A new chain's nodes and edges must form a valid chain. Fills each node's stage (its parent's
    when not given) and position (its place in the request when not given)."""
    if obj is not None:  # an update changes the chain's own fields only
        return values
    nodes: list[dict[str, Any]] = values["nodes"]
    index: dict[str, int] = {}
    for i, node in enumerate(nodes):
        if node["key"] in index:
            raise ValidationFailed.field(f"body.nodes.{i}.key", f"also the key of nodes.{index[node['key']]}")
        index[node["key"]] = i
    for i, node in enumerate(nodes):
        parent_key = node["parent_key"]
        if parent_key is not None and parent_key not in index:
            raise ValidationFailed.field(f"body.nodes.{i}.parent_key", f"no node has the key '{parent_key}'")
        parent_level = None if parent_key is None else nodes[index[parent_key]]["level"]
        check_parent(f"body.nodes.{i}.parent_key", node["level"], parent_level)
    for level in NodeLevel:  # parents before children, so a parent's stage is known
        for i, node in enumerate(nodes):
            if node["level"] != level:
                continue
            if node["stage"] is None:
                if node["parent_key"] is None:
                    raise ValidationFailed.field(f"body.nodes.{i}.stage", "required for a segment")
                node["stage"] = nodes[index[node["parent_key"]]]["stage"]
            if node["position"] is None:
                node["position"] = i

    seen: dict[tuple[str, str, str], int] = {}
    for i, edge in enumerate(values["edges"]):
        for end in ("supplier_key", "buyer_key"):
            if edge[end] not in index:
                raise ValidationFailed.field(f"body.edges.{i}.{end}", f"no node has the key '{edge[end]}'")
        if edge["supplier_key"] == edge["buyer_key"]:
            raise ValidationFailed.field(f"body.edges.{i}.buyer_key", "an edge joins two different nodes")
        triple = (edge["supplier_key"], edge["buyer_key"], edge["product"])
        if triple in seen:
            raise ValidationFailed.field(f"body.edges.{i}", f"the same edge as edges.{seen[triple]}")
        seen[triple] = i
    return values


def _node_in_chain(repo: ChainNodeRepository, chain_id: int, node_id: int) -> ChainNode:
    node = repo.get(node_id)
    if node.chain_id != chain_id:
        raise NotFound.entity("chain_node", node_id)
    return node


def _referenced_node(repo: ChainNodeRepository, chain_id: int, node_id: int, field: str) -> ChainNode:
    node = repo.session.get(ChainNode, node_id)
    if node is None or node.chain_id != chain_id:
        raise ValidationFailed.field(field, f"chain_node {node_id} is not in chain {chain_id}")
    return node


def _check_key_free(session: Session, chain_id: int, key: str) -> None:
    taken = session.scalar(select(ChainNode.id).where(ChainNode.chain_id == chain_id, ChainNode.key == key))
    if taken is not None:
        raise Conflict(
            f"chain {chain_id} already has a node with the key '{key}'",
            details=[{"field": "body.key", "reason": f"taken by chain_node {taken}"}],
        )


# --- nodes -----------------------------------------------------------------------------------


def add_node(session: Session, principal: Principal, chain_id: int, body: ChainNodeCreate) -> ChainNode:
    repo = ChainNodeRepository(session, principal)
    values = body.model_dump()
    repo.check_write(None, values)
    chain = ChainRepository(session, principal).get(chain_id)
    parent = None
    if values["parent_id"] is not None:
        parent = _referenced_node(repo, chain.id, values["parent_id"], "body.parent_id")
    check_parent("body.parent_id", values["level"], None if parent is None else NodeLevel(parent.level))
    if values["stage"] is None:
        if parent is None:
            raise ValidationFailed.field("body.stage", "required for a segment")
        values["stage"] = parent.stage
    if values["position"] is None:
        last = session.scalar(select(func.max(ChainNode.position)).where(ChainNode.chain_id == chain.id))
        values["position"] = 0 if last is None else last + 1
    _check_key_free(session, chain.id, values["key"])
    return repo.create({**values, "chain_id": chain.id})


def update_node(
    session: Session, principal: Principal, chain_id: int, node_id: int, body: ChainNodeUpdate
) -> ChainNode:
    repo = ChainNodeRepository(session, principal)
    node = _node_in_chain(repo, chain_id, node_id)
    values = body.model_dump(exclude_unset=True, exclude={"version"})
    repo.check_write(node, values)
    check_required(ChainNode, values)
    if values.keys() & {"level", "parent_id"}:
        level = NodeLevel(values.get("level", node.level))
        parent_id = values.get("parent_id", node.parent_id)
        parent = None if parent_id is None else _referenced_node(repo, chain_id, parent_id, "body.parent_id")
        field = "body.parent_id" if "parent_id" in values else "body.level"
        check_parent(field, level, None if parent is None else NodeLevel(parent.level))
        child_levels = set(session.scalars(select(ChainNode.level).where(ChainNode.parent_id == node.id)))
        if any(PARENT_LEVEL[NodeLevel(child)] != level for child in child_levels):
            raise ValidationFailed.field("body.level", f"its children are {', '.join(sorted(child_levels))}")
    if "key" in values and values["key"] != node.key:
        _check_key_free(session, chain_id, values["key"])
    return repo.update(node, values, body.version)


def delete_node(
    session: Session, principal: Principal, chain_id: int, node_id: int, version: int | None
) -> None:
    """Delete the node with everything under it, and the edges and node companies of those nodes."""
    repo = ChainNodeRepository(session, principal)
    node = _node_in_chain(repo, chain_id, node_id)
    repo.check_delete(node)
    if version is not None:
        ensure_version(node, version)
    children: dict[int, list[ChainNode]] = defaultdict(list)
    for other in repo.chain_nodes(chain_id):
        if other.parent_id is not None:
            children[other.parent_id].append(other)
    subtree = [node]
    for member in subtree:  # grows while it is walked: breadth first
        subtree.extend(children[member.id])
    repo.delete_nodes(subtree)


def node_detail(session: Session, principal: Principal, node_id: int) -> ChainNodeDetail:
    repo = ChainNodeRepository(session, principal)
    node = repo.get(node_id)
    by_id = {other.id: other for other in repo.chain_nodes(node.chain_id)}
    path: list[PathStep] = []
    parent_id = node.parent_id
    while parent_id is not None and parent_id in by_id and len(path) < len(by_id):
        parent = by_id[parent_id]
        path.insert(0, PathStep.model_validate(parent))
        parent_id = parent.parent_id
    rows = list(
        session.scalars(select(NodeCompany).where(NodeCompany.node_id == node.id).order_by(NodeCompany.id))
    )
    return ChainNodeDetail(
        **ChainNodeRead.model_validate(node).model_dump(),
        chain=ChainRef.model_validate(node.chain),
        path=path,
        companies=node_company_reads(session, rows),
    )


# --- edges -----------------------------------------------------------------------------------


def _check_edge_free(session: Session, supplier_id: int, buyer_id: int, product: str) -> None:
    taken = session.scalar(
        select(ChainEdge.id).where(
            ChainEdge.supplier_node_id == supplier_id,
            ChainEdge.buyer_node_id == buyer_id,
            ChainEdge.product == product,
        )
    )
    if taken is not None:
        raise Conflict(
            f"chain_edge {taken} already joins chain_node {supplier_id} to {buyer_id} for '{product}'",
            details=[{"field": "body.product", "reason": f"taken by chain_edge {taken}"}],
        )


def _edge_in_chain(repo: ChainEdgeRepository, chain_id: int, edge_id: int) -> ChainEdge:
    edge = repo.get(edge_id)
    if edge.chain_id != chain_id:
        raise NotFound.entity("chain_edge", edge_id)
    return edge


def add_edge(session: Session, principal: Principal, chain_id: int, body: ChainEdgeCreate) -> ChainEdge:
    repo = ChainEdgeRepository(session, principal)
    values = body.model_dump()
    repo.check_write(None, values)
    chain = ChainRepository(session, principal).get(chain_id)
    nodes = ChainNodeRepository(session, principal)
    for end in ("supplier_node_id", "buyer_node_id"):
        _referenced_node(nodes, chain.id, values[end], f"body.{end}")
    if values["supplier_node_id"] == values["buyer_node_id"]:
        raise ValidationFailed.field("body.buyer_node_id", "an edge joins two different nodes")
    _check_edge_free(session, values["supplier_node_id"], values["buyer_node_id"], values["product"])
    return repo.create({**values, "chain_id": chain.id})


def update_edge(
    session: Session, principal: Principal, chain_id: int, edge_id: int, body: ChainEdgeUpdate
) -> ChainEdge:
    repo = ChainEdgeRepository(session, principal)
    edge = _edge_in_chain(repo, chain_id, edge_id)
    values = body.model_dump(exclude_unset=True, exclude={"version"})
    repo.check_write(edge, values)
    check_required(ChainEdge, values)
    if "product" in values and values["product"] != edge.product:
        _check_edge_free(session, edge.supplier_node_id, edge.buyer_node_id, values["product"])
    return repo.update(edge, values, body.version)


def delete_edge(
    session: Session, principal: Principal, chain_id: int, edge_id: int, version: int | None
) -> None:
    repo = ChainEdgeRepository(session, principal)
    edge = _edge_in_chain(repo, chain_id, edge_id)
    repo.check_delete(edge)
    repo.delete(edge, version)


# --- node companies --------------------------------------------------------------------------


def node_company_reads(session: Session, rows: list[NodeCompany]) -> list[NodeCompanyRead]:
    ids = {row.company_id for row in rows}
    names = dict(session.execute(select(Company.id, Company.name).where(Company.id.in_(ids))).all())
    return [
        NodeCompanyRead.model_validate(row).model_copy(update={"company_name": names.get(row.company_id)})
        for row in rows
    ]


def list_node_companies(
    session: Session, principal: Principal, node_id: int, cursor: str | None, limit: int
) -> dict[str, Any]:
    node = ChainNodeRepository(session, principal).get(node_id)
    repo = NodeCompanyRepository(session, principal)
    rows, total, next_cursor = repo.paginate(
        NodeCompanyFilters(node_id=node.id), sort=None, cursor=cursor, limit=limit
    )
    return {"items": node_company_reads(session, rows), "total": total, "next_cursor": next_cursor}


def add_node_company(
    session: Session, principal: Principal, node_id: int, body: NodeCompanyCreate
) -> NodeCompanyRead:
    repo = NodeCompanyRepository(session, principal)
    values = body.model_dump()
    repo.check_write(None, values)
    node = ChainNodeRepository(session, principal).get(node_id)
    check_references(session, NodeCompany, values)
    taken = session.scalar(
        select(NodeCompany.id).where(
            NodeCompany.node_id == node.id, NodeCompany.company_id == body.company_id
        )
    )
    if taken is not None:
        raise Conflict(
            f"company {body.company_id} is already at chain_node {node.id}",
            details=[{"field": "body.company_id", "reason": f"taken by node_company {taken}"}],
        )
    row = repo.create({**values, "node_id": node.id})
    return node_company_reads(session, [row])[0]


def remove_node_company(
    session: Session, principal: Principal, node_id: int, company_id: int, version: int | None
) -> None:
    repo = NodeCompanyRepository(session, principal)
    row = session.scalar(
        repo.base_statement().where(NodeCompany.node_id == node_id, NodeCompany.company_id == company_id)
    )
    if row is None:
        raise NotFound(
            f"company {company_id} is not at chain_node {node_id}",
            details=[{"field": "company_id", "reason": "not found"}],
        )
    repo.check_delete(row)
    repo.delete(row, version)
