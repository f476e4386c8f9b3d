"""Each entity's profile (``documents.PROFILE_OF``: what it makes, leads with, looks for; no name, no
place) encoded once as a query, kept by id: what a question about one company, park, fund or provider
searches with, so no request encodes a stored entity.

Immutable: a batch gives the next `ProfileVectors` (a new dict for each entity that moved, the other
vectors shared). Saved beside the indexes with the embedding model's fingerprint.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from services.match.embedding.encoder import Encoder
from services.match.snapshot.tables import ChangeSet, Tables
from services.match.spaces.documents import PROFILE_OF

VECTORS_FILE = "profile-vectors.npz"
ENCODE_CHUNK = 256

Progress = Callable[[str, int, int], None]  # what, done, total


def _encode(
    encoder: Encoder, entity: str, records: list[Any], progress: Progress | None
) -> dict[int, np.ndarray]:
    texts = [PROFILE_OF[entity](record) for record in records]
    vectors: dict[int, np.ndarray] = {}
    for start in range(0, len(texts), ENCODE_CHUNK):
        chunk = encoder.encode_queries(texts[start : start + ENCODE_CHUNK])
        vectors.update(zip((int(r["id"]) for r in records[start : start + ENCODE_CHUNK]), chunk, strict=True))
        if progress:
            progress(f"{entity} profiles", min(start + ENCODE_CHUNK, len(texts)), len(texts))
    return vectors


@dataclass(frozen=True)
class ProfileVectors:
    by_entity: Mapping[str, Mapping[int, np.ndarray]] = field(default_factory=dict)

    def of(self, entity: str, entity_id: int) -> np.ndarray:
        """The stored profile vector (KeyError for an id the snapshot does not hold)."""
        return self.by_entity[entity][entity_id]

    @classmethod
    def build(cls, tables: Tables, encoder: Encoder, progress: Progress | None = None) -> "ProfileVectors":
        return cls(
            {
                entity: _encode(encoder, entity, list(tables.of(entity).values()), progress)
                for entity in PROFILE_OF
            }
        )

    def following(self, changes: ChangeSet, tables: Tables, encoder: Encoder) -> "ProfileVectors":
        """The vectors after `changes`: the upserted records encoded, the removed ones dropped."""
        moved = [entity for entity in PROFILE_OF if changes.touches(entity)]
        if not moved:
            return self
        by_entity = dict(self.by_entity)
        for entity in moved:
            table = tables.of(entity)
            upserted = [table[i] for i in changes.upserted.get(entity, []) if i in table]
            kept = {i: v for i, v in by_entity[entity].items() if i in table}
            by_entity[entity] = {**kept, **_encode(encoder, entity, upserted, None)}
        return ProfileVectors(by_entity)

    # --- persistence -------------------------------------------------------------------------
    def save(self, directory: Path, model_fingerprint: str, changes: ChangeSet | None = None) -> None:
        """Write the vectors of the entities `changes` touched (all when None), one file each."""
        directory.mkdir(parents=True, exist_ok=True)
        for entity, vectors in self.by_entity.items():
            if changes is not None and not changes.touches(entity):
                continue
            ids = sorted(vectors)
            temporary = directory / f".{entity}-{VECTORS_FILE}.tmp.npz"
            np.savez(
                temporary,
                model=np.array(model_fingerprint),
                ids=np.array(ids, dtype=np.int64),
                vectors=np.stack([vectors[i] for i in ids]) if ids else np.zeros((0, 0), dtype=np.float32),
            )
            temporary.replace(directory / f"{entity}-{VECTORS_FILE}")

    @classmethod
    def load(cls, directory: Path, model_fingerprint: str, tables: Tables) -> "ProfileVectors | None":
        """The saved vectors, or None when any are missing, of another model or of another copy of
        the catalog (ids missing or left over)."""
        by_entity = {}
        for entity in PROFILE_OF:
            path = directory / f"{entity}-{VECTORS_FILE}"
            if not path.exists():
                return None
            with np.load(path) as arrays:
                ids = arrays["ids"].tolist()
                if str(arrays["model"]) != model_fingerprint or set(ids) != set(tables.of(entity)):
                    return None
                by_entity[entity] = dict(zip(ids, arrays["vectors"].astype(np.float32), strict=True))
        return cls(by_entity)
