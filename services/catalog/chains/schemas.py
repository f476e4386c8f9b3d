from typing import Annotated

from pydantic import Field, StringConstraints

from services.catalog.kit.schemas import EntityFilters, EntityRead, Provenance, VersionedUpdate
from shared.contract import NodeLevel, Stage
from shared.schemas import NameStr, PrimaryKey, Schema, Share, ShortStr, Text

NodeKey = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Product = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Role = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


# The level a node's parent must have: segment > sub_segment > node.
PARENT_LEVEL: dict[NodeLevel, NodeLevel | None] = {
    NodeLevel.segment: None,
    NodeLevel.sub_segment: NodeLevel.segment,
    NodeLevel.node: NodeLevel.sub_segment,
}


# --- nodes -----------------------------------------------------------------------------------


class NodeFields(Schema):
    name: NameStr
    level: NodeLevel
    description: Text | None = None
    keywords: list[NameStr] = Field(default_factory=list, max_length=50)
    industry_codes: list[ShortStr] = Field(default_factory=list, max_length=50)
    representative_names: list[NameStr] = Field(default_factory=list, max_length=200)


class NodeSpec(NodeFields):
    """A node of a chain being created; its parent is named by the parent's `key`."""

    key: NodeKey
    parent_key: NodeKey | None = None
    stage: Stage | None = Field(default=None, description="required for a segment; else the parent's")
    position: int | None = Field(default=None, ge=0, description="order in the chain; default: as given")


class ChainNodeCreate(NodeFields, Provenance):
    key: NodeKey
    parent_id: PrimaryKey | None = None
    stage: Stage | None = Field(default=None, description="required for a segment; else the parent's")
    position: int | None = Field(default=None, ge=0, description="default: after the chain's last node")


class ChainNodeUpdate(VersionedUpdate):
    key: NodeKey | None = None
    parent_id: PrimaryKey | None = None
    name: NameStr | None = None
    level: NodeLevel | None = None
    stage: Stage | None = None
    position: int | None = Field(default=None, ge=0)
    description: Text | None = None
    keywords: list[NameStr] | None = Field(default=None, max_length=50)
    industry_codes: list[ShortStr] | None = Field(default=None, max_length=50)
    representative_names: list[NameStr] | None = Field(default=None, max_length=200)


class ChainNodeRead(NodeFields, EntityRead):
    chain_id: int
    parent_id: int | None
    key: str
    stage: Stage
    position: int
    company_ids: list[int] = Field(default_factory=list, description="companies linked to the node")


class ChainNodeFilters(EntityFilters):
    q: str | None = Field(default=None, max_length=100, description="text in the name or keywords")
    chain_id: PrimaryKey | None = None
    stage: Stage | None = None
    level: NodeLevel | None = None


# --- edges -----------------------------------------------------------------------------------


class EdgeSpec(Schema):
    """A supply edge of a chain being created, between nodes named by key."""

    supplier_key: NodeKey
    buyer_key: NodeKey
    product: Product = ""
    confidence: Share | None = None


class ChainEdgeCreate(Provenance):
    supplier_node_id: PrimaryKey
    buyer_node_id: PrimaryKey
    product: Product = ""
    confidence: Share | None = None


class ChainEdgeUpdate(VersionedUpdate):
    product: Product | None = None
    confidence: Share | None = None


class ChainEdgeRead(EntityRead):
    chain_id: int
    supplier_node_id: int
    buyer_node_id: int
    product: str
    confidence: float | None


# --- chains ----------------------------------------------------------------------------------


class ChainCreate(Provenance):
    code: ShortStr
    name: NameStr
    description: Text | None = None
    nodes: list[NodeSpec] = Field(default_factory=list, max_length=5000)
    edges: list[EdgeSpec] = Field(default_factory=list, max_length=20000)


class ChainUpdate(VersionedUpdate):
    code: ShortStr | None = None
    name: NameStr | None = None
    description: Text | None = None


class ChainRead(EntityRead):
    code: str
    name: str
    description: str | None
    nodes: list[ChainNodeRead]
    edges: list[ChainEdgeRead]


class ChainFilters(EntityFilters):
    q: str | None = Field(default=None, max_length=100, description="text in the name, code or description")
    code: str | None = Field(default=None, max_length=64)
    node: str | None = Field(default=None, max_length=100, description="the chain has a node named like this")


# --- node companies and the node's page --------------------------------------------------------


class NodeCompanyCreate(Provenance):
    company_id: PrimaryKey
    role: Role | None = None


class NodeCompanyRead(EntityRead):
    node_id: int
    company_id: int
    company_name: str | None = None
    role: str | None


class NodeCompanyFilters(Schema):
    node_id: int


class ChainRef(Schema):
    id: int
    code: str
    name: str


class PathStep(Schema):
    id: int
    key: str
    name: str
    level: NodeLevel


class ChainNodeDetail(ChainNodeRead):
    chain: ChainRef
    path: list[PathStep] = Field(description="the node's ancestors, the segment first")
    companies: list[NodeCompanyRead]
