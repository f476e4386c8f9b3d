"""Why a company matches, in words: which of its products or its industry share terms with the query,
how close the semantic channel puts it, how large it is, and whether it carries a listing risk.

A company's name is never evidence (中广核 says nothing about IP核), nor is a shared generic head
(锂电池专用设备 and 制药设备 share only 设备). Every company gets at least one line a person can check
in its record: when nothing of it covers the query, its main products and industry as they stand.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from services.match.lexical import word_bounds
from services.match.ranking.profile import CompanyProfile
from services.match.ranking.query import NodeQuery

# Among matching products, one with an unknown or tiny revenue share counts this much of a main one.
MINOR_PRODUCT_WEIGHT = 0.3
# The semantic channel is worth citing when the company is this far up its calibration.
SEMANTIC_EVIDENCE_LEVEL = 0.8
# Words that name a kind of thing, not a thing: sharing only these is no evidence.
GENERIC_HEADS = frozenset(
    [
        "设备",
        "装备",
        "材料",
        "系统",
        "其他",
        "其它",
        "服务",
        "产品",
        "技术",
        "制造",
        "生产",
        "加工",
        "器件",
        "部件",
        "零部件",
        "配件",
        "专用",
        "相关",
        "配套",
        "工程",
        "行业",
        "业务",
        "销售",
        "应用",
        "解决方案",
        "开发",
        "用品",
        "制品",
        "原料",
        "原材料",
        "项目",
        "综合",
        "新型",
        "高端",
        "先进",
        "智能",
        "研发",
        "设计",
        "检测",
        "测试",
        "元件",
        "模块",
        "组件",
        "工艺",
        "机械",
        "仪器",
        "电子",
        "器材",
        "耗材",
        "软件",
        "平台",
        "网络",
    ]
)
# Main products listed when nothing of the company covers the query.
PROFILE_EVIDENCE_PRODUCTS = 3
PROFILE_EVIDENCE_CHARS = 60


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


def is_generic(span: str) -> bool:
    """Whether ``span`` is made of generic heads only (设备, 专用设备, 材料...)."""
    ends = {0}  # prefixes of the span made of generic heads end here
    for end in range(1, len(span) + 1):
        if any(span[start:end] in GENERIC_HEADS for start in ends if start < end):
            ends.add(end)
    return len(span) in ends and bool(span)


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def names_a_sibling(span: str, term: str, text: str) -> bool:
    """Whether ``text`` holds ``span``, the head (last word) of ``term`` and not all of it, only
    with another modifier before it: 玻璃纤维 and 天然纤维 are two kinds of 纤维, 固体激光器 is no
    光纤激光器. A bare head (激光器) is not a sibling, nor is anything when the term's modifier is
    generic (先进封装 names no kind of 封装 that 芯片封装 is not)."""
    head = word_bounds(term)[-2]
    if span == term or term[head:] != span or is_generic(term[:head]):
        return False
    lowered, start = text.lower(), text.lower().find(span)
    while start >= 0:
        if start == 0 or not _HAN.match(lowered[start - 1]):
            return False
        start = lowered.find(span, start + 1)
    return True


def term_match(term: str, text: str) -> TermMatch | None:
    """The longest run of whole words of ``term``, at least half of it and not only generic heads,
    that ``text`` contains, other than the term's head modified otherwise (``names_a_sibling``).

    Whole words keep 石墨类负极材料 from being cited for 锂电池正极材料 (共有「极材料」); the half keeps a
    generic word (材料) from being cited for 医用高分子材料.
    """
    term, text = term.strip(), text.strip()
    lowered = text.lower()
    for span in _word_spans(term) if text else ():
        if span.lower() in lowered and not is_generic(span) and not names_a_sibling(span, term, text):
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


def product_strength(terms: Sequence[str], profile: CompanyProfile) -> float:
    """How much of the query a main product covers, weighed by its revenue share: the best over the
    query's terms of ``coverage * product_weight(share)``, 0 when no product covers any; the
    ``product`` factor of the ranking, the same match ``term_evidence`` cites."""
    strengths = [
        found[0].coverage * product_weight(found[1])
        for term in terms
        if (found := best_product_match(term, profile))
    ]
    return max(strengths, default=0.0)


def size_evidence(profile: CompanyProfile) -> str | None:
    """The company's total assets and headcount as its record states them, with its size factor."""
    parts = []
    if profile.total_assets_yuan:
        parts.append(f"总资产{profile.total_assets_yuan / 1e8:,.1f}亿元")
    if profile.headcount:
        parts.append(f"员工{profile.headcount:,}人")
    return f"企业规模：{'，'.join(parts)}（规模分 {profile.size:.2f}）" if parts else None


def term_evidence(term: str, target: str, profile: CompanyProfile) -> list[str]:
    """What of the company covers ``term``: its best main product, its industry."""
    lines = []
    product = best_product_match(term, profile)
    if product:
        match, share = product
        lines.append(match.describe("主营产品", target, share))
    industry = term_match(term, profile.industry_label)
    if industry:
        lines.append(industry.describe("申万行业", target))
    return lines


def profile_evidence(profile: CompanyProfile) -> str:
    """The company's main products (with revenue shares) and industry, as its record states them."""
    products = "、".join(
        name + (f"（{share:.0%}）" if share and share >= 0.005 else "")
        for name, share in profile.main_products[:PROFILE_EVIDENCE_PRODUCTS]
    )
    parts = [
        f"主营产品：{products}" if products else "",
        f"申万行业：{profile.industry_label}" if profile.industry_label else "",
    ]
    text = "；".join(part for part in parts if part)
    if not text and profile.description.strip():
        text = f"企业简介：{profile.description.strip()[:PROFILE_EVIDENCE_CHARS]}"
    return text or "记录未载明主营产品、行业或简介"


def explain(query: NodeQuery, profile: CompanyProfile, semantic: float) -> list[str]:
    """Evidence lines for one ranked company; ``semantic`` is its calibrated semantic factor.

    The node's name (an English query's Chinese words) is looked for first; when nothing covers it,
    the sub-segment it belongs to; when nothing covers that either, the record's main products.
    """
    target = "检索词" if query.is_text else "节点"
    lines = [line for term in query.terms for line in term_evidence(term, target, profile)]
    if not lines and query.sub_segment:
        lines = term_evidence(query.sub_segment, "所属环节", profile)
    if not lines:
        lines.append(profile_evidence(profile))
    if semantic >= SEMANTIC_EVIDENCE_LEVEL:
        lines.append(f"企业画像与{target}语义相近（语义分 {semantic:.2f}）")
    size = size_evidence(profile)
    if size:
        lines.append(size)
    if profile.listing_risk:
        lines.append(f"「{profile.short_name}」为风险警示或退市股，降权")
    return lines
