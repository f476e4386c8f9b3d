"""Coarse geography for the seed (geo.json): provinces, their bounding boxes, rent tiers and cities."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GEO_FILE = Path(__file__).with_name("geo.json")
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


@dataclass(frozen=True)
class Province:
    name: str
    # [min_lng, min_lat, max_lng, max_lat], WGS84, generous: a point outside is surely misplaced.
    bbox: tuple[float, float, float, float]
    # 1 (北上广苏浙) .. 3: scales the demo generator's rents and prices.
    tier: int
    # core name -> full name of the prefecture-level divisions: 淄博 -> 淄博市, 延边 -> 延边朝鲜族自治州.
    cities: dict[str, str]

    def contains(self, longitude: float, latitude: float) -> bool:
        min_lng, min_lat, max_lng, max_lat = self.bbox
        return min_lng <= longitude <= max_lng and min_lat <= latitude <= max_lat

    def city_in(self, text: str) -> str | None:
        """The prefecture-level city `text` names first (the longest name at the earliest place)."""
        found = [(text.find(core), -len(core), full) for core, full in self.cities.items() if core in text]
        return min(found)[2] if found else None


@cache
def provinces() -> dict[str, Province]:
    raw = json.loads(GEO_FILE.read_text(encoding="utf-8"))["provinces"]
    return {
        name: Province(name, tuple(entry["bbox"]), entry["tier"], dict(entry["cities"]))
        for name, entry in raw.items()
    }


def place_of_area(area: str) -> tuple[str | None, str | None]:
    """(province, city) for a short region name: 江苏 -> 江苏省, 内蒙 -> 内蒙古自治区, 深圳 -> 广东省 深圳市."""
    area = area.strip()
    if not area:
        return None, None
    by_prefix = [name for name in provinces() if name.startswith(area)]
    if len(by_prefix) == 1:
        name = by_prefix[0]
        return name, name if name in MUNICIPALITIES else None
    for province in provinces().values():
        if area in province.cities:
            return province.name, province.cities[area]
    return None, None
