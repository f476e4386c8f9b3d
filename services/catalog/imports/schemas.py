from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import Field

from services.catalog.imports.models import ImportJobStatus
from shared.schemas import Schema


class ImportMode(StrEnum):
    partial = "partial"  # store the good rows, report the bad ones
    all_or_nothing = "all-or-nothing"  # one bad row and nothing is stored


class RowError(Schema):
    row: int = Field(description="row number as the user sees it: in CSV/XLSX the header is row 1")
    field: str = Field(description="the field (e.g. `code`, `products.0.share`), or `row`")
    reason: str
    column: str | None = Field(default=None, description="the column header as written in the file")


class ImportReport(Schema):
    entity: str
    mode: ImportMode
    dry_run: bool
    upsert: bool
    total_rows: int = Field(description="data rows in the file (blank rows not counted)")
    valid: int = Field(description="rows that passed every check")
    stored: int = Field(description="rows written (created + updated); 0 for a dry run or a rollback")
    created: int
    updated: int
    unchanged: int = Field(description="upserted rows that already held the same values")
    failed: int = Field(description="rows with at least one error; none of them was stored")
    rolled_back: bool = Field(description="all-or-nothing import refused: nothing was stored")
    message: str
    errors: list[RowError]
    errors_not_listed: int = Field(description="errors beyond the listed ones (the list is capped)")
    ignored_columns: list[str] = Field(description="columns that name no field; their values were not read")
    read_only_columns: list[str] = Field(
        default_factory=list,
        description="columns an export adds that an import does not write (a company's latest financial "
        "figures, which come from their own source); their values were not read",
    )
    stopped: str | None = Field(
        default=None,
        description="why a chunked import (a job) stopped before the end of the file: cancelled, or the "
        "file refused half-way; the rows counted above were handled as reported",
    )


class ImportJobRead(Schema):
    """A background import: poll it until `status` is finished; `report` is then the per-row report."""

    id: int
    entity: str
    filename: str | None
    status: ImportJobStatus
    rows_read: int = Field(description="data rows read so far (committed chunk by chunk)")
    cancel_requested: bool
    report: ImportReport | None = Field(description="the per-row report, once the job has finished")
    error: dict[str, Any] | None = Field(
        description="a file refused as a whole: the error as the API answers it (code, message, details)"
    )
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
