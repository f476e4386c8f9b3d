"""GET the tracks configuration, the park ranking, a park's scorecard and benchmark, its funds' prospects, and the company pool:
the index computed from one catalog snapshot and its membership; after a catalog change, the previous
snapshot's index answers while the new one is computed in the background (see ``park_index``)."""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Annotated, Literal, TypeVar, cast

from fastapi import APIRouter, Query

from services.match.dependencies import SettingsDep, SnapshotDep
from services.match.evaluation.benchmark import benchmark
from services.match.evaluation.companies import WEIGHTS as COMPANY_WEIGHTS
from services.match.evaluation.companies import CompanyScore
from services.match.evaluation.compute import (
    GroupCard,
    Indicator,
    Inputs,
    ParkCard,
    ParkIndex,
    Record,
    evaluate,
)
from services.match.evaluation.policy import policy_views
from services.match.evaluation.prospects import PROSPECT_MIN_CONFIDENCE, prospects
from services.match.evaluation.schemas import (
    BenchmarkGap,
    BenchmarkPeer,
    BenchmarkRead,
    BenchmarkTarget,
    CompanyEvaluation,
    ComponentRead,
    DimensionRead,
    GroupRead,
    IndicatorRead,
    NodeMembership,
    ParkRankItem,
    ParkRef,
    RadarPoint,
    Scorecard,
    SubFieldRead,
    SupportRead,
    TrackRead,
    TracksRead,
)
from services.match.evaluation.tracks import TrackConfig, load_tracks
from services.match.schemas import MAX_LIMIT, MatchAnswer, MatchItem
from services.match.snapshot import CatalogSnapshot, Slot
from shared.errors import NotFound, ValidationFailed
from shared.schemas import Page, PrimaryKey
from shared.settings import Settings

router = APIRouter(prefix="/api/v1/evaluation", tags=["evaluation"])
TRACKS: TrackConfig = load_tracks()
PARK_INDEX: Slot[ParkIndex] = Slot("park evaluation index", carried=True)


def _compute(snapshot: CatalogSnapshot, settings: Settings) -> ParkIndex:
    tables, membership = snapshot.tables, snapshot.membership
    members = [
        (m.company_id, m.node_id, m.confidence)
        for node_members in membership.by_node.values()
        for m in node_members.values()
    ]
    policies = policy_views(snapshot, settings)
    # The evaluation reads the records as plain mappings.
    inputs = Inputs(
        parks=cast(Sequence[Record], list(tables.park.values())),
        companies=_companies(snapshot),
        tenancies=cast(Sequence[Record], list(tables.tenancy.values())),
        carriers=cast(Sequence[Record], list(tables.carrier.values())),
        chains=cast(Sequence[Record], list(tables.chain.values())),
        members=members,
        funds=cast(Sequence[Record], list(tables.fund.values())),
        policies=policies.views,
        policies_on=policies.on,
    )
    return evaluate(inputs, TRACKS)


def park_index(snapshot: CatalogSnapshot, settings: Settings) -> ParkIndex:
    """The snapshot's index; until it is computed (seconds), the previous snapshot's, so no question
    waits on it. The very first is computed by the first question that asks, if the warm-up has not
    finished it yet."""
    return snapshot.derived.get_or_previous(PARK_INDEX, lambda: _compute(snapshot, settings))


def warm(snapshot: CatalogSnapshot, settings: Settings) -> None:
    """Start computing the snapshot's index in the background (at start: seconds of CPU a question
    would share, so not after every write)."""
    snapshot.derived.warm(PARK_INDEX, lambda: _compute(snapshot, settings))


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
        "development": card.development,
        "development_rank": card.development_rank,
        "track_score": next((t.score for t in card.tracks if t.group.name == track), None),
        "strongest_track": card.strongest_track,
        "strong_tracks": [t.group.name for t in card.tracks if t.strong],
        "total_tenants": card.total_tenants,
        "generated_tenants": card.generated_tenants,
    }


Item = TypeVar("Item")


def _page(items: Sequence[Item], limit: int, cursor: str | None) -> tuple[Sequence[Item], str | None]:
    """One page of `items` from the offset `cursor`, and the next page's cursor."""
    if cursor is not None and not cursor.isdigit():
        raise ValidationFailed.field("query.cursor", "the next_cursor of a page before")
    start = int(cursor or 0)
    following = start + limit if start + limit < len(items) else None
    return items[start : start + limit], None if following is None else str(following)


def _track(track: str | None) -> str | None:
    names = [t.name for t in TRACKS.tracks]
    if track is not None and track not in names:
        raise ValidationFailed.field("query.track", f"one of {', '.join(names)}")
    return track


def _companies(snapshot: CatalogSnapshot) -> Mapping[int, Record]:
    """The snapshot's companies, as the evaluation reads records: plain mappings."""
    return cast(Mapping[int, Record], snapshot.tables.company)


def _card(index: ParkIndex, park_id: int) -> ParkCard:
    card = index.cards.get(park_id)
    if card is None:
        raise NotFound.entity("park", park_id)
    return card


Province = Annotated[str | None, Query(max_length=16, description="province (prefix: 江苏)")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Cursor = Annotated[str | None, Query(max_length=12, description="next_cursor of the page before")]


def _in_province(province: str | None, wanted: str | None) -> bool:
    return wanted is None or (province or "").startswith(wanted[:2])


@router.get("/tracks", response_model=TracksRead, summary="The future-industry tracks and what each counts")
def tracks() -> TracksRead:
    """The configuration the scores are computed with (it does not wait on the catalog snapshot)."""
    return TracksRead(
        version=TRACKS.version,
        as_of=TRACKS.as_of,
        source=TRACKS.source,
        note=TRACKS.note,
        tracks=[
            TrackRead(
                name=track.name,
                sub_fields=[
                    SubFieldRead(
                        name=sub.name,
                        chains=list(sub.chains),
                        nodes=list(sub.nodes),
                        industries=list(sub.industries),
                    )
                    for sub in track.sub_fields
                ],
            )
            for track in TRACKS.tracks
        ],
    )


@router.get("/parks", response_model=Page[ParkRankItem], summary="Parks ranked by the evaluation")
def ranked_parks(
    snapshot: SnapshotDep,
    settings: SettingsDep,
    track: Annotated[str | None, Query(description="rank by this track's score (未来制造...)")] = None,
    weighting: Annotated[
        Literal["tracks", "development"],
        Query(description="tracks: the six-track overall; development: 科技创新/产业跃升/.../投资环境"),
    ] = "tracks",
    zone_type: Annotated[str | None, Query(max_length=32)] = None,
    approval_level: Annotated[str | None, Query(max_length=32)] = None,
    province: Province = None,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> Page[ParkRankItem]:
    track = _track(track)
    index = park_index(snapshot, settings)
    order = index.ranked if weighting == "tracks" else index.ranked_development
    chosen = [
        index.cards[p]
        for p in order
        if (zone_type is None or index.cards[p].park["zone_type"] == zone_type)
        and (approval_level is None or index.cards[p].park["approval_level"] == approval_level)
        and _in_province(index.cards[p].park.get("province"), province)
    ]
    if track is not None:
        chosen.sort(key=lambda c: (-(c.track(track).score or 0.0), c.rank))
    page, following = _page(chosen, limit, cursor)
    return Page[ParkRankItem](
        items=[ParkRankItem.model_validate(_rank_item(card, track)) for card in page],
        total=len(chosen),
        next_cursor=following,
    )


@router.get("/parks/{park_id}", response_model=Scorecard, summary="A park's scorecard and six-track radar")
def park_scorecard(snapshot: SnapshotDep, settings: SettingsDep, park_id: PrimaryKey) -> Scorecard:
    index = park_index(snapshot, settings)
    return scorecard(_card(index, park_id), index)


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
                indicators=_indicators(card.support),
                generated_area_m2=card.generated_area_m2,
                generated_funds=card.generated_funds,
            ),
            "profile": _indicators(card.profile),
            "dimensions": [
                DimensionRead(name=d.name, weight=d.weight, indicators=list(d.indicators), value=d.value)
                for d in card.dimensions
            ],
            "tracks_version": index.tracks_version,
            "data_dates": index.data_dates,
        }
    )


# --- benchmarking ---------------------------------------------------------------------------------
def _ref(card: ParkCard) -> ParkRef:
    return ParkRef(park_id=int(card.park["id"]), name=card.park["name"])


@router.get(
    "/parks/{park_id}/benchmark",
    response_model=BenchmarkRead,
    summary="对标: resembling parks scoring higher on a track, what most have that the park lacks, whom to attract",
)
def park_benchmark(
    snapshot: SnapshotDep,
    settings: SettingsDep,
    park_id: PrimaryKey,
    track: Annotated[str, Query(description="the track to benchmark on (未来制造...)")],
) -> BenchmarkRead:
    _track(track)
    index = park_index(snapshot, settings)
    card = _card(index, park_id)
    companies = _companies(snapshot)
    result = benchmark(index, card, track, companies)
    names = {int(p.card.park["id"]): p.card.park["name"] for p in result.peers}
    gaps = []
    for gap in result.gaps:
        targets = []
        for target in gap.targets:
            company = companies.get(target.company_id) or {}
            node = index.node_names.get(target.node_id, str(target.node_id))
            evidence = [f"「{node}」环节成员，置信度 {target.confidence:.2f}（产业链成员关系）"]
            if target.peer_tenants:
                evidence.append("已在对标园区落户：" + "、".join(names[p] for p in target.peer_tenants))
            evidence.append(f"{gap.share:.0%} 的对标园区有「{gap.name}」，本园区没有")
            score = index.companies.get(target.company_id)
            targets.append(
                BenchmarkTarget(
                    company_id=target.company_id,
                    name=company.get("name", str(target.company_id)),
                    stock_code=company.get("stock_code"),
                    province=company.get("province"),
                    node_id=target.node_id,
                    node=node,
                    confidence=target.confidence,
                    company_score=None if score is None else score.score,
                    is_generated=bool(company.get("is_generated")),
                    evidence=evidence,
                )
            )
        gaps.append(
            BenchmarkGap(
                kind=gap.kind,
                key=gap.key,
                name=gap.name,
                share=gap.share,
                peers=[ParkRef(park_id=p, name=names[p]) for p in gap.peers],
                targets=targets,
            )
        )
    return BenchmarkRead(
        **_ref(card).model_dump(),
        track=track,
        track_score=card.track(track).score,
        peers=[
            BenchmarkPeer(
                **_ref(peer.card).model_dump(),
                province=peer.card.park.get("province"),
                zone_type=peer.card.park["zone_type"],
                approval_level=peer.card.park["approval_level"],
                track_score=peer.card.track(track).score,
                resemblance=peer.resemblance,
                profile_cosine=peer.profile_cosine,
                shared=list(peer.shared),
            )
            for peer in result.peers
        ],
        gaps=gaps,
    )


@router.get(
    "/parks/{park_id}/fund-prospects",
    response_model=MatchAnswer,
    summary="房东→股东: pool companies in the park's chains its own funds could back next",
)
def fund_prospects(
    snapshot: SnapshotDep, settings: SettingsDep, park_id: PrimaryKey, limit: Limit = 20
) -> MatchAnswer:
    index = park_index(snapshot, settings)
    card = _card(index, park_id)
    result = prospects(index, card, snapshot.tables, snapshot.lookups)
    return MatchAnswer(
        items=[
            MatchItem(
                id=int(p.company["id"]),
                name=p.company["name"],
                score=p.score,
                factors=p.factors,
                evidence=p.evidence,
                code=p.company.get("stock_code"),
                details={
                    "fund_id": int(p.fund["id"]),
                    "fund_name": p.fund["name"],
                    "fund_is_generated": bool(p.fund.get("is_generated")),
                    "is_generated": bool(p.company.get("is_generated")),
                    "province": p.company.get("province"),
                    "funding_stage": p.company.get("funding_stage"),
                },
            )
            for p in result.found[:limit]
        ],
        explain={
            "park": card.park["name"],
            "funds": result.funds,
            "pool_companies_in_park_chains": result.candidates,
            "min_membership_confidence": PROSPECT_MIN_CONFIDENCE,
            "left_out_wrong_stage": result.wrong_stage,
            "left_out_already_held": result.held,
            "left_out_off_focus": result.off_focus,
            "prospects": len(result.found),
            "holdings_known": len(snapshot.tables.investment),
            "methodology": "docs/evaluation.md#fund-prospects",
        },
    )


# --- companies ------------------------------------------------------------------------------------
def company_evaluation(score: CompanyScore, company: Record, index: ParkIndex) -> CompanyEvaluation:
    nodes = sorted(score.nodes.items(), key=lambda item: (-item[1], item[0]))[:10]
    return CompanyEvaluation(
        company_id=score.company_id,
        name=str(company.get("name") or score.company_id),
        stock_code=company.get("stock_code"),
        province=company.get("province"),
        is_generated=bool(company.get("is_generated")),
        score=score.score,
        in_pool=score.in_pool,
        components=[
            ComponentRead(
                name=c.name,
                weight=COMPANY_WEIGHTS[c.name],
                score=c.score,
                value=c.value,
                as_of=None if c.as_of is None else date.fromisoformat(str(c.as_of)[:10]),
                source=c.source,
                reason=c.reason,
            )
            for c in score.components
        ],
        risks=score.risks,
        reasons=score.reasons,
        nodes=[
            NodeMembership(node_id=n, name=index.node_names.get(n, str(n)), confidence=round(c, 4))
            for n, c in nodes
        ],
    )


@router.get(
    "/companies", response_model=Page[CompanyEvaluation], summary="The curated company pool (精选企业池)"
)
def company_pool(
    snapshot: SnapshotDep,
    settings: SettingsDep,
    chain_id: Annotated[PrimaryKey | None, Query(description="members of this chain's nodes")] = None,
    node_id: Annotated[PrimaryKey | None, Query(description="members of this chain node")] = None,
    track: Annotated[str | None, Query(description="members of this track's nodes or industries")] = None,
    province: Province = None,
    min_score: Annotated[float | None, Query(ge=0, le=100)] = None,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> Page[CompanyEvaluation]:
    track = _track(track)
    index = park_index(snapshot, settings)
    companies = _companies(snapshot)
    chain = next((g for g in index.chain_groups if chain_id is not None and g.key == str(chain_id)), None)
    if chain_id is not None and chain is None:
        raise ValidationFailed.field("query.chain_id", f"chain {chain_id} does not exist")
    group = next((g for g in index.track_groups if g.name == track), None)

    def wanted(score: CompanyScore) -> bool:
        company = companies.get(score.company_id) or {}
        return (
            (chain is None or any(n in chain.stages for n in score.nodes))
            and (node_id is None or node_id in score.nodes)
            and (
                group is None
                or any(n in group.stages for n in score.nodes)
                or company.get("sw_industry_name") in group.industries
            )
            and _in_province(company.get("province"), province)
            and (min_score is None or (score.score or 0.0) >= min_score)
        )

    chosen = sorted(
        (s for s in index.companies.values() if s.in_pool and s.company_id in companies and wanted(s)),
        key=lambda s: (-(s.score or 0.0), s.company_id),
    )
    page, following = _page(chosen, limit, cursor)
    return Page[CompanyEvaluation](
        items=[company_evaluation(s, companies[s.company_id], index) for s in page],
        total=len(chosen),
        next_cursor=following,
    )


@router.get("/companies/{company_id}", response_model=CompanyEvaluation, summary="A company's score, and why")
def company_score(snapshot: SnapshotDep, settings: SettingsDep, company_id: PrimaryKey) -> CompanyEvaluation:
    index = park_index(snapshot, settings)
    company = _companies(snapshot).get(company_id)
    score = index.companies.get(company_id)
    if company is None or score is None:
        raise NotFound.entity("company", company_id)
    return company_evaluation(score, company, index)
