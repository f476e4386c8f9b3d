from datetime import date

from sqlalchemy import Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.catalog.kit.models import Entity


class Investment(Entity):
    """A fund's investment in a company (房东→股东: a park's own fund holding the park's tenants): one
    round on one date. `amount_yuan` is null when the amount was not disclosed."""

    __tablename__ = "investment"
    # One fund takes part in a company's round of a given date once.
    __table_args__ = (UniqueConstraint("fund_id", "company_id", "round", "invested_on"),)
    entity_name = "investment"

    fund_id: Mapped[int] = mapped_column(
        ForeignKey("fund.id", ondelete="CASCADE"), nullable=False, index=True
    )
    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), nullable=False, index=True
    )
    round: Mapped[str] = mapped_column(String(24), nullable=False, index=True)
    amount_yuan: Mapped[float | None] = mapped_column(Float)
    share_pct: Mapped[float | None] = mapped_column(Float)
    invested_on: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="held")  # held | exited
    note: Mapped[str | None] = mapped_column(Text)
