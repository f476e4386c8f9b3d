from sqlalchemy import JSON, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.catalog.kit.models import Entity


class Industry(Entity):
    """An industry of a classification scheme: GB/T 4754-2017 (`gbt4754`) or 申万 2021 (`sw2021`)."""

    __tablename__ = "industry"
    __table_args__ = (UniqueConstraint("scheme", "code"),)
    entity_name = "industry"

    scheme: Mapped[str] = mapped_column(String(16), nullable=False)
    code: Mapped[str] = mapped_column(String(16), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    level: Mapped[int] = mapped_column(nullable=False)
    parent_code: Mapped[str | None] = mapped_column(String(16))
    description: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    # Industries this one buys from (申万 上游产业), by name as the source gives them.
    upstream: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
