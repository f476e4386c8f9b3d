"""`search`: one query in Chinese or English across every entity; `similar`: neighbours of one object."""

from typing import Any

from services.match.catalog_view import CatalogView
from services.match.chains.service import company_item
from services.match.ranking import Calibration, ChannelScores, NodeQuery
from services.match.schemas import MatchItem
from services.match.spaces.documents import TEXT_OF
from services.match.state import MatchState

ENTITIES = tuple(TEXT_OF)
CANDIDATES = 100


def _item(
    entity: str, record: dict[str, Any], score: float, factors: dict[str, float], evidence: list[str]
) -> MatchItem:
    return MatchItem(
        id=record["id"],
        name=record["name"],
        score=round(score, 6),
        factors=factors,
        evidence=evidence,
        code=record.get("stock_code"),
        details={
            "entity": entity,
            "province": record.get("province"),
            "is_generated": record.get("is_generated"),
        },
    )


def search(state: MatchState, text: str, entities: list[str], limit: int) -> list[MatchItem]:
    """Companies by the full companies-for-node ranking; parks, funds and providers by meaning."""
    items: list[MatchItem] = []
    vector = state.encoder.encode_queries([text])[0]
    with state.reading() as spaces:
        for entity in entities:
            if entity == "company":
                for ranked in spaces.rank_companies(NodeQuery.free_text(text), state.encoder, None, limit):
                    item = company_item(state, ranked, entity="company")
                    items.append(item)
                continue
            similar = spaces.spaces[entity].search(vector, CANDIDATES)
            scale = Calibration.of(ChannelScores(similar))
            for entity_id, raw in list(similar.items())[:limit]:
                record = state.corpus.get(entity, entity_id)
                if record is None:
                    continue
                semantic = scale(raw)
                items.append(
                    _item(
                        entity, record, semantic, {"semantic": round(semantic, 4)}, [f"语义相似度 {raw:.3f}"]
                    )
                )
    return sorted(items, key=lambda item: (-item.score, item.id))[:limit]


def similar(state: MatchState, entity: str, entity_id: int, limit: int) -> list[MatchItem]:
    record = CatalogView(state.corpus).record(entity, entity_id)
    vector = state.encoder.encode_queries([TEXT_OF[entity](record)])[0]
    with state.reading() as spaces:
        found = spaces.spaces[entity].search(vector, limit + 1)
    items = []
    for other_id, raw in found.items():
        other = state.corpus.get(entity, other_id)
        if other_id == entity_id or other is None:
            continue
        evidence = [f"语义相似度 {raw:.3f}"]
        shared = _shared_terms(entity, record, other)
        if shared:
            evidence.append("共同点：" + "、".join(shared))
        items.append(_item(entity, other, raw, {"semantic": round(raw, 4)}, evidence))
    return items[:limit]


def _shared_terms(entity: str, a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    if entity == "park":
        return sorted(set(a.get("leading_industries") or []) & set(b.get("leading_industries") or []))[:5]
    if entity == "company":
        names = {p["name"] for p in a.get("products") or []} & {p["name"] for p in b.get("products") or []}
        shared = sorted(names)[:5]
        if a.get("sw_industry_name") and a.get("sw_industry_name") == b.get("sw_industry_name"):
            shared.insert(0, str(a["sw_industry_name"]))
        return shared
    if entity == "fund":
        return sorted(set(a.get("focus_industries") or []) & set(b.get("focus_industries") or []))[:5]
    return sorted(set(a.get("industries") or []) & set(b.get("industries") or []))[:5]
