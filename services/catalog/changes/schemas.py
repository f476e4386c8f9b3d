from datetime import datetime

from shared.schemas import Schema


class ChangeRead(Schema):
    seq: int
    entity: str
    entity_id: int
    op: str
    version: int | None
    changed_at: datetime


class ChangePage(Schema):
    items: list[ChangeRead]
    # The highest seq in the feed when this page was read; followers that reach it are caught up.
    last_seq: int
    next_after: int
