"""The catalog's one write path: every write of an entity row, single or bulk, goes through here.

Each function writes in the session's transaction, bumps the rows' versions (the ORM's version
column for objects, explicitly for bulk rows) and records the change feed itself, in the same
transaction: `create`, `update` and `delete` for ORM objects (the CRUD endpoints, the repositories),
`insert_rows`, `update_rows` and `delete_rows` for many rows at once (the seed, the importer). Rows
the database deletes (ON DELETE CASCADE) or changes (SET NULL) with a deleted row are recorded too.

On PostgreSQL, sequence values are handed out at insert time but become visible at commit, so a
follower reading `seq > N` could skip a row committed late. A transaction-scoped advisory lock taken
before the first change row serialises the writers, which makes seq order equal commit order.
On SQLite writers are already serialised by the database lock.

Bulk inserts hand back the new ids: COPY on PostgreSQL, the driver's executemany on SQLite, both with
values prepared by the columns' own types. JSON columns are serialised here with orjson, several
times faster than the json module the engine would use, into the same JSON.
"""

from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Any, cast

import orjson
from sqlalchemy import JSON, Connection, Table, bindparam, func, insert, select, text
from sqlalchemy import delete as delete_statement
from sqlalchemy import update as update_statement
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.catalog.changes.models import Change
from services.catalog.kit.models import Entity, utcnow

CHANGE_FEED_LOCK = 7_310_001
# One change-feed row: (entity name, entity id, op, version; None where the database changed the row).
Recorded = tuple[str, int, str, int | None]


# --- ORM objects -------------------------------------------------------------------------------
def create(session: Session, objects: Sequence[Entity]) -> None:
    """Insert new objects (at version 1) and record them, with the objects they bring along (children
    given through a relationship)."""
    session.add_all(objects)
    given = {id(obj) for obj in objects}
    brought = [obj for obj in session.new if isinstance(obj, Entity) and id(obj) not in given]
    session.flush()
    _record(session, [(obj.entity_name, obj.id, "create", obj.version) for obj in [*objects, *brought]])


def update(session: Session, changes: Iterable[tuple[Entity, dict[str, Any]]]) -> list[Entity]:
    """Set values on stored objects; those whose values changed get the next version and are recorded
    (the ORM refuses a row another writer moved on: StaleDataError). Returns the changed objects."""
    changed: list[Entity] = []
    for obj, values in changes:
        for name, value in values.items():
            setattr(obj, name, value)
        if session.is_modified(obj, include_collections=False):
            changed.append(obj)
    if changed:
        session.flush()
        _record(session, [(obj.entity_name, obj.id, "update", obj.version) for obj in changed])
    return changed


def delete(session: Session, objects: Sequence[Entity]) -> None:
    """Delete stored objects and record them with what the database cascades from them."""
    seen = {(obj.entity_name, obj.id) for obj in objects}
    cascaded: list[Recorded] = []
    for obj in objects:
        cascaded.extend(_dependents(session, cast(Table, obj.__table__), {obj.id}, seen))
    recorded = [(obj.entity_name, obj.id, "delete", obj.version) for obj in objects]
    for obj in objects:
        session.delete(obj)
    session.flush()
    _record(session, [*cascaded, *recorded])


# --- many rows ---------------------------------------------------------------------------------
def insert_rows(session: Session, model: type[Entity], rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows (at version 1) in one bulk statement and record them; returns their ids in order.
    A column a row leaves out gets its default."""
    if not rows:
        return []
    connection = session.connection()
    table = cast(Table, model.__table__)
    now = utcnow()
    stamped = [{**row, "version": 1, "created_at": now, "updated_at": now} for row in rows]
    ids = _bulk_insert(connection, table, stamped)
    _record(session, [(model.entity_name, new_id, "create", 1) for new_id in ids])
    return ids


def update_rows(session: Session, model: type[Entity], changes: list[tuple[int, int, dict[str, Any]]]) -> int:
    """Set values on rows given as (id, version read, values), all setting the same fields, in one
    executemany; each row gets the next version and is recorded. Returns how many rows were given."""
    if not changes:
        return 0
    table = cast(Table, model.__table__)
    columns = sorted(changes[0][2])
    statement = (
        update_statement(table)
        .where(table.c.id == bindparam("row_id"), table.c.version == bindparam("row_version"))
        .values(
            {
                **{name: bindparam(f"new_{name}") for name in columns},
                "version": bindparam("new_version"),
                "updated_at": bindparam("new_updated_at"),
            }
        )
    )
    now = utcnow()
    params = [
        {
            "row_id": row_id,
            "row_version": version,
            "new_version": version + 1,
            "new_updated_at": now,
            **{f"new_{name}": values[name] for name in columns},
        }
        for row_id, version, values in changes
    ]
    session.execute(statement, params)
    _record(session, [(model.entity_name, row_id, "update", version + 1) for row_id, version, _ in changes])
    return len(changes)


def delete_rows(session: Session, model: type[Entity], rows: list[tuple[int, int]]) -> int:
    """Delete rows given as (id, version read) in one statement and record them with what the
    database cascades from them. Returns how many rows were given."""
    if not rows:
        return 0
    table = cast(Table, model.__table__)
    ids = {row_id for row_id, _ in rows}
    cascaded = _dependents(session, table, ids, {(model.entity_name, row_id) for row_id in ids})
    session.execute(delete_statement(table).where(table.c.id.in_(ids)))
    _record(
        session, [*cascaded, *((model.entity_name, row_id, "delete", version) for row_id, version in rows)]
    )
    return len(rows)


# --- the change feed ---------------------------------------------------------------------------
def lock_feed(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHANGE_FEED_LOCK})


def _record(session: Session, changes: list[Recorded]) -> None:
    if not changes:
        return
    now = utcnow()
    connection = session.connection()
    lock_feed(connection)
    connection.execute(
        insert(Change),
        [
            {"entity": entity, "entity_id": entity_id, "op": op, "version": version, "changed_at": now}
            for entity, entity_id, op, version in changes
        ],
    )


@cache
def _entity_of_table() -> dict[str, str]:
    """Table name -> change-feed entity name, for every mapped entity."""
    return {
        cast(Table, mapper.local_table).name: mapper.class_.entity_name
        for mapper in Entity.registry.mappers
        if issubclass(mapper.class_, Entity) and hasattr(mapper.class_, "entity_name")
    }


def _dependents(session: Session, table: Table, ids: set[int], seen: set[tuple[str, int]]) -> list[Recorded]:
    """Rows the database will delete (ON DELETE CASCADE) or change (SET NULL) when `ids` of `table` go,
    found before they are gone."""
    found: list[Recorded] = []
    for child in table.metadata.sorted_tables:
        entity = _entity_of_table().get(child.name)
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
            found.extend((entity, child_id, op, None) for child_id in sorted(child_ids))
            if op == "delete":
                found.extend(_dependents(session, child, child_ids, seen))
    return found


# --- bulk insert -------------------------------------------------------------------------------
def _bulk_insert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows in the connection's transaction; returns their ids."""
    names = _column_names(table, rows)
    json_columns = {
        column.key for column in table.columns if isinstance(column.type, JSON) and column.key in names
    }
    if connection.dialect.name == "postgresql":
        # The ids come from the table's own sequence, as a plain INSERT would take them.
        sequence = func.pg_get_serial_sequence(table.name, "id")
        numbers = select(func.nextval(sequence)).select_from(func.generate_series(1, len(rows)))
        ids = list(connection.execute(numbers).scalars())
        _copy(connection, table, names, _values(connection, table, names, rows, json_columns, ids))
        return ids
    # SQLite hands out max(id) + 1 to an INSERT without id; the write lock this transaction takes
    # with its first insert keeps other writers out until commit (a race loses with an IntegrityError).
    start = connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    ids = list(range(start + 1, start + 1 + len(rows)))
    _executemany(connection, table, names, _values(connection, table, names, rows, json_columns, ids))
    return ids


def _column_names(table: Table, rows: list[dict[str, Any]]) -> list[str]:
    """The columns the rows give, and those with a default some row leaves out."""
    given = dict.fromkeys(name for row in rows for name in row)
    defaulted = [
        column.key
        for column in table.columns
        if column.key not in given and column.key != "id" and column.default is not None
    ]
    return [*given, *defaulted]


def _values(
    connection: Connection,
    table: Table,
    names: list[str],
    rows: list[dict[str, Any]],
    json_columns: set[str],
    ids: list[int],
) -> Iterator[list[Any]]:
    """Each row's values (id first) prepared by its column type as SQLAlchemy would bind them; JSON
    serialised with orjson; a value a row leaves out is its column's default (or null)."""
    plan = [
        (
            name,
            _default(table, name),
            name in json_columns,
            None if name in json_columns else table.c[name].type.bind_processor(connection.dialect),
        )
        for name in names
    ]
    for new_id, row in zip(ids, rows, strict=True):
        values: list[Any] = [new_id]
        for name, default, is_json, processor in plan:
            value = row.get(name, default)
            if is_json:
                value = orjson.dumps(value, default=str).decode()
            elif processor is not None:
                value = processor(value)
            values.append(value)
        yield values


def _default(table: Table, name: str) -> Any:
    default = table.c[name].default
    if default is None:
        return None
    arg = default.arg  # type: ignore[attr-defined]
    return arg(None) if callable(arg) else arg


def _executemany(connection: Connection, table: Table, names: list[str], values: Iterator[list[Any]]) -> None:
    quote = connection.dialect.identifier_preparer.quote
    columns = ["id", *names]
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(name) for name in columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    try:
        connection.connection.driver_connection.cursor().executemany(sql, values)  # type: ignore[union-attr]
    except connection.dialect.loaded_dbapi.IntegrityError as exc:
        raise IntegrityError(sql, None, exc) from exc


def _copy(connection: Connection, table: Table, names: list[str], values: Iterator[list[Any]]) -> None:
    quote = connection.dialect.identifier_preparer.quote
    sql = f"COPY {quote(table.name)} ({', '.join(quote(name) for name in ['id', *names])}) FROM STDIN"
    driver = connection.connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(sql) as copy:  # type: ignore[union-attr]
            for row in values:
                copy.write_row(row)
    except connection.dialect.loaded_dbapi.IntegrityError as exc:
        raise IntegrityError(sql, None, exc) from exc
