"""Finding an entity by what it is called: its name, short name, English name or website.

English names of listed companies come from the industry-chain data, where curators write them in
brackets after the short name (``宁德时代 (CATL)``, ``通威股份（Tongwei）``, kept in each node's
``representative_names``); a company's website (``www.catl.com``) names it too when the record has one.
"""

import bisect
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from services.match.snapshot import CatalogSnapshot, Slot
from services.match.snapshot.tables import Tables
from services.match.spaces.documents import TEXT_OF

_BRACKETED = re.compile(r"^(?P<short>[^（(]+?)\s*[（(](?P<english>[^（）()]+)[）)]\s*$")
_WEBSITE = re.compile(r"^(?:https?://)?(?:www\d?\.)?(?P<label>[a-z0-9-]+)\.", re.IGNORECASE)
# A Chinese name query shorter than this would match inside too many names.
MIN_CHINESE_NAME = 2


def english_names(tables: Tables) -> dict[int, set[str]]:
    """Company id -> its English names as the chain curators wrote them (matched by short name)."""
    by_short = {
        record.get("short_name"): company_id
        for company_id, record in tables.company.items()
        if record.get("short_name")
    }
    found: dict[int, set[str]] = {}
    for chain in tables.chain.values():
        for node in chain["nodes"]:
            for text in node.get("representative_names") or []:
                match = _BRACKETED.match(text)
                if match and (company_id := by_short.get(match["short"].strip())) is not None:
                    found.setdefault(company_id, set()).add(match["english"].strip())
    return found


def website_label(record: Mapping[str, Any]) -> str | None:
    """``www.catl.com`` -> ``catl``."""
    match = _WEBSITE.match((record.get("website") or "").strip())
    return match["label"].lower() if match else None


# How a latin query names a record, by precedence.
NAME, ENGLISH, WEBSITE = 0, 1, 2


@dataclass(frozen=True)
class Names:
    """One entity's names ready to search: all of them in one text (Chinese: a part of a name), and
    each name, English name and website label lowered (latin: a whole name)."""

    sources: tuple[Mapping[int, Any], ...]  # the tables read: while they are unchanged, so are these
    text: str  # "name\tshort name\n" per record
    starts: list[int]
    ids: list[int]
    whole: Mapping[str, Mapping[int, int]]  # lowered name -> record id -> NAME, ENGLISH or WEBSITE

    @classmethod
    def read(cls, tables: Tables, entity: str) -> "Names":
        table = tables.of(entity)
        english = english_names(tables) if entity == "company" else {}
        parts, starts, ids, offset = [], [], [], 0
        whole: dict[str, dict[int, int]] = {}
        for entity_id, record in table.items():
            names = [record.get("name") or "", record.get("short_name") or ""]
            line = "\t".join(names) + "\n"
            parts.append(line)
            starts.append(offset)
            ids.append(entity_id)
            offset += len(line)
            keys = [(NAME, n) for n in names if n] + [(ENGLISH, n) for n in english.get(entity_id, ())]
            label = website_label(record)
            keys += [(WEBSITE, label)] if label else []
            for kind, key in keys:
                kinds = whole.setdefault(key.lower(), {})
                kinds[entity_id] = min(kind, kinds.get(entity_id, kind))
        return cls(_sources(tables, entity), "".join(parts), starts, ids, whole)

    def containing(self, query: str) -> set[int]:
        """The ids whose name or short name holds `query`."""
        found: set[int] = set()
        position = self.text.find(query)
        while position >= 0:
            row = bisect.bisect_right(self.starts, position) - 1
            found.add(self.ids[row])
            if row + 1 >= len(self.starts):
                break
            position = self.text.find(query, self.starts[row + 1])
        return found


def _sources(tables: Tables, entity: str) -> tuple[Mapping[int, Any], ...]:
    """The tables an entity's names are read from (a company's English names from the chains)."""
    return (tables.of(entity), tables.chain) if entity == "company" else (tables.of(entity),)


def names_of(snapshot: CatalogSnapshot, entity: str) -> Names:
    """The snapshot's names of `entity`: the previous snapshot's while the tables they read are unchanged."""
    slot: Slot[Names] = Slot(f"names of {entity}", carried=True)

    def read() -> Names:
        previous = snapshot.derived.previous(slot)
        sources = _sources(snapshot.tables, entity)
        if previous is not None and all(a is b for a, b in zip(previous.sources, sources, strict=True)):
            return previous
        return Names.read(snapshot.tables, entity)

    return snapshot.derived.get(slot, read)


def warm(snapshot: CatalogSnapshot) -> None:
    """Read the snapshot's names before it is published (every search asks for them)."""
    for entity in TEXT_OF:
        names_of(snapshot, entity)


def name_matches(
    snapshot: CatalogSnapshot, entity: str, text: str
) -> Iterator[tuple[Mapping[str, Any], str]]:
    """Records of ``entity`` that ``text`` names, each with the evidence line saying how."""
    query = text.strip().lower()
    if not query:
        return
    names, table = names_of(snapshot, entity), snapshot.tables.of(entity)
    if not query.isascii():
        if len(query) >= MIN_CHINESE_NAME:
            for entity_id in sorted(names.containing(query)):
                yield table[entity_id], f"名称含「{text.strip()}」"
        return
    for entity_id, kind in sorted(names.whole.get(query, {}).items()):
        record = table[entity_id]
        if kind == NAME:
            yield record, f"名称为「{text.strip()}」"
        elif kind == ENGLISH:
            yield record, f"英文名「{text.strip()}」（产业链图谱代表企业）"
        else:
            yield record, f"官网 {record.get('website')}"
