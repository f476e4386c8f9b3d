"""Benchmarking (对标): the parks that resemble a park and score higher on a track, what most of them
have that it lacks, and the companies at the chain nodes it lacks.

Resemblance (never the name): the same zone type, approval level and approved-area band, and the
cosine of the two parks' industry profiles (tenants per chain). Peers come from every province.
docs/evaluation.md explains each constant.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from services.match.evaluation.compute import ParkCard, ParkIndex

# Resemblance: the weights of the profile cosine and of each shared attribute (they sum to 1).
RESEMBLANCE: Mapping[str, float] = {
    "profile": 0.55,
    "zone_type": 0.2,
    "approval_level": 0.1,
    "area_band": 0.15,
}
PEERS = 10  # the most resembling parks that score higher on the track
GAP_SHARE = 0.5  # a gap: at least this share of the peers have it and the park does not
TARGETS_PER_GAP = 5  # the companies listed at each node gap


@dataclass(frozen=True)
class Peer:
    card: ParkCard
    resemblance: float
    profile_cosine: float
    shared: tuple[str, ...]  # the attributes it shares with the park


@dataclass(frozen=True)
class Target:
    company_id: int
    confidence: float  # membership confidence at the gap node
    peer_tenants: tuple[int, ...]  # peers where it is a tenant


@dataclass
class Gap:
    kind: str  # chain_node, leader, carrier_kind or policy_category
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
    """The PEERS parks most resembling `card` among those scoring higher on `track`."""
    own_score = card.track(track).score or 0.0
    own_profile = profile(card)
    park = card.park
    found = []
    for other in index.cards.values():
        if other is card or (other.track(track).score or 0.0) <= own_score:
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


def benchmark(index: ParkIndex, card: ParkCard, track: str) -> Benchmark:
    peers = resembling(index, card, track)
    group = card.track(track).group
    own = card.presence
    gaps: list[Gap] = []

    def gap(kind: str, key: str, name: str, having: list[int]) -> Gap | None:
        if not peers or len(having) / len(peers) < GAP_SHARE:
            return None
        return Gap(kind, key, name, round(len(having) / len(peers), 4), having)

    peer_ids = [int(p.card.park["id"]) for p in peers]
    for node_id in sorted(group.stages):
        if own.nodes.get(node_id):
            continue
        having = [pid for pid, p in zip(peer_ids, peers, strict=True) if p.card.presence.nodes.get(node_id)]
        found = gap("chain_node", str(node_id), index.node_names.get(node_id, str(node_id)), having)
        if found is not None:
            found.targets = targets(index, card, node_id, peers)
            gaps.append(found)
    track_leaders = {pid: p.card.track(track).leader_names for pid, p in zip(peer_ids, peers, strict=True)}
    if not card.track(track).leader_names:
        found = gap(
            "leader",
            track,
            f"{track}龙头企业（≥100亿元）",
            [pid for pid, names in track_leaders.items() if names],
        )
        if found is not None:
            gaps.append(found)
    for kind, of in (
        ("carrier_kind", lambda c: c.presence.carrier_kinds),
        ("policy_category", lambda c: c.presence.policy_categories),
    ):
        held = sorted({value for p in peers for value in of(p.card)} - of(card))
        for value in held:
            found = gap(
                kind,
                value,
                value,
                [pid for pid, p in zip(peer_ids, peers, strict=True) if value in of(p.card)],
            )
            if found is not None:
                gaps.append(found)
    gaps.sort(key=lambda g: (-g.share, g.kind, g.key))
    return Benchmark(card, track, peers, gaps)


def targets(index: ParkIndex, card: ParkCard, node_id: int, peers: Sequence[Peer]) -> list[Target]:
    """Members of the node that are not the park's tenants: best membership confidence first, then
    those already tenants of a peer, then the higher company score."""
    tenants = {c for members in card.presence.nodes.values() for c in members}
    at_peers: dict[int, list[int]] = {}
    for peer in peers:
        for company_id in peer.card.presence.nodes.get(node_id, ()):
            at_peers.setdefault(company_id, []).append(int(peer.card.park["id"]))
    members = index.node_members.get(node_id, {})
    found = [
        Target(company_id, round(confidence, 4), tuple(at_peers.get(company_id, ())))
        for company_id, confidence in members.items()
        if company_id not in tenants and not index.companies[company_id].risks
    ]
    found.sort(
        key=lambda t: (
            -t.confidence,
            -len(t.peer_tenants),
            -(index.companies[t.company_id].score or 0.0),
            t.company_id,
        )
    )
    return found[:TARGETS_PER_GAP]
