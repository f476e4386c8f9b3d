"""Park rules beyond field types: a park's geography.

A park lies in a province, a prefecture-level city and a county or district, each with its 6-digit
adcode from the division library (services/catalog/locator/divisions.py), so that policies of every
level apply to it. What the caller does not give is filled in: a name's code, a code's name, the city
of a county, and on create what the park's name says (昆山经济技术开发区: 苏州市, 昆山市). What the
caller gives must agree: a code of another division than the name, or a county of another city, is a
422 naming the field.
"""

from typing import Any

from sqlalchemy.orm import Session

from services.catalog.locator.divisions import Division, Place, divisions, short_name
from services.catalog.parks.models import Park
from shared.errors import ValidationFailed

LEVELS = ("province", "city", "county")


def validate(session: Session, values: dict[str, Any], park: Park | None) -> dict[str, Any]:
    if park is not None and not values.keys() & {*LEVELS, *(f"{level}_code" for level in LEVELS)}:
        return values
    return values | geography(values, park)


def geography(values: dict[str, Any], park: Park | None) -> dict[str, str | None]:
    """The park's six geography columns after this write: given, derived, or checked against each other."""
    table = divisions()
    names: dict[str, str | None] = {}
    codes: dict[str, str | None] = {}
    for level in LEVELS:
        code_key = f"{level}_code"
        names[level] = values[level] if level in values else getattr(park, level, None)
        codes[level] = values[code_key] if code_key in values else getattr(park, code_key, None)
        # A name changed without its code takes the new name's code, and a code without its name the
        # new code's name: the stored other half described the old division.
        if park is not None and level in values and code_key not in values:
            codes[level] = None
        if park is not None and code_key in values and level not in values and level != "province":
            names[level] = None
    # A county moved without its city takes the new county's city.
    if (
        park is not None
        and values.keys() & {"county", "county_code"}
        and not values.keys() & {"city", "city_code"}
    ):
        names["city"] = codes["city"] = None

    province = _division(table.by_code.get(codes["province"] or ""), "province", names, codes, 0)
    province = province or table.province(names["province"])
    if province is None:
        return {"province_code": codes["province"]} | _given(names, codes, ("city", "county"))
    city = _division(_city_of_code(codes["city"]), "city", names, codes, 1)
    if city is None and names["city"]:
        city = table.named(names["city"], province, 1)
    county = _division(table.by_code.get(codes["county"] or ""), "county", names, codes, 2)
    if county is None and names["county"]:
        county = table.named(names["county"], province, 2)

    if park is None and (city is None or county is None) and not (codes["city"] or codes["county"]):
        # On create, what the park's name says where the caller said nothing.
        zone, _ = table.place_of_zone(province.name, names["city"] or "", values["name"], None)
        if city is None and names["city"] is None:
            city = zone.city
        if county is None and names["county"] is None and zone.county and zone.city == city:
            county = zone.county

    for level, division in (("city", city), ("county", county)):
        if division is not None and division.code[:2] != province.code[:2]:
            raise ValidationFailed.field(
                _blamed(level, values), f"{division.name} ({division.code}) is not in {province.name}"
            )
    if county is not None:
        county_city = table.place_of(county).city
        if city is None:
            city = county_city
        elif county_city is not None and county_city.code != city.code:
            sent = [key for key in ("county_code", "county", "city_code", "city") if values.get(key)]
            raise ValidationFailed.field(
                f"body.{sent[0] if sent else 'county'}",
                f"{county.name} ({county.code}) lies in {county_city.name}, not in {city.name}",
            )
    place = Place(province, city, county).columns()
    # A division the library does not know keeps the name the caller gave, without a code.
    for level in ("city", "county"):
        if place[level] is None and names[level]:
            place[level] = names[level]
    return place


def _division(
    found: Division | None, level: str, names: dict[str, str | None], codes: dict[str, str | None], rank: int
) -> Division | None:
    """The division a given code names, checked against the given name; None when no code is given."""
    code = codes[level]
    if code is None:
        return None
    if found is None or found.level != rank:
        raise ValidationFailed.field(f"body.{level}_code", f"{code} is no {level} in the division table")
    name = names[level]
    if name and short_name(name) != short_name(found.name):
        raise ValidationFailed.field(f"body.{level}_code", f"{code} is {found.name}, not {name}")
    return found


def _city_of_code(code: str | None) -> Division | None:
    """The prefecture-level city of an adcode; a county-level city the province administers directly
    (仙桃市 429004) is its own city."""
    table = divisions()
    found = table.by_code.get(code or "")
    if found is not None and found.level == 2:
        city = table.place_of(found).city
        return city if city is not None and city.code == found.code else found
    return found


def _blamed(level: str, values: dict[str, Any]) -> str:
    """The field a contradiction is reported on: the code when the caller sent it, else the name."""
    return f"body.{level}_code" if values.get(f"{level}_code") else f"body.{level}"


def _given(
    names: dict[str, str | None], codes: dict[str, str | None], levels: tuple[str, ...]
) -> dict[str, str | None]:
    columns: dict[str, str | None] = {}
    for level in levels:
        columns[level] = names[level]
        columns[f"{level}_code"] = codes[level]
    return columns
