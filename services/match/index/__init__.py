"""Dense vector index of the match service: one interface, exact and approximate faiss backends.

index = build_index(ids, vectors)                 # backend chosen by size (Settings.exact_index_max)
guangdong = IdFilter(company_ids_in_guangdong)    # build once, reuse for every query
scores, ids = index.search(query_vectors, 20, allowed=guangdong)
index.save(settings.indexes_dir / "companies")
index = VectorIndex.load(settings.indexes_dir / "companies")
"""

from services.match.index.base import NO_ID, NO_SCORE, VectorIndex
from services.match.index.errors import IndexLoadError, VectorIndexError
from services.match.index.exact import ExactIndex
from services.match.index.factory import BACKENDS, Backend, build_index, choose_backend, create_index
from services.match.index.filters import IdFilter
from services.match.index.ivf import IvfIndex

__all__ = [
    "BACKENDS",
    "NO_ID",
    "NO_SCORE",
    "Backend",
    "ExactIndex",
    "IdFilter",
    "IndexLoadError",
    "IvfIndex",
    "VectorIndex",
    "VectorIndexError",
    "build_index",
    "choose_backend",
    "create_index",
]
