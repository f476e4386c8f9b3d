"""`companies-for-node`: fuse the lexical and semantic channels into one ranked, explained list.

Each channel's raw scores are calibrated to [0, 1] against its own best results for the query (see
``calibration``); the total is a weighted sum of the calibrated channels and of two direct readings
of the company's record: how well its main products (weighted by revenue share) and its industry
name cover the node's name. Companies under delisting risk (ST, *ST, 退市) are pushed down. Every
factor is in [0, 1]; the weights are global, set on half of the benchmark's chains and checked on
the other half (``python -m services.match.eval``).
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from services.match.ranking.calibration import Calibration, ChannelScores
from services.match.ranking.evidence import TermMatch, term_match
from services.match.ranking.profile import CompanyProfile
from services.match.ranking.query import NodeQuery

# A product with an unknown or tiny revenue share still counts this much of a main product.
MINOR_PRODUCT_WEIGHT = 0.3
# Semantic evidence is worth stating when the company is this far up the channel's calibration.
SEMANTIC_EVIDENCE_LEVEL = 0.8


@dataclass(frozen=True)
class RankingWeights:
    lexical: float = 0.4
    semantic: float = 0.6
    product: float = 0.0
    industry: float = 0.0
    listing_risk: float = 0.5  # subtracted


@dataclass(frozen=True)
class RankedCompany:
    id: int
    name: str
    score: float
    factors: dict[str, float]
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _ProductMatch:
    match: TermMatch
    share: float | None
    value: float


def product_weight(share: float | None) -> float:
    """How much a product speaks for the company: sqrt of its revenue share, never below a floor."""
    if share is None or share <= 0:
        return MINOR_PRODUCT_WEIGHT
    return MINOR_PRODUCT_WEIGHT + (1 - MINOR_PRODUCT_WEIGHT) * math.sqrt(min(share, 1.0))


def best_product_match(query: NodeQuery, profile: CompanyProfile) -> _ProductMatch | None:
    best: _ProductMatch | None = None
    for name, share in profile.main_products:
        match = term_match(query.node, name)
        if match is None:
            continue
        value = match.coverage * product_weight(share)
        if best is None or value > best.value:
            best = _ProductMatch(match, share, value)
    return best


def rank_companies(
    query: NodeQuery,
    profiles: Mapping[int, CompanyProfile],
    lexical: ChannelScores,
    semantic: ChannelScores,
    *,
    limit: int = 20,
    weights: RankingWeights | None = None,
) -> list[RankedCompany]:
    """Rank the union of both channels' results (those with a profile); best ``limit`` first.

    ``lexical`` holds BM25 scores from ``LexicalIndex.search`` for ``query.lexical_parts()``,
    ``semantic`` the cosine similarities of the company profiles to the normalised mean of the
    embeddings of ``query.semantic_texts()``; both over the same companies (filters applied).
    """
    weights = weights or RankingWeights()
    lexical_scale = Calibration.of(lexical)
    semantic_scale = Calibration.of(semantic)
    candidates = [doc_id for doc_id in {*lexical.scores, *semantic.scores} if doc_id in profiles]
    ranked = []
    for doc_id in candidates:
        profile = profiles[doc_id]
        product = best_product_match(query, profile)
        industry = term_match(query.node, profile.industry_label)
        factors = {
            "lexical": lexical_scale(lexical.raw(doc_id)),
            "semantic": semantic_scale(semantic.raw(doc_id)),
            "product": product.value if product else 0.0,
            "industry": industry.coverage if industry else 0.0,
            "listing_risk": 1.0 if profile.listing_risk else 0.0,
        }
        score = (
            weights.lexical * factors["lexical"]
            + weights.semantic * factors["semantic"]
            + weights.product * factors["product"]
            + weights.industry * factors["industry"]
            - weights.listing_risk * factors["listing_risk"]
        )
        ranked.append((score, doc_id, factors, product, industry))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return [
        RankedCompany(
            id=doc_id,
            name=profiles[doc_id].display_name,
            score=round(score, 6),
            factors={name: round(value, 4) for name, value in factors.items()},
            evidence=_evidence(query, profiles[doc_id], factors, product, industry),
        )
        for score, doc_id, factors, product, industry in ranked[:limit]
    ]


def _evidence(
    query: NodeQuery,
    profile: CompanyProfile,
    factors: Mapping[str, float],
    product: _ProductMatch | None,
    industry: TermMatch | None,
) -> list[str]:
    target = "节点" if query.chain else "检索词"
    lines = []
    if product:
        lines.append(product.match.describe("主营产品", target, product.share))
    if industry:
        lines.append(industry.describe("申万行业", target))
    name = None if product or industry else term_match(query.node, profile.name)
    if name:
        lines.append(name.describe("企业名称", target))
    if factors["semantic"] >= SEMANTIC_EVIDENCE_LEVEL:
        lines.append(f"企业画像与{target}语义相近（语义分 {factors['semantic']:.2f}）")
    if profile.listing_risk:
        lines.append(f"「{profile.short_name}」为风险警示或退市股，降权")
    return lines
