"""The park locator: which parks an address lies in, each with a confidence and the reason.

Rules, strongest first (a park keeps its best rule):
- `name`: the address holds the zone's name, an alias, or its name without the province
  (江苏昆山经济技术开发区 -> 昆山经济技术开发区).
- `sub_park`: the address names a sub-park (一区多园); its zone is a candidate too.
- `locality_type`: the address holds the zone's locality (the name's place part, or its county) with
  a zone-type alias: 西安市高新区, 长沙高新开发区, 昆山经开区, 张江高新园区, 吴江工业园区.
- `district`: the address's county or district (read by the division library) is one the zone lies
  in. Weaker: a district can hold several zones, and an address in it need not be in any zone.

The address's province (read by the library, else the caller's) is kept: never a park of another.

`confidence` estimates the chance that the address lies in that park: the rule's base (`RULES`)
divided by the number of parks the same evidence fits equally (two zones of one locality and type,
five zones of a district). The bases order the rules by how specific their evidence is; the hand-
checked sample (tests/catalog/data/located_sample.csv: 50 seed placements by `name` and
`locality_type`, all right) backs the two high ones. `district` is a guess by construction: an
address in a district with one zone is in that zone about as often as not, hence 0.5, and the
seed never places a company on it (`PLACE_AT`).
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

import ahocorasick

from services.catalog.locator.divisions import divisions, short_name

# The base confidence of each rule (see the module docstring).
RULES = {"name": 0.95, "sub_park": 0.9, "locality_type": 0.85, "district": 0.5}
# A company's addresses: the office is where people work; a registered address in a zone can be a
# holding company's seat in the zone's office tower, so its confidence is scaled down.
ADDRESS_WEIGHTS = {"office_address": 1.0, "registered_address": 0.8}
# The seed places a company in its best candidate at this confidence or more, when no other
# candidate is as good: a name or locality-type match of one zone, not a district alone.
PLACE_AT = 0.6

# The ways addresses write each zone type, longest first; the zone's own name ends in one of them.
ZONE_TYPE_ALIASES = {
    "high_tech": (
        "高新技术产业开发区",
        "新技术产业开发区",
        "高技术产业开发区",
        "高新技术产业园区",
        "高新技术开发区",
        "新技术开发区",
        "高新技术园区",
        "高新产业开发区",
        "高新开发区",
        "高新园区",
        "高新区",
    ),
    "etdz": ("经济技术开发区", "经济开发区", "经开区", "开发区"),
    "economic_development": ("经济技术开发区", "经济开发区", "经开区", "开发区"),
    "industrial_park": ("产业集聚区", "工业园区", "产业园区", "工业集中区", "工业园", "产业园", "工业区"),
    "special_customs": ("综合保税区", "保税港区", "出口加工区", "保税物流园区", "保税区", "综保区"),
    "border_cooperation": ("边境经济合作区", "经济合作区"),
}
# Words that make the place part of a zone's name no locality (国家级, 省级...).
_RANKS = re.compile(r"(?:国家级|省级|国家)$")
_MIN_KEY = 4


@dataclass(frozen=True)
class Zone:
    """What the locator needs to know of a park."""

    id: int
    name: str
    aliases: tuple[str, ...]
    zone_type: str
    province: str
    city: str | None
    county: str | None
    county_code: str | None
    parent_id: int | None


@dataclass(frozen=True)
class Candidate:
    park_id: int
    name: str
    rule: str
    confidence: float
    reason: str
    # For a company's candidates: which of its addresses (office_address, registered_address), and it.
    address_source: str | None = None
    address: str | None = None


class ParkIndex:
    """The parks, indexed by the keys each rule looks for in an address."""

    def __init__(self, zones: Iterable[Zone]) -> None:
        self.zones = {zone.id: zone for zone in zones}
        names: dict[str, set[int]] = defaultdict(set)
        localities: dict[str, set[int]] = defaultdict(set)
        self.by_county: dict[str, set[int]] = defaultdict(set)
        for zone in self.zones.values():
            for key in _name_keys(zone):
                names[key].add(zone.id)
            for key in _locality_keys(zone):
                localities[key].add(zone.id)
            if zone.county_code:
                self.by_county[zone.county_code].add(zone.id)
        self.names, self.localities = _Keys(names), _Keys(localities)

    def locate(self, address: str, province: str | None = None) -> list[Candidate]:
        """Candidate parks for `address`, best first. `province` is used when the address names none."""
        place = divisions().parse(address)
        province = place.province.name if place.province else province
        found: dict[int, Candidate] = {}

        def offer(ids: set[int], rule: str, reason: str) -> None:
            ids = {i for i in ids if province is None or self.zones[i].province == province}
            for zone_id in ids:
                confidence = round(RULES[rule] / len(ids), 3)
                if zone_id not in found or found[zone_id].confidence < confidence:
                    found[zone_id] = Candidate(zone_id, self.zones[zone_id].name, rule, confidence, reason)

        for key in self.names.found(address):
            offer(self.names.ids[key], "name", f"the address names the zone: {key}")
        for zone_id in [i for i, c in found.items() if c.rule == "name"]:
            parent = self.zones[zone_id].parent_id
            if parent is not None and parent in self.zones:
                offer({parent}, "sub_park", f"the address names {self.zones[zone_id].name}, a sub-park of it")
        for key in self.localities.found(address):
            # A locality can be a common word (滨江, 东湖): never a zone of another city than the address's.
            ids = {
                i
                for i in self.localities.ids[key]
                if place.city is None or self.zones[i].city in (None, place.city.name)
            }
            offer(ids, "locality_type", f"the address names the zone's place and type: {key}")
        if place.county is not None:
            offer(
                self.by_county.get(place.county.code, set()),
                "district",
                f"the address lies in {place.county.name}, a district the zone lies in",
            )
        return sorted(found.values(), key=lambda c: (-c.confidence, c.park_id))


class _Keys:
    """Key texts and the zones each names, found in an address in one pass (Aho-Corasick)."""

    def __init__(self, ids: dict[str, set[int]]) -> None:
        self.ids = ids
        self.automaton = ahocorasick.Automaton()
        for key in ids:
            self.automaton.add_word(key, key)
        self.automaton.make_automaton()

    def found(self, address: str) -> list[str]:
        """The keys in the address, longest first, leaving out a key inside a longer one found."""
        if not self.ids:
            return []
        hits = sorted({key for _, key in self.automaton.iter(address)}, key=len, reverse=True)
        kept: list[str] = []
        for key in hits:
            if not any(key in longer for longer in kept):
                kept.append(key)
        return kept


_ALL_ALIASES = frozenset(alias for aliases in ZONE_TYPE_ALIASES.values() for alias in aliases)


def _without_province(name: str, province: str) -> str:
    """The name without its province (江苏昆山经济技术开发区 -> 昆山经济技术开发区), unless the province is
    its only place (吉林经济技术开发区 stays: 吉林 is the city too)."""
    shorter = name.removeprefix(province).removeprefix(short_name(province))
    return name if shorter in _ALL_ALIASES else shorter


def _name_keys(zone: Zone) -> set[str]:
    names = {zone.name, *zone.aliases}
    names |= {_without_province(name, zone.province) for name in names}
    return {name for name in names if len(name) >= _MIN_KEY and name not in _ALL_ALIASES}


def _locality_keys(zone: Zone) -> set[str]:
    """Locality + zone-type alias: the name's place part (昆山 of 昆山经济技术开发区; 东湖 of 武汉东湖新技术
    开发区, its city left out) or the zone's county, with and without 市/县/区, before each alias of the
    zone's type."""
    aliases = ZONE_TYPE_ALIASES.get(zone.zone_type, ())
    name = _without_province(zone.name, zone.province)
    suffix = next((alias for alias in aliases if name.endswith(alias)), None)
    if suffix is None:
        return set()
    place = _RANKS.sub("", name.removesuffix(suffix))
    localities = {place, f"{place}市"} if len(place) >= 2 else set()
    if zone.county and (not place or place in zone.county or short_name(zone.county) in place):
        localities |= {zone.county, short_name(zone.county)}
    keys = {f"{locality}{alias}" for locality in localities for alias in aliases if len(locality) >= 2}
    # A place of its own beyond the city (东湖 of 武汉东湖, 火炬 of 中山火炬) is written with it and with
    # a bare 开发区 too (武汉市东湖开发区); a city's bare 开发区 is its ETDZ, not taken here.
    city = short_name(zone.city) if zone.city else None
    own = place.removeprefix(city) if city and place.startswith(city) else ""
    if len(own) >= 2:
        keys |= {f"{own}{alias}" for alias in (*aliases, "开发区")}
    return keys


def locate_company(
    index: ParkIndex, addresses: dict[str, str | None], province: str | None
) -> list[Candidate]:
    """Candidate parks for a company from its addresses (`ADDRESS_WEIGHTS` keys), each park once with
    its best confidence, scaled by the address's weight."""
    found: dict[int, Candidate] = {}
    for field, weight in ADDRESS_WEIGHTS.items():
        address = addresses.get(field)
        if not address:
            continue
        for candidate in index.locate(address, province):
            scaled = replace(
                candidate,
                confidence=round(candidate.confidence * weight, 3),
                address_source=field,
                address=address,
            )
            if candidate.park_id not in found or found[candidate.park_id].confidence < scaled.confidence:
                found[candidate.park_id] = scaled
    return sorted(found.values(), key=lambda c: (-c.confidence, c.park_id))


def placement(candidates: list[Candidate]) -> Candidate | None:
    """The park to place a company in: the best candidate, if confident (`PLACE_AT`) and alone."""
    if not candidates or candidates[0].confidence < PLACE_AT:
        return None
    if len(candidates) > 1 and candidates[1].confidence >= candidates[0].confidence:
        return None
    return candidates[0]
