"""Finding an entity by what it is called: its name, short name, English name or website.

English names of listed companies come from the industry-chain data, where curators write them in
brackets after the short name (``宁德时代 (CATL)``, ``通威股份（Tongwei）``, kept in each node's
``representative_names``); a company's website (``www.catl.com``) names it too when the record has one.
"""

import re
from collections.abc import Iterator, Mapping
from typing import Any

from services.match.snapshot import CatalogSnapshot, Slot
from services.match.snapshot.tables import Tables

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


ENGLISH_NAMES: Slot[dict[int, set[str]]] = Slot("english names")


def warm(snapshot: CatalogSnapshot) -> None:
    """The snapshot's English names, read before it is published (search asks for them)."""
    snapshot.derived.get(ENGLISH_NAMES, lambda: english_names(snapshot.tables))


def website_label(record: Mapping[str, Any]) -> str | None:
    """``www.catl.com`` -> ``catl``."""
    match = _WEBSITE.match((record.get("website") or "").strip())
    return match["label"].lower() if match else None


def name_matches(
    snapshot: CatalogSnapshot, entity: str, text: str
) -> Iterator[tuple[Mapping[str, Any], str]]:
    """Records of ``entity`` that ``text`` names, each with the evidence line saying how."""
    query = text.strip().lower()
    if not query:
        return
    latin = query.isascii()
    english = (
        snapshot.derived.get(ENGLISH_NAMES, lambda: english_names(snapshot.tables))
        if entity == "company" and latin
        else {}
    )
    for entity_id, record in snapshot.tables.of(entity).items():
        names = [record.get("name") or "", record.get("short_name") or ""]
        if not latin and len(query) >= MIN_CHINESE_NAME and any(query in name for name in names):
            yield record, f"名称含「{text.strip()}」"
        elif latin and any(query == name.lower() for name in names):
            yield record, f"名称为「{text.strip()}」"
        elif latin and any(query == name.lower() for name in english.get(entity_id, ())):
            yield record, f"英文名「{text.strip()}」（产业链图谱代表企业）"
        elif latin and query == website_label(record):
            yield record, f"官网 {record.get('website')}"
