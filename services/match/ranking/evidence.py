"""Why a company matches, in words: which of its products or its industry share terms with the node."""

from dataclasses import dataclass

# Shorter common runs (a single character) say nothing in Chinese.
MIN_COMMON = 2


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


def longest_common_run(a: str, b: str) -> str:
    """The longest substring of ``a`` that also occurs in ``b`` (the first one found on ties)."""
    lowered_b = b.lower()
    best = ""
    lowered_a = a.lower()
    for start in range(len(a)):
        length = len(best) + 1
        while start + length <= len(a) and lowered_a[start : start + length] in lowered_b:
            best = a[start : start + length]
            length += 1
    return best


def term_match(term: str, text: str) -> TermMatch | None:
    """How ``text`` covers ``term``, when they share a run of at least two characters (or all of term)."""
    term, text = term.strip(), text.strip()
    if not term or not text:
        return None
    common = longest_common_run(term, text)
    if len(common) >= min(MIN_COMMON, len(term)):
        return TermMatch(text, term, common)
    return None
