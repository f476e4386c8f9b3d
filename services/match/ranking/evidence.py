"""Why a company matches, in words: which of its products, its industry or its name share terms with
the query, how close the semantic channel puts it, and whether it carries a listing risk."""

import math
from dataclasses import dataclass
from functools import lru_cache

from services.match.lexical import word_bounds
from services.match.ranking.profile import CompanyProfile
from services.match.ranking.query import NodeQuery

# Among matching products, one with an unknown or tiny revenue share counts this much of a main one.
MINOR_PRODUCT_WEIGHT = 0.3
# The semantic channel is worth citing when the company is this far up its calibration.
SEMANTIC_EVIDENCE_LEVEL = 0.8


@dataclass(frozen=True)
class TermMatch:
    """``text`` of the company (a product, its industry) shares ``common`` with the query ``term``."""

    text: str
    term: str
    common: str

    @property
    def coverage(self) -> float:
        """Share of the query term found in the company's text: 1.0 when it is contained whole."""
        return len(self.common) / len(self.term)

    def describe(self, kind: str, target: str, share: float | None = None) -> str:
        """E.g. ``主营产品「碳化硅衬底」（营收占比35%）匹配节点「衬底」``; ``target`` names the query
        (节点 for a chain node, 检索词 for free text)."""
        share_note = f"（营收占比{share:.0%}）" if share is not None and share >= 0.005 else ""
        if self.common == self.term:
            return f"{kind}「{self.text}」{share_note}匹配{target}「{self.term}」"
        return f"{kind}「{self.text}」{share_note}与{target}「{self.term}」共有「{self.common}」"


@lru_cache(maxsize=4096)
def _word_spans(term: str) -> tuple[str, ...]:
    """Runs of whole words of ``term`` (by jieba) covering at least half of it, longest first."""
    bounds = word_bounds(term)
    spans = {term[a:b] for i, a in enumerate(bounds) for b in bounds[i + 1 :] if 2 * (b - a) >= len(term)}
    return tuple(sorted(spans, key=lambda span: (-len(span), term.index(span))))


def term_match(term: str, text: str) -> TermMatch | None:
    """The longest run of whole words of ``term``, at least half of it, that ``text`` contains.

    Whole words keep 石墨类负极材料 from being cited for 锂电池正极材料 (共有「极材料」); the half keeps a
    generic word (材料) from being cited for 医用高分子材料.
    """
    term, text = term.strip(), text.strip()
    lowered = text.lower()
    for span in _word_spans(term) if text else ():
        if span.lower() in lowered:
            return TermMatch(text, term, span)
    return None


def product_weight(share: float | None) -> float:
    """How much a product speaks for the company: sqrt of its revenue share, never below a floor."""
    if share is None or share <= 0:
        return MINOR_PRODUCT_WEIGHT
    return MINOR_PRODUCT_WEIGHT + (1 - MINOR_PRODUCT_WEIGHT) * math.sqrt(min(share, 1.0))


def best_product_match(term: str, profile: CompanyProfile) -> tuple[TermMatch, float | None] | None:
    """The main product that covers most of ``term``, main products first; with its revenue share."""
    best: tuple[float, TermMatch, float | None] | None = None
    for name, share in profile.main_products:
        match = term_match(term, name)
        if match is not None:
            value = match.coverage * product_weight(share)
            if best is None or value > best[0]:
                best = (value, match, share)
    return None if best is None else (best[1], best[2])


def term_evidence(term: str, target: str, profile: CompanyProfile) -> list[str]:
    """What of the company covers ``term``: its best main product, its industry, else its name."""
    lines = []
    product = best_product_match(term, profile)
    if product:
        match, share = product
        lines.append(match.describe("主营产品", target, share))
    industry = term_match(term, profile.industry_label)
    if industry:
        lines.append(industry.describe("申万行业", target))
    name = None if lines else term_match(term, profile.name)
    if name:
        lines.append(name.describe("企业名称", target))
    return lines


def explain(query: NodeQuery, profile: CompanyProfile, semantic: float) -> list[str]:
    """Evidence lines for one ranked company; ``semantic`` is its calibrated semantic factor.

    The node's name is looked for first; when nothing covers it, the sub-segment it belongs to.
    """
    target = "节点" if query.chain else "检索词"
    lines = term_evidence(query.node, target, profile)
    if not lines and query.sub_segment:
        lines = term_evidence(query.sub_segment, "所属环节", profile)
    if semantic >= SEMANTIC_EVIDENCE_LEVEL:
        lines.append(f"企业画像与{target}语义相近（语义分 {semantic:.2f}）")
    if profile.listing_risk:
        lines.append(f"「{profile.short_name}」为风险警示或退市股，降权")
    return lines
