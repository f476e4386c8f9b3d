"""The match service's copy of the catalog: every object it ranks, as the catalog serialised it.

Kept in memory, persisted to one file beside the indexes together with the last applied change
sequence number, so a restart resumes where it stopped.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

Record = dict[str, Any]
SNAPSHOT_FILE = "corpus.json"


@dataclass
class Corpus:
    records: dict[str, dict[int, Record]] = field(default_factory=lambda: defaultdict(dict))
    last_seq: int = 0

    def of(self, entity: str) -> dict[int, Record]:
        return self.records[entity]

    def get(self, entity: str, entity_id: int) -> Record | None:
        return self.records[entity].get(entity_id)

    def put(self, entity: str, items: Iterable[Record]) -> list[int]:
        ids = []
        table = self.records[entity]
        for item in items:
            table[int(item["id"])] = item
            ids.append(int(item["id"]))
        return ids

    def remove(self, entity: str, ids: Iterable[int]) -> list[int]:
        table = self.records[entity]
        return [entity_id for entity_id in ids if table.pop(entity_id, None) is not None]

    def replace(self, entity: str, items: Iterable[Record]) -> None:
        self.records[entity] = {int(item["id"]): item for item in items}

    # --- persistence -------------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        body = {
            "last_seq": self.last_seq,
            "records": {entity: list(table.values()) for entity, table in self.records.items()},
        }
        temporary = directory / f".{SNAPSHOT_FILE}.tmp"
        temporary.write_bytes(orjson.dumps(body))
        temporary.replace(directory / SNAPSHOT_FILE)

    @classmethod
    def load(cls, directory: Path) -> "Corpus | None":
        path = directory / SNAPSHOT_FILE
        if not path.exists():
            return None
        body = orjson.loads(path.read_bytes())
        corpus = cls(last_seq=int(body["last_seq"]))
        for entity, items in body["records"].items():
            corpus.replace(entity, items)
        return corpus
