"""Approximate backend: an inverted file (IVF) of k-means lists, trained on the data it is built with.

Vectors are stored as float16 (IVF-SQfp16): half the memory of float32 with scores within ~1e-3,
which measured the same recall as float32 lists (8-bit codes lost 1-1.5 points of recall@20).
"""

from math import ceil, isqrt
from typing import Self

import faiss
import numpy as np

from services.match.index.base import NO_ID, VectorIndex
from services.match.index.errors import IndexLoadError
from services.match.index.filters import IdFilter

# k-means trains on at most this many sampled vectors per list (faiss subsamples the rest).
_TRAIN_POINTS_PER_LIST = 64
# faiss wants at least this many training vectors per list.
_MIN_POINTS_PER_LIST = 39
# Lists probed per query by default, as a fraction of all lists.
_PROBE_FRACTION = 1 / 8
# A filtered search probes enough lists to expect this many allowed vectors per requested result...
_CANDIDATES_PER_RESULT = 64
# ...and scans every list (exact) when that would be more than this fraction of them.
_EXACT_ABOVE_PROBE_FRACTION = 0.5


def lists_for(count: int) -> int:
    """Number of k-means lists for an index trained on `count` vectors: about sqrt(count)."""
    return max(1, min(isqrt(count), count // _MIN_POINTS_PER_LIST))


def probe_for(lists: int) -> int:
    """Number of lists an unfiltered query probes by default."""
    return max(1, ceil(lists * _PROBE_FRACTION))


def _new_ivf(dim: int, lists: int) -> faiss.IndexIVFScalarQuantizer:
    ivf = faiss.IndexIVFScalarQuantizer(
        faiss.IndexFlatIP(dim),
        dim,
        lists,
        faiss.ScalarQuantizer.QT_fp16,
        faiss.METRIC_INNER_PRODUCT,
        False,  # encode the vectors themselves, not their residual to the list centroid
    )
    ivf.cp.max_points_per_centroid = _TRAIN_POINTS_PER_LIST
    return ivf


class IvfIndex(VectorIndex):
    """IVF-SQfp16 trained by its first `add`; later adds go to the trained lists.

    `lists` defaults to about sqrt(n) of the first batch, `probe` (lists scanned per query) to
    lists/8. A filter is applied inside the scan. The fewer ids it allows, the more lists a query
    probes, so that the probed lists are expected to hold 64 allowed vectors per requested result;
    when that exceeds half the lists, every list is scanned, which is exact and costs one id check
    per stored vector plus one score per allowed vector. A row still short of k results after a
    probed scan is redone over every list, so k results come back whenever k allowed vectors exist.

    Lists are not retrained as the index grows: rebuild it when it has grown several times beyond
    the size it was trained at.
    """

    backend = "ivf"
    _index: faiss.IndexIVFScalarQuantizer

    def __init__(self, dim: int, *, lists: int | None = None, probe: int | None = None) -> None:
        if lists is not None and lists < 1:
            raise ValueError("lists must be positive")
        if probe is not None and probe < 1:
            raise ValueError("probe must be positive")
        self._lists = lists
        self._probe = probe
        super().__init__(dim)

    @property
    def trained(self) -> bool:
        return bool(self._index.is_trained)

    @property
    def lists(self) -> int:
        return int(self._index.nlist)

    @property
    def probe(self) -> int:
        """Lists an unfiltered query scans (filtered queries may scan more)."""
        return int(self._index.nprobe)

    @property
    def nbytes(self) -> int:
        codes = len(self) * (self._index.code_size + np.dtype(np.int64).itemsize)
        return codes + self.lists * self.dim * np.dtype(np.float32).itemsize

    def _empty(self, dim: int) -> faiss.Index:
        return _new_ivf(dim, self._lists or 1)  # replaced by a trained index on the first add

    def _add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if not self._index.is_trained:
            self._train(vectors)
        self._index.add_with_ids(vectors, ids)

    def _train(self, vectors: np.ndarray) -> None:
        lists = self._lists or lists_for(len(vectors))
        if len(vectors) < lists:
            raise ValueError(f"training {lists} lists needs at least {lists} vectors, got {len(vectors)}")
        ivf = _new_ivf(self.dim, lists)
        ivf.train(vectors)
        ivf.nprobe = min(lists, self._probe or probe_for(lists))
        self._index = ivf

    def _search(self, queries: np.ndarray, k: int, allowed: IdFilter | None) -> tuple[np.ndarray, np.ndarray]:
        lists = self.lists
        probe = self.lists_to_probe(k, len(self) if allowed is None else len(allowed))
        scores, ids = self._scan(queries, k, allowed, probe)
        if probe < lists:
            short = ids[:, -1] == NO_ID
            if short.any():
                scores[short], ids[short] = self._scan(queries[short], k, allowed, lists)
        return scores, ids

    def lists_to_probe(self, k: int, allowed: int) -> int:
        """Lists a top-`k` search among `allowed` ids scans: all of them (exact) for small sets."""
        lists = self.lists
        wanted = ceil(_CANDIDATES_PER_RESULT * k * lists / max(1, min(allowed, len(self))))
        probe = max(self.probe, wanted)
        return lists if probe > _EXACT_ABOVE_PROBE_FRACTION * lists else probe

    def _scan(
        self, queries: np.ndarray, k: int, allowed: IdFilter | None, probe: int
    ) -> tuple[np.ndarray, np.ndarray]:
        params = faiss.SearchParametersIVF()
        params.nprobe = probe
        if allowed is not None:
            params.sel = allowed.selector
        return self._index.search(queries, k, params=params)

    def _params(self) -> dict[str, int]:
        return {"lists": self._lists or 0, "probe": self._probe or 0}

    @classmethod
    def _restore(cls, index: faiss.Index, params: dict[str, int]) -> Self:
        if (
            not isinstance(index, faiss.IndexIVFScalarQuantizer)
            or index.sq.qtype != faiss.ScalarQuantizer.QT_fp16
            or index.by_residual
            or index.metric_type != faiss.METRIC_INNER_PRODUCT
        ):
            raise IndexLoadError(
                f"an ivf index must be an inner-product IVF-SQfp16, got {type(index).__name__}"
            )
        restored = cls.__new__(cls)
        restored._attach(index)
        restored._lists = params.get("lists") or None
        restored._probe = params.get("probe") or None
        index.cp.max_points_per_centroid = _TRAIN_POINTS_PER_LIST
        return restored
