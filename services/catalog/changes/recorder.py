"""Records every write as a Change row, in the same transaction as the write.

ORM writes are captured by a session hook; bulk writes (imports) call `record` themselves.
On PostgreSQL, sequence values are handed out at insert time but become visible at commit, so a
follower reading `seq > N` could skip a row committed late. A transaction-scoped advisory lock taken
before the first change row serialises the writers, which makes seq order equal commit order.
On SQLite writers are already serialised by the database lock.
"""

from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import Connection, Table, event, insert, select, text
from sqlalchemy.orm import Session, UOWTransaction

from services.catalog.changes.models import Change
from services.catalog.kit.models import Entity, utcnow

CHANGE_FEED_LOCK = 7_310_001
# Table name -> change-feed entity name, filled by install() from the mapped Entity classes.
_ENTITY_OF_TABLE: dict[str, str] = {}


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


def _dependents(
    session: Session, table: Table, ids: set[int], seen: set[tuple[str, int]]
) -> list[tuple[str, int, str]]:
    """Rows the database will delete (ON DELETE CASCADE) or change (SET NULL) when `ids` of `table` go."""
    found: list[tuple[str, int, str]] = []
    for child in table.metadata.sorted_tables:
        entity = _ENTITY_OF_TABLE.get(child.name)
        if entity is None:
            continue
        for foreign_key in child.foreign_keys:
            if foreign_key.column.table is not table or foreign_key.ondelete not in ("CASCADE", "SET NULL"):
                continue
            rows = session.execute(select(child.c.id).where(foreign_key.parent.in_(ids))).scalars()
            child_ids = {row for row in rows if (entity, row) not in seen}
            if not child_ids:
                continue
            op = "delete" if foreign_key.ondelete == "CASCADE" else "update"
            seen.update((entity, child_id) for child_id in child_ids)
            found.extend((entity, child_id, op) for child_id in sorted(child_ids))
            if op == "delete":
                found.extend(_dependents(session, child, child_ids, seen))
    return found


def _before_flush(session: Session, _: UOWTransaction, __: object) -> None:
    """Find what the database will cascade before the rows are gone, for `_after_flush` to record."""
    deleted = [obj for obj in session.deleted if isinstance(obj, Entity)]
    if not deleted:
        return
    seen = {(obj.entity_name, obj.id) for obj in deleted}
    cascaded: list[tuple[str, int, str]] = []
    for obj in deleted:
        cascaded.extend(_dependents(session, cast(Table, obj.__table__), {obj.id}, seen))
    session.info.setdefault("cascaded_changes", []).extend(cascaded)


def _after_flush(session: Session, _: UOWTransaction) -> None:
    now = utcnow()
    pending: list[dict[str, Any]] = [
        {"entity": entity, "entity_id": entity_id, "op": op, "version": None, "changed_at": now}
        for entity, entity_id, op in session.info.pop("cascaded_changes", [])
    ]
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
    _ENTITY_OF_TABLE.update(
        {
            cast(Table, mapper.local_table).name: mapper.class_.entity_name
            for mapper in Entity.registry.mappers
            if issubclass(mapper.class_, Entity) and hasattr(mapper.class_, "entity_name")
        }
    )
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)
