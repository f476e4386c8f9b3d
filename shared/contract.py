"""What the catalog and the match service exchange: the records the catalog serialises and the enums
both sides read them by.

The catalog's Read schemas (pydantic) produce these records as JSON; the match service keeps them as
the dicts it received, typed here so mypy checks every key it reads. The enums are defined once, here:
the catalog's schemas and models import them, the match service compares the records' values with them.
A typing module: nothing here runs when a record is read, apart from the rules of which tenancies
place a company (``places_company``) and which the demo generator placed (``placed_by_demo``).
"""

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, NotRequired, TypedDict

# --- enums ------------------------------------------------------------------------------------


class ZoneType(StrEnum):
    etdz = "etdz"  # 经济技术开发区
    high_tech = "high_tech"  # 高新技术产业开发区
    special_customs = "special_customs"  # 海关特殊监管区域
    border_cooperation = "border_cooperation"  # 边境/跨境经济合作区
    economic_development = "economic_development"  # 经济开发区 (provincial)
    industrial_park = "industrial_park"  # 工业园区
    virtual_park = "virtual_park"  # 虚拟产业园
    other = "other"  # 其他类型开发区


class ApprovalLevel(StrEnum):
    national = "national"  # 国务院
    provincial = "provincial"  # 省政府
    municipal = "municipal"


class CoordinateQuality(StrEnum):
    source = "source"  # as given by the source, not checked against anything
    checked = "checked"  # inside the park's province
    outside_province = "outside_province"  # the source's point falls outside the park's province
    shared_point = "shared_point"  # several parks share the exact same point in the source
    unknown = "unknown"


class CarrierKind(StrEnum):
    office = "office"  # 写字楼/办公
    standard_factory = "standard_factory"  # 标准厂房
    incubator = "incubator"  # 孵化器/众创空间
    lab = "lab"  # 实验室
    land_parcel = "land_parcel"  # 工业用地
    virtual_seat = "virtual_seat"  # 虚拟注册工位


class TenancyKind(StrEnum):
    physical = "physical"  # occupies space in the park
    virtual = "virtual"  # 虚拟注册: registered in the park without occupying space


class TenancyStatus(StrEnum):
    planned = "planned"
    active = "active"
    ended = "ended"


# A company sits in a park (for coverage, targets and filters) while its tenancy is one of these.
PRESENT_TENANCY = frozenset({TenancyStatus.active, TenancyStatus.planned})


class TenancyPlacement(StrEnum):
    """How the company was placed in the park."""

    registered_address = "registered_address"  # the park locator, from the registered address
    office_address = "office_address"  # the park locator, from the office address
    generated = "generated"  # the demo generator (is_generated): no address placed the company
    reported = "reported"  # named as a tenant in a news report (the record's source cites it)
    officer = "officer"  # entered by a park officer or an admin


class ReviewStatus(StrEnum):
    unreviewed = "unreviewed"
    confirmed = "confirmed"  # an officer of the park says the company is there
    rejected = "rejected"  # an officer of the park says it is not


def places_company(tenancy: Mapping[str, Any]) -> bool:
    """Whether a tenancy record places its company in its park: present (PRESENT_TENANCY) and not
    rejected by an officer of the park. The one rule coverage, targets and the evaluation read."""
    return (
        tenancy.get("status", TenancyStatus.active) in PRESENT_TENANCY
        and tenancy.get("review_status") != ReviewStatus.rejected
    )


def placed_by_demo(tenancy: Mapping[str, Any]) -> bool:
    """Whether the demo generator placed the tenancy (示例): no address, report or officer did."""
    return bool(tenancy.get("is_generated")) or tenancy.get("placement_source") == TenancyPlacement.generated


class RevenueBand(StrEnum):
    """Annual revenue in yuan; the lower bounds follow the SME size rules (300万, 2000万, 4亿)."""

    under_3m = "under_3m"  # < 300万
    from_3m = "3m_20m"  # 300万–2000万
    from_20m = "20m_100m"  # 2000万–1亿 (规模以上 from 2000万)
    from_100m = "100m_400m"  # 1亿–4亿
    from_400m = "400m_1b"  # 4亿–10亿
    from_1b = "1b_10b"  # 10亿–100亿
    over_10b = "over_10b"  # ≥ 100亿


class FundingStage(StrEnum):
    seed = "seed"  # 种子轮
    angel = "angel"  # 天使轮
    pre_a = "pre_a"
    a = "a"
    b = "b"
    c = "c"
    d_plus = "d_plus"  # D轮及以后
    pre_ipo = "pre_ipo"
    listed = "listed"  # 已上市


class InvestmentRound(StrEnum):
    """The round a fund took part in: a venture stage (the values of FundingStage, which funds invest
    at), or a deal in a company already listed or taken over (定增/PIPE, 并购, 战略投资)."""

    seed = FundingStage.seed.value
    angel = FundingStage.angel.value
    pre_a = FundingStage.pre_a.value
    a = FundingStage.a.value
    b = FundingStage.b.value
    c = FundingStage.c.value
    d_plus = FundingStage.d_plus.value
    pre_ipo = FundingStage.pre_ipo.value
    private_placement = "private_placement"  # 定增 / PIPE: new shares of a listed company
    merger = "merger"  # 并购: buying control of (or a large stake in) the company
    strategic = "strategic"  # 战略投资: a stake taken for an industrial partnership


class InvestmentStatus(StrEnum):
    held = "held"  # the fund still holds its stake
    exited = "exited"  # sold, redeemed or written off


class Qualification(StrEnum):
    high_tech_enterprise = "high_tech_enterprise"  # 高新技术企业
    tech_sme = "tech_sme"  # 科技型中小企业
    innovative_sme = "innovative_sme"  # 创新型中小企业
    specialised_sme = "specialised_sme"  # 专精特新中小企业
    little_giant = "little_giant"  # 专精特新"小巨人"
    single_champion = "single_champion"  # 制造业单项冠军
    gazelle = "gazelle"  # 瞪羚企业
    unicorn = "unicorn"  # 独角兽企业


class SupplyRelationship(StrEnum):
    primary = "primary"  # the buyer's main source
    secondary = "secondary"
    exclusive = "exclusive"


class ProviderCategory(StrEnum):
    legal = "legal"  # 法律服务
    ip = "ip"  # 知识产权
    finance = "finance"  # 金融/财税
    hr = "hr"  # 人力资源
    testing = "testing"  # 检验检测
    pilot_plant = "pilot_plant"  # 中试平台
    consulting = "consulting"  # 咨询
    tech_transfer = "tech_transfer"  # 技术转移
    environmental_assessment = "environmental_assessment"  # 环境影响评价 (环评机构)


class NodeLevel(StrEnum):
    segment = "segment"
    sub_segment = "sub_segment"
    node = "node"


class Stage(StrEnum):
    upstream = "upstream"
    midstream = "midstream"
    downstream = "downstream"


class PolicyScope(StrEnum):
    national = "national"
    province = "province"
    city = "city"  # a prefecture-level city (地级市)
    county = "county"  # a county-level division (区/县/县级市)
    park = "park"


class PolicyCategory(StrEnum):
    tax = "tax"
    rent = "rent"
    talent = "talent"
    equipment = "equipment"
    rd = "rd"
    finance = "finance"
    land = "land"
    listing = "listing"
    other = "other"


class LeadStage(StrEnum):
    identified = "identified"  # 已识别
    contacted = "contacted"  # 已接洽
    visited = "visited"  # 已考察
    negotiating = "negotiating"  # 洽谈中
    signed = "signed"  # 已签约
    landed = "landed"  # 已落地
    lost = "lost"  # 已流失 (with a reason)


# --- records, as the catalog serialises them (dates and times as ISO strings) -------------------


class EntityRecord(TypedDict):
    """What every record carries: identity, version and provenance."""

    id: int
    version: int
    created_at: str
    updated_at: str
    source: str | None
    as_of: str | None
    is_generated: bool


class ParkRecord(EntityRecord):
    code: str
    name: str
    aliases: list[str]
    zone_type: ZoneType
    approval_level: ApprovalLevel
    province: str
    province_code: str | None
    city: str | None
    city_code: str | None
    county: str | None
    county_code: str | None
    approved_on: str | None
    approved_area_ha: float | None
    leading_industries: list[str]
    description: str | None
    parent_id: int | None
    is_virtual: bool
    longitude: float | None
    latitude: float | None
    coordinate_quality: CoordinateQuality
    data_notes: list[str]


class CarrierRecord(EntityRecord):
    park_id: int
    name: str
    kind: CarrierKind
    total_area_m2: float | None
    available_area_m2: float | None
    rent_yuan_m2_month: float | None
    land_price_yuan_m2: float | None
    min_lease_months: int | None
    floor_load_kn_m2: float | None
    power_capacity_kva: float | None
    clean_room_grade: str | None
    available_from: str | None
    amenities: list[str]
    description: str | None


class ProductRecord(TypedDict):
    name: str
    share: float | None  # share of revenue, 0..1


class CompanyNeedsRecord(TypedDict):
    """What a company looks for: private, served to the company itself, admins and services only."""

    space_m2: float | None
    carrier_kinds: list[CarrierKind]
    budget_yuan_m2_month: float | None
    funding_sought_yuan: float | None
    services_wanted: list[ProviderCategory]
    preferred_provinces: list[str]
    notes: str | None


class CompanyFinancialRecord(EntityRecord):
    """A company's dated figures (money in yuan, ratios in percent; null where the source gives none)."""

    company_id: int
    total_assets_yuan: float | None
    liquid_assets_yuan: float | None
    fixed_assets_yuan: float | None
    revenue_yoy_pct: float | None
    profit_yoy_pct: float | None
    gross_margin_pct: float | None
    net_margin_pct: float | None
    eps_yuan: float | None
    book_value_per_share_yuan: float | None
    pe: float | None
    pb: float | None
    shareholders: int | None
    not_reported: list[str]


class CompanyRecord(EntityRecord):
    name: str
    short_name: str | None
    stock_code: str | None
    exchange: str | None
    uscc: str | None
    province: str | None
    city: str | None
    industry_codes: list[str]
    sw_industry_code: str | None
    sw_industry_name: str | None
    products: list[ProductRecord]
    registered_capital_yuan: float | None
    revenue_band: RevenueBand | None
    headcount: int | None
    founded_year: int | None
    funding_stage: FundingStage | None
    qualifications: list[Qualification]
    ownership: str | None
    description: str | None
    founded_on: str | None
    website: str | None
    registered_address: str | None
    registered_address_source: str | None
    office_address: str | None
    office_lng_bd09: float | None
    office_lat_bd09: float | None
    registry_source: str | None
    registry_as_of: str | None
    data_notes: list[str]
    needs: NotRequired[CompanyNeedsRecord]  # absent where the reader may not see it
    latest_financials: CompanyFinancialRecord | None


class TenancyRecord(EntityRecord):
    company_id: int
    park_id: int
    carrier_id: int | None
    kind: TenancyKind
    area_m2: float | None
    since: str | None
    status: TenancyStatus
    placement_source: TenancyPlacement
    confidence: float | None
    address: str | None
    review_status: ReviewStatus


class SupplyLinkRecord(EntityRecord):
    supplier_id: int
    buyer_id: int
    product: str
    relationship_type: SupplyRelationship | None
    confidence: float | None
    notes: str | None


class ChainNodeRecord(EntityRecord):
    chain_id: int
    parent_id: int | None
    key: str
    name: str
    level: NodeLevel
    stage: Stage
    position: int
    description: str | None
    keywords: list[str]
    industry_codes: list[str]
    representative_names: list[str]
    company_ids: list[int]  # companies the catalog links to the node (curated)


class ChainEdgeRecord(EntityRecord):
    chain_id: int
    supplier_node_id: int
    buyer_node_id: int
    product: str
    confidence: float | None


class ChainRecord(EntityRecord):
    code: str
    name: str
    description: str | None
    nodes: list[ChainNodeRecord]
    edges: list[ChainEdgeRecord]


class FundRecord(EntityRecord):
    name: str
    manager: str | None
    size_yuan: float | None
    focus_industries: list[str]
    focus_node_ids: list[int]
    stages: list[FundingStage]
    ticket_min_yuan: float | None
    ticket_max_yuan: float | None
    regions: list[str]
    thesis: str | None
    park_id: int | None


class InvestmentRecord(EntityRecord):
    fund_id: int
    company_id: int
    round: InvestmentRound
    amount_yuan: float | None
    share_pct: float | None
    invested_on: str
    status: InvestmentStatus
    note: str | None


class ProviderRecord(EntityRecord):
    name: str
    category: ProviderCategory
    regions: list[str]
    industries: list[str]
    services: list[str]
    description: str | None
    park_id: int | None
    certificate_level: str | None
    certificate_no: str | None
    address: str | None
    lng_bd09: float | None
    lat_bd09: float | None
    data_notes: list[str]


class PolicyRecord(EntityRecord):
    """A policy as the match service holds it: the calculator's conditions and benefit stay the
    catalog's (the match service asks the calculator, it does not read them)."""

    scope: PolicyScope
    province: str | None
    city: str | None
    county: str | None
    park_id: int | None
    title: str
    issuer: str | None
    category: PolicyCategory
    target_industries: list[str]
    target_node_ids: list[int]
    valid_from: str | None
    valid_to: str | None
    source_url: str | None


class LeadRecord(EntityRecord):
    park_id: int
    company_id: int
    stage: LeadStage
    lost_reason: str | None
    owner: str | None
    notes: str | None
    next_contact_on: str | None
    expected_signing_on: str | None
    stage_changed_at: str
