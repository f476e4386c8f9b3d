"""Bulk inserts that hand back the new ids (for the change feed): COPY on PostgreSQL, the driver's
executemany on SQLite, both with values prepared by the columns' own types. JSON columns are serialised here with
orjson, several times faster than the json module the engine would use, into the same JSON."""

from collections.abc import Iterator
from typing import Any

import orjson
from sqlalchemy import JSON, Connection, Table, func, select
from sqlalchemy.exc import IntegrityError


def insert_rows(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows that all have the same keys, in the connection's transaction; returns their ids."""
    json_columns = {
        column.key for column in table.columns if isinstance(column.type, JSON) and column.key in rows[0]
    }
    for row in rows:
        for name in json_columns:
            row[name] = orjson.dumps(row[name], default=str).decode()
    if connection.dialect.name == "postgresql":
        # The ids come from the table's own sequence, as a plain INSERT would take them.
        sequence = func.pg_get_serial_sequence(table.name, "id")
        numbers = select(func.nextval(sequence)).select_from(func.generate_series(1, len(rows)))
        ids = list(connection.execute(numbers).scalars())
        return _copy(connection, table, rows, json_columns, ids)
    # SQLite hands out max(id) + 1 to an INSERT without id; the write lock this transaction takes
    # with its first insert keeps other writers out until commit (a race loses with an IntegrityError).
    start = connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    ids = list(range(start + 1, start + 1 + len(rows)))
    return _executemany(connection, table, rows, json_columns, ids)


def _prepared(
    connection: Connection, table: Table, rows: list[dict[str, Any]], json_columns: set[str], ids: list[int]
) -> tuple[list[str], Iterator[list[Any]]]:
    """Column names (id first) and each row's values prepared by its column type, as SQLAlchemy would
    bind them; the JSON columns are already serialised text."""
    names = list(rows[0])
    processors = [
        None if name in json_columns else table.c[name].type.bind_processor(connection.dialect)
        for name in names
    ]

    def values() -> Iterator[list[Any]]:
        for new_id, row in zip(ids, rows, strict=True):
            yield [
                new_id,
                *(
                    row[name] if p is None else p(row[name])
                    for p, name in zip(processors, names, strict=True)
                ),
            ]

    return ["id", *names], values()


def _executemany(
    connection: Connection, table: Table, rows: list[dict[str, Any]], json_columns: set[str], ids: list[int]
) -> list[int]:
    names, values = _prepared(connection, table, rows, json_columns, ids)
    quote = connection.dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(name) for name in names)}) "
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    try:
        connection.connection.driver_connection.cursor().executemany(sql, values)  # type: ignore[union-attr]
    except connection.dialect.loaded_dbapi.IntegrityError as exc:
        raise IntegrityError(sql, None, exc) from exc
    return ids


def _copy(
    connection: Connection, table: Table, rows: list[dict[str, Any]], json_columns: set[str], ids: list[int]
) -> list[int]:
    names, values = _prepared(connection, table, rows, json_columns, ids)
    quote = connection.dialect.identifier_preparer.quote
    sql = f"COPY {quote(table.name)} ({', '.join(quote(name) for name in names)}) FROM STDIN"
    driver = connection.connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(sql) as copy:  # type: ignore[union-attr]
            for row in values:
                copy.write_row(row)
    except connection.dialect.loaded_dbapi.IntegrityError as exc:
        raise IntegrityError(sql, None, exc) from exc
    return ids
