"""Readers for the real reference data (Settings().reference_data_dir, see its README.md).

Each file is read, checked and normalised into plain records whose fields are the catalog's columns;
the faults the README lists are handled here and kept visible (parks' `data_notes`), and what had to
be corrected or left out is reported in `Reference.findings`. Nothing here touches the database.
"""

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from services.catalog.locator.divisions import divisions
from services.catalog.seed.geo import place_of_area, provinces

PARKS_FILE = "parks/china_development_zones_2018.csv"
GBT_FILE = "industries/gbt4754_2017.csv"
SW_FILE = "industries/sw2021_industries.csv"
SW_UPSTREAM_FILE = "industries/sw2021_upstream_industries.csv"
COMPANIES_FILE = "companies/listed_companies.csv"
PRODUCTS_FILE = "companies/company_products.csv"
STRATEGIC_CHAINS_FILE = "chains/strategic_chains_28.csv"
SEMICONDUCTOR_SEGMENTS_FILE = "chains/semiconductor_materials_segments.csv"
SEMICONDUCTOR_EDGES_FILE = "chains/semiconductor_materials_supply_edges.csv"
REGISTRY_FILE = "companies/company_registry.csv"
FINANCIALS_FILE = "companies/company_financials.csv"
EIA_AGENCIES_FILE = "providers/eia_agencies_2015.csv"


@dataclass(frozen=True)
class Source:
    """Provenance of a record: the file and its upstream repository @ commit, and when it was true."""

    text: str
    as_of: date | None

    def columns(self) -> dict[str, Any]:
        return {"source": self.text, "as_of": self.as_of, "is_generated": False}


PARKS_SOURCE = Source(
    f"{PARKS_FILE} (kaiwulaw/china-industrial-zones-atlas data/enriched.csv @358d79b; "
    "《中国开发区审核公告目录》2018年版)",
    date(2018, 2, 26),  # the catalogue's publication (国家发展改革委等六部门公告2018年第4号)
)
GBT_SOURCE = Source(f"{GBT_FILE} (swifthu/industrial_classifi @0594ba8)", date(2017, 10, 1))
SW_SOURCE = Source(
    f"{SW_FILE} (liuhuanyong/ChainKnowledgeGraph @4ea9154); "
    f"{SW_UPSTREAM_FILE} (SOVLOOKUP/ChainKnowledgeGraph-sql @9587d88)",
    None,
)
STRATEGIC_CHAINS_SOURCE = Source(
    f"{STRATEGIC_CHAINS_FILE} (liusai0820/industrychainvisualization @a3c7610; curated, not official)", None
)
SEMICONDUCTOR_SOURCE = Source(f"{SEMICONDUCTOR_SEGMENTS_FILE} (JiMoxiao/industry-chain-atlas @0666165)", None)
SEMICONDUCTOR_EDGES_SOURCE = Source(
    f"{SEMICONDUCTOR_EDGES_FILE} (JiMoxiao/industry-chain-atlas @0666165)", None
)


# The registry's parts, each with its upstream and the time it describes (see the data README).
TUSHARE_REGISTRY = Source(
    f"{REGISTRY_FILE}: Tushare stock_company, May 2024 (wp19991/gp data/stock_company.json @d0115ed)",
    date(2024, 5, 1),
)
HEXUN_OFFICE_AS_OF = date(2016, 1, 1)
HEXUN_OFFICE = (
    "office address and BD-09 point: hexun F10, 2015-16 (hoyoung2015/wfp data/company_info.csv @7cf5c27)"
)
_SZSE_LIST = "A股列表.xlsx of marszhongx/stock-data @168980f and chentiangang/stock_exporter @940fcc0"
REGISTERED_ADDRESS_SOURCES = {
    "szse_2025": Source(f"Shenzhen Stock Exchange company list, 2025-10 ({_SZSE_LIST})", date(2025, 10, 1)),
    "szse_2020": Source(f"Shenzhen Stock Exchange company list, 2020-07 ({_SZSE_LIST})", date(2020, 7, 1)),
    "hexun_2016": Source(
        "hexun F10, 2015-16 (hoyoung2015/wfp data/company_info.csv @7cf5c27)", HEXUN_OFFICE_AS_OF
    ),
}
HEXUN_NOTE = (
    "addresses from hexun F10 are of 2015-16: the company may have moved since, and a few are cut short "
    "in the source"
)
FINANCIALS_SOURCE = f"{FINANCIALS_FILE} (Tushare bak_basic; wp19991/gp data/bak_basic.json @d0115ed)"
EIA_AGENCIES_SOURCE = Source(
    f"{EIA_AGENCIES_FILE} (environmental-assessment agencies registered with the Ministry of Environmental "
    "Protection; hoyoung2015/wfp wfp-stockdown/file/green_org_n20151023.sql table gzcy_org @7d848f5)",
    date(2015, 10, 23),
)


def companies_source(as_of: date | None) -> Source:
    return Source(
        f"{COMPANIES_FILE} (liuhuanyong/ChainKnowledgeGraph @4ea9154 joined with yhhe2004/QuantSandbox "
        f"data/stock_basic.csv @4ef962f); {PRODUCTS_FILE} (SOVLOOKUP/ChainKnowledgeGraph-sql @9587d88)",
        as_of,
    )


# --- records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferencePark:
    code: str
    name: str
    aliases: list[str]
    zone_type: str
    approval_level: str
    province: str
    province_code: str | None
    city: str | None
    city_code: str | None
    county: str | None
    county_code: str | None
    approved_on: date | None
    approved_area_ha: float | None
    leading_industries: list[str]
    longitude: float | None
    latitude: float | None
    coordinate_quality: str
    data_notes: list[str]


@dataclass(frozen=True)
class ReferenceIndustry:
    scheme: str
    code: str
    name: str
    level: int
    parent_code: str | None
    description: str | None
    tags: list[str]
    upstream: list[str]


@dataclass(frozen=True)
class ReferenceCompany:
    stock_code: str
    name: str
    short_name: str
    exchange: str
    province: str | None
    city: str | None
    sw_industry_code: str | None
    sw_industry_name: str | None
    products: list[dict[str, Any]]
    ownership: str | None
    funding_stage: str = "listed"
    # Registry facts (company_registry.csv), None where the registry does not give them.
    registered_capital_yuan: float | None = None
    headcount: int | None = None
    founded_on: date | None = None
    founded_year: int | None = None
    website: str | None = None
    registered_address: str | None = None
    registered_address_source: str | None = None
    office_address: str | None = None
    office_lng_bd09: float | None = None
    office_lat_bd09: float | None = None
    registry_source: str | None = None
    registry_as_of: date | None = None
    data_notes: list[str] = field(default_factory=list)


# The company columns the registry fills: the seed keeps them equal to the source's values.
REGISTRY_FIELDS = (
    "province",
    "city",
    "registered_capital_yuan",
    "headcount",
    "founded_on",
    "founded_year",
    "website",
    "registered_address",
    "registered_address_source",
    "office_address",
    "office_lng_bd09",
    "office_lat_bd09",
    "registry_source",
    "registry_as_of",
    "data_notes",
)


@dataclass(frozen=True)
class ReferenceNode:
    key: str  # unique within the chain
    parent_key: str | None
    name: str
    level: str  # segment | sub_segment | node
    stage: str  # upstream | midstream | downstream
    position: int
    description: str | None = None
    representative_names: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ReferenceMember:
    """A listed company the source names at a chain node."""

    node_key: str
    stock_code: str
    role: str | None


@dataclass(frozen=True)
class ReferenceEdge:
    supplier_key: str
    buyer_key: str
    product: str
    confidence: float | None


@dataclass(frozen=True)
class ReferenceChain:
    code: str
    name: str
    description: str
    source: Source
    nodes: list[ReferenceNode]
    members: list[ReferenceMember]
    edges: list[ReferenceEdge]
    edge_source: Source | None = None  # where the edges come from, when not from `source`


@dataclass(frozen=True)
class ReferenceSupplyLink:
    supplier_code: str
    buyer_code: str
    product: str
    relationship_type: str | None
    confidence: float | None
    notes: str | None


@dataclass
class Reference:
    parks: list[ReferencePark]
    industries: list[ReferenceIndustry]
    companies: list[ReferenceCompany]
    companies_source: Source
    chains: list[ReferenceChain]
    supply_links: list[ReferenceSupplyLink]
    financials: list["ReferenceFinancial"]
    agencies: list["ReferenceAgency"]
    # stock code -> the day the company listed (the company list's list_date, where it is a date)
    listed_on: dict[str, date]
    # What had to be corrected or left out, in words, for the seed's report.
    findings: list[str]


def read_reference(directory: Path) -> Reference:
    findings: list[str] = []
    companies, listed_on = read_companies(directory, findings)
    strategic = read_strategic_chains(directory, companies, findings)
    semiconductor, supply_links = read_semiconductor_chain(directory, companies, findings)
    return Reference(
        parks=read_parks(directory, findings),
        industries=read_gbt_industries(directory) + read_sw_industries(directory, findings),
        companies=companies,
        companies_source=companies_source(max(listed_on.values(), default=None)),
        chains=[*strategic, semiconductor],
        supply_links=supply_links,
        financials=read_financials(directory, companies, findings),
        agencies=read_eia_agencies(directory, findings),
        listed_on=listed_on,
        findings=findings,
    )


class SourceError(ValueError):
    """A reference file holds a value the seed does not know how to read."""


def _one_of(mapping: dict[str, str], value: str, where: str) -> str:
    if value not in mapping:
        raise SourceError(f"{where}: '{value}' is not one of {', '.join(mapping)}")
    return mapping[value]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle)]


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


# --- parks -----------------------------------------------------------------------------------

ZONE_TYPES = {
    "经济技术开发区": "etdz",
    "高新技术产业开发区": "high_tech",
    "海关特殊监管区域": "special_customs",
    "边境/跨境经济合作区": "border_cooperation",
    "经济开发区": "economic_development",
    "工业园区": "industrial_park",
    "其他类型开发区": "other",
}
APPROVAL_LEVELS = {"国务院": "national", "省政府": "provincial"}
# Misspellings in the source's names: kept as given, the right spelling added as an alias.
MISSPELLINGS = {"湽博": "淄博"}
UNDER_CONSTRUCTION = "在建"


def _month(text: str) -> date | None:
    """'1992.04' -> 1992-04-01."""
    match = re.fullmatch(r"(\d{4})\.(\d{1,2})", text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return date(int(match.group(1)), int(match.group(2)), 1)


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _spelt_right(text: str) -> str:
    for wrong, right in MISSPELLINGS.items():
        text = text.replace(wrong, right)
    return text


def read_parks(directory: Path, findings: list[str]) -> list[ReferencePark]:
    rows = _rows(directory / PARKS_FILE)
    points = Counter((row["lng_wgs84"], row["lat_wgs84"]) for row in rows if row["lng_wgs84"])
    holders: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        holders[row["code"]].append(row["name"])
    seen: Counter[str] = Counter()
    parks = []
    for line, row in enumerate(rows, start=2):
        notes: list[str] = []
        code, name = row["code"], row["name"]
        seen[code] += 1
        if len(holders[code]) > 1:
            zones = ", ".join(holders[code])
            if seen[code] > 1:
                code = f"{code}-{seen[code]}"
                kept = f"this zone was given {code}"
            else:
                kept = "this zone keeps it"
            notes.append(
                f"source gives code {row['code']} to {len(holders[row['code']])} zones ({zones}); {kept}"
            )

        aliases = [_spelt_right(name)] if _spelt_right(name) != name else []
        notes += [
            f"name misspelt in source ({wrong} for {right}); kept as given, alias {_spelt_right(name)} added"
            for wrong, right in MISSPELLINGS.items()
            if wrong in name
        ]

        dates = [part.strip() for part in row["approved"].split("/") if part.strip()]
        approved_on = _month(dates[0]) if dates else None
        if len(dates) > 1:
            notes.append(f"two approval dates in source: {row['approved']}; approved_on is the first")
        if dates and approved_on is None:
            notes.append(f"approval date in source not understood: {row['approved']}")

        industries = [part.strip() for part in row["leading_industries"].split("、")]
        if industries == [UNDER_CONSTRUCTION]:
            notes.append("source lists the leading industries as 在建 (under construction); none recorded")
            industries = []
        stray = [part for part in industries if "." in part]
        if stray:
            notes.append(f"stray '.' removed from leading industries in source: {'、'.join(stray)}")
        industries = _unique(part.replace(".", "").strip() for part in industries)

        province = row["province"]
        longitude, latitude = _float(row["lng_wgs84"]), _float(row["lat_wgs84"])
        quality = "unknown"
        if longitude is not None and latitude is not None:
            geo = provinces().get(province)
            sharing = points[(row["lng_wgs84"], row["lat_wgs84"])]
            if geo is None:
                quality = "source"
            elif not geo.contains(longitude, latitude):
                quality = "outside_province"
                notes.append(f"source point ({longitude}, {latitude}) falls outside {province}")
            elif sharing > 1:
                quality = "shared_point"
            else:
                quality = "checked"
            if sharing > 1:
                notes.append(
                    f"source point ({longitude}, {latitude}) is shared by {sharing} zones; approximate"
                )
        trusted = (longitude, latitude) if quality == "checked" and longitude and latitude else None
        place, place_notes = divisions().place_of_zone(
            province, _spelt_right(row["locality"]), _spelt_right(name), trusted
        )
        notes += place_notes
        geography = place.columns()

        parks.append(
            ReferencePark(
                code=code,
                name=name,
                aliases=aliases,
                zone_type=_one_of(ZONE_TYPES, row["zone_type"], f"{PARKS_FILE} line {line} zone_type"),
                approval_level=_one_of(
                    APPROVAL_LEVELS, row["approval_level"], f"{PARKS_FILE} line {line} approval_level"
                ),
                province=province,
                province_code=geography["province_code"],
                city=geography["city"],
                city_code=geography["city_code"],
                county=geography["county"],
                county_code=geography["county_code"],
                approved_on=approved_on,
                approved_area_ha=_float(row["area_ha"]),
                leading_industries=industries,
                longitude=longitude,
                latitude=latitude,
                coordinate_quality=quality,
                data_notes=notes,
            )
        )
    qualities = Counter(park.coordinate_quality for park in parks)
    findings.append(
        f"parks: {sum(park.city is not None for park in parks)} placed in a prefecture-level city and "
        f"{sum(park.county is not None for park in parks)} in a county or district; the others keep what "
        "is known and say why in data_notes"
    )
    sharing = sum(count for count in points.values() if count > 1)
    findings.append(
        f"parks: {qualities['outside_province']} points fall outside the zone's province, "
        f"{qualities['shared_point']} more lie on a point other zones share ({sharing} zones share points "
        f"in all), {qualities['checked']} checked"
    )
    return parks


# --- industries ------------------------------------------------------------------------------

GBT_TAGS = {
    "strategic": "strategic_emerging",
    "highTech_mfg": "high_tech_manufacturing",
    "highTech_svc": "high_tech_services",
    "digital": "digital_economy",
    "ip密集型": "ip_intensive",
    "culture": "culture",
    "pension": "elderly_care",
}
GBT_CATEGORIES = {
    "strategic_emerging_categories": "战略性新兴产业",
    "strategic_products": "重点产品和服务",
    "hightech_mfg_category": "高技术产业（制造业）",
    "hightech_svc_category": "高技术产业（服务业）",
    "digital_economy_category": "数字经济",
    "ip_intensive_category": "知识产权密集型产业",
    "culture_category": "文化及相关产业",
    "pension_category": "养老产业",
}


def read_gbt_industries(directory: Path) -> list[ReferenceIndustry]:
    industries = []
    for row in _rows(directory / GBT_FILE):
        level = int(row["level"])
        parent = {1: None, 2: row["section"], 3: row["division"], 4: row["group"]}[level]
        tags = [GBT_TAGS.get(tag, tag) for tag in row["tags"].split("|") if tag]
        if row["strategic_star"] == "True":
            tags.append("strategic_star")
        lines = [row["description"]] if row["description"] else []
        lines += [f"{label}：{row[column]}" for column, label in GBT_CATEGORIES.items() if row[column]]
        industries.append(
            ReferenceIndustry(
                scheme="gbt4754",
                code=row["code"],
                name=row["name"],
                level=level,
                parent_code=parent,
                description="\n".join(lines) or None,
                tags=tags,
                upstream=[],
            )
        )
    return industries


def read_sw_industries(directory: Path, findings: list[str]) -> list[ReferenceIndustry]:
    rows = _rows(directory / SW_FILE)
    parents = {row["code"]: row["parent_code"] or None for row in rows}
    names = {row["name"] for row in rows}
    upstream: dict[str, list[str]] = defaultdict(list)
    unknown: Counter[str] = Counter()
    for relation in _rows(directory / SW_UPSTREAM_FILE):
        industry = relation["industry"]
        # The relations name level-3 industries with the suffix Ⅲ the table sometimes leaves off.
        if industry not in names and industry.removesuffix("Ⅲ") in names:
            industry = industry.removesuffix("Ⅲ")
        if industry in names:
            upstream[industry].append(relation["related_industry"])
        else:
            unknown[industry] += 1
    for industry, count in sorted(unknown.items()):
        findings.append(
            f"sw2021 upstream: {count} relations of {industry}, which {SW_FILE} does not list, left out"
        )

    def level(code: str) -> int:
        parent = parents.get(code)
        return 1 if parent is None else 1 + level(parent)

    return [
        ReferenceIndustry(
            scheme="sw2021",
            code=row["code"],
            name=row["name"],
            level=level(row["code"]),
            parent_code=parents[row["code"]],
            description=None,
            tags=[],
            upstream=_unique(upstream.get(row["name"], [])),
        )
        for row in rows
    ]


# --- companies -------------------------------------------------------------------------------

EXCHANGES = ("上海证券交易所", "深圳证券交易所")


def exchange_of_code(code: str) -> str:
    """A-share (and B-share) codes: 6xxxxx and 9xxxxx trade in Shanghai, the others in Shenzhen."""
    return EXCHANGES[0] if code[:1] in "69" else EXCHANGES[1]


def _products(rows: list[dict[str, str]]) -> tuple[list[dict[str, Any]], int, int]:
    """(products, negative lines dropped, shares above 1 capped)."""
    products: dict[str, float | None] = {}
    dropped = capped = 0
    for row in rows:
        name, share = row["product"], _float(row["weight_revenue_share"])
        if not name or name in products:
            continue
        if share is not None and share < 0:
            dropped += 1  # an accounting line (分部间抵销, 平衡项目...), not a product
            continue
        if share is not None and share > 1:
            capped += 1
            share = 1.0
        products[name] = share
    return [{"name": name, "share": share} for name, share in products.items()], dropped, capped


def read_companies(directory: Path, findings: list[str]) -> tuple[list[ReferenceCompany], dict[str, date]]:
    products: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _rows(directory / PRODUCTS_FILE):
        products[row["company_code"][:6]].append(row)
    companies = []
    listed_on: dict[str, date] = {}
    dropped = capped = fixed_exchange = unknown_area = 0
    for row in _rows(directory / COMPANIES_FILE):
        code = row["code"]
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["list_date"]):
            listed_on[code] = date.fromisoformat(row["list_date"])
        exchange = row["exchange"]
        if exchange not in EXCHANGES:
            exchange = exchange_of_code(code)
            fixed_exchange += 1
        province, city = place_of_area(row["area"])
        if row["area"] and province is None:
            unknown_area += 1
        items, negative, above = _products(products.get(code, []))
        dropped += negative
        capped += above
        companies.append(
            ReferenceCompany(
                stock_code=code,
                name=row["full_name"],
                short_name=row["short_name"],
                exchange=exchange,
                province=province,
                city=city,
                sw_industry_code=row["sw2021_industry_code"] or None,
                sw_industry_name=row["sw2021_industry_name"] or None,
                products=items,
                ownership=row["ownership_type"] or None,
            )
        )
    findings.append(
        f"companies: {dropped} product lines with a negative revenue share (分部间抵销, 平衡项目...) left "
        f"out; {capped} shares above 1 capped at 1; exchange read from the stock code for {fixed_exchange} "
        f"(the source's column held a date); {unknown_area} unknown areas; "
        f"{sum(1 for c in companies if c.province is None)} companies without a province in the area column, "
        f"{sum(1 for c in companies if not c.sw_industry_code)} without an industry, "
        f"{sum(1 for c in companies if not c.products)} without products (imported anyway)"
    )
    return _with_registry(directory, companies, listed_on, findings), listed_on


# --- company registry and financials -------------------------------------------------------------

MISSING_FROM_REGISTRY = (
    f"not in {REGISTRY_FILE} (a B share, a long-delisted company, or missing from the 2024 dump): "
    "no registry facts"
)
REGISTRY_KINDS = {"tushare_stock_company_2024-05": TUSHARE_REGISTRY, "": None}


def _decimal(text: str, where: str) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise SourceError(f"{where}: '{text}' is not a number") from exc


def _day(text: str, where: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise SourceError(f"{where}: '{text}' is not a date (YYYY-MM-DD)") from exc


def _source_of(mapping: dict[str, Source | None], value: str, where: str) -> Source | None:
    if value not in mapping:
        raise SourceError(f"{where}: '{value}' is not one of {', '.join(repr(key) for key in mapping)}")
    return mapping[value]


def _with_registry(
    directory: Path, companies: list[ReferenceCompany], listed_on: dict[str, date], findings: list[str]
) -> list[ReferenceCompany]:
    """The companies with their registry facts; what the registry contradicts or lacks is noted."""
    registry = {
        row["code"]: (line, row) for line, row in enumerate(_rows(directory / REGISTRY_FILE), start=2)
    }
    counts: Counter[str] = Counter()
    result = []
    for company in companies:
        found = registry.get(company.stock_code)
        if found is None:
            counts["missing"] += 1
            result.append(replace(company, data_notes=[MISSING_FROM_REGISTRY]))
            continue
        line, row = found
        result.append(_registry_facts(company, row, f"{REGISTRY_FILE} line {line}", listed_on, counts))
    result = _without_fallback_points(result, counts)
    unknown = len(registry.keys() - {company.stock_code for company in companies})
    findings.append(
        f"company registry: {len(companies) - counts['missing']} of {len(companies)} companies found "
        f"({counts['missing']} missing, noted; {counts['addresses_only']} with addresses only, noted; "
        f"{unknown} registry rows of other companies left out); "
        f"province filled from the registry for {counts['province_filled']} companies without an area; "
        f"{counts['province_moved']} whose newer registry row names another province than the 2021 area "
        f"take the registry's province and city (noted); {counts['founded_late']} founded after listing "
        f"(re-registrations: the registry's date kept, noted); {counts['office_elsewhere']} offices of 2015-16 "
        f"in another province than the registration (noted); {counts['point_outside']} office points outside "
        f"the province of their own address left out as wrong geocodes (noted); {counts['point_fallback']} "
        f"office points shared by offices in different cities (a geocoder's fallback) left out (noted); "
        f"{counts['point_only']} office points without an address"
    )
    return result


def _without_fallback_points(
    companies: list[ReferenceCompany], counts: Counter[str]
) -> list[ReferenceCompany]:
    """One point given to offices in different cities is a geocoder's fallback, not an office: left out.
    (Offices sharing a point in one city are usually one tower, and keep it.)"""
    cities: dict[tuple[float, float], set[str]] = defaultdict(set)
    for company in companies:
        point = _office_point(company)
        if point is not None and company.office_address:
            cities[point].add(_city_named_in(company.office_address))
    result = []
    for company in companies:
        point = _office_point(company)
        if point is None or len(cities.get(point, ())) < 2:
            result.append(company)
            continue
        counts["point_fallback"] += 1
        note = (
            f"source office point {point} is given to offices in {len(cities[point])} different cities: "
            "a geocoder's fallback, left out"
        )
        result.append(
            replace(
                company, office_lng_bd09=None, office_lat_bd09=None, data_notes=[*company.data_notes, note]
            )
        )
    return result


def _office_point(company: ReferenceCompany) -> tuple[float, float] | None:
    if company.office_lng_bd09 is None or company.office_lat_bd09 is None:
        return None
    return company.office_lng_bd09, company.office_lat_bd09


def _city_named_in(address: str) -> str:
    """The prefecture-level city an address names (its own text when none is known)."""
    province = provinces().get(_province_named_at_start(address) or "")
    return (province.city_in(address) if province else None) or address


def _province_named_at_start(address: str) -> str | None:
    """The province an address starts with (江苏省..., 内蒙古..., or a city such as 深圳市...)."""
    province, _ = place_of_area(address[:2])
    if province is not None:
        return province
    found = [p.name for p in provinces().values() for core in p.cities if address.startswith(core)]
    return found[0] if len(set(found)) == 1 else None


def _registry_facts(
    company: ReferenceCompany,
    row: dict[str, str],
    where: str,
    listed_on: dict[str, date],
    counts: Counter[str],
) -> ReferenceCompany:
    notes: list[str] = []
    province, city = company.province, company.city
    if row["province"]:
        registered, _ = place_of_area(row["province"])
        if registered is None:
            raise SourceError(f"{where} province: '{row['province']}' is not a province")
        if province is None:
            counts["province_filled"] += 1
        elif registered != province:
            counts["province_moved"] += 1
            notes.append(
                f"province: the area column of {COMPANIES_FILE} (2021) gives {province}, the newer "
                f"{REGISTRY_FILE} {registered} {row['city']}; the registry's is kept"
            )
        province, city = registered, row["city"] or city

    founded_on = _day(row["founded_on"], f"{where} founded_on")
    listed = listed_on.get(company.stock_code)
    if founded_on is not None and listed is not None and founded_on > listed:
        counts["founded_late"] += 1
        notes.append(
            f"founded_on {founded_on.isoformat()} is after the listing date {listed.isoformat()}: a "
            "re-registration; the registry's date is kept as it gives it"
        )

    tushare = _source_of(REGISTRY_KINDS, row["registry_source"], f"{where} registry_source")
    if tushare is None:
        counts["addresses_only"] += 1
        notes.append(
            "the 2024 registry dump lacks this company: no capital, founding date or employees; province, "
            "city and website come from the company list that gives its registered address"
        )
    address_source = _source_of(
        {**REGISTERED_ADDRESS_SOURCES, "": None},
        row["registered_address_source"],
        f"{where} registered_address_source",
    )
    longitude = _decimal(row["office_lng_bd09"], f"{where} office_lng_bd09")
    latitude = _decimal(row["office_lat_bd09"], f"{where} office_lat_bd09")
    office = row["office_address"] or None
    has_office = office is not None or longitude is not None
    if longitude is not None and office is None:
        counts["point_only"] += 1
    office_province = _province_named_at_start(office or "")
    if office_province is not None and province is not None and office_province != province:
        counts["office_elsewhere"] += 1
        notes.append(f"the 2015-16 office is in {office_province}, the registration in {province}")
    geo = provinces().get(office_province or "")
    if (
        longitude is not None
        and latitude is not None
        and geo
        and not geo.contains(float(longitude), float(latitude))
    ):
        counts["point_outside"] += 1
        notes.append(
            f"source office point ({longitude}, {latitude}) falls outside {office_province}, where the office "
            "address is: a wrong geocode, left out"
        )
        longitude = latitude = None
    if has_office or row["registered_address_source"] == "hexun_2016":
        notes.append(HEXUN_NOTE)
    # The registry's own facts come from Tushare; without it, from the list giving the registered address.
    facts_source = tushare or address_source
    sources = [facts_source.text] if facts_source else []
    sources += [HEXUN_OFFICE] if has_office else []

    capital = _decimal(row["registered_capital_10k_yuan"], f"{where} registered_capital_10k_yuan")
    employees = _decimal(row["employees"], f"{where} employees")
    return replace(
        company,
        province=province,
        city=city,
        registered_capital_yuan=None if capital is None else float(capital * 10_000),
        headcount=None if employees is None else int(employees),
        founded_on=founded_on,
        founded_year=None if founded_on is None else founded_on.year,
        website=row["website"] or None,
        registered_address=row["registered_address"] or None,
        registered_address_source=None if address_source is None else address_source.text,
        office_address=office,
        office_lng_bd09=None if longitude is None else float(longitude),
        office_lat_bd09=None if latitude is None else float(latitude),
        registry_source="; ".join(sources) or None,
        registry_as_of=facts_source.as_of if facts_source else (HEXUN_OFFICE_AS_OF if has_office else None),
        data_notes=notes,
    )


class CompanyIndex:
    """Listed companies by stock code and by short name (only names no two companies share)."""

    def __init__(self, companies: list[ReferenceCompany]) -> None:
        self.by_code = {company.stock_code: company for company in companies}
        counts = Counter(company.short_name for company in companies)
        self.by_short_name = {c.short_name: c.stock_code for c in companies if counts[c.short_name] == 1}
        self.ambiguous = {name for name, count in counts.items() if count > 1}


# --- chains ----------------------------------------------------------------------------------

STAGES = {"上游": "upstream", "中游": "midstream", "下游": "downstream"}
_BRACKETED = re.compile(r"\s*[（(][^（）()]*[）)]")


def short_company_name(text: str) -> str:
    """`通威股份（Tongwei）` and `药明康德 (WuXi AppTec)` -> the name without the bracketed part."""
    return _BRACKETED.sub("", text).strip()


def read_strategic_chains(
    directory: Path, companies: list[ReferenceCompany], findings: list[str]
) -> list[ReferenceChain]:
    index = CompanyIndex(companies)
    rows_by_chain: dict[str, list[dict[str, str]]] = defaultdict(list)
    names: dict[str, str] = {}
    for row in _rows(directory / STRATEGIC_CHAINS_FILE):
        rows_by_chain[row["chain_id"]].append(row)
        names.setdefault(row["chain_id"], row["chain"])
    chains = []
    matched = ambiguous = 0
    for code, rows in rows_by_chain.items():
        nodes: dict[str, ReferenceNode] = {}
        members: dict[tuple[str, str], ReferenceMember] = {}

        for row in rows:
            stage = _one_of(STAGES, row["segment"][:2], f"{STRATEGIC_CHAINS_FILE} segment {row['segment']}")
            segment = row["segment"]
            sub_segment = f"{segment} > {row['sub_segment']}"
            node = f"{sub_segment} > {row['node']}"
            representatives = [name.strip() for name in row["representative_companies"].split("|")]
            representatives = _unique(representatives)
            for key, parent, name, level in (
                (segment, None, segment, "segment"),
                (sub_segment, segment, row["sub_segment"], "sub_segment"),
                (node, sub_segment, row["node"], "node"),
            ):
                if key not in nodes:
                    names_here = representatives if level == "node" else []
                    nodes[key] = ReferenceNode(key, parent, name, level, stage, len(nodes), None, names_here)
            for text in representatives:
                short = short_company_name(text)
                if short in index.by_short_name:
                    stock_code = index.by_short_name[short]
                    members[(node, stock_code)] = ReferenceMember(node, stock_code, "代表企业")
                    matched += 1
                elif short in index.ambiguous:
                    ambiguous += 1
        chains.append(
            ReferenceChain(
                code=code,
                name=names[code],
                description=f"{names[code]}产业链：上游、中游、下游三级图谱（社区整理，非官方）",
                source=STRATEGIC_CHAINS_SOURCE,
                nodes=list(nodes.values()),
                members=list(members.values()),
                edges=[],
            )
        )
    findings.append(
        f"strategic chains: {matched} representative names matched a listed company by short name; "
        f"{ambiguous} left unmatched because two listed companies share that short name"
    )
    return chains


SEMICONDUCTOR_CHAIN_CODE = "semiconductor-materials"
POSITIONS = {stage: stage for stage in STAGES.values()}


def read_semiconductor_chain(
    directory: Path, companies: list[ReferenceCompany], findings: list[str]
) -> tuple[ReferenceChain, list[ReferenceSupplyLink]]:
    index = CompanyIndex(companies)
    rows = _rows(directory / SEMICONDUCTOR_SEGMENTS_FILE)
    nodes = [
        ReferenceNode(
            key=row["segment_id"],
            parent_key=None,
            name=row["segment_name"],
            level="segment",
            stage=_one_of(
                POSITIONS, row["position"], f"{SEMICONDUCTOR_SEGMENTS_FILE} {row['segment_id']} position"
            ),
            position=position,
            description=f"{row['industry']}：{row['description']}" if row["description"] else row["industry"],
        )
        for position, row in enumerate(rows)
    ]
    members: dict[tuple[str, str], ReferenceMember] = {}
    # segments a company works in (by the company's code as corrected below), per source file
    segments_of: dict[str, list[tuple[str, str]]] = defaultdict(list)
    corrected: list[str] = []
    unlisted = 0
    for row in rows:
        for entry in row["key_companies(code:name:role)"].split("|"):
            if not entry:
                continue
            code, name, role = [*entry.split(":", 2), "", ""][:3]
            listed = index.by_code.get(code)
            other = index.by_short_name.get(name)
            if other is not None and other != code and (listed is None or listed.short_name != name):
                corrected.append(f"{name} {code}->{other}")
                code = other
            segments_of[code].append((row["file"], row["segment_id"]))
            if code in index.by_code:
                members[(row["segment_id"], code)] = ReferenceMember(row["segment_id"], code, role or None)
            else:
                unlisted += 1
    findings.append(
        f"semiconductor materials: {len(members)} key companies linked to their segments; {unlisted} "
        f"entries name companies not in {COMPANIES_FILE} (listed after 2021-10 or not A-share), left out; "
        f"codes corrected where the source's code belongs to another listed company and its name to this "
        f"one: {', '.join(sorted(set(corrected))) or 'none'}"
    )

    edges: dict[tuple[str, str, str], ReferenceEdge] = {}
    links = []
    skipped = 0
    for row in _rows(directory / SEMICONDUCTOR_EDGES_FILE):
        supplier, buyer, product = row["supplier_code"], row["buyer_code"], row["product"]
        confidence = _float(row["confidence"])
        share = None if confidence is None else round(confidence / 5, 4)  # the source rates 1..5
        if supplier in index.by_code and buyer in index.by_code:
            links.append(
                ReferenceSupplyLink(
                    supplier, buyer, product, row["relationship_type"] or None, share, row["notes"] or None
                )
            )
        else:
            skipped += 1
        for supplier_key in _segments(segments_of.get(supplier, []), row["file"]):
            for buyer_key in _segments(segments_of.get(buyer, []), row["file"]):
                key = (supplier_key, buyer_key, product)
                if supplier_key == buyer_key:
                    continue
                best = edges.get(key)
                if best is None or (share or 0) > (best.confidence or 0):
                    edges[key] = ReferenceEdge(supplier_key, buyer_key, product, share)
    findings.append(
        f"semiconductor supply edges: {len(links)} between listed companies imported as supply links; "
        f"{skipped} name a supplier or buyer that is blank or not in {COMPANIES_FILE}, not imported as "
        f"links; {len(edges)} chain edges between the segments the two companies work in"
    )
    chain = ReferenceChain(
        code=SEMICONDUCTOR_CHAIN_CODE,
        name="半导体材料产业链",
        description="半导体材料产业链：电子化工材料、有色金属、硅基材料、PCB与覆铜板及半导体制造与应用"
        "各环节，附关键A股企业及其角色、企业间供应关系",
        source=SEMICONDUCTOR_SOURCE,
        nodes=nodes,
        members=list(members.values()),
        edges=list(edges.values()),
        edge_source=SEMICONDUCTOR_EDGES_SOURCE,
    )
    return chain, links


def _segments(found: list[tuple[str, str]], file: str) -> list[str]:
    """The segments of one company in the edge's own part of the chain if it has any there."""
    same_file = [segment for source_file, segment in found if source_file == file]
    return _unique(same_file or [segment for _, segment in found])


# The financial figures: source column -> (catalog field, factor to the field's unit). The source writes
# 0 where it has no figure: no listed company holds exactly 0 of these (assets, growth and margins to
# two decimals, EPS to the fen, a PE), and where a true value rounds to 0 (a tiny EPS or growth) the
# source cannot tell it from "not reported". So a 0 is stored as unknown (null) and named in
# `not_reported`; a PE of 0 is the source's mark for earnings that are not positive (PE undefined).
HUNDRED_MILLION = Decimal(100_000_000)
FINANCIAL_FIGURES: dict[str, tuple[str, Decimal]] = {
    "total_assets_100m_yuan": ("total_assets_yuan", HUNDRED_MILLION),
    "liquid_assets_100m_yuan": ("liquid_assets_yuan", HUNDRED_MILLION),
    "fixed_assets_100m_yuan": ("fixed_assets_yuan", HUNDRED_MILLION),
    "revenue_yoy_pct": ("revenue_yoy_pct", Decimal(1)),
    "profit_yoy_pct": ("profit_yoy_pct", Decimal(1)),
    "gross_margin_pct": ("gross_margin_pct", Decimal(1)),
    "net_margin_pct": ("net_margin_pct", Decimal(1)),
    "eps_yuan": ("eps_yuan", Decimal(1)),
    "book_value_per_share_yuan": ("book_value_per_share_yuan", Decimal(1)),
    "pe": ("pe", Decimal(1)),
    "pb": ("pb", Decimal(1)),
    "shareholders": ("shareholders", Decimal(1)),
}
COUNTED_FIGURES = frozenset({"shareholders"})


@dataclass(frozen=True)
class ReferenceFinancial:
    stock_code: str
    as_of: date
    figures: dict[str, float | int | None]
    not_reported: list[str]


def read_financials(
    directory: Path, companies: list[ReferenceCompany], findings: list[str]
) -> list[ReferenceFinancial]:
    known = {company.stock_code for company in companies}
    records = []
    zeros: Counter[str] = Counter()
    unknown = 0
    for line, row in enumerate(_rows(directory / FINANCIALS_FILE), start=2):
        where = f"{FINANCIALS_FILE} line {line}"
        if row["code"] not in known:
            unknown += 1
            continue
        as_of = _day(row["as_of"], f"{where} as_of")
        if as_of is None:
            raise SourceError(f"{where} as_of: a dated figure needs its date")
        figures: dict[str, float | int | None] = {}
        not_reported = []
        for column, (name, factor) in FINANCIAL_FIGURES.items():
            value = _decimal(row[column], f"{where} {column}")
            if value == 0:
                zeros[name] += 1
                not_reported.append(name)
                value = None
            if value is None:
                figures[name] = None
            else:
                figures[name] = int(value) if name in COUNTED_FIGURES else float(value * factor)
        records.append(ReferenceFinancial(row["code"], as_of, figures, not_reported))
    dates = ", ".join(sorted({record.as_of.isoformat() for record in records}))
    read_as_unknown = ", ".join(f"{name} {count}" for name, count in zeros.most_common())
    findings.append(
        f"company financials: {len(records)} companies' figures as of {dates}; zeros read as not reported "
        f"(null, named in not_reported; a PE of 0 means earnings not positive): {read_as_unknown or 'none'}; "
        f"{unknown} rows of companies not in {COMPANIES_FILE} left out"
    )
    return records


# --- environmental-impact-assessment agencies ------------------------------------------------------

EIA_CATEGORY = "environmental_assessment"
CERTIFICATE_LEVELS = {"甲级": "甲级", "乙级": "乙级", "NULL": None}
# Rows whose name is a placeholder, not an organisation: left out.
PLACEHOLDER_NAMES = frozenset({"不确定"})
# Names the source gets wrong (data README): kept as given, with what is wrong.
WRONG_NAMES = {
    "松开市政公用局": "no place is called 松开; the address is in 松原 (吉林), so 松原市市政公用局 is likely meant",
}
ABOLISHED = (
    "a 2015 registration: the 甲/乙 certificate system for environmental-impact-assessment agencies was "
    "abolished in 2018-19, so the level and scope say what the agency was certified for then, not now"
)
_SCOPE_LEVEL = re.compile(r"^(.+?)[（(]([甲乙])级[）)]$")


def _scope(text: str) -> tuple[list[str], list[str]]:
    """(services, industries): `化工石化医药（甲级)` -> service 化工石化医药（甲级）, industry 化工石化医药;
    report types (一般项目环境影响报告表...) are services only."""
    services, industries = [], []
    for part in re.split(r"[,，]", text):
        item = part.replace(" ", "").strip()
        if not item:
            continue
        level = _SCOPE_LEVEL.match(item)
        if level:
            item = f"{level.group(1)}（{level.group(2)}级）"
            industries.append(level.group(1))
        services.append(item)
    return _unique(services), _unique(industries)


@dataclass(frozen=True)
class ReferenceAgency:
    """An environmental-impact-assessment agency as a provider's columns."""

    name: str
    category: str
    regions: list[str]
    industries: list[str]
    services: list[str]
    description: str
    certificate_level: str | None
    certificate_no: str | None
    address: str
    lng_bd09: float | None
    lat_bd09: float | None
    data_notes: list[str]


def read_eia_agencies(directory: Path, findings: list[str]) -> list[ReferenceAgency]:
    rows = list(enumerate(_rows(directory / EIA_AGENCIES_FILE), start=2))
    numbers = Counter((row["certificate_level"], row["certificate_no"]) for _, row in rows)
    agencies = []
    placeholders = []
    for line, row in rows:
        where = f"{EIA_AGENCIES_FILE} line {line}"
        name = row["name"]
        if name in PLACEHOLDER_NAMES:
            placeholders.append(f"'{name}' (line {line}, certificate '{row['certificate_no']}')")
            continue
        province, _ = place_of_area(row["province"])
        if province is None:
            raise SourceError(f"{where} province: '{row['province']}' is not a province")
        level = _one_of(
            {key: key for key in CERTIFICATE_LEVELS}, row["certificate_level"], f"{where} certificate_level"
        )
        notes = [ABOLISHED]
        if CERTIFICATE_LEVELS[level] is None:
            notes.append("the source gives no certificate level (NULL)")
        shared = numbers[(row["certificate_level"], row["certificate_no"])]
        if shared > 1:
            notes.append(
                f"the source gives certificate {row['certificate_level']} {row['certificate_no']} to {shared} agencies"
            )
        if name in WRONG_NAMES:
            notes.append(f"name kept as the source gives it, but {WRONG_NAMES[name]}")
        services, industries = _scope(row["scope"])
        longitude = _decimal(row["lng_bd09"], f"{where} lng_bd09")
        latitude = _decimal(row["lat_bd09"], f"{where} lat_bd09")
        label = CERTIFICATE_LEVELS[level] or "等级不详"
        agencies.append(
            ReferenceAgency(
                name=name,
                category=EIA_CATEGORY,
                regions=[province],
                industries=industries,
                services=services,
                description=(
                    f"{name}：环境影响评价机构（2015年登记，{label}资质，证书编号 {row['certificate_no']}），"
                    f"位于{row['province']}{row['city']}{row['district']}。评价范围：{'、'.join(services)}。"
                    "环评机构资质（甲级/乙级）已于2018-2019年取消，以上为2015年情况。"
                ),
                certificate_level=CERTIFICATE_LEVELS[level],
                certificate_no=row["certificate_no"] or None,
                address=row["address"],
                lng_bd09=None if longitude is None else float(longitude),
                lat_bd09=None if latitude is None else float(latitude),
                data_notes=notes,
            )
        )
    duplicated = sum(1 for count in numbers.values() if count > 1)
    findings.append(
        f"EIA agencies: {len(agencies)} real agencies of 2015 as providers (certificate system abolished "
        f"2018-19, noted on each); left out as placeholders, not names: {', '.join(placeholders) or 'none'}; "
        f"{sum(1 for a in agencies if a.certificate_level is None)} without a certificate level; "
        f"{duplicated} certificate numbers the source gives to more than one agency (noted); "
        f"{len(WRONG_NAMES)} name known to be wrong kept with a note"
    )
    return agencies
