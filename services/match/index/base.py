"""The one interface every vector index backend implements.

Similarity is the inner product of L2-normalised vectors (cosine): vectors and queries are
normalised on the way in, so callers may pass raw embeddings. Ids are non-negative int64 chosen by
the caller (catalogue primary keys); adding an id that is already present replaces its vector.

Searches may run from many threads at once; `add` and `remove` wait for running searches and run
alone. Each search runs faiss with `search_threads` OpenMP threads (default 1: a service runs one
query per request thread, and measured single-query latency is better without a second thread).
"""

from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar, Self, cast

import faiss
import numpy as np
import numpy.typing as npt

from services.match.index import storage
from services.match.index.errors import IndexLoadError
from services.match.index.filters import IdFilter
from services.match.index.locking import ReadWriteLock

NO_ID = -1
NO_SCORE = np.float32(-np.inf)


class VectorIndex(ABC):
    """Dense vector index with upsert, removal, filtered top-k search and atomic persistence."""

    backend: ClassVar[str]
    _backends: ClassVar[dict[str, type["VectorIndex"]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        VectorIndex._backends[cls.backend] = cls

    def __init__(self, dim: int) -> None:
        if dim < 1:
            raise ValueError(f"dim must be positive, got {dim}")
        self._attach(self._empty(dim))

    def _attach(self, index: faiss.Index) -> None:
        self._index = index
        self._lock = ReadWriteLock()
        self.search_threads = 1

    @property
    def dim(self) -> int:
        return int(self._index.d)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(dim={self.dim}, vectors={len(self)})"

    @property
    @abstractmethod
    def nbytes(self) -> int:
        """Bytes of index data held in memory (vectors, ids, centroids), excluding allocator slack."""

    def add(self, ids: npt.ArrayLike, vectors: npt.ArrayLike) -> None:
        """Insert or replace: `ids` (n,) non-negative ints, `vectors` (n, dim) floats.

        When an id repeats inside the batch, its last vector wins.
        """
        ids = _ids_array(ids)
        vectors = _matrix(vectors, self.dim, "vectors")
        if len(ids) != len(vectors):
            raise ValueError(f"{len(ids)} ids for {len(vectors)} vectors")
        last = len(ids) - 1 - np.unique(ids[::-1], return_index=True)[1]
        if len(last) != len(ids):
            ids, vectors = ids[last], vectors[last]
        if not len(ids):
            return
        with self._lock.writing():
            self._index.remove_ids(faiss.IDSelectorBatch(ids))
            self._add(ids, vectors)

    def remove(self, ids: npt.ArrayLike) -> int:
        """Remove the given ids (absent ones are ignored); return how many vectors were removed."""
        ids = _ids_array(ids)
        if not len(ids):
            return 0
        with self._lock.writing():
            return int(self._index.remove_ids(faiss.IDSelectorBatch(ids)))

    def search(
        self, queries: npt.ArrayLike, k: int, allowed: IdFilter | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-`k` per query among the allowed ids (all ids when `allowed` is None).

        Returns (scores float32 (q, k), ids int64 (q, k)), best first. The filter is applied inside
        the search, so every row holds k results whenever k allowed vectors exist; missing results
        are padded with id `NO_ID` and score `NO_SCORE` (-inf).
        """
        queries = _matrix(queries, self.dim, "queries")
        if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
            raise ValueError(f"k must be a positive int, got {k!r}")
        k = int(k)
        if (allowed is not None and not len(allowed)) or not len(queries):
            return (
                np.full((len(queries), k), NO_SCORE, dtype=np.float32),
                np.full((len(queries), k), NO_ID, dtype=np.int64),
            )
        with self._lock.reading(), _omp_threads(self.search_threads):
            if not len(self):
                scores = np.empty((len(queries), k), dtype=np.float32)
                ids = np.full((len(queries), k), NO_ID, dtype=np.int64)
            else:
                scores, ids = self._search(queries, k, allowed)
        scores[ids == NO_ID] = NO_SCORE
        return scores, ids

    def save(self, directory: Path) -> None:
        """Write the index under `directory`, atomically replacing a previous save there."""
        with self._lock.reading():
            storage.write(Path(directory), self._index, self.backend, self._params())

    @classmethod
    def load(cls, directory: Path) -> Self:
        """Load a saved index; on `VectorIndex` any backend, on a subclass only that backend.

        Raises `IndexLoadError` when the directory is missing, incomplete, corrupt or of another backend.
        """
        manifest, index = storage.read(Path(directory))
        backend = VectorIndex._backends.get(manifest.backend)
        if backend is None or not issubclass(backend, cls):
            raise IndexLoadError(f"{directory} holds a {manifest.backend!r} index, not a {cls.__name__}")
        return cast(Self, backend._restore(index, manifest.params))

    @abstractmethod
    def _empty(self, dim: int) -> faiss.Index:
        """A new empty faiss index of this backend."""

    @abstractmethod
    def _add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Add new ids (none of them present) with their normalised vectors."""

    @abstractmethod
    def _search(self, queries: np.ndarray, k: int, allowed: IdFilter | None) -> tuple[np.ndarray, np.ndarray]:
        """faiss search of normalised queries over a non-empty index, with a non-empty filter or none."""

    @abstractmethod
    def _params(self) -> dict[str, int]:
        """Settings that are not stored in the faiss index itself, saved in the manifest."""

    @classmethod
    @abstractmethod
    def _restore(cls, index: faiss.Index, params: dict[str, int]) -> Self:
        """Rebuild from a loaded faiss index and the saved `_params()`; raise `IndexLoadError` if unfit."""


def _ids_array(ids: npt.ArrayLike) -> np.ndarray:
    array = np.asarray(ids)
    if array.ndim != 1:
        raise ValueError(f"ids must be one-dimensional, got shape {array.shape}")
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"ids must be integers, got {array.dtype}")
    array = np.ascontiguousarray(array, dtype=np.int64)
    if array.size and array.min() < 0:
        raise ValueError("ids must be non-negative")
    return array


def _matrix(values: npt.ArrayLike, dim: int, name: str) -> np.ndarray:
    """A normalised float32 C-contiguous copy of an (n, dim) matrix of finite values."""
    matrix = np.array(values, dtype=np.float32, order="C", copy=True)
    if matrix.ndim != 2 or matrix.shape[1] != dim:
        raise ValueError(f"{name} must have shape (n, {dim}), got {matrix.shape}")
    if not np.isfinite(matrix).all():
        raise ValueError(f"{name} contain NaN or infinite values")
    faiss.normalize_L2(matrix)
    return matrix


@contextmanager
def _omp_threads(count: int) -> Iterator[None]:
    """Run faiss with `count` OpenMP threads in this thread, then restore the previous setting."""
    previous = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(count)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(previous)
