"""Column mixins shared by the catalog's tables."""

from datetime import UTC, date, datetime

from sqlalchemy import Boolean, Date, DateTime, Dialect, Integer, String, TypeDecorator
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from services.catalog.db import Base

# A column only an admin may set (provenance, hierarchy, approval), declared once on the model:
# `mapped_column(..., info=ADMIN_ONLY)`. The kit's write endpoints refuse anyone else's value with a 403
# naming the field (services/catalog/kit/endpoints.py `check_admin_only`).
ADMIN_ONLY = {"admin_only": True}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A moment in time, timezone-aware UTC on every engine: stored as UTC (SQLite keeps no zone, so
    a naive value read back is UTC) and read back in UTC (PostgreSQL answers in its session's zone).
    Every timestamp column uses it, so every answer writes its timestamps one way ("...Z")."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        # A naive value is taken as UTC (what utcnow() and every writer here make).
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


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
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    source: Mapped[str | None] = mapped_column(String(300), info=ADMIN_ONLY)
    as_of: Mapped[date | None] = mapped_column(Date, info=ADMIN_ONLY)
    is_generated: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False, info=ADMIN_ONLY)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:  # noqa: N805
        return {"version_id_col": cls.version}
