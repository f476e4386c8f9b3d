"""The seed's writes: insert only the rows whose natural key is not there yet, and update those whose
source values changed, through the catalog's one write path (changes/writes.py), in bulk."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from services.catalog.changes import writes
from services.catalog.kit.models import Entity

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
    """Insert the rows whose `key` columns match no row (among those `where` selects)."""
    ids = key_ids(session, model, key, *where)
    new: dict[Key, dict[str, Any]] = {}
    for row in rows:
        row_key = tuple(row[name] for name in key)
        if row_key not in ids:
            new.setdefault(row_key, row)
    created = writes.insert_rows(session, model, list(new.values()))
    ids.update(zip(new, created, strict=True))
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
    return Added(added.ids, added.added, added.present, writes.update_rows(session, model, changes))
