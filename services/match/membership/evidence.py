"""What in a company's record says it works at a chain node, in words a person can check.

Three readings, each of the record itself: a product whose name covers the node (with its revenue
share), the 申万 industry whose name covers it, a supply link whose product covers it; and, weaker,
a product or the industry covering the node's sub-segment (封装测试 for 先进封装). "Covers" is
``ranking.evidence.term_match``: a run of whole words of the node's name, at least half of it. A run
made only of generic heads (设备, 材料, 系统, 服务...) is not evidence unless it is the node's whole
name: 锂电池专用设备 and 制药设备 share 设备, which says nothing. Company names are never read.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from services.match.lexical import word_bounds
from services.match.ranking.evidence import GENERIC_HEADS, TermMatch, product_weight, term_match
from services.match.ranking.profile import CompanyProfile

# Words that are never evidence on their own: the generic heads every answer ignores, and the words
# that end at least ten node names of the reference chains (芯片, 传感器, 机器人, 设计): 触控芯片 and 交换芯片
# share a category, not a trade. Function words and trade words (公司, 批发, 代理...) besides.
GENERIC_WORDS = GENERIC_HEADS | frozenset(
    {
        "芯片", "传感器", "机器人", "自动化", "硬件", "整机", "终端", "模组", "装置", "工具", "方案",
        "集成", "化学品", "产业", "工业", "关键", "核心", "管理", "运营", "制作", "主营",
        "收入", "营业", "商品", "贸易", "代理", "批发", "零售", "租赁", "咨询", "安装", "维修",
        "公司", "企业", "机构", "类", "及", "与", "和", "等",
    }
)  # fmt: skip


@lru_cache(maxsize=65536)
def is_specific(span: str, term: str) -> bool:
    """A shared run says something: it is the node's whole name, or holds a non-generic word."""
    if span == term:
        return True
    bounds = word_bounds(span)
    return any(span[a:b] not in GENERIC_WORDS and len(span[a:b]) > 1 for a, b in pairwise(bounds))


def specific_match(term: str, text: str) -> TermMatch | None:
    match = term_match(term, text)
    return match if match is not None and is_specific(match.common, match.term) else None


@dataclass(frozen=True)
class ProductEvidence:
    match: TermMatch
    share: float | None

    @property
    def strength(self) -> float:
        """The match's strength (share of the node's name covered, part of it when weak), times how
        much the product speaks for the company."""
        return self.match.strength * product_weight(self.share)

    def describe(self, target: str = "节点") -> str:
        return self.match.describe("主营产品", target, self.share)


def product_evidence(term: str, profile: CompanyProfile) -> ProductEvidence | None:
    """The company's product that covers most of the node's name, weighed by its revenue share."""
    best: ProductEvidence | None = None
    for name, share in profile.main_products:
        match = specific_match(term, name)
        if match is not None:
            found = ProductEvidence(match, share)
            if best is None or found.strength > best.strength:
                best = found
    return best


def industry_evidence(term: str, profile: CompanyProfile, target: str = "节点") -> str | None:
    match = specific_match(term, profile.industry_label)
    return match.describe("申万行业", target) if match else None


def supply_evidence(term: str, supplied: Sequence[tuple[str, str]]) -> str | None:
    """``supplied``: (product, buyer name) of the company's supply links as a supplier."""
    for product, buyer in supplied:
        match = specific_match(term, product)
        if match is not None:
            return f"供应链：向「{buyer}」供应「{product}」，匹配节点「{match.common}」"
    return None
