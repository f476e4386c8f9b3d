"""GET the park ranking and a park's scorecard: the index computed from one catalog snapshot and its
membership; after a catalog change, the previous snapshot's index answers while the new one is
computed in the background (started when the follower builds the snapshot, see ``warm``)."""

from collections.abc import Mapping, Sequence
from typing import Annotated, cast

from fastapi import APIRouter, Query

from services.match.dependencies import SnapshotDep
from services.match.evaluation.compute import (
    GroupCard,
    Indicator,
    Inputs,
    ParkCard,
    ParkIndex,
    Record,
    evaluate,
)
from services.match.evaluation.schemas import (
    GroupRead,
    IndicatorRead,
    ParkRankItem,
    RadarPoint,
    Scorecard,
    SupportRead,
)
from services.match.evaluation.tracks import TrackConfig, load_tracks
from services.match.schemas import MAX_LIMIT
from services.match.snapshot import CatalogSnapshot, Slot
from shared.errors import NotFound, ValidationFailed
from shared.schemas import Page, PrimaryKey

router = APIRouter(prefix="/api/v1/evaluation", tags=["evaluation"])
TRACKS: TrackConfig = load_tracks()
PARK_INDEX: Slot[ParkIndex] = Slot("park evaluation index", carried=True)


def _compute(snapshot: CatalogSnapshot) -> ParkIndex:
    tables, membership = snapshot.tables, snapshot.membership
    members = [
        (m.company_id, m.node_id, m.confidence)
        for node_members in membership.by_node.values()
        for m in node_members.values()
    ]
    # The evaluation reads the records as plain mappings.
    inputs = Inputs(
        parks=cast(Sequence[Record], list(tables.park.values())),
        companies=cast(Mapping[int, Record], tables.company),
        tenancies=cast(Sequence[Record], list(tables.tenancy.values())),
        carriers=cast(Sequence[Record], list(tables.carrier.values())),
        chains=cast(Sequence[Record], list(tables.chain.values())),
        members=members,
    )
    return evaluate(inputs, TRACKS)


def park_index(snapshot: CatalogSnapshot) -> ParkIndex:
    """The snapshot's index; until it is computed (seconds), the previous snapshot's, so no question
    waits on it. The very first is computed by the first question that asks, if the warm-up has not
    finished it yet."""
    return snapshot.derived.get_or_previous(PARK_INDEX, lambda: _compute(snapshot))


def warm(snapshot: CatalogSnapshot) -> None:
    """Start computing the snapshot's index in the background (at start: seconds of CPU a question
    would share, so not after every write)."""
    snapshot.derived.warm(PARK_INDEX, lambda: _compute(snapshot))


def _indicators(indicators: dict[str, Indicator]) -> list[IndicatorRead]:
    return [
        IndicatorRead(name=name, value=i.value, percentile=i.percentile, peer_median=i.peer_median)
        for name, i in indicators.items()
    ]


def _group(card: GroupCard) -> GroupRead:
    return GroupRead(
        kind=card.group.kind,
        id=int(card.group.key) if card.group.kind == "chain" else None,
        name=card.group.name,
        score=card.score,
        strong=card.strong,
        member_tenants=card.member_tenants,
        generated_tenants=card.generated_tenants,
        coverage_by_stage=card.coverage_by_stage,
        leaders=card.leader_names,
        indicators=_indicators(card.indicators),
    )


def _rank_item(card: ParkCard, track: str | None = None) -> dict[str, object]:
    park = card.park
    return {
        "park_id": int(park["id"]),
        "name": park["name"],
        "province": park.get("province"),
        "zone_type": park["zone_type"],
        "approval_level": park["approval_level"],
        "rank": card.rank,
        "overall": card.overall,
        "overall_percentile": card.overall_percentile,
        "track_score": next((t.score for t in card.tracks if t.group.name == track), None),
        "strongest_track": card.strongest_track,
        "strong_tracks": [t.group.name for t in card.tracks if t.strong],
        "total_tenants": card.total_tenants,
    }


@router.get("/parks", response_model=Page[ParkRankItem], summary="Parks ranked by the evaluation")
def ranked_parks(
    snapshot: SnapshotDep,
    track: Annotated[str | None, Query(description="rank by this track's score (未来制造...)")] = None,
    zone_type: Annotated[str | None, Query(max_length=32)] = None,
    approval_level: Annotated[str | None, Query(max_length=32)] = None,
    province: Annotated[str | None, Query(max_length=16, description="province (prefix: 江苏)")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    cursor: Annotated[str | None, Query(max_length=12, description="next_cursor of the page before")] = None,
) -> Page[ParkRankItem]:
    names = [t.name for t in TRACKS.tracks]
    if track is not None and track not in names:
        raise ValidationFailed.field("query.track", f"one of {', '.join(names)}")
    if cursor is not None and not cursor.isdigit():
        raise ValidationFailed.field("query.cursor", "the next_cursor of a page before")
    index = park_index(snapshot)
    chosen = [
        index.cards[p]
        for p in index.ranked
        if (zone_type is None or index.cards[p].park["zone_type"] == zone_type)
        and (approval_level is None or index.cards[p].park["approval_level"] == approval_level)
        and (province is None or (index.cards[p].park.get("province") or "").startswith(province[:2]))
    ]
    if track is not None:
        position = names.index(track)
        chosen.sort(key=lambda c: (-(c.tracks[position].score or 0.0), c.rank))
    start = int(cursor or 0)
    page = chosen[start : start + limit]
    following = start + limit if start + limit < len(chosen) else None
    return Page[ParkRankItem](
        items=[ParkRankItem.model_validate(_rank_item(card, track)) for card in page],
        total=len(chosen),
        next_cursor=None if following is None else str(following),
    )


@router.get("/parks/{park_id}", response_model=Scorecard, summary="A park's scorecard and six-track radar")
def park_scorecard(snapshot: SnapshotDep, park_id: PrimaryKey) -> Scorecard:
    index = park_index(snapshot)
    card = index.cards.get(park_id)
    if card is None:
        raise NotFound.entity("park", park_id)
    return scorecard(card, index)


def scorecard(card: ParkCard, index: ParkIndex) -> Scorecard:
    park = card.park
    return Scorecard.model_validate(
        {
            **_rank_item(card),
            "approved_area_ha": park.get("approved_area_ha"),
            "is_virtual": bool(park.get("is_virtual")),
            "peer_group": card.peer_group,
            "peer_count": len(card.peers),
            "radar": [
                RadarPoint(
                    track=t.group.name, score=t.score, peer_median=card.radar_peer_median[t.group.name]
                )
                for t in card.tracks
            ],
            "tracks": [_group(t) for t in card.tracks],
            "chains": [_group(c) for c in card.chains if c.member_tenants],
            "support": SupportRead(
                indicators=_indicators(card.support), generated_area_m2=card.generated_area_m2
            ),
            "tracks_version": index.tracks_version,
            "data_dates": index.data_dates,
        }
    )
