"""`search`: one query in Chinese or English across every entity; `similar`: neighbours of one object.

Search score: the share of the query's words (its Chinese words, for English) that the record states
(products and industry, leading industries, focus, services); 1.0 when the query names the record
(name, short name, English name, website). Companies come in the order of the companies-for-node
ranking, other entities by meaning; a park, fund or provider that states none of the words is left
out, and so is a company (closeness of meaning alone is no evidence).

Similar score: the mean of the factors, each in [0, 1]: ``semantic`` (how close the two profiles,
without names or places, are among the candidates: see ``ranking.calibration``), ``shared`` (the share
of what the object states, its main products or leading industries or focus, that the other states
too) and, for companies, ``industry`` (1.0 for the same 申万 industry).
"""

import itertools
from collections.abc import Mapping
from typing import Any, cast

from services.match.catalog_view import CatalogView
from services.match.chains.service import company_item
from services.match.embedding.encoder import Encoder
from services.match.lexical import word_bounds
from services.match.ranking import Calibration, ChannelScores, NodeQuery
from services.match.ranking.evidence import GENERIC_HEADS, term_match
from services.match.ranking.semantic import query_vector
from services.match.schemas import MatchItem
from services.match.search.names import name_matches
from services.match.snapshot import CatalogSnapshot
from services.match.spaces.documents import PROVIDER_CATEGORY_LABEL, TEXT_OF, company_profile
from shared.contract import CompanyRecord

ENTITIES = tuple(TEXT_OF)
CANDIDATES = 100
# What each entity states, as a list of terms, and what the list is called in evidence.
STATED_LABEL = {"company": "主营产品", "park": "主导产业", "fund": "关注领域", "provider": "服务"}


def stated(entity: str, record: Mapping[str, Any]) -> list[str]:
    """What the record says the entity makes, leads with, looks for or offers."""
    if entity == "company":
        profile = company_profile(cast(CompanyRecord, record))
        return [name for name, _ in profile.main_products] + [profile.industry_label]
    if entity == "park":
        return list(record.get("leading_industries") or [])
    if entity == "fund":
        return list(record.get("focus_industries") or [])
    category = PROVIDER_CATEGORY_LABEL.get(record.get("category") or "", "")
    return [category, *(record.get("services") or []), *(record.get("industries") or [])]


def query_words(query: NodeQuery) -> list[str]:
    """The words the query asks for: its translation's, else its own, generic heads left out unless
    there is nothing else."""
    if query.translation:
        return list(query.translation)
    text = " ".join(part for part in (query.chain, query.sub_segment, query.node) if part)
    words = [word for piece in text.split() for word in _words(piece) if len(word) > 1]
    specific = [word for word in words if word not in GENERIC_HEADS]
    return list(dict.fromkeys(specific or words or [query.node]))


def _words(text: str) -> list[str]:
    bounds = word_bounds(text)
    return [text[a:b].strip() for a, b in itertools.pairwise(bounds)]


def _item(
    entity: str, record: Mapping[str, Any], score: float, factors: dict[str, float], evidence: list[str]
) -> MatchItem:
    return MatchItem(
        id=record["id"],
        name=record["name"],
        score=round(min(max(score, 0.0), 1.0), 6),
        factors={name: round(value, 4) for name, value in factors.items()},
        evidence=evidence,
        code=record.get("stock_code"),
        details={
            "entity": entity,
            "province": record.get("province"),
            "is_generated": record.get("is_generated"),
        },
    )


def _stated_share(entity: str, record: Mapping[str, Any], words: list[str]) -> tuple[float, list[str]]:
    """Share of ``words`` the record states, and the evidence naming them."""
    text = "、".join(stated(entity, record)).lower()
    found = [word for word in words if word.lower() in text]
    if not words or not found:
        return 0.0, []
    return len(found) / len(words), [f"{STATED_LABEL[entity]}含检索词「{'、'.join(found)}」"]


def search(
    snapshot: CatalogSnapshot, encoder: Encoder, text: str, entities: list[str], limit: int
) -> list[MatchItem]:
    scored: dict[tuple[str, int], tuple[int, MatchItem]] = {}  # (order found, item)
    spaces = snapshot.spaces
    query = NodeQuery.free_text(text).bridged(spaces.frequency)
    words = query_words(query)
    vector = query_vector(encoder, query)
    for entity in entities:
        if entity == "company":
            ranked = spaces.rank_companies(
                query, encoder, snapshot.lookups.profiles, None, CANDIDATES, vector
            )
            for ranked_company in ranked:
                share, _ = _stated_share("company", snapshot.tables.company[ranked_company.id], words)
                if not share:
                    continue
                item = company_item(snapshot, ranked_company, entity="company")
                factors = {**item.factors, "relevance": ranked_company.score, "stated": share}
                scored[(entity, item.id)] = (
                    len(scored),
                    item.model_copy(update={"score": round(share, 6), "factors": factors}),
                )
        else:
            similar = spaces.spaces[entity].search(vector, CANDIDATES)
            scale = Calibration.of(ChannelScores(similar))
            table = snapshot.tables.of(entity)
            for entity_id, raw in similar.items():
                found = table.get(entity_id)
                if found is None:  # created after the question's snapshot
                    continue
                share, evidence = _stated_share(entity, found, words)
                if not share:
                    continue
                factors = {"semantic": scale(raw), "stated": share}
                scored[(entity, entity_id)] = (len(scored), _item(entity, found, share, factors, evidence))
        for record, reason in name_matches(snapshot, entity, text):
            factors = {"name": 1.0}
            scored[(entity, int(record["id"]))] = (-1, _item(entity, record, 1.0, factors, [reason]))
    # Equal scores alternate between entities, each in its own order (companies by relevance, others
    # by closeness): the position within the entity breaks ties, never a score of another meaning.
    position: dict[str, int] = {}
    ordered = []
    for (entity, _), (order, item) in sorted(scored.items(), key=lambda pair: pair[1][0]):
        position[entity] = position.get(entity, -1) + 1
        ordered.append((-item.score, -1 if order < 0 else position[entity], item.id, item))
    ordered.sort(key=lambda row: row[:3])
    return [row[3] for row in ordered[:limit]]


def similar(snapshot: CatalogSnapshot, entity: str, entity_id: int, limit: int) -> list[MatchItem]:
    record = CatalogView(snapshot).record(entity, entity_id)
    found = snapshot.spaces.spaces[entity].search(snapshot.vectors.of(entity, entity_id), CANDIDATES + 1)
    found.pop(entity_id, None)
    table = snapshot.tables.of(entity)
    scale = Calibration.of(ChannelScores(found))
    own = list(dict.fromkeys(term for term in stated(entity, record) if term))
    items = []
    for other_id, raw in found.items():
        other = table.get(other_id)
        if other is None:  # created after the question's snapshot
            continue
        theirs = "、".join(stated(entity, other))
        shared = [term for term in own if term_match(term, theirs) is not None]
        factors = {"semantic": scale(raw), "shared": len(shared) / len(own) if own else 0.0}
        evidence = [f"双方{STATED_LABEL[entity]}均含：{'、'.join(shared[:5])}"] if shared else []
        if entity == "company":
            profiles = snapshot.lookups.profiles
            industry = profiles[entity_id].industry_label
            same = bool(industry) and industry == profiles[other_id].industry_label
            factors["industry"] = 1.0 if same else 0.0
            if same:
                evidence.insert(0, f"同属申万行业「{industry}」")
        if not evidence:
            evidence.append(f"{STATED_LABEL[entity]}：{'、'.join(stated(entity, other)[:3]) or '未载明'}")
        score = sum(factors.values()) / len(factors)
        items.append(_item(entity, other, score, factors, evidence))
    return sorted(items, key=lambda item: (-item.score, item.id))[:limit]
