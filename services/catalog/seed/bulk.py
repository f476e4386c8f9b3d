"""Bulk writes for the seed: insert only the rows whose natural key is not there yet, in one statement
per batch, and record them in the change feed (bulk inserts bypass the session hook)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from services.catalog.changes import recorder
from services.catalog.kit.models import Entity, utcnow

Key = tuple[Any, ...]


@dataclass(frozen=True)
class Added:
    ids: dict[Key, int]  # every row's id by its key: the ones found and the ones inserted
    added: int
    present: int  # found already there (including the updated ones)
    updated: int = 0  # found, with values the source has changed since


def key_ids(
    session: Session, model: type[Entity], key: Sequence[str], *where: ColumnElement[bool]
) -> dict[Key, int]:
    columns = [getattr(model, name) for name in key]
    return {tuple(row[:-1]): row[-1] for row in session.execute(select(*columns, model.id).where(*where))}


def add_missing(
    session: Session,
    model: type[Entity],
    key: Sequence[str],
    rows: list[dict[str, Any]],
    *where: ColumnElement[bool],
) -> Added:
    """Insert the rows whose `key` columns match no row (among those `where` selects).

    One executemany INSERT (no RETURNING: row-by-row RETURNING is slow on SQLite), then the new ids
    are read back by key; the transaction holds the rows, so the keys are still unique then.
    """
    ids = key_ids(session, model, key, *where)
    new: dict[Key, dict[str, Any]] = {}
    for row in rows:
        row_key = tuple(row[name] for name in key)
        if row_key not in ids:
            new.setdefault(row_key, row)
    if new:
        now = utcnow()
        values = [{**row, "version": 1, "created_at": now, "updated_at": now} for row in new.values()]
        session.execute(insert(cast(Table, model.__table__)), values)
        found = key_ids(session, model, key, *where)
        ids.update({row_key: found[row_key] for row_key in new})
        created = sorted(ids[row_key] for row_key in new)
        recorder.record(session.connection(), model.entity_name, [(i, 1) for i in created], "create")
    return Added(ids, added=len(new), present=len(rows) - len(new))


def add_or_update(
    session: Session,
    model: type[Entity],
    key: Sequence[str],
    rows: list[dict[str, Any]],
    follow: Sequence[str],
) -> Added:
    """Insert the rows whose `key` matches no row, and bring the `follow` columns of the rows found to the
    source's values where they differ (a changed source value updates the row; an unchanged one is left
    alone, so a second run changes nothing)."""
    added = add_missing(session, model, key, rows)
    columns = [getattr(model, name) for name in (*key, *follow)]
    stored = {
        tuple(row[: len(key)]): row for row in session.execute(select(*columns, model.id, model.version))
    }
    changes = []
    for row in rows:
        found = stored.get(tuple(row[name] for name in key))
        if found is None:
            continue
        current = dict(zip(follow, found[len(key) : len(key) + len(follow)], strict=True))
        if any(current[name] != row[name] for name in follow):
            changes.append((found[-2], found[-1], {name: row[name] for name in follow}))
    return Added(added.ids, added.added, added.present, update_rows(session, model, changes))


def update_rows(session: Session, model: type[Entity], changes: list[tuple[int, int, dict[str, Any]]]) -> int:
    """Set values on rows given as (id, version read, values); bumps the version and feeds the change."""
    if not changes:
        return 0
    table = cast(Table, model.__table__)
    columns = sorted(changes[0][2])
    statement = (
        update(table)
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
    recorder.record(
        session.connection(),
        model.entity_name,
        [(row_id, version + 1) for row_id, version, _ in changes],
        "update",
    )
    return len(changes)
