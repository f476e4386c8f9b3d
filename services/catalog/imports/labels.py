"""The Chinese words officers write for the catalog's choices (A轮, 高新技术企业, 专精特新, 虚拟, 2000万-1亿,
高新区...), and for provinces (山东 -> 山东省).

Each choice has its labels, the first being the one exports write; an import reads any of them (and the
English value itself), whatever the width, spacing, case or dash (2000万–1亿, Ａ轮). A text that names no
choice is left as written, so the schema's error lists the values it accepts.
"""

import re
import unicodedata
from collections.abc import Mapping
from enum import Enum
from functools import cache, lru_cache
from typing import Any

from services.catalog.carriers.schemas import CarrierKind
from services.catalog.companies.schemas import FundingStage, Qualification, RevenueBand, SupplyRelationship
from services.catalog.imports.cells import LIST_JOINER, CellCodec, text_list
from services.catalog.investments.schemas import InvestmentRound, InvestmentStatus
from services.catalog.leads.schemas import LeadStage
from services.catalog.parks.schemas import ApprovalLevel, CoordinateQuality, ZoneType
from services.catalog.policies.schemas import PolicyCategory, PolicyScope
from services.catalog.providers.schemas import ProviderCategory
from services.catalog.seed.geo import MUNICIPALITIES, provinces
from services.catalog.tenancies.schemas import ReviewStatus, TenancyKind, TenancyPlacement, TenancyStatus

LABELS: dict[type[Enum], dict[Any, tuple[str, ...]]] = {
    ZoneType: {
        ZoneType.etdz: ("经济技术开发区", "经开区", "国家级经济技术开发区"),
        ZoneType.high_tech: ("高新技术产业开发区", "高新区", "高新技术开发区", "高新开发区"),
        ZoneType.special_customs: ("海关特殊监管区域", "综合保税区", "综保区", "保税区"),
        ZoneType.border_cooperation: ("边境经济合作区", "跨境经济合作区", "边合区"),
        ZoneType.economic_development: ("经济开发区", "省级经济开发区"),
        ZoneType.industrial_park: ("工业园区", "产业园区", "工业园"),
        ZoneType.virtual_park: ("虚拟产业园", "虚拟园区"),
        ZoneType.other: ("其他类型开发区", "其他"),
    },
    ApprovalLevel: {
        ApprovalLevel.national: ("国家级", "国务院"),
        ApprovalLevel.provincial: ("省级", "省政府"),
        ApprovalLevel.municipal: ("市级", "市政府"),
    },
    CoordinateQuality: {
        CoordinateQuality.source: ("来源坐标",),
        CoordinateQuality.checked: ("已核验",),
        CoordinateQuality.outside_province: ("不在本省",),
        CoordinateQuality.shared_point: ("共用坐标",),
        CoordinateQuality.unknown: ("未知",),
    },
    RevenueBand: {
        RevenueBand.under_3m: ("300万以下", "不足300万"),
        RevenueBand.from_3m: ("300万-2000万",),
        RevenueBand.from_20m: ("2000万-1亿",),
        RevenueBand.from_100m: ("1亿-4亿",),
        RevenueBand.from_400m: ("4亿-10亿",),
        RevenueBand.from_1b: ("10亿-100亿",),
        RevenueBand.over_10b: ("100亿以上", "100亿及以上"),
    },
    FundingStage: {
        FundingStage.seed: ("种子轮",),
        FundingStage.angel: ("天使轮",),
        FundingStage.pre_a: ("Pre-A轮", "A轮前"),
        FundingStage.a: ("A轮",),
        FundingStage.b: ("B轮",),
        FundingStage.c: ("C轮",),
        FundingStage.d_plus: ("D轮及以后", "D轮"),
        FundingStage.pre_ipo: ("Pre-IPO", "拟上市"),
        FundingStage.listed: ("已上市", "上市"),
    },
    Qualification: {
        Qualification.high_tech_enterprise: ("高新技术企业", "高企", "国家高新技术企业"),
        Qualification.tech_sme: ("科技型中小企业",),
        Qualification.innovative_sme: ("创新型中小企业",),
        Qualification.specialised_sme: ("专精特新中小企业", "专精特新", "专精特新企业"),
        Qualification.little_giant: ('专精特新"小巨人"', "小巨人", "专精特新小巨人"),
        Qualification.single_champion: ("制造业单项冠军", "单项冠军"),
        Qualification.gazelle: ("瞪羚企业", "瞪羚"),
        Qualification.unicorn: ("独角兽企业", "独角兽"),
    },
    SupplyRelationship: {
        SupplyRelationship.primary: ("主要供应商", "主要"),
        SupplyRelationship.secondary: ("次要供应商", "次要"),
        SupplyRelationship.exclusive: ("独家供应商", "独家"),
    },
    CarrierKind: {
        CarrierKind.office: ("写字楼", "办公"),
        CarrierKind.standard_factory: ("标准厂房", "厂房"),
        CarrierKind.incubator: ("孵化器", "众创空间"),
        CarrierKind.lab: ("实验室",),
        CarrierKind.land_parcel: ("工业用地", "用地"),
        CarrierKind.virtual_seat: ("虚拟注册工位", "虚拟工位"),
    },
    ProviderCategory: {
        ProviderCategory.legal: ("法律服务", "法律"),
        ProviderCategory.ip: ("知识产权",),
        ProviderCategory.finance: ("金融财税", "金融", "财税"),
        ProviderCategory.hr: ("人力资源",),
        ProviderCategory.testing: ("检验检测",),
        ProviderCategory.pilot_plant: ("中试平台", "中试"),
        ProviderCategory.consulting: ("咨询",),
        ProviderCategory.tech_transfer: ("技术转移",),
        ProviderCategory.environmental_assessment: ("环境影响评价", "环评", "环评机构"),
    },
    TenancyKind: {
        TenancyKind.physical: ("实体入驻", "实体"),
        TenancyKind.virtual: ("虚拟注册", "虚拟"),
    },
    TenancyStatus: {
        TenancyStatus.planned: ("计划入驻",),
        TenancyStatus.active: ("在驻", "已入驻"),
        TenancyStatus.ended: ("已迁出",),
    },
    TenancyPlacement: {
        TenancyPlacement.registered_address: ("注册地址定位", "注册地址"),
        TenancyPlacement.office_address: ("办公地址定位", "办公地址"),
        TenancyPlacement.generated: ("示例生成", "生成"),
        TenancyPlacement.reported: ("新闻报道", "报道"),
        TenancyPlacement.officer: ("招商人员录入", "人工录入"),
    },
    ReviewStatus: {
        ReviewStatus.unreviewed: ("待核实", "未核实"),
        ReviewStatus.confirmed: ("已确认", "确认"),
        ReviewStatus.rejected: ("已否认", "否认", "不在园区"),
    },
    PolicyScope: {
        PolicyScope.national: ("国家级", "全国"),
        PolicyScope.province: ("省级",),
        PolicyScope.city: ("市级",),
        PolicyScope.county: ("县级", "区级", "县区级"),
        PolicyScope.park: ("园区级",),
    },
    PolicyCategory: {
        PolicyCategory.tax: ("税收优惠", "税收"),
        PolicyCategory.rent: ("租金补贴", "房租补贴", "租金"),
        PolicyCategory.talent: ("人才",),
        PolicyCategory.equipment: ("设备补贴", "设备"),
        PolicyCategory.rd: ("研发补贴", "研发"),
        PolicyCategory.finance: ("金融支持", "金融"),
        PolicyCategory.land: ("土地", "用地"),
        PolicyCategory.listing: ("上市奖励", "上市"),
        PolicyCategory.other: ("其他",),
    },
    LeadStage: {
        LeadStage.identified: ("已识别",),
        LeadStage.contacted: ("已接洽",),
        LeadStage.visited: ("已考察",),
        LeadStage.negotiating: ("洽谈中",),
        LeadStage.signed: ("已签约",),
        LeadStage.landed: ("已落地",),
        LeadStage.lost: ("已流失",),
    },
}
# A venture round reads as its funding stage does (A轮); the rounds of listed or acquired companies have
# their own words.
LABELS[InvestmentRound] = {
    **{
        InvestmentRound(stage.value): labels
        for stage, labels in LABELS[FundingStage].items()
        if stage is not FundingStage.listed
    },
    InvestmentRound.private_placement: ("定增/PIPE", "定增", "定向增发", "非公开发行", "PIPE"),
    InvestmentRound.merger: ("并购", "收购", "控股收购"),
    InvestmentRound.strategic: ("战略投资", "战投", "战略融资"),
}
LABELS[InvestmentStatus] = {
    InvestmentStatus.held: ("持有", "在投", "持有中"),
    InvestmentStatus.exited: ("已退出", "退出"),
}

_DASHES = re.compile(r"[-–—~～至到]")
_NOISE = re.compile(r"[\s\"'“”‘’「」]")


@lru_cache(maxsize=4096)
def normalize_label(text: str) -> str:
    """Width, spacing, case, quotes and dashes do not count: 'Ａ轮 ' = 'a轮', '2000万–1亿' = '2000万-1亿'."""
    text = unicodedata.normalize("NFKC", text)
    return _DASHES.sub("-", _NOISE.sub("", text)).lower()


def _readings(enum: type[Enum]) -> dict[str, Any]:
    readings: dict[str, Any] = {}
    for member in enum:
        for text in (*LABELS[enum][member], member.value):
            key = normalize_label(text)
            if readings.setdefault(key, member.value) != member.value:
                raise ValueError(f"{enum.__name__}: '{text}' names two choices")
    return readings


def enum_codec(enum: type[Enum], many: bool) -> CellCodec | None:
    """Labels in, labels out, for a field holding one choice or a list of choices of `enum`."""
    if enum not in LABELS:
        return None
    readings = _readings(enum)
    written = {member.value: labels[0] for member, labels in LABELS[enum].items()}

    def read(text: str) -> Any:
        return readings.get(normalize_label(text), text)

    def write(value: Any) -> str:
        value = value.value if isinstance(value, Enum) else value
        return written.get(value, str(value))

    if many:
        return CellCodec(
            parse=lambda text: [read(item) if isinstance(item, str) else item for item in text_list(text)],
            format=lambda values: LIST_JOINER.join(map(write, values)),
        )
    return CellCodec(parse=read, format=write)


# --- provinces and cities ------------------------------------------------------------------------------


@cache
def _province_names() -> Mapping[str, str]:
    """Every way a province's name is written -> its full name: 山东省 / 山东, 内蒙古自治区 / 内蒙古 / 内蒙."""
    names: dict[str, str] = {}
    for full in provinces():
        short = re.sub(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$", "", full)
        for name in {full, short, short[:2]}:
            names.setdefault(name, full)
    return names


def province_of(text: str) -> str:
    """The full name of the province `text` names (山东 -> 山东省); ValueError if it names none."""
    name = unicodedata.normalize("NFKC", text).strip()
    full = _province_names().get(name)
    if full is None:
        raise ValueError(f"'{text}' is not a province of China (give e.g. 山东省 or 山东)")
    return full


def city_in(province: str, text: str) -> str:
    """A prefecture-level city of `province` in full (苏州 -> 苏州市); a city of another province is a
    ValueError; any other place (a county-level city such as 昆山市) is kept as written."""
    name = unicodedata.normalize("NFKC", text).strip()
    if province in MUNICIPALITIES and name in (province, province.removesuffix("市")):
        return province
    cities = provinces()[province].cities
    core = next((core for core, full in cities.items() if name in (core, full)), None)
    if core is not None:
        return cities[core]
    for other in provinces().values():
        if other.name != province and any(name in (core, full) for core, full in other.cities.items()):
            raise ValueError(f"{name} is a city of {other.name}, not of {province}")
    return name


PROVINCE = CellCodec(parse=province_of, format=str)
