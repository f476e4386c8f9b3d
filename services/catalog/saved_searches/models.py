from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from services.catalog.kit.models import Entity, UtcDateTime


class SavedSearch(Entity):
    """A match query a user keeps, with the result ids it gave when they last looked (for alerts)."""

    __tablename__ = "saved_search"
    entity_name = "saved_search"

    owner_key_id: Mapped[int] = mapped_column(
        ForeignKey("api_key.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    query: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, nullable=False)
    # None until the first look; then the ids the search returned at the last look.
    last_result_ids: Mapped[list[int] | None] = mapped_column(JSON)
    last_checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
