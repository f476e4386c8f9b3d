"""Exact backend: brute-force inner product over every stored vector (faiss IndexFlatIP + id map)."""

from typing import Self

import faiss
import numpy as np

from services.match.index.base import VectorIndex
from services.match.index.errors import IndexLoadError
from services.match.index.filters import IdFilter


class ExactIndex(VectorIndex):
    """Exact top-k. A filtered search computes scores only for the allowed vectors.

    Uses `IndexIDMap` rather than `IndexIDMap2`: the latter only adds a reverse map for
    reconstructing vectors by id, which this interface does not offer, at ~50 bytes per vector
    and a full rebuild of that map on every removal.
    """

    backend = "exact"

    @property
    def nbytes(self) -> int:
        return len(self) * (self.dim * np.dtype(np.float32).itemsize + np.dtype(np.int64).itemsize)

    def _empty(self, dim: int) -> faiss.Index:
        return faiss.IndexIDMap(faiss.IndexFlatIP(dim))

    def _add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        self._index.add_with_ids(vectors, ids)

    def _search(self, queries: np.ndarray, k: int, allowed: IdFilter | None) -> tuple[np.ndarray, np.ndarray]:
        params = faiss.SearchParameters()
        if allowed is not None:
            params.sel = allowed.selector
        return self._index.search(queries, k, params=params)

    def _params(self) -> dict[str, int]:
        return {}

    @classmethod
    def _restore(cls, index: faiss.Index, params: dict[str, int]) -> Self:
        if not isinstance(index, faiss.IndexIDMap) or not isinstance(
            faiss.downcast_index(index.index), faiss.IndexFlatIP
        ):
            raise IndexLoadError(
                f"an exact index must be IndexIDMap(IndexFlatIP), got {type(index).__name__}"
            )
        restored = cls.__new__(cls)
        restored._attach(index)
        return restored
