"""One entity's searchable vectors: documents encoded as passages, kept current, searched filtered."""

from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Any

import numpy as np

from services.match.embedding.encoder import Encoder
from services.match.index import IdFilter, VectorIndex, create_index
from shared.settings import Settings

Record = Any  # the entity's record (shared.contract), as its text function takes it
BUILD_CHUNK = 512


class Space:
    def __init__(self, entity: str, text_of: Callable[[Record], str], index: VectorIndex) -> None:
        self.entity = entity
        self.text_of = text_of
        self.index = index

    @classmethod
    def build(
        cls,
        entity: str,
        text_of: Callable[[Record], str],
        records: Iterable[Record],
        encoder: Encoder,
        settings: Settings,
        progress: Callable[[int, int], None] | None = None,
    ) -> "Space":
        """Encode every record (in chunks, reporting done/total) and index them in one add.

        One add: an approximate index trains on the vectors of its first add.
        """
        items = list(records)
        space = cls(entity, text_of, create_index(encoder.dim, len(items), settings))
        if not items:
            return space
        texts = [text_of(record) for record in items]
        chunks = []
        for start in range(0, len(texts), BUILD_CHUNK):
            chunks.append(encoder.encode_passages(texts[start : start + BUILD_CHUNK]))
            if progress:
                progress(min(start + BUILD_CHUNK, len(texts)), len(texts))
        space.index.add(np.array([int(record["id"]) for record in items], dtype=np.int64), np.vstack(chunks))
        return space

    def upsert(self, records: Iterable[Record], encoder: Encoder) -> None:
        items = list(records)
        if not items:
            return
        ids = np.array([int(record["id"]) for record in items], dtype=np.int64)
        vectors = encoder.encode_passages([self.text_of(record) for record in items])
        self.index.add(ids, vectors)

    def remove(self, ids: Iterable[int]) -> None:
        self.index.remove(np.array(list(ids), dtype=np.int64))

    def search(self, vector: np.ndarray, k: int, allowed: Collection[int] | None = None) -> dict[int, float]:
        """Best `k` ids by cosine similarity to `vector`, among `allowed` when given."""
        id_filter = (
            None if allowed is None else IdFilter(np.fromiter(allowed, dtype=np.int64, count=len(allowed)))
        )
        scores, ids = self.index.search(vector.reshape(1, -1), k, id_filter)
        return {int(i): float(s) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0}

    def save(self, directory: Path) -> None:
        self.index.save(directory / self.entity)

    @classmethod
    def load(cls, entity: str, text_of: Callable[[Record], str], directory: Path) -> "Space":
        return cls(entity, text_of, VectorIndex.load(directory / entity))
