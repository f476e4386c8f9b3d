"""`companies-for-node`: the candidates of the lexical and semantic channels, scored by one fitted
model of their factors, ranked and explained.

Each channel's raw scores are calibrated to [0, 1] against its own best results for the query (see
``calibration``). With them, every candidate has three readings of its record: ``product`` (how much
of the node's name a main product covers, weighed by its revenue share: the match the evidence
cites), ``size`` (total assets and headcount among listed companies, ``CompanyProfile.size``) and
``listing_risk`` (1.0 for ST, *ST, 退市). The score is the probability, fitted on the curated links of
the tune chains (``reliability``), that a curator lists the company at the node; it orders the
companies. ``python -m benchmarks.eval`` reports it on the tune and the held-out chains, with the model
refitted without each factor beside it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from services.match.ranking.calibration import Calibration, ChannelScores
from services.match.ranking.evidence import explain, product_strength
from services.match.ranking.profile import CompanyProfile
from services.match.ranking.query import NodeQuery
from services.match.ranking.reliability import RELEVANCE, Relevance


@dataclass(frozen=True)
class RankedCompany:
    id: int
    name: str
    score: float  # P(relevant), see ``reliability``
    # lexical, semantic: the calibrated channels; product: the covering product's strength; size:
    # CompanyProfile.size; listing_risk: 1.0 for ST / *ST / 退市. All in [0, 1].
    factors: dict[str, float]
    evidence: list[str] = field(default_factory=list)


def candidate_factors(
    query: NodeQuery, profiles: Mapping[int, CompanyProfile], lexical: ChannelScores, semantic: ChannelScores
) -> dict[int, dict[str, float]]:
    """The factors of every company either channel returned (those with a profile)."""
    lexical_scale = Calibration.of(lexical)
    semantic_scale = Calibration.of(semantic)
    terms = query.terms
    factors = {}
    for doc_id in {*lexical.scores, *semantic.scores}:
        profile = profiles.get(doc_id)
        if profile is not None:
            factors[doc_id] = {
                "lexical": lexical_scale(lexical.raw(doc_id)),
                "semantic": semantic_scale(semantic.raw(doc_id)),
                "product": product_strength(terms, profile),
                "size": profile.size,
                "listing_risk": 1.0 if profile.listing_risk else 0.0,
            }
    return factors


def rank_companies(
    query: NodeQuery,
    profiles: Mapping[int, CompanyProfile],
    lexical: ChannelScores,
    semantic: ChannelScores,
    *,
    limit: int = 20,
    relevance: Relevance = RELEVANCE,
) -> list[RankedCompany]:
    """Rank the union of both channels' results (those with a profile); best ``limit`` first.

    ``lexical`` holds BM25 scores from ``LexicalIndex.search`` for ``query.lexical_parts()`` (see
    ``channels.lexical_channel``), ``semantic`` the cosine similarities of company profiles to
    ``semantic.query_vector(encoder, query)``, the ``CANDIDATES`` best; both over the same companies
    (filters applied inside both searches).
    """
    scored = [
        (relevance.logit(factors), doc_id, factors)
        for doc_id, factors in candidate_factors(query, profiles, lexical, semantic).items()
    ]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [
        RankedCompany(
            id=doc_id,
            name=profiles[doc_id].display_name,
            score=round(relevance(factors), 6),
            factors={name: round(value, 4) for name, value in factors.items()},
            evidence=explain(query, profiles[doc_id], factors["semantic"]),
        )
        for _, doc_id, factors in scored[:limit]
    ]
