"""Picks the backend by collection size: exact up to `Settings.exact_index_max`, approximate above."""

from typing import Literal

import numpy as np
import numpy.typing as npt

from services.match.index.base import VectorIndex
from services.match.index.exact import ExactIndex
from services.match.index.ivf import IvfIndex, lists_for
from shared.settings import Settings, get_settings

Backend = Literal["exact", "ivf"]
BACKENDS: dict[Backend, type[VectorIndex]] = {"exact": ExactIndex, "ivf": IvfIndex}


def choose_backend(size: int, settings: Settings | None = None) -> Backend:
    """The backend for `size` vectors: exact up to `Settings.exact_index_max`, ivf above."""
    return "exact" if size <= (settings or get_settings()).exact_index_max else "ivf"


def create_index(
    dim: int, size: int, settings: Settings | None = None, *, backend: Backend | None = None
) -> VectorIndex:
    """An empty index for about `size` vectors; `backend` forces the choice by name.

    An ivf index gets lists planned for `size`: its first `add`, which trains them, must hold at
    least that many vectors (about sqrt(size)), and should hold most of the collection.
    """
    name = backend or choose_backend(size, settings)
    if name not in BACKENDS:
        raise ValueError(f"unknown index backend {name!r}; known: {', '.join(BACKENDS)}")
    if name == "ivf":
        return IvfIndex(dim, lists=lists_for(size))
    return BACKENDS[name](dim)


def build_index(
    ids: npt.ArrayLike,
    vectors: npt.ArrayLike,
    settings: Settings | None = None,
    *,
    backend: Backend | None = None,
) -> VectorIndex:
    """An index holding `vectors` under `ids`; an approximate index is trained on these vectors."""
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim != 2:
        raise ValueError(f"vectors must have shape (n, dim), got {matrix.shape}")
    index = create_index(matrix.shape[1], len(matrix), settings, backend=backend)
    index.add(ids, matrix)
    return index
