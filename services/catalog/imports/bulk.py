"""Bulk inserts that hand back the new ids (for the change feed): COPY on PostgreSQL, executemany with
RETURNING (SQLAlchemy's batched "insertmanyvalues") elsewhere. JSON columns are serialised here with
orjson, several times faster than the json module the engine would use, into the same JSON."""

from typing import Any

import orjson
from sqlalchemy import JSON, Connection, Table, Text, bindparam, func, insert, select
from sqlalchemy.exc import IntegrityError


def insert_rows(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows that all have the same keys, in the connection's transaction; returns their ids."""
    json_columns = [
        column.key for column in table.columns if isinstance(column.type, JSON) and column.key in rows[0]
    ]
    for row in rows:
        for name in json_columns:
            row[name] = orjson.dumps(row[name], default=str).decode()
    if connection.dialect.name == "postgresql":
        return _copy(connection, table, rows, set(json_columns))
    # The serialised JSON goes in as text, not through the column's JSON type again.
    statement = insert(table).values({name: bindparam(name, type_=Text()) for name in json_columns})
    return list(connection.execute(statement.returning(table.c.id), rows).scalars())


def _copy(
    connection: Connection, table: Table, rows: list[dict[str, Any]], json_columns: set[str]
) -> list[int]:
    """The ids come from the table's own sequence, as a plain INSERT would take them; the rows go in
    by COPY, each value prepared by its column type as SQLAlchemy would bind it."""
    sequence = func.pg_get_serial_sequence(table.name, "id")
    numbers = select(func.nextval(sequence)).select_from(func.generate_series(1, len(rows)))
    ids = list(connection.execute(numbers).scalars())
    names = list(rows[0])
    processors = [
        None if name in json_columns else table.c[name].type.bind_processor(connection.dialect)
        for name in names
    ]
    quote = connection.dialect.identifier_preparer.quote
    sql = f"COPY {quote(table.name)} ({', '.join(quote(name) for name in ['id', *names])}) FROM STDIN"
    driver = connection.connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(sql) as copy:  # type: ignore[union-attr]
            for new_id, row in zip(ids, rows, strict=True):
                values = [row[name] for name in names]
                copy.write_row(
                    [
                        new_id,
                        *(
                            value if p is None else p(value)
                            for p, value in zip(processors, values, strict=True)
                        ),
                    ]
                )
    except connection.dialect.loaded_dbapi.IntegrityError as exc:
        raise IntegrityError(sql, None, exc) from exc
    return ids
