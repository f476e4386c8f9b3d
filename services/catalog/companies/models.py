from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.catalog.kit.models import Entity


class Company(Entity):
    """A company; `needs` (space, budget, funding, services) is private to the company and admins."""

    __tablename__ = "company"
    entity_name = "company"

    name: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    short_name: Mapped[str | None] = mapped_column(String(64), index=True)
    stock_code: Mapped[str | None] = mapped_column(String(16), unique=True)
    exchange: Mapped[str | None] = mapped_column(String(32))
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    province: Mapped[str | None] = mapped_column(String(16), index=True)
    city: Mapped[str | None] = mapped_column(String(64))
    industry_codes: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    sw_industry_code: Mapped[str | None] = mapped_column(String(16), index=True)
    sw_industry_name: Mapped[str | None] = mapped_column(String(64))
    # [{"name": "特种气体", "share": 0.51}, ...]; shares come from mixed sources and need not sum to 1.
    products: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, nullable=False)
    registered_capital_yuan: Mapped[float | None] = mapped_column(Float)
    revenue_band: Mapped[str | None] = mapped_column(String(16))
    headcount: Mapped[int | None] = mapped_column(Integer)
    founded_year: Mapped[int | None] = mapped_column(Integer)
    funding_stage: Mapped[str | None] = mapped_column(String(16), index=True)
    qualifications: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    ownership: Mapped[str | None] = mapped_column(String(32))
    description: Mapped[str | None] = mapped_column(Text)
    # {"space_m2", "budget_yuan_m2_month", "funding_sought_yuan", "services_wanted": [...], ...}
    needs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, nullable=False)


class SupplyLink(Entity):
    """A supplier company sells a product to a buyer company."""

    __tablename__ = "supply_link"
    __table_args__ = (UniqueConstraint("supplier_id", "buyer_id", "product"),)
    entity_name = "supply_link"

    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), nullable=False, index=True
    )
    buyer_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), nullable=False, index=True
    )
    product: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    relationship_type: Mapped[str | None] = mapped_column(String(32))
    confidence: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)
