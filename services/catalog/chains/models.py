from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.catalog.kit.models import Entity


class Chain(Entity):
    """An industry chain (产业链): nodes from upstream to downstream, and supply edges between them."""

    __tablename__ = "chain"
    entity_name = "chain"

    code: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    nodes: Mapped[list["ChainNode"]] = relationship(
        back_populates="chain", cascade="all, delete-orphan", order_by="[ChainNode.position, ChainNode.id]"
    )
    edges: Mapped[list["ChainEdge"]] = relationship(cascade="all, delete-orphan", order_by="ChainEdge.id")


class ChainNode(Entity):
    """One step of a chain. Nested: segment > sub_segment > node; each has a stage."""

    __tablename__ = "chain_node"
    __table_args__ = (UniqueConstraint("chain_id", "key"),)
    entity_name = "chain_node"

    chain_id: Mapped[int] = mapped_column(
        ForeignKey("chain.id", ondelete="CASCADE"), nullable=False, index=True
    )
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("chain_node.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120), nullable=False)  # stable within the chain
    name: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    level: Mapped[str] = mapped_column(String(16), nullable=False)  # segment | sub_segment | node
    stage: Mapped[str] = mapped_column(String(16), nullable=False)  # upstream | midstream | downstream
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    industry_codes: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    # Companies the source names for this node, as written there (names, sometimes foreign).
    representative_names: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    chain: Mapped[Chain] = relationship(back_populates="nodes")
    companies: Mapped[list["NodeCompany"]] = relationship(
        lazy="selectin", viewonly=True, order_by="NodeCompany.company_id"
    )

    @property
    def company_ids(self) -> list[int]:
        """The companies linked to this node (see NodeCompany)."""
        return [link.company_id for link in self.companies]


class ChainEdge(Entity):
    """Supply edge: the supplier node's output feeds the buyer node."""

    __tablename__ = "chain_edge"
    __table_args__ = (UniqueConstraint("supplier_node_id", "buyer_node_id", "product"),)
    entity_name = "chain_edge"

    chain_id: Mapped[int] = mapped_column(
        ForeignKey("chain.id", ondelete="CASCADE"), nullable=False, index=True
    )
    supplier_node_id: Mapped[int] = mapped_column(
        ForeignKey("chain_node.id", ondelete="CASCADE"), nullable=False
    )
    buyer_node_id: Mapped[int] = mapped_column(
        ForeignKey("chain_node.id", ondelete="CASCADE"), nullable=False
    )
    product: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    confidence: Mapped[float | None] = mapped_column(Float)


class NodeCompany(Entity):
    """A company known to work at a chain node (from a source, or confirmed by an officer)."""

    __tablename__ = "node_company"
    __table_args__ = (UniqueConstraint("node_id", "company_id"),)
    entity_name = "node_company"

    node_id: Mapped[int] = mapped_column(
        ForeignKey("chain_node.id", ondelete="CASCADE"), nullable=False, index=True
    )
    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), nullable=False, index=True
    )
    role: Mapped[str | None] = mapped_column(String(500))
