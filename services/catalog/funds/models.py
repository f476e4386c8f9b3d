from sqlalchemy import JSON, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from services.catalog.kit.models import ADMIN_ONLY, Entity


class Fund(Entity):
    """An investor or industry fund; a park's own fund has `park_id` (房东→股东)."""

    __tablename__ = "fund"
    entity_name = "fund"

    name: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    manager: Mapped[str | None] = mapped_column(String(200))
    size_yuan: Mapped[float | None] = mapped_column(Float)
    focus_industries: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    focus_node_ids: Mapped[list[int]] = mapped_column(JSON, default=list, nullable=False)
    stages: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    ticket_min_yuan: Mapped[float | None] = mapped_column(Float)
    ticket_max_yuan: Mapped[float | None] = mapped_column(Float)
    regions: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    thesis: Mapped[str | None] = mapped_column(Text)
    # Being a park's own fund is the park's claim to make, not the fund's: an admin records it.
    park_id: Mapped[int | None] = mapped_column(
        ForeignKey("park.id", ondelete="SET NULL"), index=True, info=ADMIN_ONLY
    )
