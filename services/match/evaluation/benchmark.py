"""Benchmarking (对标): the parks that resemble a park and score higher on a track, what many of them
have that it lacks, and the companies that would fill those gaps.

Resemblance (never the name): the same zone type, approval level and approved-area band, and the
cosine of the two parks' industry profiles (tenants per chain). Peers come from every province.
Chain presence is compared by segment (the parent of the leaf nodes, e.g. 新能源 / 储能): leaf
nodes are too fine for listed companies placed in parks to coincide. docs/evaluation.md explains
each constant.
"""

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

from services.match.evaluation.companies import is_leader
from services.match.evaluation.compute import ParkCard, ParkIndex, Record

# Resemblance: the weights of the profile cosine and of each shared attribute (they sum to 1).
RESEMBLANCE: Mapping[str, float] = {
    "profile": 0.55,
    "zone_type": 0.2,
    "approval_level": 0.1,
    "area_band": 0.15,
}
PEERS = 10  # the most resembling parks that score higher on the track
MIN_PEER_TENANTS = 3  # a peer has at least this many member tenants in the track (not a tiny presence)
GAP_SHARE = 0.3  # a gap: at least this share of the peers have it and the park does not
TARGETS_PER_GAP = 5  # the companies listed at each chain-segment or leader gap


@dataclass(frozen=True)
class Peer:
    card: ParkCard
    resemblance: float
    profile_cosine: float
    shared: tuple[str, ...]  # the attributes it shares with the park


@dataclass(frozen=True)
class Target:
    company_id: int
    node_id: int  # the leaf node where its membership is most confident
    confidence: float  # that membership's confidence
    peer_tenants: tuple[int, ...]  # peers where it is a tenant


@dataclass
class Gap:
    kind: str  # chain_segment, leader, carrier_kind or policy_category
    key: str
    name: str
    share: float  # of the peers having it
    peers: list[int]
    targets: list[Target] = field(default_factory=list)


@dataclass(frozen=True)
class Benchmark:
    card: ParkCard
    track: str
    peers: list[Peer]
    gaps: list[Gap]


def profile(card: ParkCard) -> list[float]:
    """The park's industry profile: its weighted member tenants per chain."""
    return [c.indicators["tenants"].value or 0.0 for c in card.chains]


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return sum(x * y for x, y in zip(a, b, strict=True)) / norm if norm else 0.0


def area_band(card: ParkCard) -> str:
    """The approved-area tercile of the peer group's name, when the group is that narrow."""
    parts = card.peer_group.split(" / ")
    return parts[2] if len(parts) == 3 else "unknown"


def resembling(index: ParkIndex, card: ParkCard, track: str) -> list[Peer]:
    """The PEERS parks most resembling `card` among those scoring higher on `track` with at least
    MIN_PEER_TENANTS member tenants there."""
    own_score = card.track(track).score or 0.0
    own_profile = profile(card)
    park = card.park
    found = []
    for other in index.cards.values():
        if (
            other is card
            or (other.track(track).score or 0.0) <= own_score
            or other.track(track).member_tenants < MIN_PEER_TENANTS
        ):
            continue
        shared = tuple(
            name
            for name, same in (
                ("zone_type", other.park["zone_type"] == park["zone_type"]),
                ("approval_level", other.park["approval_level"] == park["approval_level"]),
                ("area_band", area_band(other) == area_band(card) != "unknown"),
            )
            if same
        )
        similarity = cosine(own_profile, profile(other))
        resemblance = RESEMBLANCE["profile"] * similarity + sum(RESEMBLANCE[name] for name in shared)
        found.append(Peer(other, round(resemblance, 4), round(similarity, 4), shared))
    found.sort(key=lambda p: (-p.resemblance, -(p.card.track(track).score or 0.0), int(p.card.park["id"])))
    return found[:PEERS]


def benchmark(index: ParkIndex, card: ParkCard, track: str, companies: Mapping[int, Record]) -> Benchmark:
    peers = resembling(index, card, track)
    leaves = card.track(track).group.stages
    peer_ids = [int(p.card.park["id"]) for p in peers]
    gaps: list[Gap] = []

    def gap(kind: str, key: str, name: str, has: Callable[[ParkCard], bool]) -> Gap | None:
        having = [pid for pid, p in zip(peer_ids, peers, strict=True) if has(p.card)]
        if not peers or has(card) or len(having) / len(peers) < GAP_SHARE:
            return None
        found = Gap(kind, key, name, round(len(having) / len(peers), 4), having)
        gaps.append(found)
        return found

    by_segment: dict[int, set[int]] = {}
    for leaf in leaves:
        by_segment.setdefault(index.segments[leaf][0], set()).add(leaf)
    for segment, segment_leaves in sorted(by_segment.items()):
        name = index.segments[next(iter(segment_leaves))][1]
        found = gap("chain_segment", str(segment), name, present_at(segment_leaves))
        if found is not None:
            found.targets = targets(index, card, segment_leaves, peers, lambda c: True)
    leader_gap = gap(
        "leader", track, f"{track}龙头企业（≥100亿元）", lambda c: bool(c.track(track).leader_names)
    )
    if leader_gap is not None:
        leader_gap.targets = targets(index, card, leaves, peers, lambda c: is_leader(companies.get(c) or {}))
    compared: list[tuple[str, Callable[[ParkCard], frozenset[str]]]] = [
        ("policy_category", lambda c: c.presence.policy_categories)
    ]
    if not card.park.get("is_virtual"):  # a virtual park offers no space: carriers are not its gap
        compared.append(("carrier_kind", lambda c: c.presence.carrier_kinds))
    for kind, held in compared:
        for value in sorted({v for p in peers for v in held(p.card)}):
            gap(kind, value, value, holds(held, value))
    gaps.sort(key=lambda g: (-g.share, g.kind, g.key))
    return Benchmark(card, track, peers, gaps)


def present_at(leaves: Collection[int]) -> Callable[[ParkCard], bool]:
    """Whether a park has a member tenant at one of `leaves`."""
    return lambda card: any(card.presence.nodes.get(n) for n in leaves)


def holds(held: Callable[[ParkCard], frozenset[str]], value: str) -> Callable[[ParkCard], bool]:
    return lambda card: value in held(card)


def targets(
    index: ParkIndex,
    card: ParkCard,
    leaves: Collection[int],
    peers: Sequence[Peer],
    wanted: Callable[[int], bool],
) -> list[Target]:
    """Members of `leaves` that are not the park's tenants, carry no risk flag and are `wanted`: the
    most confident membership first, then those already tenants of more peers, then the higher
    company score."""
    tenants = {c for members in card.presence.nodes.values() for c in members}
    at_peers: dict[int, list[int]] = {}
    for peer in peers:
        for company_id in {c for n in leaves for c in peer.card.presence.nodes.get(n, ())}:
            at_peers.setdefault(company_id, []).append(int(peer.card.park["id"]))
    best: dict[int, tuple[float, int]] = {}
    for leaf in leaves:
        for company_id, confidence in index.node_members.get(leaf, {}).items():
            if confidence > best.get(company_id, (-1.0, 0))[0]:
                best[company_id] = (confidence, leaf)
    found = []
    for company_id, (confidence, leaf) in best.items():
        score = index.companies.get(company_id)
        if company_id in tenants or score is None or score.risks or not wanted(company_id):
            continue
        found.append(Target(company_id, leaf, round(confidence, 4), tuple(at_peers.get(company_id, ()))))
    found.sort(
        key=lambda t: (
            -t.confidence,
            -len(t.peer_tenants),
            -(index.companies[t.company_id].score or 0.0),
            t.company_id,
        )
    )
    return found[:TARGETS_PER_GAP]
