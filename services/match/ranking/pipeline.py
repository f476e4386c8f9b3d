"""`companies-for-node`: fuse the lexical and semantic channels into one ranked, explained list.

Each channel's raw scores are calibrated to [0, 1] against its own best results for the query (see
``calibration``); the fused score is their weighted sum, minus a penalty for companies under delisting
risk (ST, *ST, 退市). It orders the companies; the score returned is the probability, fitted on the
curated links of the tune chains (``reliability``), that the company is one a curator lists at the node. The weights are global, chosen on half of the benchmark's chains and checked on
the other half (``python -m benchmarks.eval``). Direct readings of the record (does a main
product or the industry name contain the node?) are stated as evidence but not added to the score:
on the benchmark they did not help once the lexical channel weighs the node's name.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from services.match.ranking.calibration import Calibration, ChannelScores
from services.match.ranking.evidence import explain
from services.match.ranking.profile import CompanyProfile
from services.match.ranking.query import NodeQuery
from services.match.ranking.reliability import RELEVANCE, Relevance


@dataclass(frozen=True)
class RankingWeights:
    lexical: float = 0.4
    semantic: float = 0.6
    listing_risk: float = 0.5  # subtracted

    def fused(self, factors: Mapping[str, float]) -> float:
        return (
            self.lexical * factors["lexical"]
            + self.semantic * factors["semantic"]
            - self.listing_risk * factors["listing_risk"]
        )


@dataclass(frozen=True)
class RankedCompany:
    id: int
    name: str
    score: float  # P(relevant), see ``reliability``
    # lexical and semantic: the calibrated channels; listing_risk: 1.0 for ST / *ST / 退市.
    factors: dict[str, float]
    evidence: list[str] = field(default_factory=list)


def rank_companies(
    query: NodeQuery,
    profiles: Mapping[int, CompanyProfile],
    lexical: ChannelScores,
    semantic: ChannelScores,
    *,
    limit: int = 20,
    weights: RankingWeights | None = None,
    relevance: Relevance = RELEVANCE,
) -> list[RankedCompany]:
    """Rank the union of both channels' results (those with a profile); best ``limit`` first.

    ``lexical`` holds BM25 scores from ``LexicalIndex.search`` for ``query.lexical_parts()`` (see
    ``channels.lexical_channel``), ``semantic`` the cosine similarities of company profiles to
    ``semantic.query_vector(encoder, query)``, the ``CANDIDATES`` best; both over the same companies
    (filters applied inside both searches).
    """
    weights = weights or RankingWeights()
    lexical_scale = Calibration.of(lexical)
    semantic_scale = Calibration.of(semantic)
    scored = []
    for doc_id in {*lexical.scores, *semantic.scores}:
        profile = profiles.get(doc_id)
        if profile is None:
            continue
        factors = {
            "lexical": lexical_scale(lexical.raw(doc_id)),
            "semantic": semantic_scale(semantic.raw(doc_id)),
            "listing_risk": 1.0 if profile.listing_risk else 0.0,
        }
        scored.append((weights.fused(factors), doc_id, factors))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [
        RankedCompany(
            id=doc_id,
            name=profiles[doc_id].display_name,
            score=round(relevance(fused), 6),
            factors={name: round(value, 4) for name, value in factors.items()},
            evidence=explain(query, profiles[doc_id], factors["semantic"]),
        )
        for fused, doc_id, factors in scored[:limit]
    ]
