from enum import StrEnum

from pydantic import Field, StrictFloat

from shared.schemas import PrimaryKey, Schema


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


MEDIA_TYPES = {
    ExportFormat.csv: "text/csv; charset=utf-8",
    ExportFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

MAX_TARGETS = 1_000


class TargetItem(Schema):
    """What the export reads of one item of a match answer (`companies-for-park`...); other fields of
    the item are ignored. The company's name, code and place are read from the catalog, not the item."""

    id: PrimaryKey = Field(description="the company's id")
    score: float = Field(description="the match answer's score, as it gave it")
    factors: dict[str, StrictFloat] = Field(default_factory=dict, description="each factor's score in [0, 1]")
    evidence: list[str] = Field(default_factory=list, description="why, in words")


class TargetsExport(Schema):
    """A park's target list as the match service answered it, to hand on as a file."""

    items: list[TargetItem] = Field(min_length=1, max_length=MAX_TARGETS, description="in the answer's order")
    park_id: PrimaryKey | None = Field(default=None, description="the park the list is for (names the file)")
    format: ExportFormat = ExportFormat.csv
