"""Turning Chinese text into index terms.

Chinese domain terms segment inconsistently (jieba keeps 碳化硅衬底 whole in one text and splits it in
another), so the default terms are overlapping character n-grams (1 and 2 characters) of each run of
Han characters: a node 衬底 then shares its terms with a product 碳化硅衬底 whatever a segmenter would
do. Latin letters and digits stay whole words (PCB, 5G, OLED), lower-cased. jieba words can be used
instead of, or on top of, the n-grams.
"""

import re
from dataclasses import dataclass

import jieba

_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+|[a-z0-9]+(?:[.+][a-z0-9]+)*")
jieba.setLogLevel(60)


@dataclass(frozen=True)
class Analyzer:
    """Character n-grams of ``min_n..max_n`` characters (none when ``max_n`` is 0), plus jieba words
    (prefixed ``w:``) when ``words`` is set."""

    min_n: int = 1
    max_n: int = 2
    words: bool = False

    def __post_init__(self) -> None:
        if self.max_n and not 1 <= self.min_n <= self.max_n:
            raise ValueError(f"need 1 <= min_n <= max_n, got {self.min_n}..{self.max_n}")
        if not self.max_n and not self.words:
            raise ValueError("an analyzer needs n-grams or words")

    def terms(self, text: str) -> list[str]:
        lowered = text.lower()
        terms: list[str] = []
        if self.max_n:
            for run in _RUNS.findall(lowered):
                if run.isascii() or len(run) < self.min_n:
                    terms.append(run)
                    continue
                for n in range(self.min_n, min(self.max_n, len(run)) + 1):
                    terms.extend(run[i : i + n] for i in range(len(run) - n + 1))
        if self.words:
            terms.extend(f"w:{word}" for word in jieba.lcut(lowered) if _RUNS.fullmatch(word))
        return terms

    def to_dict(self) -> dict[str, int | bool]:
        return {"min_n": self.min_n, "max_n": self.max_n, "words": self.words}


def word_bounds(text: str) -> list[int]:
    """Offsets where jieba's words start or end in ``text``: 0, ..., len(text)."""
    return [0, *(end for _, _, end in jieba.tokenize(text))]
