"""The park index: for every park, per chain and per future-industry track, indicators read from the
catalog's records, each set beside the park's peers. Plain records in, a ``ParkIndex`` out.

Every formula, weight and threshold here is explained in docs/evaluation.md; a change here is a
change there.
"""

import bisect
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from services.match.chains.coverage import leaf_nodes, node_path
from services.match.evaluation.companies import CompanyScore, is_leader, score_companies
from services.match.evaluation.tracks import TrackConfig
from shared.contract import TenancyStatus, placed_by_demo, places_company

Record = dict[str, Any]
STAGES = ("upstream", "midstream", "downstream")
# A tenancy's weight: confirmed by the park 1; located from an address: the locator's confidence;
# generated (demo data, no address places the company) counts half; reported or entered by an officer 1;
# each times PLANNED_WEIGHT while the project is planned (signed, not landed).
GENERATED_WEIGHT = 0.5
PLANNED_WEIGHT = 0.5  # a signed project that has not landed: likely to come, not there yet
# Strong group: its location quotient at least this, with at least this many member tenants.
STRONG_LQ = 1.25
STRONG_MIN_TENANTS = 3
# A peer group has at least this many parks; a smaller one is widened (see peer_groups).
MIN_PEERS = 20
# A group's score: the weighted mean of its indicators' percentiles (weights of those with a value).
WEIGHTS: Mapping[str, float] = {
    "tenants": 0.30,
    "location_quotient": 0.25,
    "coverage": 0.20,
    "leaders": 0.15,
    "revenue_growth_pct": 0.05,
    "net_margin_pct": 0.05,
}
# The overall score: the mean of the six track scores (this share) and the mean of the support
# indicators' percentiles (the rest).
TRACKS_SHARE = 0.9
# Qualifications that mark an innovative company (高新技术企业, 专精特新, 小巨人, 单项冠军...).
INNOVATIVE = frozenset(
    {
        "high_tech_enterprise",
        "specialised_sme",
        "little_giant",
        "single_champion",
        "tech_sme",
        "innovative_sme",
    }
)
# The second weighting (published rankings' dimensions): weight, and the park indicators feeding each
# dimension (the mean of their percentiles); a dimension without indicators is left out, the rest
# renormalised. "future_tracks" is the mean of the six track scores; the support indicators are read
# from ParkCard.support, the others from ParkCard.profile.
DIMENSIONS: Mapping[str, tuple[float, tuple[str, ...]]] = {
    "科技创新": (30.0, ("future_tracks", "innovative_tenants")),
    "产业跃升": (25.0, ("leaders", "revenue_growth_pct", "net_margin_pct")),
    "三化转型": (20.0, ()),
    "开放协同": (15.0, ()),
    "投资环境": (10.0, ("available_area_m2", "policy_benefit_yuan", "funds", "fund_size_yuan")),
}
WEIGHTINGS = ("tracks", "development")


@dataclass(frozen=True)
class PolicyView:
    """What the catalog's policy calculator says of one park for the reference company (policy.py)."""

    eligible_yuan: float  # surely eligible benefits over the reference years, counted after stacking
    categories: frozenset[str]  # categories of the local (not national) policies in force there


@dataclass(frozen=True)
class Inputs:
    parks: Sequence[Record]
    companies: Mapping[int, Record]
    tenancies: Sequence[Record]
    carriers: Sequence[Record]
    chains: Sequence[Record]
    members: Sequence[tuple[int, int, float]]  # (company id, leaf node id, membership confidence)
    funds: Sequence[Record] = ()
    policies: Mapping[int, PolicyView] = field(default_factory=dict)  # park id -> the calculator's view
    policies_on: str | None = None  # the date the policies were evaluated on


@dataclass(frozen=True)
class Group:
    """A chain or a track: the leaf nodes it spans (with their stage) and the industries it names."""

    kind: str  # "chain" or "track"
    key: str  # chain id as text, or the track's name
    name: str
    stages: Mapping[int, str]  # node id -> stage
    industries: frozenset[str] = frozenset()
    by_stage: Mapping[str, frozenset[int]] = field(init=False)

    def __post_init__(self) -> None:
        nodes = {stage: frozenset(n for n, s in self.stages.items() if s == stage) for stage in STAGES}
        object.__setattr__(self, "by_stage", nodes)


@dataclass
class Indicator:
    value: float | None
    percentile: float | None = None  # 0-100 among the peers with a value
    peer_median: float | None = None


@dataclass
class GroupCard:
    group: Group
    indicators: dict[str, Indicator]
    coverage_by_stage: dict[str, float | None]
    member_tenants: int  # tenants with a weight in the group
    generated_tenants: int  # of those, placed by the demo generator
    leader_names: list[str]
    score: float | None = None
    strong: bool = False


@dataclass(frozen=True)
class Presence:
    """What a park holds, as benchmarking compares it: chain nodes with member tenants, leaders,
    carrier kinds with available area, categories of the local policies in force."""

    nodes: Mapping[int, frozenset[int]]  # leaf node id -> the member tenants working there
    leaders: frozenset[int]
    carrier_kinds: frozenset[str]
    policy_categories: frozenset[str]


@dataclass
class Dimension:
    name: str
    weight: float
    indicators: tuple[str, ...]
    value: float | None = None  # mean of the indicators' percentiles; None: no data, left out


@dataclass
class ParkCard:
    park: Record
    peer_group: str
    peers: list[int]
    total_tenants: int
    generated_tenants: int  # of those, placed by the demo generator (示例)
    tracks: list[GroupCard]
    chains: list[GroupCard]
    support: dict[str, Indicator]
    generated_area_m2: float
    profile: dict[str, Indicator]  # park-wide indicators feeding the development weighting
    presence: Presence
    generated_funds: int = 0
    overall: float = 0.0
    overall_percentile: float | None = None
    rank: int = 0
    development: float | None = None
    development_rank: int = 0
    dimensions: list[Dimension] = field(default_factory=list)
    radar_peer_median: dict[str, float | None] = field(default_factory=dict)

    @property
    def strongest_track(self) -> str | None:
        scored = [card for card in self.tracks if card.score is not None]
        if not scored:
            return None
        best = max(scored, key=lambda c: (c.score or 0.0, c.indicators["location_quotient"].value or 0.0))
        return best.group.name

    def track(self, name: str) -> GroupCard:
        return next(card for card in self.tracks if card.group.name == name)


@dataclass(frozen=True)
class ParkIndex:
    cards: Mapping[int, ParkCard]
    ranked: Sequence[int]  # by overall (the tracks weighting)
    ranked_development: Sequence[int]  # by the development weighting
    tracks_version: str
    data_dates: Mapping[str, str | None]
    node_members: Mapping[int, Mapping[int, float]]  # leaf node id -> company id -> confidence
    node_names: Mapping[int, str]  # leaf node id -> "chain / node"
    segments: Mapping[int, tuple[int, str]]  # leaf node id -> its parent (segment) id, "chain / segment"
    companies: Mapping[int, CompanyScore]
    track_groups: Sequence[Group]
    chain_groups: Sequence[Group]


# --- the groups -----------------------------------------------------------------------------------
def groups(chains: Sequence[Record], config: TrackConfig) -> tuple[list[Group], list[Group]]:
    stage_of = {int(leaf["id"]): leaf["stage"] for chain in chains for leaf in leaf_nodes(chain)}
    chain_groups = [
        Group("chain", str(chain["id"]), chain["name"], {int(n["id"]): n["stage"] for n in leaf_nodes(chain)})
        for chain in sorted(chains, key=lambda c: int(c["id"]))
    ]
    track_groups = [
        Group(
            "track",
            track.name,
            track.name,
            {node: stage_of[node] for node in sorted(track.node_ids(chains))},
            track.industries,
        )
        for track in config.tracks
    ]
    return chain_groups, track_groups


# --- weights of tenants and of their membership ------------------------------------------------------
def tenancy_weight(tenancy: Record) -> float:
    """How surely the tenancy places its company in the park now (docs/evaluation.md): a planned
    project, signed but not landed, counts PLANNED_WEIGHT of that."""
    landed = PLANNED_WEIGHT if tenancy.get("status") == TenancyStatus.planned else 1.0
    if tenancy.get("review_status") == "confirmed":
        return landed
    if placed_by_demo(tenancy):
        return landed * GENERATED_WEIGHT
    confidence = tenancy.get("confidence")
    return landed * (1.0 if confidence is None else float(confidence))


def park_tenants(tenancies: Iterable[Record]) -> dict[int, dict[int, tuple[float, bool]]]:
    """park id -> company id -> (weight, generated): active or planned, not rejected; a company's best."""
    found: dict[int, dict[int, tuple[float, bool]]] = defaultdict(dict)
    for tenancy in tenancies:
        if not places_company(tenancy):
            continue
        weight = tenancy_weight(tenancy)
        generated = placed_by_demo(tenancy)
        park, company = int(tenancy["park_id"]), int(tenancy["company_id"])
        if weight > found[park].get(company, (-1.0, False))[0]:
            found[park][company] = (weight, generated)
    return found


def group_membership(
    group: Group, nodes_of: Mapping[int, Mapping[int, float]], companies: Mapping[int, Record]
) -> dict[int, tuple[float, frozenset[int]]]:
    """company id -> (its weight in the group, the group's nodes it works at): the best membership
    confidence at the group's nodes, 1 when its 申万 industry is one the group names."""
    found: dict[int, tuple[float, frozenset[int]]] = {}
    for company_id, nodes in nodes_of.items():
        at = frozenset(n for n in nodes if n in group.stages)
        if at:
            found[company_id] = (max(nodes[n] for n in at), at)
    for company_id, company in companies.items():
        if group.industries and company.get("sw_industry_name") in group.industries:
            found[company_id] = (1.0, found.get(company_id, (0.0, frozenset()))[1])
    return found


def _median(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(statistics.median(present), 4) if present else None


def _sorted_median(ordered: Sequence[float]) -> float | None:
    if not ordered:
        return None
    middle = len(ordered) // 2
    return round(ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2, 4)


# --- one park, one group -------------------------------------------------------------------------
def group_card(
    group: Group,
    tenants: Mapping[int, tuple[float, bool]],
    weights: Mapping[int, tuple[float, frozenset[int]]],
    companies: Mapping[int, Record],
    national_share: float,
    total: float,
) -> GroupCard:
    """`total`: the park's weighted tenants in all groups or none."""
    in_group = {c: weights[c] for c in tenants if c in weights}
    weighted = sum(tenants[c][0] * w for c, (w, _) in in_group.items())
    share = weighted / total if total else None
    lq = share / national_share if share is not None and national_share > 0 else None
    covered = {node for _, nodes in in_group.values() for node in nodes}
    by_stage: dict[str, float | None] = {}
    for stage in STAGES:
        nodes = group.by_stage[stage]
        by_stage[stage] = len(nodes & covered) / len(nodes) if nodes else None
    coverage = len(covered) / len(group.stages) if group.stages else None
    records = [companies.get(c) or {} for c in sorted(in_group)]
    leaders = [r.get("short_name") or r.get("name") or "" for r in records if is_leader(r)]
    financials = [r.get("latest_financials") or {} for r in records]
    indicators = {
        "tenants": Indicator(round(weighted, 4)),
        "location_quotient": Indicator(None if lq is None else round(lq, 4)),
        "coverage": Indicator(None if coverage is None else round(coverage, 4)),
        "leaders": Indicator(float(len(leaders))),
        "revenue_growth_pct": Indicator(_median(f.get("revenue_yoy_pct") for f in financials)),
        "net_margin_pct": Indicator(_median(f.get("net_margin_pct") for f in financials)),
    }
    return GroupCard(
        group=group,
        indicators=indicators,
        coverage_by_stage=by_stage,
        member_tenants=len(in_group),
        generated_tenants=sum(1 for c in in_group if tenants[c][1]),
        leader_names=sorted(leaders),
        strong=lq is not None and lq >= STRONG_LQ and len(in_group) >= STRONG_MIN_TENANTS,
    )


# --- peers and percentiles ------------------------------------------------------------------------
def _area_band(parks: Sequence[Record]) -> dict[int, str]:
    """Terciles of approved area within a zone type and approval level; "unknown" without an area."""
    by_kind: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for park in parks:
        by_kind[(park["zone_type"], park["approval_level"])].append(park)
    band: dict[int, str] = {}
    for members in by_kind.values():
        sized = sorted((p for p in members if p.get("approved_area_ha")), key=lambda p: p["approved_area_ha"])
        for position, park in enumerate(sized):
            band[int(park["id"])] = ("small", "medium", "large")[3 * position // len(sized)]
    return {int(p["id"]): band.get(int(p["id"]), "unknown") for p in parks}


def peer_groups(parks: Sequence[Record]) -> dict[int, tuple[str, list[int]]]:
    """park id -> (the peer group's description, its parks): same zone type, approval level and area
    tercile; widened to type and level, then to type, then to all parks while it has fewer than MIN_PEERS."""
    band = _area_band(parks)
    keys: list[Callable[[Record], tuple[str, ...]]] = [
        lambda p: (p["zone_type"], p["approval_level"], band[int(p["id"])]),
        lambda p: (p["zone_type"], p["approval_level"]),
        lambda p: (p["zone_type"],),
        lambda p: ("all parks",),
    ]
    levels = []
    for key in keys:
        members: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for park in parks:
            members[key(park)].append(int(park["id"]))
        levels.append(members)
    found = {}
    for park in parks:
        for key, members in zip(keys, levels, strict=True):
            peers = members[key(park)]
            if len(peers) >= MIN_PEERS or key is keys[-1]:
                found[int(park["id"])] = (" / ".join(key(park)), peers)
                break
    return found


def percentile(value: float, ordered: Sequence[float]) -> float:
    """The share (0-100) of `ordered` strictly below `value`: nothing among peers that have nothing is 0."""
    return round(100.0 * bisect.bisect_left(ordered, value) / len(ordered), 2)


def rate(indicators: Mapping[int, Indicator], peers_of: Mapping[int, list[int]]) -> None:
    """Fill each park's percentile and peer median of one indicator, among its peers with a value."""
    cache: dict[int, tuple[list[float], float | None]] = {}
    for park_id, indicator in indicators.items():
        peers = peers_of[park_id]
        if id(peers) not in cache:
            ordered = sorted(v for p in peers if (v := indicators[p].value) is not None)
            cache[id(peers)] = ordered, _sorted_median(ordered)
        ordered, indicator.peer_median = cache[id(peers)]
        if ordered and indicator.value is not None:
            indicator.percentile = percentile(indicator.value, ordered)


def weighted_score(indicators: Mapping[str, Indicator]) -> float | None:
    rated = [(WEIGHTS[name], i.percentile) for name, i in indicators.items() if i.percentile is not None]
    total = sum(weight for weight, _ in rated)
    return round(sum(w * p for w, p in rated) / total, 2) if total else None


# --- the index ------------------------------------------------------------------------------------
def evaluate(inputs: Inputs, config: TrackConfig) -> ParkIndex:
    chain_groups, track_groups = groups(inputs.chains, config)
    nodes_of: dict[int, dict[int, float]] = defaultdict(dict)
    for company_id, node_id, confidence in inputs.members:
        nodes_of[company_id][node_id] = max(confidence, nodes_of[company_id].get(node_id, 0.0))
    tenants = park_tenants(inputs.tenancies)
    all_groups = [*track_groups, *chain_groups]
    weights = {g.key: group_membership(g, nodes_of, inputs.companies) for g in all_groups}
    national_total = sum(w for park in tenants.values() for w, _ in park.values())
    national_share = {
        g.key: (
            sum(t[c][0] * weights[g.key][c][0] for t in tenants.values() for c in t if c in weights[g.key])
            / national_total
            if national_total
            else 0.0
        )
        for g in all_groups
    }
    peers = peer_groups(inputs.parks)
    support = support_of(inputs)
    kinds = carrier_kinds(inputs.carriers)
    cards: dict[int, ParkCard] = {}
    for park in inputs.parks:
        park_id = int(park["id"])
        own = tenants.get(park_id, {})
        total = sum(weight for weight, _ in own.values())

        def card(g: Group, own: Mapping[int, tuple[float, bool]] = own, total: float = total) -> GroupCard:
            return group_card(g, own, weights[g.key], inputs.companies, national_share[g.key], total)

        indicators, generated_area, generated_funds = support[park_id]
        cards[park_id] = ParkCard(
            park=park,
            peer_group=peers[park_id][0],
            peers=peers[park_id][1],
            total_tenants=len(own),
            generated_tenants=sum(generated for _, generated in own.values()),
            tracks=[card(g) for g in track_groups],
            chains=[card(g) for g in chain_groups],
            support=indicators,
            generated_area_m2=generated_area,
            generated_funds=generated_funds,
            profile=park_profile(own, inputs.companies),
            presence=presence_of(
                own,
                nodes_of,
                inputs.companies,
                kinds.get(park_id, frozenset()),
                inputs.policies.get(park_id),
            ),
        )
    peers_of = {park_id: members for park_id, (_, members) in peers.items()}
    for position in range(len(track_groups)):
        _rate_groups([c.tracks[position] for c in cards.values()], list(cards), peers_of)
    for position in range(len(chain_groups)):
        _rate_groups([c.chains[position] for c in cards.values()], list(cards), peers_of)
    for name in SUPPORT:
        rate({p: c.support[name] for p, c in cards.items()}, peers_of)
    for park_card in cards.values():
        track_scores = [t.score or 0.0 for t in park_card.tracks]
        mean = sum(track_scores) / len(track_scores) if track_scores else 0.0
        rated = [i.percentile for i in park_card.support.values() if i.percentile is not None]
        support_mean = sum(rated) / len(rated) if rated else 0.0
        park_card.overall = round(TRACKS_SHARE * mean + (1 - TRACKS_SHARE) * support_mean, 2)
        park_card.profile["future_tracks"] = Indicator(round(mean, 4))
    for name in PROFILE:
        rate({p: c.profile[name] for p, c in cards.items()}, peers_of)
    for park_card in cards.values():
        park_card.dimensions, park_card.development = development_score(park_card)
    overall = {p: Indicator(c.overall) for p, c in cards.items()}
    rate(overall, peers_of)
    for position, group in enumerate(track_groups):
        scores = {p: Indicator(c.tracks[position].score) for p, c in cards.items()}
        rate(scores, peers_of)
        for park_id, park_card in cards.items():
            park_card.radar_peer_median[group.name] = scores[park_id].peer_median
    for park_id, park_card in cards.items():
        park_card.overall_percentile = overall[park_id].percentile
    ranked = sorted(cards, key=lambda p: (-cards[p].overall, p))
    for position, park_id in enumerate(ranked, start=1):
        cards[park_id].rank = position
    ranked_development = sorted(cards, key=lambda p: (-(cards[p].development or 0.0), p))
    for position, park_id in enumerate(ranked_development, start=1):
        cards[park_id].development_rank = position
    financial_dates = [
        f["as_of"] for c in inputs.companies.values() if (f := c.get("latest_financials")) and f.get("as_of")
    ]
    node_members: dict[int, dict[int, float]] = defaultdict(dict)
    for company_id, nodes in nodes_of.items():
        for node_id, confidence in nodes.items():
            node_members[node_id][company_id] = confidence
    return ParkIndex(
        cards=cards,
        ranked=ranked,
        ranked_development=ranked_development,
        tracks_version=config.version,
        data_dates={
            "tracks": config.as_of.isoformat(),
            "financials_from": min(financial_dates, default=None),
            "financials_to": max(financial_dates, default=None),
            "policies_on": inputs.policies_on,
        },
        node_members=node_members,
        companies=score_companies(inputs.companies, node_members),
        track_groups=track_groups,
        chain_groups=chain_groups,
        node_names={
            int(leaf["id"]): f"{chain['name']} / {leaf['name']}"
            for chain in inputs.chains
            for leaf in leaf_nodes(chain)
        },
        segments=segments(inputs.chains),
    )


def segments(chains: Sequence[Record]) -> dict[int, tuple[int, str]]:
    """leaf node id -> (its parent's id, "chain / parent"); a leaf without a parent is its own segment."""
    found = {}
    for chain in chains:
        for leaf in leaf_nodes(chain):
            path = node_path(chain, leaf)
            parent = leaf.get("parent_id") or leaf["id"]
            found[int(leaf["id"])] = (
                int(parent),
                f"{chain['name']} / {path[-2] if len(path) > 2 else path[-1]}",
            )
    return found


# --- support, the park-wide profile and the development weighting ------------------------------------
SUPPORT = ("available_area_m2", "policy_benefit_yuan", "funds", "fund_size_yuan")
PROFILE = ("future_tracks", "innovative_tenants", "leaders", "revenue_growth_pct", "net_margin_pct")


def support_of(inputs: Inputs) -> dict[int, tuple[dict[str, Indicator], float, int]]:
    """park id -> (support indicators, generated available area, generated funds)."""
    area: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])  # available, of it generated
    for carrier in inputs.carriers:
        available = float(carrier.get("available_area_m2") or 0.0)
        area[int(carrier["park_id"])][0] += available
        if carrier.get("is_generated"):
            area[int(carrier["park_id"])][1] += available
    funds: dict[int, list[Record]] = defaultdict(list)
    for fund in inputs.funds:
        if fund.get("park_id") is not None:
            funds[int(fund["park_id"])].append(fund)
    found = {}
    for park in inputs.parks:
        park_id = int(park["id"])
        policy = inputs.policies.get(park_id)
        own = funds.get(park_id, [])
        indicators = {
            "available_area_m2": Indicator(area[park_id][0]),
            "policy_benefit_yuan": Indicator(None if policy is None else round(policy.eligible_yuan, 2)),
            "funds": Indicator(float(len(own))),
            "fund_size_yuan": Indicator(float(sum(f.get("size_yuan") or 0.0 for f in own))),
        }
        found[park_id] = indicators, area[park_id][1], sum(1 for f in own if f.get("is_generated"))
    return found


def park_profile(
    tenants: Mapping[int, tuple[float, bool]], companies: Mapping[int, Record]
) -> dict[str, Indicator]:
    """Park-wide indicators over all its tenants (future_tracks is added once the tracks are scored)."""
    records = [companies.get(c) or {} for c in sorted(tenants)]
    recorded = any(r.get("qualifications") for r in records)  # an empty list is "not recorded"
    innovative = sum(
        tenants[c][0]
        for c in tenants
        if INNOVATIVE & set((companies.get(c) or {}).get("qualifications") or [])
    )
    financials = [r.get("latest_financials") or {} for r in records]
    return {
        "innovative_tenants": Indicator(round(innovative, 4) if recorded else None),
        "leaders": Indicator(float(sum(1 for r in records if is_leader(r)))),
        "revenue_growth_pct": Indicator(_median(f.get("revenue_yoy_pct") for f in financials)),
        "net_margin_pct": Indicator(_median(f.get("net_margin_pct") for f in financials)),
    }


def presence_of(
    tenants: Mapping[int, tuple[float, bool]],
    nodes_of: Mapping[int, Mapping[int, float]],
    companies: Mapping[int, Record],
    carrier_kinds: frozenset[str],
    policy: PolicyView | None,
) -> Presence:
    nodes: dict[int, set[int]] = defaultdict(set)
    for company_id in tenants:
        for node_id in nodes_of.get(company_id, {}):
            nodes[node_id].add(company_id)
    return Presence(
        nodes={node: frozenset(members) for node, members in nodes.items()},
        leaders=frozenset(c for c in tenants if is_leader(companies.get(c) or {})),
        carrier_kinds=carrier_kinds,
        policy_categories=frozenset() if policy is None else policy.categories,
    )


def carrier_kinds(carriers: Iterable[Record]) -> dict[int, frozenset[str]]:
    """park id -> the kinds of its carriers with available area."""
    kinds: dict[int, set[str]] = defaultdict(set)
    for carrier in carriers:
        if carrier.get("kind") and (carrier.get("available_area_m2") or 0) > 0:
            kinds[int(carrier["park_id"])].add(str(carrier["kind"]))
    return {park_id: frozenset(found) for park_id, found in kinds.items()}


def development_score(card: ParkCard) -> tuple[list[Dimension], float | None]:
    """Each dimension: the mean of its indicators' percentiles; the score: their weighted mean over
    the dimensions with a value (weights renormalised)."""
    indicators = {**card.profile, **card.support}
    dimensions = []
    for name, (weight, feeding) in DIMENSIONS.items():
        rated = [p for i in feeding if (p := indicators[i].percentile) is not None]
        dimensions.append(
            Dimension(name, weight, feeding, round(sum(rated) / len(rated), 2) if rated else None)
        )
    valued = [(d.weight, d.value) for d in dimensions if d.value is not None]
    total = sum(weight for weight, _ in valued)
    return dimensions, (round(sum(w * v for w, v in valued) / total, 2) if total else None)


def _rate_groups(
    group_cards: list[GroupCard], park_ids: list[int], peers_of: Mapping[int, list[int]]
) -> None:
    for name in WEIGHTS:
        rate({p: c.indicators[name] for p, c in zip(park_ids, group_cards, strict=True)}, peers_of)
    for group_card_ in group_cards:
        group_card_.score = weighted_score(group_card_.indicators)
