"""Small scoring helpers several match questions share. Every factor is a score in [0, 1]."""

from collections.abc import Iterable

# A preference the other side says nothing about: neither a match nor a mismatch.
UNKNOWN = 0.6


def region_fit(regions: Iterable[str], province: str | None) -> float:
    wanted = [r for r in regions if r]
    if not wanted or not province:
        return UNKNOWN
    if "全国" in wanted or any(province.startswith(r[:2]) or r.startswith(province[:2]) for r in wanted):
        return 1.0
    return 0.2


def text_overlap(terms: Iterable[str], text: str) -> float:
    """Share of the terms that occur in the text (a long term counts when its first two characters do)."""
    wanted = [t for t in terms if t]
    if not wanted:
        return UNKNOWN
    hits = sum(1 for term in wanted if term in text or (len(term) > 3 and term[:2] in text))
    return hits / len(wanted)
