"""The demo data generator: carriers, policies, funds and their investments, service providers, tenancies
and companies' needs.

No open data exists for these, so ParkMatch makes them up, tied to the real parks, companies and chains
of the reference data. Generation is pure and deterministic: every record draws from its own random
stream seeded by (seed, part, natural key), inputs are sorted first, so the output is the same on every
run and does not depend on input or dict/set order. Records refer to each other by natural keys (park
code, stock code, chain code + node key, carrier name); the loader turns them into ids. Every record is
marked as generated, and names that could pass for a real organisation or policy end in （示例）.
"""

import heapq
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from services.catalog.locator.divisions import short_name
from services.catalog.policies.calculator import COST_WORDS
from services.catalog.policies.schemas import CostOffset
from services.catalog.seed.geo import provinces
from services.catalog.seed.reference import Reference, ReferenceChain, ReferenceCompany, ReferencePark
from services.catalog.seed.sectors import (
    BY_NAME,
    DEFAULT_SECTOR,
    SECTORS,
    Sector,
    bigrams,
    sector_of_company,
    sectors_in,
)

DEMO_SEED = 2023
MARK = "（示例）"
# The date the generated world describes (rents, availability, policy periods).
DEMO_AS_OF = date(2025, 6, 30)
DISCLAIMER = "本条为 ParkMatch 演示数据生成器生成的示例数据，不代表任何政府、园区或机构的真实信息。"


def demo_source(seed: int) -> str:
    return f"ParkMatch demo generator (seed {seed})"


def demo_provenance(seed: int) -> dict[str, Any]:
    return {"source": demo_source(seed), "as_of": DEMO_AS_OF, "is_generated": True}


def stream(seed: int, *key: object) -> random.Random:
    """The random stream of one record: the same key gives the same numbers on every run."""
    return random.Random(":".join(str(part) for part in (seed, *key)))


@dataclass
class Demo:
    carriers: list[dict[str, Any]]  # with park_code
    policies: list[dict[str, Any]]  # with park_code (park scope) and target_node_keys
    funds: list[dict[str, Any]]  # with fund_type, park_code (a park's own fund) and focus_node_keys
    investments: list[dict[str, Any]]  # with fund_name and stock_code
    providers: list[dict[str, Any]]  # with park_code (hosted by a park)
    tenancies: list[dict[str, Any]]  # with stock_code, park_code, carrier_name
    needs: dict[str, dict[str, Any]]  # stock code -> needs


@dataclass(frozen=True)
class ParkProfile:
    park: ReferencePark
    sectors: list[Sector]
    tier: int
    pieces: set[str]
    national: bool


@dataclass(frozen=True)
class CompanyProfile:
    company: ReferenceCompany
    sector: Sector | None
    pieces: set[str]


def generate(reference: Reference, seed: int = DEMO_SEED) -> Demo:
    parks = [_park_profile(park) for park in sorted(reference.parks, key=lambda p: p.code)]
    companies = [_company_profile(c) for c in sorted(reference.companies, key=lambda c: c.stock_code)]
    nodes = _chain_nodes(sorted(reference.chains, key=lambda c: c.code))
    carriers = [carrier for profile in parks for carrier in _carriers(seed, profile)]
    funds = _funds(seed, parks, nodes)
    tenancies = _tenancies(seed, parks, companies, carriers)
    return Demo(
        carriers=carriers,
        policies=_policies(seed, parks, nodes),
        funds=funds,
        investments=_investments(seed, funds, companies, tenancies, reference.listed_on),
        providers=_providers(seed, parks),
        tenancies=tenancies,
        needs=_needs(seed, companies),
    )


# --- profiles --------------------------------------------------------------------------------


def _park_profile(park: ReferencePark) -> ParkProfile:
    found = sectors_in(park.leading_industries)
    if not found:
        found = [BY_NAME["现代物流与商贸"] if park.zone_type == "special_customs" else DEFAULT_SECTOR]
    geo = provinces().get(park.province)
    return ParkProfile(
        park,
        found,
        geo.tier if geo else 3,
        bigrams(park.leading_industries),
        park.approval_level == "national",
    )


def _company_profile(company: ReferenceCompany) -> CompanyProfile:
    texts = [company.sw_industry_name or ""] + [product["name"] for product in company.products[:5]]
    return CompanyProfile(company, sector_of_company(company.sw_industry_code, texts), bigrams(texts))


@dataclass(frozen=True)
class Node:
    chain_code: str
    key: str
    name: str


def _chain_nodes(chains: list[ReferenceChain]) -> dict[str, list[Node]]:
    """The leaf nodes of each chain (the steps companies work at), in chain order."""
    leaves: dict[str, list[Node]] = {}
    for chain in chains:
        parents = {node.parent_key for node in chain.nodes}
        leaves[chain.code] = [Node(chain.code, n.key, n.name) for n in chain.nodes if n.key not in parents]
    return leaves


def _pick_nodes(
    r: random.Random, nodes: dict[str, list[Node]], sectors: list[Sector], count: int
) -> list[Node]:
    pool = [node for sector in sectors for code in sector.chain_codes for node in nodes.get(code, [])]
    pool = list({(node.chain_code, node.key): node for node in pool}.values())
    return r.sample(pool, min(count, len(pool)))


def _node_keys(picked: list[Node]) -> list[list[str]]:
    return [[node.chain_code, node.key] for node in picked]


def _step(value: float, step: float) -> float:
    return round(round(value / step) * step, 2)


def _wan(amount: float) -> str:
    return f"{amount / 1e8:g}亿元" if amount >= 1e8 else f"{amount / 1e4:g}万元"


# --- carriers --------------------------------------------------------------------------------

# Per carrier kind, the ranges drawn from: total area (m²), rent (yuan/m²/month) for rent tiers 1..3,
# floor load (kN/m²), power (kVA), minimum lease (months), amenities; land is priced (万元/亩), not rented.
CARRIER_SPECS: dict[str, dict[str, Any]] = {
    "office": {
        "area": (8_000, 60_000),
        "rent": ((90, 160), (45, 85), (25, 50)),
        "load": (2.0, 3.5),
        "power": (800, 3_000),
        "lease": (12, 24, 36),
        "amenities": ("员工食堂", "共享会议室", "地下停车场", "人才公寓", "5G覆盖", "24小时安保", "健身房"),
    },
    "incubator": {
        "area": (3_000, 20_000),
        "rent": ((50, 95), (25, 50), (12, 30)),
        "load": (2.5, 3.5),
        "power": (400, 1_500),
        "lease": (6, 12),
        "amenities": ("共享工位", "路演厅", "创业导师", "财税代办", "共享会议室", "咖啡区", "人才公寓"),
    },
    "lab": {
        "area": (2_000, 12_000),
        "rent": ((110, 200), (60, 110), (35, 70)),
        "load": (5.0, 10.0),
        "power": (1_000, 4_000),
        "lease": (12, 24, 36),
        "amenities": ("纯水系统", "集中供气", "废气处理", "危化品库", "双回路供电", "货梯", "通风橱"),
    },
    "standard_factory": {
        "area": (6_000, 80_000),
        "rent": ((35, 60), (20, 35), (10, 22)),
        "load": (8.0, 30.0),
        "power": (1_000, 10_000),
        "lease": (24, 36, 60),
        "amenities": ("货梯", "双回路供电", "天然气", "污水处理", "装卸平台", "员工宿舍", "行车预留"),
    },
    "land_parcel": {
        "area": (20_000, 300_000),
        "price_wan_per_mu": ((60, 150), (25, 60), (12, 30)),
        "amenities": ("七通一平", "临近高速", "配套变电站", "工业污水管网", "天然气管网"),
    },
}
M2_PER_MU = 666.67  # 1 亩 in m²
KIND_WORDS = {
    "office": ("科创大厦", "总部大楼", "商务中心", "创新中心", "产业服务大厦"),
    "incubator": ("创业孵化器", "众创空间", "企业加速器", "青年创业园"),
    "lab": ("公共实验平台", "研发实验楼", "中试实验楼", "检测实验中心"),
    "standard_factory": ("标准厂房", "高标准厂房", "通用厂房"),
}
KIND_NAMES = {
    "office": "写字楼",
    "incubator": "孵化器",
    "lab": "实验楼",
    "standard_factory": "标准厂房",
    "land_parcel": "工业用地",
}


def _carrier_kinds(r: random.Random, profile: ParkProfile) -> list[str]:
    count = r.randint(3, 8) if profile.national else r.randint(1, 3)
    kinds = [profile.sectors[0].carrier_kinds[0]]
    if profile.park.zone_type == "high_tech" and count >= 3:
        kinds.append("incubator")
    weights: dict[str, int] = {}
    for rank, sector in enumerate(profile.sectors[:3]):
        for order, kind in enumerate(sector.carrier_kinds):
            weights[kind] = weights.get(kind, 0) + (3 - rank) * (len(sector.carrier_kinds) - order)
    weights["office"] = weights.get("office", 0) + 3  # every kind of park has offices
    options = sorted(weights)
    while len(kinds) < count:
        kinds.append(r.choices(options, [weights[kind] for kind in options])[0])
    return kinds


def _carriers(seed: int, profile: ParkProfile) -> list[dict[str, Any]]:
    park = profile.park
    r = stream(seed, "carriers", park.code)
    carriers = []
    names: set[str] = set()
    for number, kind in enumerate(_carrier_kinds(r, profile), start=1):
        sector = next((s for s in profile.sectors if kind in s.carrier_kinds), profile.sectors[0])
        spec = CARRIER_SPECS[kind]
        if kind == "land_parcel":
            base = f"{2024 + r.randint(0, 2)}-{r.choice('GJ')}{number:02d}号工业用地"
        elif kind == "office":
            base = f"{r.choice(KIND_WORDS[kind])}{'ABCDEF'[number % 6]}座"
        elif kind == "standard_factory":
            base = f"{sector.short}{r.choice(KIND_WORDS[kind])}{'ABCD'[number % 4]}区{r.randint(1, 12)}号楼"
        else:
            base = f"{sector.short}{r.choice(KIND_WORDS[kind])}"
        name = base
        while name in names:
            name = f"{base}{len(names) + 1}"
        names.add(name)
        total = _step(r.uniform(*spec["area"]), 10)
        available = _step(total * r.uniform(0.1, 0.6), 10)
        amenities = sorted(r.sample(spec["amenities"], r.randint(2, 4)), key=spec["amenities"].index)
        grade = None
        clean = kind == "lab" or (kind == "standard_factory" and r.random() < 0.4)
        if clean and sector.clean_room_grades:
            grade = r.choice(sector.clean_room_grades)
        if kind == "land_parcel":
            low, high = spec["price_wan_per_mu"][profile.tier - 1]
            price = _step(r.uniform(low, high), 1)
            rent = load = power = lease = None
            land_price = round(price * 1e4 / M2_PER_MU, 2)
            detail = f"工业用地，约{total / M2_PER_MU:.0f}亩，挂牌出让参考价约{price:g}万元/亩"
        else:
            low, high = spec["rent"][profile.tier - 1]
            land_price = None
            rent = _step(r.uniform(low, high), 0.5)
            load = _step(r.uniform(*spec["load"]), 0.5)
            power = _step(r.uniform(*spec["power"]), 50)
            lease = r.choice(spec["lease"])
            detail = (
                f"{sector.short}方向{KIND_NAMES[kind]}，总面积约{total:,.0f}m²，可租约{available:,.0f}m²，"
                f"租金约{rent:g}元/m²/月"
            )
        carriers.append(
            {
                "park_code": park.code,
                "name": f"{name}{MARK}",
                "kind": kind,
                "total_area_m2": total,
                "available_area_m2": available,
                "rent_yuan_m2_month": rent,
                "land_price_yuan_m2": land_price,
                "min_lease_months": lease,
                "floor_load_kn_m2": load,
                "power_capacity_kva": power,
                "clean_room_grade": grade,
                "available_from": DEMO_AS_OF + timedelta(days=r.randint(-180, 365)),
                "amenities": amenities,
                "description": f"{park.name}{detail}。{DISCLAIMER}",
            }
        )
    return carriers


# --- tenancies -------------------------------------------------------------------------------

# (m² low, m² high) a tenant takes in a carrier of this kind
TENANT_AREA = {
    "office": (200, 3_000),
    "incubator": (50, 600),
    "lab": (200, 2_000),
    "standard_factory": (1_000, 15_000),
    "land_parcel": (10_000, 100_000),
}
VIRTUAL_SHARE = 0.12


class PlaceParks:
    """The parks of one place (a province, or a city), indexed to score many companies against them quickly."""

    def __init__(self, parks: list[ParkProfile]) -> None:
        self.parks = parks
        self.base = [0.5 if park.national else 0.0 for park in parks]
        self.by_sector: dict[Sector, list[tuple[int, float]]] = {}
        self.by_piece: dict[str, list[int]] = {}
        for index, park in enumerate(parks):
            for rank, sector in enumerate(park.sectors):
                self.by_sector.setdefault(sector, []).append((index, max(3 - rank, 1)))
            for piece in park.pieces:
                self.by_piece.setdefault(piece, []).append(index)

    def best(self, company: CompanyProfile, count: int) -> list[tuple[float, ParkProfile]]:
        """The parks the company fits best, with their scores: its sector among the park's (the first
        counts most), the pieces of its industry and products found in the park's leading industries
        (up to 6), and a little for a national zone."""
        scores = self.base.copy()
        if company.sector is not None:
            for index, bonus in self.by_sector.get(company.sector, []):
                scores[index] += bonus
        overlap = Counter(index for piece in company.pieces for index in self.by_piece.get(piece, []))
        for index, pieces in overlap.items():
            scores[index] += min(pieces, 6) * 0.5
        top = heapq.nsmallest(count, range(len(scores)), key=lambda i: (-scores[i], self.parks[i].park.code))
        return [(scores[index], self.parks[index]) for index in top]


def _tenancies(
    seed: int, parks: list[ParkProfile], companies: list[CompanyProfile], carriers: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    # A company goes to a park of its own city where its city has parks, else of its province: a
    # generated tenancy never contradicts the city the company's registry gives.
    grouped: dict[tuple[str, str], list[ParkProfile]] = {}
    for profile in parks:
        grouped.setdefault((profile.park.province, ""), []).append(profile)
        if profile.park.city:
            grouped.setdefault((profile.park.province, short_name(profile.park.city)), []).append(profile)
    by_place = {place: PlaceParks(members) for place, members in grouped.items()}
    carriers_of: dict[str, list[dict[str, Any]]] = {}
    for carrier in carriers:
        carriers_of.setdefault(carrier["park_code"], []).append(carrier)
    tenancies = []
    for company in companies:
        province, city = company.company.province or "", short_name(company.company.city or "")
        candidates = by_place.get((province, city)) or by_place.get((province, ""))
        if candidates is None:
            continue
        r = stream(seed, "tenancy", company.company.stock_code)
        ranked = candidates.best(company, 4)
        park = r.choices([p for _, p in ranked], [score + 0.1 for score, _ in ranked])[0]
        first_year = max(2008, park.park.approved_on.year if park.park.approved_on else 2008)
        since = date(r.randint(first_year, 2024), r.randint(1, 12), 1)
        roll = r.random()
        status = "ended" if roll < 0.05 else "planned" if roll < 0.12 else "active"
        if status == "planned":
            since = date(DEMO_AS_OF.year + 1, r.randint(1, 12), 1)
        tenancy = {
            "stock_code": company.company.stock_code,
            "park_code": park.park.code,
            "carrier_name": None,
            "kind": "virtual",
            "area_m2": None,
            "since": since,
            "status": status,
        }
        if r.random() >= VIRTUAL_SHARE:
            preferred = company.sector.carrier_kinds if company.sector else ("office", "standard_factory")
            spaces = carriers_of[park.park.code]
            carrier = min(
                spaces,
                key=lambda c: (
                    preferred.index(c["kind"]) if c["kind"] in preferred else len(preferred),
                    r.random(),
                ),
            )
            low, high = TENANT_AREA[carrier["kind"]]
            area = min(_step(r.uniform(low, high), 10), carrier["total_area_m2"])
            tenancy.update(kind="physical", carrier_name=carrier["name"], area_m2=area)
        tenancies.append(tenancy)
    return tenancies


# --- policies --------------------------------------------------------------------------------


# (title, category, conditions, benefit, audience, target sectors)
PolicyOption = tuple[str, str, list[dict[str, Any]], dict[str, Any], str, list[Sector] | None]
CityOption = tuple[str, str, list[dict[str, Any]], dict[str, Any], str]


def _condition(field: str, op: str, value: Any) -> dict[str, Any]:
    return {"field": field, "op": op, "value": value}


def _sw_prefixes(sectors: list[Sector]) -> list[str]:
    return list(dict.fromkeys(prefix for sector in sectors for prefix in sector.sw_prefixes))


def _policy(
    scope: str,
    title: str,
    issuer: str,
    category: str,
    conditions: list[dict[str, Any]],
    benefit: dict[str, Any],
    valid_from: date,
    *,
    years: int = 3,
    province: str | None = None,
    city: str | None = None,
    county: str | None = None,
    park_code: str | None = None,
    sectors: list[Sector] | None = None,
    node_keys: list[list[str]] | None = None,
    audience: str,
) -> dict[str, Any]:
    return {
        "scope": scope,
        "province": province,
        "city": city,
        "county": county,
        "park_code": park_code,
        "title": f"{title}{MARK}",
        "issuer": issuer,
        "category": category,
        "target_industries": [sector.name for sector in sectors or []],
        "target_node_keys": node_keys or [],
        "conditions": conditions,
        "benefit": benefit,
        "valid_from": valid_from,
        "valid_to": date(valid_from.year + years, valid_from.month, valid_from.day) - timedelta(days=1),
        "full_text": f"{title}。适用对象：{audience}。支持方式：{benefit['description']}。{DISCLAIMER}",
        "source_url": None,
    }


def _national_policies() -> list[dict[str, Any]]:
    start = date(2024, 1, 1)
    return [
        _policy(
            "national",
            "高新技术企业减按15%税率征收企业所得税",
            "财政部 税务总局",
            "tax",
            [_condition("qualifications", "contains", "high_tech_enterprise")],
            {
                "kind": "percentage",
                "rate": 0.01,
                "base": "revenue_yuan",
                "duration_years": 3,
                "description": "企业所得税税率由25%降至15%，按营业收入的1%估算每年减免额",
            },
            start,
            years=4,
            audience="经认定的高新技术企业",
        ),
        _policy(
            "national",
            "专精特新“小巨人”企业中央财政奖补",
            "财政部 工业和信息化部",
            "other",
            [_condition("qualifications", "contains", "little_giant")],
            {
                "kind": "fixed",
                "amount_yuan": 2_000_000.0,
                "duration_years": 3,
                "cap_yuan": 6_000_000.0,
                "description": "每年奖补200万元，连续3年，最高600万元",
            },
            start,
            audience="国家级专精特新“小巨人”企业",
        ),
        _policy(
            "national",
            "科技型中小企业研发费用加计扣除",
            "财政部 税务总局 科技部",
            "rd",
            [_condition("headcount", "<=", 500), _condition("revenue_yuan", "<=", 200_000_000)],
            {
                "kind": "percentage",
                "rate": 0.008,
                "base": "revenue_yuan",
                "duration_years": 3,
                "description": "研发费用按100%加计扣除，按营业收入的0.8%估算每年减税额",
            },
            start,
            years=4,
            audience="职工总数不超过500人、年销售收入不超过2亿元的科技型中小企业",
        ),
        _policy(
            "national",
            "集成电路企业所得税“两免三减半”",
            "财政部 税务总局 国家发展改革委 工业和信息化部",
            "tax",
            [
                _condition("sw_industry_code", "prefix", ["270104", "270105", "270106", "270107"]),
                _condition("company_age_years", "<=", 5),
            ],
            {
                "kind": "percentage",
                "rate": 0.02,
                "base": "revenue_yuan",
                "duration_years": 5,
                "description": "自获利年度起两年免征、三年减半征收企业所得税，按营业收入的2%估算每年减免额",
            },
            start,
            years=4,
            sectors=[BY_NAME["集成电路与电子信息"]],
            audience="成立5年内的集成电路设计与制造企业",
        ),
        _policy(
            "national",
            "制造业中长期贷款财政贴息",
            "财政部 工业和信息化部",
            "finance",
            [_condition("investment_yuan", ">=", 20_000_000)],
            {
                "kind": "percentage",
                "rate": 0.01,
                "base": "investment_yuan",
                "duration_years": 3,
                "cap_yuan": 5_000_000.0,
                "description": "按项目贷款额的1%贴息，最长3年，最高500万元",
            },
            start,
            audience="固定资产投资2000万元以上的制造业技术改造项目",
        ),
        _policy(
            "national",
            "首台（套）重大技术装备保险补偿",
            "财政部 工业和信息化部 银保监会",
            "equipment",
            # On what the company makes: its products are mostly whole machines or equipment.
            [_condition("equipment_revenue_share", ">=", 0.5)],
            {
                "kind": "percentage",
                "rate": 0.03,
                "base": "equipment_value_yuan",
                "cap_yuan": 5_000_000.0,
                "description": "按首台（套）装备投保金额的3%估算保费补贴，最高500万元",
            },
            start,
            sectors=[BY_NAME["高端装备与智能制造"]],
            audience="首台（套）重大技术装备的研制和使用单位",
        ),
    ]


# Exclusive groups (就高不重复): a company gets one benefit of each, the largest, whichever government
# or park offers it.
RENT_GROUP = "入驻租金"
INVESTMENT_GROUP = "项目投资奖补"
LAND_GROUP = "土地出让"

PROVINCE_ISSUERS = {
    "other": "工业和信息化厅",
    "rd": "科学技术厅",
    "equipment": "发展和改革委员会",
    "listing": "地方金融监督管理局",
    "talent": "人力资源和社会保障厅",
}


def _province_focus(parks: list[ParkProfile], province: str) -> list[Sector]:
    """The three sectors most of the province's parks lead with."""
    counts = Counter(sector for p in parks if p.park.province == province for sector in p.sectors)
    return sorted(counts, key=lambda sector: (-counts[sector], SECTORS.index(sector)))[:3]


def _province_policies(
    seed: int, parks: list[ParkProfile], nodes: dict[str, list[Node]]
) -> list[dict[str, Any]]:
    policies = []
    for province in sorted({profile.park.province for profile in parks}):
        r = stream(seed, "province-policies", province)
        focus = _province_focus(parks, province)
        start = date(r.choice((2023, 2024, 2025)), 1, 1)
        options: list[PolicyOption] = [
            (
                "专精特新中小企业认定奖励",
                "other",
                [_condition("qualifications", "contains", "specialised_sme")],
                {"kind": "fixed", "amount_yuan": float(r.choice((300_000, 500_000, 800_000)))},
                "首次认定的省级专精特新中小企业",
                None,
            ),
            (
                "高新技术企业首次认定奖励",
                "rd",
                [_condition("qualifications", "contains", "high_tech_enterprise")],
                {"kind": "fixed", "amount_yuan": float(r.choice((100_000, 200_000, 300_000)))},
                "首次通过认定的高新技术企业",
                None,
            ),
            (
                "重点产业项目固定资产投资补助",
                "equipment",
                [
                    _condition("investment_yuan", ">=", float(r.choice((50_000_000, 100_000_000)))),
                    _condition("sw_industry_code", "prefix", _sw_prefixes(focus)),
                ],
                {
                    "kind": "percentage",
                    "rate": r.choice((0.03, 0.05, 0.08)),
                    "base": "investment_yuan",
                    "cap_yuan": float(r.choice((10_000_000, 20_000_000, 30_000_000))),
                    "exclusive_group": INVESTMENT_GROUP,
                },
                f"{'、'.join(s.name for s in focus)}领域的重点产业项目",
                focus,
            ),
            (
                "企业上市奖励",
                "listing",
                [_condition("funding_stage", "in", ["pre_ipo"])],
                {"kind": "fixed", "amount_yuan": float(r.choice((2_000_000, 3_000_000, 5_000_000)))},
                "完成上市辅导备案、拟在境内外上市的企业",
                None,
            ),
            (
                "高层次人才团队引进资助",
                "talent",
                [_condition("headcount", ">=", 50)],
                {"kind": "fixed", "amount_yuan": float(r.choice((500_000, 1_000_000, 2_000_000)))},
                "引进高层次人才团队、员工50人以上的企业",
                None,
            ),
            (
                "高成长（瞪羚）企业培育奖励",
                "other",
                [_condition("revenue_yoy_pct", ">=", 20.0), _condition("net_margin_pct", ">", 0.0)],
                {"kind": "fixed", "amount_yuan": float(r.choice((300_000, 500_000, 1_000_000)))},
                "营业收入同比增长20%以上且盈利的高成长企业",
                None,
            ),
            (
                "企业研发投入后补助",
                "rd",
                [_condition("revenue_yuan", ">=", 20_000_000)],
                {
                    "kind": "percentage",
                    "rate": 0.005,
                    "base": "revenue_yuan",
                    "duration_years": 3,
                    "cap_yuan": 3_000_000.0,
                },
                "年营业收入2000万元以上、持续研发投入的企业",
                None,
            ),
        ]
        for title, category, conditions, benefit, audience, sectors in r.sample(options, r.randint(3, 5)):
            benefit["description"] = _benefit_words(benefit)
            policies.append(
                _policy(
                    "province",
                    f"{province}{title}",
                    f"{province}{PROVINCE_ISSUERS[category]}",
                    category,
                    conditions,
                    benefit,
                    start,
                    province=province,
                    sectors=sectors,
                    audience=audience,
                    node_keys=_node_keys(_pick_nodes(r, nodes, sectors, 4)) if sectors else None,
                )
            )
    return policies


def _city_policies(seed: int, parks: list[ParkProfile]) -> list[dict[str, Any]]:
    cities = sorted(
        {
            (p.park.province, p.park.city)
            for p in parks
            if p.national and p.park.city and p.park.city in provinces()[p.park.province].cities.values()
        }
    )
    policies = []
    for province, city in cities:
        r = stream(seed, "city-policies", province, city)
        start = date(r.choice((2023, 2024, 2025)), 7, 1)
        options: list[CityOption] = [
            (
                "支持中小微企业发展租金补贴",
                "rent",
                [_condition("headcount", "<=", 300)],
                {
                    "kind": "percentage",
                    "rate": r.choice((0.2, 0.3, 0.5)),
                    "base": "rent_yuan",
                    "duration_years": 2,
                    "cap_yuan": float(r.choice((300_000, 500_000))),
                    "exclusive_group": RENT_GROUP,
                },
                "新租用办公或生产用房、员工300人以下的中小微企业",
            ),
            (
                "产业人才安居补贴",
                "talent",
                [_condition("headcount", ">=", 20)],
                {
                    "kind": "fixed",
                    "amount_yuan": float(r.choice((100_000, 200_000, 300_000))),
                    "duration_years": 3,
                },
                "引进本科及以上学历人才的企业（按企业计）",
            ),
            (
                "科技型企业研发费用补助",
                "rd",
                [_condition("qualifications", "in", ["high_tech_enterprise", "tech_sme"])],
                {"kind": "fixed", "amount_yuan": float(r.choice((200_000, 500_000))), "duration_years": 3},
                "高新技术企业和科技型中小企业",
            ),
        ]
        for title, category, conditions, benefit, audience in r.sample(options, r.randint(1, 2)):
            benefit["description"] = _benefit_words(benefit)
            policies.append(
                _policy(
                    "city",
                    f"{city}{title}",
                    f"{city}人民政府",
                    category,
                    conditions,
                    benefit,
                    start,
                    province=province,
                    city=city,
                    audience=audience,
                )
            )
    return policies


def _park_policies(seed: int, parks: list[ParkProfile], nodes: dict[str, list[Node]]) -> list[dict[str, Any]]:
    policies = []
    for profile in parks:
        park = profile.park
        r = stream(seed, "park-policies", park.code)
        count = r.randint(1, 3) if profile.national else (1 if r.random() < 0.25 else 0)
        if not count:
            continue
        focus = profile.sectors[:2]
        rent = {1: 60.0, 2: 35.0, 3: 20.0}[profile.tier]
        start = date(r.choice((2023, 2024, 2025)), r.choice((1, 4, 7, 10)), 1)
        options: list[PolicyOption] = [
            (
                "入驻企业租金补贴",
                "rent",
                [
                    _condition("sw_industry_code", "prefix", _sw_prefixes(focus)),
                    _condition("headcount", ">=", 10),
                ],
                {
                    "kind": "per_m2",
                    "amount_yuan_per_m2": _step(rent * 12 * r.choice((0.3, 0.5)), 1),
                    "duration_years": 3,
                    "cap_yuan": float(r.choice((1_000_000, 2_000_000, 3_000_000))),
                    "offsets": "rent",
                    "max_share_of_cost": 0.5,
                    "exclusive_group": RENT_GROUP,
                },
                f"{'、'.join(s.name for s in focus)}领域新入驻企业",
                focus,
            ),
            (
                "新落户企业免租期",
                "rent",
                [_condition("registered_capital_yuan", ">=", float(r.choice((5_000_000, 10_000_000))))],
                {"kind": "rent_free_months", "months": r.choice((6, 12)), "exclusive_group": RENT_GROUP},
                "新注册落户、注册资本达到要求的企业",
                None,
            ),
            (
                "重点产业项目落户奖励",
                "finance",
                [
                    _condition(
                        "investment_yuan", ">=", float(r.choice((50_000_000, 100_000_000, 300_000_000)))
                    ),
                    _condition("sw_industry_code", "prefix", _sw_prefixes(focus)),
                ],
                {
                    "kind": "percentage",
                    "rate": r.choice((0.02, 0.03, 0.05)),
                    "base": "investment_yuan",
                    "cap_yuan": float(r.choice((5_000_000, 10_000_000, 20_000_000))),
                    "exclusive_group": INVESTMENT_GROUP,
                },
                f"投资{'、'.join(s.name for s in focus)}重点项目的企业",
                focus,
            ),
            (
                "经济贡献奖励",
                "tax",
                [_condition("revenue_yuan", ">=", float(r.choice((20_000_000, 50_000_000))))],
                {
                    "kind": "percentage",
                    "rate": r.choice((0.003, 0.005, 0.01)),
                    "base": "revenue_yuan",
                    "duration_years": 3,
                    "cap_yuan": float(r.choice((2_000_000, 5_000_000))),
                },
                "对园区地方财力贡献达到要求的企业",
                None,
            ),
            (
                "初创企业入孵支持",
                "rent",
                [_condition("company_age_years", "<=", 3), _condition("headcount", "<=", 50)],
                {
                    "kind": "rent_free_months",
                    "months": 12,
                    "cap_yuan": 200_000.0,
                    "exclusive_group": RENT_GROUP,
                },
                "成立3年内、入驻园区孵化载体的初创企业",
                None,
            ),
            (
                "工业用地出让价款奖励",
                "land",
                [
                    _condition("investment_yuan", ">=", float(r.choice((100_000_000, 300_000_000)))),
                    _condition("sw_industry_code", "prefix", _sw_prefixes(focus)),
                ],
                {
                    "kind": "percentage",
                    "rate": r.choice((0.1, 0.2, 0.3)),
                    "base": "land_yuan",
                    "cap_yuan": float(r.choice((5_000_000, 10_000_000, 20_000_000))),
                    "exclusive_group": LAND_GROUP,
                },
                f"购地新建{'、'.join(s.name for s in focus)}项目、投资达到要求的企业",
                focus,
            ),
        ]
        for title, category, conditions, benefit, audience, sectors in r.sample(options, count):
            benefit["description"] = _benefit_words(benefit)
            policies.append(
                _policy(
                    "park",
                    f"{park.name}{title}",
                    f"{park.name}管理委员会",
                    category,
                    conditions,
                    benefit,
                    start,
                    province=park.province,
                    city=park.city,
                    county=park.county,
                    park_code=park.code,
                    sectors=sectors,
                    audience=audience,
                    node_keys=_node_keys(_pick_nodes(r, nodes, sectors, 3)) if sectors else None,
                )
            )
    return policies


def _benefit_words(benefit: dict[str, Any]) -> str:
    match benefit["kind"]:
        case "fixed":
            words = f"一次性给予{_wan(benefit['amount_yuan'])}"
            if benefit.get("duration_years"):
                words = f"每年给予{_wan(benefit['amount_yuan'])}，连续{benefit['duration_years']}年"
        case "percentage":
            bases = {
                "investment_yuan": "投资额",
                "revenue_yuan": "营业收入",
                "rent_yuan": "年租金",
                "land_yuan": "土地出让价款",
                "registered_capital_yuan": "注册资本",
                "equipment_value_yuan": "首台（套）装备投保金额",
            }
            words = f"按{bases[benefit['base']]}的{benefit['rate'] * 100:g}%给予支持"
            if benefit.get("duration_years"):
                words += f"，连续{benefit['duration_years']}年"
        case "per_m2":
            words = f"按租用面积每年每平方米补贴{benefit['amount_yuan_per_m2']:g}元，连续{benefit['duration_years']}年"
        case _:
            words = f"给予{benefit['months']}个月免租"
    if benefit.get("cap_yuan"):
        words += f"，最高{_wan(benefit['cap_yuan'])}"
    if benefit.get("max_share_of_cost"):
        cost = COST_WORDS[CostOffset(benefit["offsets"])]
        words += f"，不超过实际{cost}的{benefit['max_share_of_cost'] * 100:g}%"
    if benefit.get("exclusive_group"):
        words += f"；与其他{benefit['exclusive_group']}类政策就高不重复"
    return words


def _policies(seed: int, parks: list[ParkProfile], nodes: dict[str, list[Node]]) -> list[dict[str, Any]]:
    return [
        *_national_policies(),
        *_province_policies(seed, parks, nodes),
        *_city_policies(seed, parks),
        *_park_policies(seed, parks, nodes),
    ]


# --- funds -----------------------------------------------------------------------------------

STAGE_WORDS = {
    "seed": "种子",
    "angel": "天使",
    "pre_a": "Pre-A",
    "a": "A轮",
    "b": "B轮",
    "c": "C轮",
    "d_plus": "D轮及以后",
    "pre_ipo": "Pre-IPO",
    "listed": "已上市",
}
# type -> (stages, ticket min range, ticket max range, size range), amounts in yuan. Funds that invest
# in listed companies (定增 / PIPE, M&A, strategic stakes) are their own types: a seed or VC fund never
# buys into them. A park's guide fund (合肥产投 with 京东方, 苏州元禾, 深创投) backs the companies the park
# wants at late venture rounds and, once listed, through private placements and strategic stakes.
FUND_TYPES = {
    "天使投资基金": (("seed", "angel", "pre_a"), (1e6, 5e6), (5e6, 2e7), (1e8, 5e8)),
    "创业投资基金": (("angel", "pre_a", "a", "b"), (5e6, 2e7), (3e7, 1e8), (3e8, 2e9)),
    "产业投资基金": (("a", "b", "c", "d_plus"), (2e7, 5e7), (1e8, 3e8), (1e9, 5e9)),
    "成长股权投资基金": (("b", "c", "d_plus", "pre_ipo"), (3e7, 1e8), (1e8, 5e8), (1e9, 1e10)),
    "定增投资基金": (("listed",), (3e7, 1e8), (1e8, 5e8), (1e9, 1e10)),
    "并购投资基金": (("d_plus", "pre_ipo", "listed"), (5e7, 2e8), (3e8, 1e9), (2e9, 2e10)),
    "战略性新兴产业引导基金": (
        ("b", "c", "d_plus", "pre_ipo", "listed"),
        (5e7, 2e8),
        (3e8, 1e9),
        (1e10, 5e10),
    ),
    "园区产业引导基金": (("c", "d_plus", "pre_ipo", "listed"), (2e7, 1e8), (1e8, 5e8), (5e8, 5e9)),
}
# The rounds a fund of each type takes in a listed company, and how its thesis names them.
LISTED_ROUNDS = {
    "定增投资基金": ("private_placement",),
    "并购投资基金": ("merger",),
    "战略性新兴产业引导基金": ("strategic",),
    "园区产业引导基金": ("private_placement", "strategic"),
}
LISTED_ROUND_WORDS = {"private_placement": "定增", "merger": "并购", "strategic": "战略投资"}
# How often each type is among the market's (not parks' or provinces') funds: venture capital most,
# then growth and industry funds, with a share for private placements and M&A.
MARKET_FUND_MIX = {
    "天使投资基金": 0.15,
    "创业投资基金": 0.30,
    "产业投资基金": 0.15,
    "成长股权投资基金": 0.15,
    "定增投资基金": 0.15,
    "并购投资基金": 0.10,
}
PROVINCE_FUND_TYPE = "战略性新兴产业引导基金"
# How often each type is among parks' own funds, and the fund's name after the park's: most are guide
# funds that also take part in listed companies' placements; some are pure venture funds.
PARK_FUND_MIX = {"园区产业引导基金": 0.7, "产业投资基金": 0.3}
PARK_FUND_NAMES = {"园区产业引导基金": "产业引导基金", "产业投资基金": "产业投资基金"}
NAME_HEADS = "融汇启元瀚澄弘骏睿衡朗拓知恒景源晟泓嘉鸿"
NAME_TAILS = "创芯禾远川岳辰峰信泰德航屹澜峻璟"
PARK_FUNDS = 70
MARKET_FUNDS = 100


def _amount(r: random.Random, low: float, high: float, step: float) -> float:
    return _step(r.uniform(low, high), step)


def _stage_words(fund_type: str, stages: tuple[str, ...]) -> str:
    """The stages as the thesis says them: 已上市 with the rounds the type takes (定增、战略投资)."""
    words = [STAGE_WORDS[stage] for stage in stages]
    if "listed" in stages:
        rounds = "、".join(LISTED_ROUND_WORDS[name] for name in LISTED_ROUNDS[fund_type])
        words[stages.index("listed")] += f"（{rounds}）"
    return "、".join(words)


def _fund(
    r: random.Random,
    name: str,
    manager: str,
    fund_type: str,
    focus: list[Sector],
    nodes: dict[str, list[Node]],
    regions: list[str],
    park_code: str | None,
    size: float,
) -> dict[str, Any]:
    stages, low, high, _ = FUND_TYPES[fund_type]
    picked = _pick_nodes(r, nodes, focus, r.randint(3, 8))
    ticket_min = _amount(r, *low, 1e6)
    ticket_max = max(_amount(r, *high, 1e6), ticket_min)
    where = "、".join(regions) if regions else "全国"
    thesis = (
        f"{fund_type}，聚焦{'、'.join(s.name for s in focus)}，重点关注{'、'.join(n.name for n in picked[:3]) or '产业链关键环节'}"
        f"等环节，投资{_stage_words(fund_type, stages)}阶段企业；单笔投资{_wan(ticket_min)}–"
        f"{_wan(ticket_max)}，投资区域{where}。{DISCLAIMER}"
    )
    return {
        "name": f"{name}{MARK}",
        "fund_type": fund_type,
        "manager": f"{manager}{MARK}",
        "size_yuan": size,
        "focus_industries": [sector.name for sector in focus],
        "focus_node_keys": _node_keys(picked),
        "stages": list(stages),
        "ticket_min_yuan": ticket_min,
        "ticket_max_yuan": ticket_max,
        "regions": regions,
        "thesis": thesis,
        "park_code": park_code,
    }


def _sectors_together(parks: list[ParkProfile]) -> Counter[tuple[str, str]]:
    """How many parks lead with both sectors of a pair (by name)."""
    together: Counter[tuple[str, str]] = Counter()
    for profile in parks:
        names = sorted({sector.name for sector in profile.sectors})
        together.update((a, b) for a in names for b in names if a != b)
    return together


def _coherent_focus(r: random.Random, together: Counter[tuple[str, str]]) -> list[Sector]:
    """One sector, and often a second that parks lead with alongside it (电子信息 with 智能装备,
    not with 食品): chosen in proportion to how many parks lead with both."""
    first = r.choice(sorted(BY_NAME.values(), key=lambda s: s.name))
    partners = sorted((pair[1] for pair in together if pair[0] == first.name), key=lambda name: name)
    if not partners or r.random() < 0.4:
        return [first]
    second = r.choices(partners, [together[(first.name, name)] ** 2 for name in partners])[0]
    return [first, BY_NAME[second]]


def _funds(seed: int, parks: list[ParkProfile], nodes: dict[str, list[Node]]) -> list[dict[str, Any]]:
    funds = []
    hosts = [p for p in parks if p.national and p.park.zone_type in ("high_tech", "etdz")]
    hosts = sorted(hosts, key=lambda p: stream(seed, "fund-host", p.park.code).random())[:PARK_FUNDS]
    for profile in sorted(hosts, key=lambda p: p.park.code):
        park = profile.park
        r = stream(seed, "park-fund", park.code)
        fund_type = r.choices(list(PARK_FUND_MIX), list(PARK_FUND_MIX.values()))[0]
        funds.append(
            _fund(
                r,
                f"{park.name}{PARK_FUND_NAMES[fund_type]}",
                f"{park.name}投资发展有限公司",
                fund_type,
                profile.sectors[:3],
                nodes,
                [park.province],
                park.code,
                _amount(r, *FUND_TYPES[fund_type][3], 1e8),
            )
        )
    province_names = sorted({p.park.province for p in parks})
    for province in province_names:
        r = stream(seed, "province-fund", province)
        focus = _province_focus(parks, province)
        funds.append(
            _fund(
                r,
                f"{province}战略性新兴产业引导基金",
                f"{province}产业投资集团有限公司",
                PROVINCE_FUND_TYPE,
                focus,
                nodes,
                [province],
                None,
                _amount(r, 1e10, 5e10, 1e9),
            )
        )
    weights = [sum(1 for p in parks if p.park.province == name) for name in province_names]
    together = _sectors_together(parks)
    names: set[str] = set()
    for number in range(MARKET_FUNDS):
        r = stream(seed, "market-fund", number)
        fund_type = r.choices(list(MARKET_FUND_MIX), list(MARKET_FUND_MIX.values()))[0]
        focus = _coherent_focus(r, together)
        brand = r.choice(NAME_HEADS) + r.choice(NAME_TAILS)
        name = f"{brand}{focus[0].short}{fund_type}"
        while name in names:
            name = f"{brand}{focus[0].short}{fund_type}{len(names) + 1}期"
        names.add(name)
        regions = (
            [] if r.random() < 0.4 else sorted(set(r.choices(province_names, weights, k=r.randint(1, 3))))
        )
        size = _amount(r, *FUND_TYPES[fund_type][3], 1e7)
        funds.append(
            _fund(r, name, f"{brand}私募基金管理有限公司", fund_type, focus, nodes, regions, None, size)
        )
    return funds


# --- investments -----------------------------------------------------------------------------

# The generated rounds fall between this day and DEMO_AS_OF.
FIRST_INVESTMENT = date(2012, 1, 1)
# Every company of the reference data is listed: a venture round is one it had before its listing,
# this many years before (low, high); a round in a listed company is one of its fund type's
# LISTED_ROUNDS.
YEARS_BEFORE_LISTING = {
    "seed": (6.0, 9.0),
    "angel": (5.0, 8.0),
    "pre_a": (4.0, 7.0),
    "a": (3.0, 6.0),
    "b": (2.0, 5.0),
    "c": (1.5, 4.0),
    "d_plus": (1.0, 3.0),
    "pre_ipo": (0.5, 2.0),
}
# A placement comes after the listing's lock-up (6 months).
LOCK_UP = timedelta(days=183)
# The fund's share of the company after the round, in % (low, high).
SHARE_PCT = {
    "seed": (5.0, 20.0),
    "angel": (5.0, 20.0),
    "pre_a": (3.0, 15.0),
    "a": (3.0, 15.0),
    "b": (2.0, 10.0),
    "c": (1.0, 8.0),
    "d_plus": (1.0, 6.0),
    "pre_ipo": (0.5, 5.0),
    "private_placement": (0.3, 5.0),
    "merger": (10.0, 30.0),
    "strategic": (1.0, 8.0),
}
# How many companies a fund holds (low, high): a park's fund, a province's guide fund, a market fund.
HOLDINGS = {"park": (5, 15), "province": (10, 20), "market": (3, 15)}
UNDISCLOSED_SHARE = 0.15  # rounds whose amount is not disclosed
TENANT_PREFERENCE = 50.0  # how much likelier a park's fund picks one of the park's tenants


def _years_before(day: date, years: float) -> date:
    return day - timedelta(days=round(years * 365.25))


def _round_windows(
    fund: dict[str, Any], company: ReferenceCompany, listed_on: date
) -> list[tuple[str, date, date]]:
    """The rounds of the fund's stages the company could have had, each with its window of days: before
    its listing, after its founding and FIRST_INVESTMENT; or, for a fund buying into listed companies,
    after the listing's lock-up."""
    windows: list[tuple[str, date, date]] = []
    for stage in fund["stages"]:
        if stage == "listed":
            start, end = max(listed_on + LOCK_UP, FIRST_INVESTMENT), DEMO_AS_OF
            windows.extend((name, start, end) for name in LISTED_ROUNDS[fund["fund_type"]])
            continue
        low, high = YEARS_BEFORE_LISTING[stage]
        founded = company.founded_on or FIRST_INVESTMENT
        windows.append(
            (
                stage,
                max(_years_before(listed_on, high), FIRST_INVESTMENT, founded),
                _years_before(listed_on, low),
            )
        )
    return [(investment_round, start, end) for investment_round, start, end in windows if start < end]


def _investment_status(r: random.Random, investment_round: str, invested_on: date, listed_on: date) -> str:
    """Venture funds mostly sell some years after the listing; placements after the lock-up too;
    an acquirer keeps what it bought."""
    if investment_round == "merger":
        return "held"
    since = listed_on if investment_round in YEARS_BEFORE_LISTING else invested_on
    return "exited" if since + timedelta(days=3 * 365) < DEMO_AS_OF and r.random() < 0.6 else "held"


def _investments(
    seed: int,
    funds: list[dict[str, Any]],
    companies: list[CompanyProfile],
    tenancies: list[dict[str, Any]],
    listed_on: dict[str, date],
) -> list[dict[str, Any]]:
    """Each fund's rounds in companies of its focus industries and regions, at its stages and within its
    ticket range; a park's fund prefers the park's tenants."""
    park_of = {tenancy["stock_code"]: tenancy["park_code"] for tenancy in tenancies}
    investments = []
    for fund in funds:
        r = stream(seed, "investments", fund["name"])
        focus, regions, park = set(fund["focus_industries"]), set(fund["regions"]), fund["park_code"]
        weighted = []
        for profile in companies:
            company = profile.company
            if (
                profile.sector is None
                or profile.sector.name not in focus
                or company.stock_code not in listed_on
            ):
                continue
            if regions and company.province not in regions:
                continue
            windows = _round_windows(fund, company, listed_on[company.stock_code])
            if not windows:
                continue
            weight = (
                TENANT_PREFERENCE if park is not None and park_of.get(company.stock_code) == park else 1.0
            )
            # Weighted sampling without replacement: the largest keys u^(1/w) win.
            weighted.append((r.random() ** (1 / weight), company, windows))
        kind = "park" if park else "province" if fund["fund_type"] == PROVINCE_FUND_TYPE else "market"
        count = r.randint(*HOLDINGS[kind])
        for _, company, windows in heapq.nlargest(count, weighted, key=lambda pick: pick[0]):
            investment_round, start, end = r.choice(windows)
            invested_on = start + timedelta(days=r.randrange((end - start).days))
            amount = _amount(r, fund["ticket_min_yuan"], fund["ticket_max_yuan"], 1e6)
            share = round(r.uniform(*SHARE_PCT[investment_round]), 2)
            investments.append(
                {
                    "fund_name": fund["name"],
                    "stock_code": company.stock_code,
                    "round": investment_round,
                    "amount_yuan": None if r.random() < UNDISCLOSED_SHARE else amount,
                    "share_pct": share,
                    "invested_on": invested_on,
                    "status": _investment_status(
                        r, investment_round, invested_on, listed_on[company.stock_code]
                    ),
                    "note": f"示例投资记录，由 {demo_source(seed)} 生成，并非真实投资。",
                }
            )
    return investments


# --- service providers -----------------------------------------------------------------------

PROVIDER_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "legal": (
        ("律师事务所",),
        ("公司设立与股权架构", "投融资法律尽调", "劳动人事合规", "合同审查", "跨境投资合规"),
    ),
    "ip": (
        ("知识产权代理有限公司", "专利事务所"),
        (
            "专利申请与布局",
            "商标注册",
            "专利导航分析",
            "知识产权质押融资",
            "高价值专利培育",
            "软件著作权登记",
        ),
    ),
    "finance": (
        ("财税咨询有限公司", "融资担保有限公司"),
        ("代理记账", "税务筹划", "高新技术企业认定辅导", "研发费用加计扣除申报", "融资担保", "上市辅导"),
    ),
    "hr": (
        ("人力资源服务有限公司",),
        ("人才招聘", "劳务派遣", "薪酬社保代理", "高层次人才引进申报", "员工培训"),
    ),
    "testing": (
        ("检验检测技术有限公司", "检测认证中心"),
        (
            "材料成分检测",
            "可靠性与环境试验",
            "电磁兼容（EMC）测试",
            "计量校准",
            "CMA/CNAS认证检测",
            "医疗器械注册检验",
        ),
    ),
    "pilot_plant": (
        ("中试基地", "概念验证与中试平台"),
        ("工艺放大验证", "小批量试制", "中试车间租用", "GMP中试生产", "概念验证", "工程化开发"),
    ),
    "consulting": (
        ("产业咨询有限公司", "管理咨询有限公司"),
        ("产业规划", "招商策划", "项目可行性研究", "政策申报咨询", "管理咨询", "市场研究"),
    ),
    "tech_transfer": (
        ("技术转移中心", "科技成果转化服务有限公司"),
        ("技术成果评估", "技术合同登记", "校企合作对接", "成果转化路演", "技术经纪", "专利许可与转让"),
    ),
}
PROVIDERS = 300
HOSTED = ("testing", "pilot_plant", "tech_transfer")


def _providers(seed: int, parks: list[ParkProfile]) -> list[dict[str, Any]]:
    province_names = sorted({p.park.province for p in parks})
    weights = [sum(1 for p in parks if p.park.province == name) for name in province_names]
    categories = list(PROVIDER_KINDS)
    national_parks: dict[str, list[str]] = {}
    for profile in parks:
        if profile.national:
            national_parks.setdefault(profile.park.province, []).append(profile.park.code)
    providers = []
    names: set[str] = set()
    for number in range(PROVIDERS):
        r = stream(seed, "provider", number)
        category = categories[number % len(categories)]
        suffixes, services = PROVIDER_KINDS[category]
        province = r.choices(province_names, weights)[0]
        cities = sorted(provinces()[province].cities)
        core = r.choice(cities)
        name = f"{core}{r.choice(NAME_HEADS)}{r.choice(NAME_TAILS)}{r.choice(suffixes)}"
        while name in names:
            name = f"{name[: -len(suffixes[0])]}{len(names) + 1}{suffixes[0]}"
        names.add(name)
        offered = sorted(r.sample(services, r.randint(3, len(services))), key=services.index)
        industries = [
            s.name for s in r.sample(sorted(BY_NAME.values(), key=lambda s: s.name), r.randint(1, 3))
        ]
        if category in ("legal", "hr", "finance"):
            industries = []
        hosts = national_parks.get(province, [])
        park_code = r.choice(hosts) if category in HOSTED and hosts and r.random() < 0.7 else None
        regions = ["全国"] if r.random() < 0.1 else [province]
        providers.append(
            {
                "name": f"{name}{MARK}",
                "category": category,
                "regions": regions,
                "industries": industries,
                "services": offered,
                "description": f"{name}提供{'、'.join(offered[:3])}等服务，服务{'、'.join(regions)}企业。{DISCLAIMER}",
                "park_code": park_code,
            }
        )
    return providers


# --- companies' needs ------------------------------------------------------------------------

NEEDS_SHARE = 0.1
NEED_SPACE = {
    "office": (300, 3_000),
    "incubator": (50, 500),
    "lab": (300, 3_000),
    "standard_factory": (2_000, 20_000),
    "land_parcel": (10_000, 60_000),
}


def _needs(seed: int, companies: list[CompanyProfile]) -> dict[str, dict[str, Any]]:
    needs = {}
    province_names = sorted(provinces())
    for profile in companies:
        company = profile.company
        r = stream(seed, "needs", company.stock_code)
        if company.province is None or r.random() >= NEEDS_SHARE:
            continue
        kinds = list(profile.sector.carrier_kinds[:2]) if profile.sector else ["office"]
        rented = next((kind for kind in kinds if "rent" in CARRIER_SPECS[kind]), "office")
        low, high = CARRIER_SPECS[rented]["rent"][provinces()[company.province].tier - 1]
        preferred = [company.province]
        if r.random() < 0.3:
            preferred.append(r.choice([name for name in province_names if name != company.province]))
        funding = r.choice((None, 5e6, 1e7, 3e7, 5e7, 1e8, 3e8))
        needs[company.stock_code] = {
            "space_m2": _step(r.uniform(*NEED_SPACE[kinds[0]]), 10),
            "carrier_kinds": kinds,
            "budget_yuan_m2_month": _step(r.uniform(low, high), 0.5),
            "funding_sought_yuan": funding,
            "services_wanted": sorted(
                r.sample(list(PROVIDER_KINDS), r.randint(1, 3)), key=list(PROVIDER_KINDS).index
            ),
            "preferred_provinces": preferred,
            "notes": f"示例需求，由 {demo_source(seed)} 生成，并非企业的真实需求。",
        }
    return needs
