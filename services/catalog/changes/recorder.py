"""Records every write as a Change row, in the same transaction as the write.

ORM writes are captured by a session hook; bulk writes (imports) call `record` themselves.
On PostgreSQL, sequence values are handed out at insert time but become visible at commit, so a
follower reading `seq > N` could skip a row committed late. A transaction-scoped advisory lock taken
before the first change row serialises the writers, which makes seq order equal commit order.
On SQLite writers are already serialised by the database lock.
"""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, event, insert, text
from sqlalchemy.orm import Session, UOWTransaction

from services.catalog.changes.models import Change
from services.catalog.kit.models import Entity, utcnow

CHANGE_FEED_LOCK = 7_310_001


def lock_feed(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHANGE_FEED_LOCK})


def record(connection: Connection, entity: str, rows: Iterable[tuple[int, int | None]], op: str) -> int:
    """Record `op` for (entity_id, version) pairs. Returns how many rows were recorded."""
    now = utcnow()
    values = [
        {"entity": entity, "entity_id": entity_id, "op": op, "version": version, "changed_at": now}
        for entity_id, version in rows
    ]
    if values:
        lock_feed(connection)
        connection.execute(insert(Change), values)
    return len(values)


def _after_flush(session: Session, _: UOWTransaction) -> None:
    pending: list[dict[str, Any]] = []
    now = utcnow()
    for op, objects in (("create", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            if not isinstance(obj, Entity):
                continue
            if op == "update" and not session.is_modified(obj, include_collections=False):
                continue
            pending.append(
                {
                    "entity": obj.entity_name,
                    "entity_id": obj.id,
                    "op": op,
                    "version": obj.version,
                    "changed_at": now,
                }
            )
    if pending:
        connection = session.connection()
        lock_feed(connection)
        connection.execute(insert(Change), pending)


def install(session_class: type[Session] = Session) -> None:
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)
