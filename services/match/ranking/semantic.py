"""The semantic channel's query vector: the normalised mean of the embeddings of the query's texts."""

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from services.match.ranking.query import NodeQuery


class QueryEncoder(Protocol):
    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...


def mean_direction(vectors: np.ndarray) -> np.ndarray:
    """Normalised mean of L2-normalised rows (one row per text of a query)."""
    mean = np.asarray(vectors, dtype=np.float32).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 else mean


def query_vector(encoder: QueryEncoder, query: NodeQuery) -> np.ndarray:
    return mean_direction(encoder.encode_queries(query.semantic_texts()))
