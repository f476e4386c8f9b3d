"""The text each entity is known by, built from the catalog's records (one function per entity).

``TEXT_OF`` is what is indexed (names included: search finds a park by its name). ``PROFILE_OF`` is
what an entity is when it asks about others (similar parks, parks for a company, funds...): what it
makes, leads with or looks for, without its name or place, so no answer resembles it by sharing the
characters of a name (宁德时代 is not like 宁国, 北方华创 not like 北方光电).
"""

from collections.abc import Callable
from typing import Any

from services.match.ranking import CompanyProfile, profile_text
from shared.contract import (
    CompanyRecord,
    FundingStage,
    FundRecord,
    ParkRecord,
    ProviderCategory,
    ProviderRecord,
    ZoneType,
)

ZONE_TYPE_LABEL: dict[str, str] = {
    ZoneType.etdz: "经济技术开发区",
    ZoneType.high_tech: "高新技术产业开发区",
    ZoneType.special_customs: "海关特殊监管区域",
    ZoneType.border_cooperation: "边境经济合作区",
    ZoneType.economic_development: "经济开发区",
    ZoneType.industrial_park: "工业园区",
    ZoneType.virtual_park: "虚拟产业园",
    ZoneType.other: "开发区",
}
FUNDING_STAGE_LABEL: dict[str, str] = {
    FundingStage.seed: "种子轮",
    FundingStage.angel: "天使轮",
    FundingStage.pre_a: "Pre-A轮",
    FundingStage.a: "A轮",
    FundingStage.b: "B轮",
    FundingStage.c: "C轮",
    FundingStage.d_plus: "D轮及以后",
    FundingStage.pre_ipo: "Pre-IPO",
    FundingStage.listed: "已上市",
}


def stage_label(stage: str) -> str:
    """A funding stage as officers write it (已上市, D轮及以后...)."""
    return FUNDING_STAGE_LABEL.get(stage, stage)


PROVIDER_CATEGORY_LABEL: dict[str, str] = {
    ProviderCategory.legal: "法律服务",
    ProviderCategory.ip: "知识产权",
    ProviderCategory.finance: "金融服务",
    ProviderCategory.hr: "人力资源",
    ProviderCategory.testing: "检验检测",
    ProviderCategory.pilot_plant: "中试平台",
    ProviderCategory.consulting: "咨询服务",
    ProviderCategory.tech_transfer: "技术转移",
    ProviderCategory.environmental_assessment: "环境影响评价",
}


def company_profile(record: CompanyRecord) -> CompanyProfile:
    products = tuple(
        (str(product["name"]), product.get("share"))
        for product in record.get("products") or []
        if product.get("name")
    )
    financials = record.get("latest_financials")
    return CompanyProfile(
        id=int(record["id"]),
        name=record.get("name") or "",
        short_name=record.get("short_name") or "",
        industry=record.get("sw_industry_name") or "",
        products=products,
        province=record.get("province") or "",
        description=record.get("description") or "",
        total_assets_yuan=financials["total_assets_yuan"] if financials else None,
        headcount=record.get("headcount"),
    )


def company_text(record: CompanyRecord) -> str:
    return profile_text(company_profile(record))


def company_profile_text(record: CompanyRecord) -> str:
    """Industry, main products and description: what the company makes, without its name."""
    profile = company_profile(record)
    products = "、".join(name for name, _ in profile.main_products)
    parts = [profile.industry_label, products, profile.description]
    return " ".join(part.strip() for part in parts if part and part.strip())


def park_profile_text(record: ParkRecord) -> str:
    """Zone type and leading industries, without name or place (similar parks across provinces)."""
    industries = "、".join(record.get("leading_industries") or [])
    zone = ZONE_TYPE_LABEL.get(record.get("zone_type") or "", "")
    return " ".join(part for part in (zone, f"主导产业：{industries}" if industries else "") if part)


def fund_profile_text(record: FundRecord) -> str:
    industries = "、".join(record.get("focus_industries") or [])
    parts = [f"关注领域：{industries}" if industries else "", record.get("thesis") or ""]
    return " ".join(part for part in parts if part)


def provider_profile_text(record: ProviderRecord) -> str:
    category = PROVIDER_CATEGORY_LABEL.get(record.get("category") or "", "")
    parts = [
        category,
        "、".join(record.get("services") or []),
        "、".join(record.get("industries") or []),
    ]
    return " ".join(part for part in parts if part)


def park_text(record: ParkRecord) -> str:
    industries = "、".join(record.get("leading_industries") or [])
    place = f"{record.get('province') or ''}{record.get('city') or ''}"
    zone = ZONE_TYPE_LABEL.get(record.get("zone_type") or "", "")
    parts = [
        record.get("name") or "",
        zone,
        place,
        f"主导产业：{industries}" if industries else "",
        record.get("description") or "",
    ]
    return " ".join(part for part in parts if part)


def fund_text(record: FundRecord) -> str:
    industries = "、".join(record.get("focus_industries") or [])
    parts = [
        record.get("name") or "",
        f"关注领域：{industries}" if industries else "",
        record.get("thesis") or "",
    ]
    return " ".join(part for part in parts if part)


def provider_text(record: ProviderRecord) -> str:
    category = PROVIDER_CATEGORY_LABEL.get(record.get("category") or "", "")
    parts = [
        record.get("name") or "",
        category,
        "、".join(record.get("services") or []),
        "、".join(record.get("industries") or []),
        record.get("description") or "",
    ]
    return " ".join(part for part in parts if part)


# entity -> its text function (each takes that entity's record)
TEXT_OF: dict[str, Callable[[Any], str]] = {
    "company": company_text,
    "park": park_text,
    "fund": fund_text,
    "provider": provider_text,
}
PROFILE_OF: dict[str, Callable[[Any], str]] = {
    "company": company_profile_text,
    "park": park_profile_text,
    "fund": fund_profile_text,
    "provider": provider_profile_text,
}
