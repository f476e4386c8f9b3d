"""Small scoring helpers several match questions share. Every factor is a score in [0, 1]."""

from collections.abc import Iterable
from dataclasses import dataclass

from services.match.ranking import CompanyProfile
from services.match.ranking.evidence import term_match

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


def industry_fit(terms: Iterable[FocusTerm], profile: CompanyProfile) -> tuple[float, str | None]:
    """The best term (highest level first) a main product or the industry of the company (its
    profile) covers, with the evidence line; (0.0, None) when none does."""
    texts = [("主营产品", name) for name, _ in profile.main_products]
    if profile.industry_label:
        texts.append(("申万行业", profile.industry_label))
    joined = "、".join(text for _, text in texts)
    for term in terms:  # best level first
        if term_match(term.term, joined) is None:
            continue
        for kind, text in texts:
            match = term_match(term.term, text)
            if match is not None:
                return (
                    term.level,
                    f"{kind}「{text}」与{term.label}「{term.term}」相符（共有「{match.common}」）",
                )
    return 0.0, None
