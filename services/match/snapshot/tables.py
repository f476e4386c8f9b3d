"""The match service's copy of the catalog: one table per entity, as the catalog serialised it, and
what the change feed moved between two copies.

A `Tables` is never changed: the follower reads a `Batch` from the feed and builds the next one
(`following`), with a new dict for each table the batch touches and the same record objects for what
it did not. Persisted as one file beside the indexes, with the feed position it reflects.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import orjson

from shared.contract import (
    CarrierRecord,
    ChainRecord,
    CompanyRecord,
    FundRecord,
    InvestmentRecord,
    ParkRecord,
    PolicyRecord,
    ProviderRecord,
    SupplyLinkRecord,
    TenancyRecord,
)

TABLES_FILE = "tables.json"


@dataclass
class ChangeSet:
    """What moved between two copies: ids upserted and ids removed, per entity."""

    upserted: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    removed: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def __bool__(self) -> bool:
        return any(self.upserted.values()) or any(self.removed.values())

    def touches(self, entity: str) -> bool:
        return bool(self.upserted.get(entity) or self.removed.get(entity))

    def merge(self, other: "ChangeSet") -> None:
        """Add what `other` moved (a checkpoint after several batches saves what any of them touched)."""
        for entity, ids in other.upserted.items():
            self.upserted[entity].extend(ids)
        for entity, ids in other.removed.items():
            self.removed[entity].extend(ids)


@dataclass
class Batch:
    """What the follower read from the feed: records to put and ids gone, per entity; tables read
    whole (the chains, whose nodes and edges move with them; everything on a first copy)."""

    last_seq: int
    upserted: dict[str, dict[int, Any]] = field(default_factory=lambda: defaultdict(dict))
    removed: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    whole: dict[str, dict[int, Any]] = field(default_factory=dict)

    def put(self, entity: str, records: list[Any]) -> None:
        for record in records:
            self.upserted[entity][int(record["id"])] = record
            self.removed[entity].discard(int(record["id"]))

    def drop(self, entity: str, ids: set[int]) -> None:
        for entity_id in ids:
            self.upserted[entity].pop(entity_id, None)
        self.removed[entity] |= ids


@dataclass(frozen=True)
class Tables:
    last_seq: int = 0
    park: Mapping[int, ParkRecord] = field(default_factory=dict)
    carrier: Mapping[int, CarrierRecord] = field(default_factory=dict)
    company: Mapping[int, CompanyRecord] = field(default_factory=dict)
    tenancy: Mapping[int, TenancyRecord] = field(default_factory=dict)
    fund: Mapping[int, FundRecord] = field(default_factory=dict)
    investment: Mapping[int, InvestmentRecord] = field(default_factory=dict)
    provider: Mapping[int, ProviderRecord] = field(default_factory=dict)
    policy: Mapping[int, PolicyRecord] = field(default_factory=dict)
    chain: Mapping[int, ChainRecord] = field(default_factory=dict)
    supply_link: Mapping[int, SupplyLinkRecord] = field(default_factory=dict)

    def of(self, entity: str) -> Mapping[int, Any]:
        """The table of `entity` (a change-feed entity name)."""
        table: Mapping[int, Any] = getattr(self, entity)
        return table

    def following(self, batch: Batch) -> tuple["Tables", ChangeSet]:
        """The copy after `batch`, and what moved."""
        changes = ChangeSet()
        tables: dict[str, Mapping[int, Any]] = {}
        for entity in ENTITIES:
            before = self.of(entity)
            if entity in batch.whole:
                table = batch.whole[entity]
                changes.upserted[entity] = list(table)
                changes.removed[entity] = [i for i in before if i not in table]
            elif batch.upserted.get(entity) or batch.removed.get(entity):
                table = {**before, **batch.upserted.get(entity, {})}
                gone = [i for i in batch.removed.get(entity, ()) if table.pop(i, None) is not None]
                changes.upserted[entity] = list(batch.upserted.get(entity, {}))
                changes.removed[entity] = gone
            else:
                continue
            tables[entity] = table
        return replace(self, last_seq=batch.last_seq, **tables), changes

    # --- persistence -------------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        body = {
            "last_seq": self.last_seq,
            "records": {entity: list(self.of(entity).values()) for entity in ENTITIES},
        }
        temporary = directory / f".{TABLES_FILE}.tmp"
        temporary.write_bytes(orjson.dumps(body))
        temporary.replace(directory / TABLES_FILE)

    @classmethod
    def load(cls, directory: Path) -> "Tables | None":
        path = directory / TABLES_FILE
        if not path.exists():
            return None
        body = orjson.loads(path.read_bytes())
        records = body["records"]
        return cls(
            last_seq=int(body["last_seq"]),
            **{entity: {int(item["id"]): item for item in records.get(entity, [])} for entity in ENTITIES},
        )


ENTITIES = tuple(f.name for f in fields(Tables) if f.name != "last_seq")
