"""Officers' verdicts on suggested targets: relevant or not, per park and company.

Kept in the match service's own small database (SQLite under data_dir by default, PostgreSQL when
MATCH_DATABASE_URL says so); read back into memory to re-rank a park's next suggestions.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    create_engine,
    delete,
    insert,
    select,
)

from shared.storage import private_sqlite

metadata = MetaData()

feedback_table = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("park_id", Integer, nullable=False, index=True),
    Column("company_id", Integer, nullable=False),
    Column("relevant", Boolean, nullable=False),
    Column("reason", String(500)),
    Column("by_key_id", Integer),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("park_id", "company_id"),
)


@dataclass(frozen=True)
class Verdict:
    park_id: int
    company_id: int
    relevant: bool
    reason: str | None


class FeedbackStore:
    def __init__(self, url: str) -> None:
        private_sqlite(url)
        self.engine = create_engine(url)
        metadata.create_all(self.engine)
        self._by_park: dict[int, dict[int, Verdict]] = defaultdict(dict)
        with self.engine.connect() as connection:
            for row in connection.execute(select(feedback_table)):
                self._by_park[row.park_id][row.company_id] = Verdict(
                    row.park_id, row.company_id, row.relevant, row.reason
                )

    def record(self, verdict: Verdict, by_key_id: int | None = None) -> None:
        """The latest verdict on a (park, company) pair replaces the earlier one."""
        with self.engine.begin() as connection:
            connection.execute(
                delete(feedback_table).where(
                    feedback_table.c.park_id == verdict.park_id,
                    feedback_table.c.company_id == verdict.company_id,
                )
            )
            connection.execute(
                insert(feedback_table).values(
                    park_id=verdict.park_id,
                    company_id=verdict.company_id,
                    relevant=verdict.relevant,
                    reason=verdict.reason,
                    by_key_id=by_key_id,
                    created_at=datetime.now(UTC),
                )
            )
        self._by_park[verdict.park_id][verdict.company_id] = verdict

    def for_park(self, park_id: int) -> dict[int, Verdict]:
        return dict(self._by_park.get(park_id, {}))

    def close(self) -> None:
        self.engine.dispose()
