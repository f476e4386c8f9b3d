from enum import StrEnum

from pydantic import Field

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
