from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.catalog.kit.models import Entity, UtcDateTime, utcnow


class Lead(Entity):
    """A target company an officer works on for a park (线索), moving through the pipeline's stages."""

    __tablename__ = "lead"
    __table_args__ = (UniqueConstraint("park_id", "company_id"),)
    entity_name = "lead"

    park_id: Mapped[int] = mapped_column(
        ForeignKey("park.id", ondelete="CASCADE"), nullable=False, index=True
    )
    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), nullable=False, index=True
    )
    stage: Mapped[str] = mapped_column(String(16), nullable=False, index=True)
    lost_reason: Mapped[str | None] = mapped_column(String(500))
    owner: Mapped[str | None] = mapped_column(String(64), index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    next_contact_on: Mapped[date | None] = mapped_column(Date)
    expected_signing_on: Mapped[date | None] = mapped_column(Date)
    stage_changed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, nullable=False)


class LeadEvent(Entity):
    """One step of a lead's history: made, moved to another stage, or edited; by whom."""

    __tablename__ = "lead_event"
    entity_name = "lead_event"

    lead_id: Mapped[int] = mapped_column(
        ForeignKey("lead.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # created | moved | edited
    from_stage: Mapped[str | None] = mapped_column(String(16))
    to_stage: Mapped[str | None] = mapped_column(String(16))
    # The fields this step set, with their new values.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, nullable=False)
    actor_role: Mapped[str] = mapped_column(String(16), nullable=False)
    actor_key_id: Mapped[int | None] = mapped_column(Integer)
