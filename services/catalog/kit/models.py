"""Column mixins shared by the catalog's tables."""

from datetime import UTC, date, datetime

from sqlalchemy import Boolean, Date, DateTime, Integer, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from services.catalog.db import Base


def utcnow() -> datetime:
    return datetime.now(UTC)


class Entity(Base):
    """A row with an id, timestamps, an optimistic-concurrency version and provenance.

    Provenance says where a record comes from: `source` (a file, a person, an import), `as_of`
    (when the source was true) and `is_generated` (demo data made by ParkMatch, never real).
    """

    __abstract__ = True
    # The entity name used in the change feed and in API paths' error messages.
    entity_name: str

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    source: Mapped[str | None] = mapped_column(String(300))
    as_of: Mapped[date | None] = mapped_column(Date)
    is_generated: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:  # noqa: N805
        return {"version_id_col": cls.version}
