"""Small scoring helpers several match questions share. Every factor is a score in [0, 1]."""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from services.match.lexical import word_bounds
from services.match.ranking import CompanyProfile
from services.match.ranking.evidence import WEAK_EVIDENCE_SHARE, TermMatch, is_generic, term_match

# A preference the other side says nothing about: neither a match nor a mismatch.
UNKNOWN = 0.6
_FOCUS_SPLIT = ("与", "及", "和", "、")


def region_fit(regions: Iterable[str], province: str | None) -> float:
    wanted = [r for r in regions if r]
    if not wanted or not province:
        return UNKNOWN
    if "全国" in wanted or any(province.startswith(r[:2]) or r.startswith(province[:2]) for r in wanted):
        return 1.0
    return 0.2


@dataclass(frozen=True)
class FocusTerm:
    term: str
    level: float
    label: str  # how the evidence names it: 基金关注环节, 服务机构服务行业...


def focus_words(text: str) -> list[str]:
    """``集成电路与电子信息`` -> 集成电路, 电子信息."""
    for separator in _FOCUS_SPLIT:
        text = text.replace(separator, " ")
    return [word for word in text.split() if len(word) > 1]


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


@lru_cache(maxsize=4096)
def _head(term: str) -> tuple[int, int] | None:
    """Where the term's last word that is not generic starts and ends; None when all are generic."""
    words = [(a, b) for a, b in pairwise(word_bounds(term)) if not is_generic(term[a:b])]
    return words[-1] if words else None


def names_the_head(match: TermMatch) -> bool:
    """Whether the words ``match`` shares with its term hold the term's head, its last word that is
    not generic (塑料 of 生物塑料, 正极 of 锂电池正极材料, 集成电路 of 集成电路设计), where the company's
    text names that thing: a shared modifier names no thing (生物识别 shares only 生物 with 生物塑料,
    智慧物联 only 智慧 with 智慧养老).

    Where the text names it: not inside a longer Latin word (CMOS is no CMO), and, when only the head
    word is shared and the term's own modifier is not generic, not under another modifier (the sibling
    rule of ``ranking.evidence.term_match``, here for Latin modifiers too: LED芯片 is no 基带芯片,
    MEMS传感器 no 生物传感器; a bare 传感器 may be a 位置传感器)."""
    term, common = match.term, match.common.lower()
    head = _head(term)
    if head is None:
        return False
    head_start, head_end = head
    start = term.index(match.common)
    if not start <= head_start or head_end > start + len(common):
        return False
    modified = (
        common == term[head_start:head_end].lower() and head_start > 0 and not is_generic(term[:head_start])
    )
    text = match.text.lower()
    found = text.find(common)
    while found >= 0:
        before = text[found - 1] if found else ""
        after = text[found + len(common) : found + len(common) + 1]
        glued = (_is_latin(common[0]) and _is_latin(before)) or (_is_latin(common[-1]) and _is_latin(after))
        if not glued and not (modified and before.isalnum()):  # Han, Latin or digit: a modifier
            return True
        found = text.find(common, found + 1)
    return False


def focus_match(term: str, text: str) -> TermMatch | None:
    """``ranking.evidence.term_match`` that also names the term's head (``names_the_head``)."""
    match = term_match(term, text)
    return match if match is not None and names_the_head(match) else None


def industry_fit(terms: Iterable[FocusTerm], profile: CompanyProfile) -> tuple[float, str | None]:
    """The best term a main product or the industry of the company (its profile) covers, head
    included (``focus_match``): its level, ``WEAK_EVIDENCE_SHARE`` of it for weak evidence (as in
    the ranking's ``product`` factor), with the evidence line; (0.0, None) when none does."""
    texts = [("主营产品", name) for name, _ in profile.main_products]
    if profile.industry_label:
        texts.append(("申万行业", profile.industry_label))
    joined = "、".join(text for _, text in texts)  # one look first: most terms are in no text
    best: tuple[float, str | None] = (0.0, None)
    for term in terms:  # best level first: a full match ends the search
        if term.level <= best[0] or term_match(term.term, joined) is None:
            continue
        for kind, text in texts:
            match = focus_match(term.term, text)
            if match is None:
                continue
            fit = term.level * (WEAK_EVIDENCE_SHARE if match.weak else 1.0)
            if fit > best[0]:
                line = f"{kind}「{text}」与{term.label}「{term.term}」相符（共有「{match.common}」）"
                best = (fit, line + match.weak_note(kind, term.label))
            if not match.weak:
                return best
    return best
