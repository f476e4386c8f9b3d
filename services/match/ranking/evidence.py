"""Why a company matches, in words: which of its products or its industry share terms with the query,
how close the semantic channel puts it, how large it is, and whether it carries a listing risk.

A company's name is never evidence (中广核 says nothing about IP核), nor is a shared generic head
(锂电池专用设备 and 制药设备 share only 设备), nor another kind of the query's thing (固体激光器 for
光纤激光器). Shared words that name the query's thing only loosely are weak evidence (they count
``WEAK_EVIDENCE_SHARE`` in the ``product`` factor), and the line says so: the bare head of a qualified
term (化学品 for 生物基化学品 says nothing about being bio-based), and words the query uses to modify a
kind of product that the company's text names as the thing itself (游戏 of 游戏设备, a device, and of
网页游戏, a game). Every company gets at least one line a person can check in its record: when
nothing of it covers the query, its main products and industry as they stand.
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
        # parts and activities of a business, not things: 游戏运营, 游戏板块, 石化分部 are games, chemicals
        "运营",
        "板块",
        "分部",
    ]
)
# Generic heads that name the kind of product a thing is: X设备 is equipment (for X), not X, so the
# X before one is its modifier. The other generic heads leave X the thing named (集成电路设计 is
# about 集成电路, 网络游戏业务 is games).
KIND_HEADS = frozenset(
    [
        "设备",
        "装备",
        "系统",
        "器件",
        "部件",
        "零部件",
        "配件",
        "元件",
        "模块",
        "组件",
        "机械",
        "仪器",
        "器材",
        "耗材",
        "软件",
        "平台",
    ]
)
# What a weak match counts of a full one covering as much of the term (in the ``product`` factor).
WEAK_EVIDENCE_SHARE = 0.5
# Main products listed when nothing of the company covers the query.
PROFILE_EVIDENCE_PRODUCTS = 3
PROFILE_EVIDENCE_CHARS = 60


@dataclass(frozen=True)
class TermMatch:
    """``text`` of the company (a product, its industry) shares ``common`` with the query ``term``.

    The match is weak when the text states only the term's bare head and not its modifier
    (``unstated``: 生物基 of 生物基化学品 for 化学品), or when the term names a kind of product that
    the text does not (``kinds``: the term's kind and the text's, 设备 of 游戏设备 and none in 网页游戏).
    """

    text: str
    term: str
    common: str
    unstated: str = ""
    kinds: tuple[str, str] | None = None

    @property
    def coverage(self) -> float:
        """Share of the query term found in the company's text: 1.0 when it is contained whole."""
        return len(self.common) / len(self.term)

    @property
    def weak(self) -> bool:
        return bool(self.unstated) or self.kinds is not None

    @property
    def strength(self) -> float:
        """``coverage``, ``WEAK_EVIDENCE_SHARE`` of it for a weak match."""
        return self.coverage * (WEAK_EVIDENCE_SHARE if self.weak else 1.0)

    def describe(self, source: str, target: str, share: float | None = None) -> str:
        """E.g. ``主营产品「碳化硅衬底」（营收占比35%）匹配节点「衬底」``; ``source`` names the company's
        text (主营产品, 申万行业), ``target`` the query (节点 for a chain node, 检索词 for free text)."""
        share_note = f"（营收占比{share:.0%}）" if share is not None and share >= 0.005 else ""
        if self.common == self.term:
            line = f"{source}「{self.text}」{share_note}匹配{target}「{self.term}」"
        else:
            line = f"{source}「{self.text}」{share_note}与{target}「{self.term}」共有「{self.common}」"
        return line + self.weak_note(source, target)

    def weak_note(self, source: str, target: str) -> str:
        """Why the match is weak, e.g. ``（弱证据：未载明「生物基」）``; "" when it is not."""
        if self.unstated:
            return f"（弱证据：未载明「{self.unstated}」）"
        if self.kinds is not None:
            term_kind, text_kind = self.kinds
            text_is = f"是「{text_kind}」" if text_kind else "不是"
            return f"（弱证据：{target}是「{term_kind}」，{source}{text_is}）"
        return ""


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
_RUN_END = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff]")


def _kinds(words: str) -> str:
    return "、".join(sorted(kind for kind in KIND_HEADS if kind in words))


def _kind_mismatch(term: str, text: str, term_end: int, text_end: int) -> tuple[str, str] | None:
    """(the term's kind, the text's or "") when the term's words before ``term_end`` modify a kind of
    product (``KIND_HEADS``: 游戏 of 游戏设备) while the same words in ``text``, before ``text_end``,
    name the thing itself (nothing but generic heads after them in their run of words: 网页游戏,
    网络游戏业务) or modify another kind (游戏软件). None when the kinds agree, when the text's words
    modify something else (游戏机), and when the term names no kind: a node naming a thing or a
    domain (智能安防) is served by the makers of its equipment (安防设备) too."""
    term_kind = _kinds(term[term_end:])
    if not term_kind:
        return None
    rest = text[text_end:]
    stop = _RUN_END.search(rest)
    run = rest[: stop.start()] if stop else rest
    text_kind = _kinds(run)
    if text_kind:
        agree = set(text_kind.split("、")) & set(term_kind.split("、"))
        return None if agree else (term_kind, text_kind)
    names_the_thing = not run or is_generic(run)
    return (term_kind, "") if names_the_thing else None


def _unstated_modifier(span: str, term: str) -> str:
    """The term's modifier when ``span`` is its head (last word) alone and the modifier is not
    generic (生物基 of 生物基化学品 for 化学品; none for 先进封装, whose 先进 names no kind of 封装)."""
    head = word_bounds(term)[-2]
    modifier = term[:head]
    return modifier if span != term and term[head:] == span and not is_generic(modifier) else ""


def _reading(term: str, text: str, span: str) -> TermMatch | None:
    """The best reading of ``span`` (a run of whole words of ``term``) where ``text`` holds it: full,
    else weak (``TermMatch``); None when every place names another kind of the term's head, the head
    with another modifier before it (固体激光器 is no 光纤激光器, 电容器化学品 no 生物基化学品)."""
    lowered, key = text.lower(), span.lower()
    unstated = _unstated_modifier(span, term)
    term_end = term.lower().index(key) + len(key)
    best: TermMatch | None = None
    start = lowered.find(key)
    while start >= 0:
        sibling = bool(unstated) and start > 0 and _HAN.match(lowered[start - 1]) is not None
        if not sibling:
            kinds = _kind_mismatch(term.lower(), lowered, term_end, start + len(key))
            found = TermMatch(text, term, span, unstated, kinds)
            if not found.weak:
                return found
            best = best or found
        start = lowered.find(key, start + 1)
    return best


def term_match(term: str, text: str) -> TermMatch | None:
    """The longest run of whole words of ``term``, at least half of it and not only generic heads,
    that ``text`` contains where it does not name another kind of the term's head (``_reading``).

    Whole words keep 石墨类负极材料 from being cited for 锂电池正极材料 (共有「极材料」); the half keeps a
    generic word (材料) from being cited for 医用高分子材料.
    """
    term, text = term.strip(), text.strip()
    lowered = text.lower()
    for span in _word_spans(term) if text else ():
        if span.lower() in lowered and not is_generic(span):
            found = _reading(term, text, span)
            if found is not None:
                return found
    return None


def product_weight(share: float | None) -> float:
    """How much a product speaks for the company: sqrt of its revenue share, never below a floor."""
    if share is None or share <= 0:
        return MINOR_PRODUCT_WEIGHT
    return MINOR_PRODUCT_WEIGHT + (1 - MINOR_PRODUCT_WEIGHT) * math.sqrt(min(share, 1.0))


def best_product_match(term: str, profile: CompanyProfile) -> tuple[TermMatch, float | None] | None:
    """The main product whose match with ``term`` is strongest (``TermMatch.strength`` times
    ``product_weight``), main products first; with its revenue share."""
    best: tuple[float, TermMatch, float | None] | None = None
    for name, share in profile.main_products:
        match = term_match(term, name)
        if match is not None:
            value = match.strength * product_weight(share)
            if best is None or value > best[0]:
                best = (value, match, share)
    return None if best is None else (best[1], best[2])


def product_strength(terms: Sequence[str], profile: CompanyProfile) -> float:
    """How much of the query a main product covers, weighed by its revenue share: the best over the
    query's terms of ``strength * product_weight(share)`` (a weak match counts part of its
    coverage), 0 when no product covers any; the ``product`` factor of the ranking, the same match
    ``term_evidence`` cites."""
    strengths = [
        found[0].strength * product_weight(found[1])
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
