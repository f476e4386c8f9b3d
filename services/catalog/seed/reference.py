"""Readers for the real reference data (Settings().reference_data_dir, see its README.md).

Each file is read, checked and normalised into plain records whose fields are the catalog's columns;
the faults the README lists are handled here and kept visible (parks' `data_notes`), and what had to
be corrected or left out is reported in `Reference.findings`. Nothing here touches the database.
"""

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
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


def companies_source(as_of: date | None) -> Source:
    return Source(
        f"{COMPANIES_FILE} (liuhuanyong/ChainKnowledgeGraph @4ea9154 joined with yhhe2004/QuantSandbox "
        f"data/stock_basic.csv @4ef962f); {PRODUCTS_FILE} (SOVLOOKUP/ChainKnowledgeGraph-sql @9587d88)",
        as_of,
    )


# --- records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParkRecord:
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
class IndustryRecord:
    scheme: str
    code: str
    name: str
    level: int
    parent_code: str | None
    description: str | None
    tags: list[str]
    upstream: list[str]


@dataclass(frozen=True)
class CompanyRecord:
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


@dataclass(frozen=True)
class NodeRecord:
    key: str  # unique within the chain
    parent_key: str | None
    name: str
    level: str  # segment | sub_segment | node
    stage: str  # upstream | midstream | downstream
    position: int
    description: str | None = None
    representative_names: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MemberRecord:
    """A listed company the source names at a chain node."""

    node_key: str
    stock_code: str
    role: str | None


@dataclass(frozen=True)
class EdgeRecord:
    supplier_key: str
    buyer_key: str
    product: str
    confidence: float | None


@dataclass(frozen=True)
class ChainRecord:
    code: str
    name: str
    description: str
    source: Source
    nodes: list[NodeRecord]
    members: list[MemberRecord]
    edges: list[EdgeRecord]
    edge_source: Source | None = None  # where the edges come from, when not from `source`


@dataclass(frozen=True)
class SupplyLinkRecord:
    supplier_code: str
    buyer_code: str
    product: str
    relationship_type: str | None
    confidence: float | None
    notes: str | None


@dataclass
class Reference:
    parks: list[ParkRecord]
    industries: list[IndustryRecord]
    companies: list[CompanyRecord]
    companies_source: Source
    chains: list[ChainRecord]
    supply_links: list[SupplyLinkRecord]
    # What had to be corrected or left out, in words, for the seed's report.
    findings: list[str]


def read_reference(directory: Path) -> Reference:
    findings: list[str] = []
    companies, as_of = read_companies(directory, findings)
    strategic = read_strategic_chains(directory, companies, findings)
    semiconductor, supply_links = read_semiconductor_chain(directory, companies, findings)
    return Reference(
        parks=read_parks(directory, findings),
        industries=read_gbt_industries(directory) + read_sw_industries(directory, findings),
        companies=companies,
        companies_source=companies_source(as_of),
        chains=[*strategic, semiconductor],
        supply_links=supply_links,
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


def read_parks(directory: Path, findings: list[str]) -> list[ParkRecord]:
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

        parks.append(
            ParkRecord(
                code=code,
                name=name,
                aliases=aliases,
                zone_type=_one_of(ZONE_TYPES, row["zone_type"], f"{PARKS_FILE} line {line} zone_type"),
                approval_level=_one_of(
                    APPROVAL_LEVELS, row["approval_level"], f"{PARKS_FILE} line {line} approval_level"
                ),
                **{**place.columns(), "province": province},
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


def read_gbt_industries(directory: Path) -> list[IndustryRecord]:
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
            IndustryRecord(
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


def read_sw_industries(directory: Path, findings: list[str]) -> list[IndustryRecord]:
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
        IndustryRecord(
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


def read_companies(directory: Path, findings: list[str]) -> tuple[list[CompanyRecord], date | None]:
    products: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _rows(directory / PRODUCTS_FILE):
        products[row["company_code"][:6]].append(row)
    companies = []
    listed_on: list[date] = []
    dropped = capped = fixed_exchange = unknown_area = 0
    for row in _rows(directory / COMPANIES_FILE):
        code = row["code"]
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["list_date"]):
            listed_on.append(date.fromisoformat(row["list_date"]))
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
            CompanyRecord(
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
        f"{sum(1 for c in companies if c.province is None)} companies without a province, "
        f"{sum(1 for c in companies if not c.sw_industry_code)} without an industry, "
        f"{sum(1 for c in companies if not c.products)} without products (imported anyway)"
    )
    return companies, max(listed_on, default=None)


class CompanyIndex:
    """Listed companies by stock code and by short name (only names no two companies share)."""

    def __init__(self, companies: list[CompanyRecord]) -> None:
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
    directory: Path, companies: list[CompanyRecord], findings: list[str]
) -> list[ChainRecord]:
    index = CompanyIndex(companies)
    rows_by_chain: dict[str, list[dict[str, str]]] = defaultdict(list)
    names: dict[str, str] = {}
    for row in _rows(directory / STRATEGIC_CHAINS_FILE):
        rows_by_chain[row["chain_id"]].append(row)
        names.setdefault(row["chain_id"], row["chain"])
    chains = []
    matched = ambiguous = 0
    for code, rows in rows_by_chain.items():
        nodes: dict[str, NodeRecord] = {}
        members: dict[tuple[str, str], MemberRecord] = {}

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
                    nodes[key] = NodeRecord(key, parent, name, level, stage, len(nodes), None, names_here)
            for text in representatives:
                short = short_company_name(text)
                if short in index.by_short_name:
                    stock_code = index.by_short_name[short]
                    members[(node, stock_code)] = MemberRecord(node, stock_code, "代表企业")
                    matched += 1
                elif short in index.ambiguous:
                    ambiguous += 1
        chains.append(
            ChainRecord(
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
    directory: Path, companies: list[CompanyRecord], findings: list[str]
) -> tuple[ChainRecord, list[SupplyLinkRecord]]:
    index = CompanyIndex(companies)
    rows = _rows(directory / SEMICONDUCTOR_SEGMENTS_FILE)
    nodes = [
        NodeRecord(
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
    members: dict[tuple[str, str], MemberRecord] = {}
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
                members[(row["segment_id"], code)] = MemberRecord(row["segment_id"], code, role or None)
            else:
                unlisted += 1
    findings.append(
        f"semiconductor materials: {len(members)} key companies linked to their segments; {unlisted} "
        f"entries name companies not in {COMPANIES_FILE} (listed after 2021-10 or not A-share), left out; "
        f"codes corrected where the source's code belongs to another listed company and its name to this "
        f"one: {', '.join(sorted(set(corrected))) or 'none'}"
    )

    edges: dict[tuple[str, str, str], EdgeRecord] = {}
    links = []
    skipped = 0
    for row in _rows(directory / SEMICONDUCTOR_EDGES_FILE):
        supplier, buyer, product = row["supplier_code"], row["buyer_code"], row["product"]
        confidence = _float(row["confidence"])
        share = None if confidence is None else round(confidence / 5, 4)  # the source rates 1..5
        if supplier in index.by_code and buyer in index.by_code:
            links.append(
                SupplyLinkRecord(
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
                    edges[key] = EdgeRecord(supplier_key, buyer_key, product, share)
    findings.append(
        f"semiconductor supply edges: {len(links)} between listed companies imported as supply links; "
        f"{skipped} name a supplier or buyer that is blank or not in {COMPANIES_FILE}, not imported as "
        f"links; {len(edges)} chain edges between the segments the two companies work in"
    )
    chain = ChainRecord(
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
