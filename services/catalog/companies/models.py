from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

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
    founded_on: Mapped[date | None] = mapped_column(Date)
    funding_stage: Mapped[str | None] = mapped_column(String(16), index=True)
    qualifications: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    ownership: Mapped[str | None] = mapped_column(String(32))
    description: Mapped[str | None] = mapped_column(Text)
    # {"space_m2", "budget_yuan_m2_month", "funding_sought_yuan", "services_wanted": [...], ...}
    needs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, nullable=False)
    # Registry facts (capital, headcount, founding date, city, website, addresses) and where they
    # come from: `registry_source` and `registry_as_of` date them; the registered address has its own
    # source. BD-09 is Baidu's offset system: convert before drawing in WGS-84 or GCJ-02.
    website: Mapped[str | None] = mapped_column(String(200))
    registered_address: Mapped[str | None] = mapped_column(String(300))
    registered_address_source: Mapped[str | None] = mapped_column(String(300))
    office_address: Mapped[str | None] = mapped_column(String(300))
    office_lng_bd09: Mapped[float | None] = mapped_column(Float)
    office_lat_bd09: Mapped[float | None] = mapped_column(Float)
    registry_source: Mapped[str | None] = mapped_column(String(300))
    registry_as_of: Mapped[date | None] = mapped_column(Date)
    # What a reader of these facts should know (a re-registration, a province that moved...).
    data_notes: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)

    financials: Mapped[list["CompanyFinancial"]] = relationship(
        order_by="CompanyFinancial.as_of.desc()", lazy="selectin", viewonly=True
    )

    @property
    def latest_financials(self) -> "CompanyFinancial | None":
        return self.financials[0] if self.financials else None


class CompanyFinancial(Entity):
    """A company's figures as of one date (`as_of`), from one source. Money in yuan, ratios in %.

    A figure is null when the source does not give it; `not_reported` names the figures the source
    wrote as 0 where 0 means "not reported" (or, for PE, "no positive earnings"), never a real zero.
    """

    __tablename__ = "company_financial"
    __table_args__ = (UniqueConstraint("company_id", "as_of"),)
    entity_name = "company_financial"

    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), nullable=False, index=True
    )
    as_of: Mapped[date] = mapped_column(Date, nullable=False)
    total_assets_yuan: Mapped[float | None] = mapped_column(Float)
    liquid_assets_yuan: Mapped[float | None] = mapped_column(Float)
    fixed_assets_yuan: Mapped[float | None] = mapped_column(Float)
    revenue_yoy_pct: Mapped[float | None] = mapped_column(Float)
    profit_yoy_pct: Mapped[float | None] = mapped_column(Float)
    gross_margin_pct: Mapped[float | None] = mapped_column(Float)
    net_margin_pct: Mapped[float | None] = mapped_column(Float)
    eps_yuan: Mapped[float | None] = mapped_column(Float)
    book_value_per_share_yuan: Mapped[float | None] = mapped_column(Float)
    pe: Mapped[float | None] = mapped_column(Float)
    pb: Mapped[float | None] = mapped_column(Float)
    shareholders: Mapped[int | None] = mapped_column(Integer)
    not_reported: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)


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
