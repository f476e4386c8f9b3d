from collections.abc import Iterable
from typing import Any, ClassVar

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.orm import selectinload

from services.catalog.chains.models import Chain, ChainEdge, ChainNode, NodeCompany
from services.catalog.chains.schemas import ChainFilters, ChainNodeFilters, NodeCompanyFilters, NodeLevel
from services.catalog.changes import writes
from services.catalog.kit.filters import json_list_contains, json_list_mentions, text_matches
from services.catalog.kit.repository import Repository, ensure_version
from services.catalog.policies.models import Policy


class ChainRepository(Repository[Chain]):
    model = Chain
    sortable: ClassVar[dict[str, str]] = {"name": "name", "code": "code"}

    def base_statement(self) -> Select[Chain]:
        return select(Chain).options(selectinload(Chain.nodes), selectinload(Chain.edges))

    def apply_filters(self, statement: Select[Chain], filters: ChainFilters) -> Select[Chain]:
        if filters.q:
            statement = statement.where(text_matches([Chain.name, Chain.code, Chain.description], filters.q))
        if filters.code:
            statement = statement.where(Chain.code == filters.code)
        if filters.node:
            named = text_matches([ChainNode.name], filters.node)
            statement = statement.where(exists().where(ChainNode.chain_id == Chain.id, named))
        return statement

    def create(self, values: dict[str, Any]) -> Chain:
        """The chain with its nodes (parents before children) and edges; nodes and edges take the
        chain's provenance. `values` come from `service.validate_chain`: stages and positions set."""
        node_specs, edge_specs = values.pop("nodes"), values.pop("edges")
        chain = super().create(values)
        provenance = {name: values[name] for name in ("source", "as_of", "is_generated")}
        ids: dict[str, int] = {}
        for level in NodeLevel:
            nodes = [
                ChainNode(
                    **{name: value for name, value in spec.items() if name != "parent_key"},
                    **provenance,
                    chain_id=chain.id,
                    parent_id=ids[spec["parent_key"]] if spec["parent_key"] else None,
                )
                for spec in node_specs
                if spec["level"] == level
            ]
            writes.create(self.session, nodes)
            ids.update((node.key, node.id) for node in nodes)
        edges = [
            ChainEdge(
                chain_id=chain.id,
                supplier_node_id=ids[spec["supplier_key"]],
                buyer_node_id=ids[spec["buyer_key"]],
                product=spec["product"],
                confidence=spec["confidence"],
                **provenance,
            )
            for spec in edge_specs
        ]
        writes.create(self.session, edges)
        self.session.expire(chain, ["nodes", "edges"])
        return chain

    def delete(self, obj: Chain, expected_version: int | None) -> None:
        if expected_version is not None:
            ensure_version(obj, expected_version)
        ChainNodeRepository(self.session, self.principal).delete_nodes(obj.nodes)
        self.session.expire(obj, ["nodes", "edges"])
        super().delete(obj, None)


class ChainNodeRepository(Repository[ChainNode]):
    model = ChainNode
    sortable: ClassVar[dict[str, str]] = {"name": "name", "position": "position", "stage": "stage"}

    def apply_filters(self, statement: Select[ChainNode], filters: ChainNodeFilters) -> Select[ChainNode]:
        if filters.q:
            statement = statement.where(
                or_(
                    text_matches([ChainNode.name], filters.q),
                    json_list_mentions(ChainNode.keywords, filters.q),
                )
            )
        if filters.chain_id:
            statement = statement.where(ChainNode.chain_id == filters.chain_id)
        if filters.stage:
            statement = statement.where(ChainNode.stage == filters.stage)
        if filters.level:
            statement = statement.where(ChainNode.level == filters.level)
        return statement

    def chain_nodes(self, chain_id: int) -> list[ChainNode]:
        return list(self.session.scalars(self.base_statement().where(ChainNode.chain_id == chain_id)))

    def delete_nodes(self, nodes: Iterable[ChainNode]) -> None:
        """Delete whole subtrees through the ORM, so the change feed records every row: first the
        node companies and edges, then the nodes from the deepest level up (the database's cascades
        would remove rows behind the feed's back). Policies that target the nodes stop naming them."""
        nodes = list(nodes)
        if not nodes:
            return
        ids = [node.id for node in nodes]
        gone = set(ids)
        targeting = or_(*(json_list_contains(Policy.target_node_ids, node_id) for node_id in ids))
        policies = self.session.scalars(select(Policy).where(targeting)).all()
        writes.update(
            self.session,
            [
                (policy, {"target_node_ids": [i for i in policy.target_node_ids if i not in gone]})
                for policy in policies
            ],
        )
        companies = self.session.scalars(select(NodeCompany).where(NodeCompany.node_id.in_(ids))).all()
        touching = or_(ChainEdge.supplier_node_id.in_(ids), ChainEdge.buyer_node_id.in_(ids))
        edges = self.session.scalars(select(ChainEdge).where(touching)).all()
        writes.delete(self.session, [*companies, *edges])
        for level in reversed(NodeLevel):
            writes.delete(self.session, [node for node in nodes if node.level == level])


class ChainEdgeRepository(Repository[ChainEdge]):
    model = ChainEdge


class NodeCompanyRepository(Repository[NodeCompany]):
    model = NodeCompany

    def apply_filters(
        self, statement: Select[NodeCompany], filters: NodeCompanyFilters
    ) -> Select[NodeCompany]:
        return statement.where(NodeCompany.node_id == filters.node_id)
