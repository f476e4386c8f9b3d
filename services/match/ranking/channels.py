"""Asking each retrieval channel for a node's candidates, in the form the fusion takes."""

from collections.abc import Collection

from services.match.lexical import LexicalIndex
from services.match.ranking.calibration import ChannelScores
from services.match.ranking.query import NodeQuery

# Results asked of each channel: enough for the calibration's reference depth (100) and for the
# other channel's strong candidates to be scored by this one too.
CANDIDATES = 200


def lexical_channel(
    index: LexicalIndex, query: NodeQuery, allowed: Collection[int] | None = None, depth: int = CANDIDATES
) -> ChannelScores:
    hits = index.search(query.lexical_parts(), depth, allowed)
    return ChannelScores({hit.doc_id: hit.score for hit in hits}, complete=len(hits) < depth)
