"""An import job: a file imported in the background, with its progress and, at the end, its report."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from services.catalog.db import Base
from services.catalog.kit.models import utcnow


class ImportJobStatus(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"  # the whole file was read; the report lists the rows that failed
    failed = "failed"  # the file was refused (before or half-way), or the catalog stopped meanwhile
    cancelled = "cancelled"  # stopped by the uploader; the chunks committed before stay


FINISHED = frozenset({ImportJobStatus.succeeded, ImportJobStatus.failed, ImportJobStatus.cancelled})


class ImportJob(Base):
    """Not catalog data (no version, no change feed): the uploader's handle on a running import."""

    __tablename__ = "import_job"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(64), nullable=False)
    filename: Mapped[str | None] = mapped_column(String(300))
    # mode, dry_run, upsert, format as given to POST /imports/{entity}.
    options: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    # The uploader as forwarded (X-Principal): the job runs with their rights; only they and admins see it.
    principal: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, index=True)
    rows_read: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # A file refused as a whole: the error as the API answers it ({"code", "message", "details"}).
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow
    )
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
