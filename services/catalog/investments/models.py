from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.catalog.kit.models import Entity, UtcDateTime


class Investment(Entity):
    """A fund's investment in a company (房东→股东: a park's own fund holding the park's tenants): one
    round on one date. `amount_yuan` is null when the amount was not disclosed.

    Beside its `source`, a record says who last entered its values through the API and when
    (`recorded_*`, written by the catalog, never by the caller): a fund's account recording its own
    rounds cites no source, so the account (its role, its API key's id and name, as they were) is the
    evidence. Imported and generated records leave them null: their source names the file.
    """

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
    recorded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    recorded_by: Mapped[str | None] = mapped_column(String(200))  # the API key's name
    recorded_by_role: Mapped[str | None] = mapped_column(String(16))
    recorded_by_key_id: Mapped[int | None] = mapped_column(Integer)
