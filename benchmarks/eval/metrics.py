"""Recall@20 and MRR@100 of a ranking against a node's relevant companies."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass

RECALL_DEPTH = 20
MRR_DEPTH = 100


def recall_at(ranked: Sequence[int], relevant: Collection[int], depth: int = RECALL_DEPTH) -> float:
    """Share of the relevant companies found in the first ``depth`` results."""
    return len(set(ranked[:depth]) & set(relevant)) / len(relevant)


def reciprocal_rank(ranked: Sequence[int], relevant: Collection[int], depth: int = MRR_DEPTH) -> float:
    """1 / rank of the first relevant company within ``depth``, else 0."""
    for rank, doc_id in enumerate(ranked[:depth], start=1):
        if doc_id in relevant:
            return 1.0 / rank
    return 0.0


@dataclass(frozen=True)
class Score:
    recall: float
    mrr: float
    nodes: int

    @classmethod
    def of(cls, rankings: Sequence[Sequence[int]], relevant: Sequence[Collection[int]]) -> "Score":
        if not rankings:
            return cls(0.0, 0.0, 0)
        pairs = list(zip(rankings, relevant, strict=True))
        recall = sum(recall_at(ranked, wanted) for ranked, wanted in pairs) / len(pairs)
        mrr = sum(reciprocal_rank(ranked, wanted) for ranked, wanted in pairs) / len(pairs)
        return cls(recall, mrr, len(pairs))
