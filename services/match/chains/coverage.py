"""A park's coverage of an industry chain, node by node, and what to do about it.

Status of a node: `covered` (at least `covered_min` of the park's companies work there), `thin`
(fewer), `missing` (none). Actions, in the glossary's words:
- fill (补链): a missing node between covered ones — its supplier and buyer nodes are covered, or,
  where the chain has no supply edges, a sibling under the same parent is covered;
- extend (延链): a missing node next to the park's coverage — one supply edge or one stage away;
- strengthen (强链): a thin node;
- build (建链): the park covers nothing of a chain chosen for it (its leading industries, or asked for).
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from services.match.ranking import NodeQuery
from shared.contract import Stage

STAGES = tuple(Stage)  # upstream, midstream, downstream


class Action(StrEnum):
    fill = "fill"
    extend = "extend"
    strengthen = "strengthen"
    build = "build"


ACTION_WEIGHT = {"fill": 1.0, "extend": 0.8, "strengthen": 0.6, "build": 0.5}
ACTION_LABEL = {"fill": "补链", "extend": "延链", "strengthen": "强链", "build": "建链"}


@dataclass
class NodeCoverage:
    node_id: int
    name: str
    path: str
    stage: str
    status: str  # covered | thin | missing
    company_ids: list[int] = field(default_factory=list)
    action: str | None = None
    reason: str | None = None

    @property
    def weight(self) -> float:
        return ACTION_WEIGHT.get(self.action or "", 0.0)


def leaf_nodes(chain: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The nodes companies work at: those no other node names as parent."""
    nodes: list[dict[str, Any]] = chain.get("nodes", [])
    parents = {node.get("parent_id") for node in nodes}
    return [node for node in nodes if node["id"] not in parents]


def node_path(chain: Mapping[str, Any], node: Mapping[str, Any]) -> list[str]:
    by_id = {n["id"]: n for n in chain.get("nodes", [])}
    names = [node["name"]]
    parent = by_id.get(node.get("parent_id"))
    while parent is not None:
        names.append(parent["name"])
        parent = by_id.get(parent.get("parent_id"))
    return [chain["name"], *reversed(names)]


def node_query(chain: Mapping[str, Any], node: Mapping[str, Any]) -> NodeQuery:
    """The node as companies-for-node asks it: its name, the chain, its segment and sub-segment."""
    path = node_path(chain, node)  # chain, segment, sub_segment..., node
    middle = path[1:-1]
    return NodeQuery(
        node=node["name"],
        chain=chain["name"],
        segment=middle[0] if middle else "",
        sub_segment=middle[-1] if len(middle) > 1 else "",
    )


def coverage(
    chain: Mapping[str, Any],
    companies_at: Mapping[int, list[int]],
    *,
    covered_min: int = 2,
    fits_park: bool = False,
) -> list[NodeCoverage]:
    """Status and suggested action of every leaf node; `companies_at[node_id]` = the park's companies there."""
    leaves = leaf_nodes(chain)
    result: dict[int, NodeCoverage] = {}
    for node in leaves:
        ids = sorted(set(companies_at.get(node["id"], [])))
        status = "missing" if not ids else ("covered" if len(ids) >= covered_min else "thin")
        result[node["id"]] = NodeCoverage(
            node_id=node["id"],
            name=node["name"],
            path=" > ".join(node_path(chain, node)),
            stage=node.get("stage", "midstream"),
            status=status,
            company_ids=ids,
        )
    present = {node_id for node_id, item in result.items() if item.status != "missing"}
    if not present:
        if fits_park:
            for item in result.values():
                item.action = "build"
                item.reason = f"园区尚无企业在「{chain['name']}」的任何环节，可整链引入"
        return list(result.values())

    suppliers, buyers = _edge_neighbours(chain)
    siblings = _siblings(leaves)
    covered_stages = {result[node_id].stage for node_id in present}
    for node in leaves:
        item = result[node["id"]]
        if item.status == "thin":
            item.action, item.reason = "strengthen", f"仅 {len(item.company_ids)} 家企业，环节薄弱"
            continue
        if item.status != "missing":
            continue
        up = suppliers[node["id"]] & present
        down = buyers[node["id"]] & present
        if up and down:
            item.action, item.reason = "fill", "上游与下游环节均已覆盖，中间缺失"
        elif siblings[node["id"]] & present:
            item.action, item.reason = "fill", "同一细分环节已有企业，该节点缺失"
        elif up or down:
            item.action = "extend"
            item.reason = "向下游延伸：供应方已在园区" if up else "向上游延伸：采购方已在园区"
        elif _adjacent_stage(item.stage, covered_stages):
            item.action, item.reason = "extend", "相邻环节已覆盖，可沿链延伸"
    return list(result.values())


def _edge_neighbours(chain: Mapping[str, Any]) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    suppliers: dict[int, set[int]] = defaultdict(set)
    buyers: dict[int, set[int]] = defaultdict(set)
    for edge in chain.get("edges", []):
        suppliers[edge["buyer_node_id"]].add(edge["supplier_node_id"])
        buyers[edge["supplier_node_id"]].add(edge["buyer_node_id"])
    return suppliers, buyers


def _siblings(leaves: list[dict[str, Any]]) -> dict[int, set[int]]:
    by_parent: dict[Any, set[int]] = defaultdict(set)
    for node in leaves:
        by_parent[node.get("parent_id")].add(node["id"])
    return {
        node["id"]: by_parent[node.get("parent_id")] - {node["id"]} if node.get("parent_id") else set()
        for node in leaves
    }


def _adjacent_stage(stage: str, covered: set[str]) -> bool:
    if stage in covered or stage not in STAGES:
        return False
    index = STAGES.index(stage)
    return any(STAGES[i] in covered for i in (index - 1, index + 1) if 0 <= i < len(STAGES))
