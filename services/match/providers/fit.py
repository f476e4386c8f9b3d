"""Who needs a service provider, and who is one of its peers.

A provider's clients are companies that need its service: those that asked for it (their needs), or
whose products or stage call for it (``NEEDED_BY``: medical devices and drugs need testing and
registration, IPO candidates need lawyers and finance...). A company whose own business is the same
service (a testing institute for a testing lab) is a peer, never a client (``PEER_WORDS``).

A company's ``needs.services_wanted`` is private: it ranks companies for a provider, but only a
reader of private data sees which need it was.
"""

import re
from dataclasses import dataclass
from functools import cache

from services.match.ranking import CompanyProfile
from services.match.spaces.documents import PROVIDER_CATEGORY_LABEL, stage_label
from shared.contract import CompanyRecord, ProviderRecord

# Words of a company's industry or main products that make it a provider of the category itself.
PEER_WORDS: dict[str, tuple[str, ...]] = {
    "testing": ("检测", "检验", "认证", "计量", "校准"),
    "legal": ("律师", "法律服务"),
    "ip": ("知识产权", "专利代理", "商标代理"),
    "finance": ("证券", "银行", "保险", "信托", "期货", "多元金融", "投资银行"),
    "hr": ("人力资源", "劳务派遣", "招聘"),
    "consulting": ("咨询",),
    "tech_transfer": ("技术转移", "技术交易"),
    "pilot_plant": ("中试", "CRO", "CDMO", "医药研发外包"),
    "environmental_assessment": ("环境影响评价", "环评"),
}
# What of a company calls for the category: words of its products or industry, and funding stages.
PRODUCT_NEEDS: dict[str, tuple[str, ...]] = {
    "testing": (
        "医疗器械",
        "体外诊断",
        "医疗设备",
        "药",
        "疫苗",
        "食品",
        "汽车零部件",
        "电子元器件",
        "化妆品",
    ),
    "pilot_plant": ("生物", "药", "新材料", "电池", "化学"),
    "ip": ("芯片", "集成电路", "软件", "生物", "药", "器械", "半导体"),
    "tech_transfer": ("研发", "新材料", "生物", "芯片"),
    # Plants whose building or expansion needs an environmental impact report: chemistry, metals,
    # batteries, drugs, paper, dyeing, cement, power.
    "environmental_assessment": (
        "化工",
        "化学",
        "石化",
        "炼油",
        "农药",
        "化肥",
        "涂料",
        "钢铁",
        "冶炼",
        "有色",
        "电镀",
        "电池",
        "原料药",
        "造纸",
        "印染",
        "水泥",
        "火电",
        "焦炭",
    ),
}
STAGE_NEEDS: dict[str, tuple[str, ...]] = {
    "legal": ("pre_ipo", "c", "d_plus"),
    "finance": ("pre_ipo", "c", "d_plus", "b"),
    "consulting": ("pre_ipo",),
}
ASKED = 1.0
# Called for by products or stage: below any company that asked and is in the region served.
CALLED_FOR = 0.5
# Products beyond the first few say little about what a company does.
PEER_PRODUCTS = 3


@dataclass(frozen=True)
class Need:
    level: float  # ASKED, CALLED_FOR or 0.0
    public_reason: str | None
    private_reason: str | None = None


@cache
def _calling_words(category: str) -> re.Pattern[str] | None:
    """One pattern for the words of ``PRODUCT_NEEDS[category]`` (a text is searched once)."""
    words = PRODUCT_NEEDS.get(category)
    return re.compile("|".join(map(re.escape, words))) if words else None


def _category_label(category: str) -> str:
    return PROVIDER_CATEGORY_LABEL.get(category, category)


def _own_business(profile: CompanyProfile) -> list[str]:
    return [profile.industry_label, *(name for name, _ in profile.main_products[:PEER_PRODUCTS])]


def is_peer(provider: ProviderRecord, profile: CompanyProfile) -> bool:
    """Whether the company's own industry or main products (its profile) are the provider's service."""
    words = PEER_WORDS.get(provider.get("category") or "", ())
    return any(word in text for text in _own_business(profile) for word in words)


def need(provider: ProviderRecord, company: CompanyRecord, profile: CompanyProfile) -> Need:
    """Whether the company (`profile`: its profile) needs the provider's category, and why."""
    category = provider.get("category") or ""
    label = _category_label(category)
    needs = company.get("needs")
    if needs and category in (needs.get("services_wanted") or []):
        return Need(ASKED, "企业提出的服务需求与本机构类别相符", f"企业需要的服务包含「{label}」")
    calling = _calling_words(category)
    if calling is not None:
        for text in [profile.industry_label, *(name for name, _ in profile.main_products)]:
            if text and calling.search(text):  # the first of the words it holds, as the evidence names it
                word = next(word for word in PRODUCT_NEEDS[category] if word in text)
                return Need(CALLED_FOR, f"主营「{text}」通常需要{label}（含「{word}」）")
    stage = company.get("funding_stage")
    if stage and stage in STAGE_NEEDS.get(category, ()):
        return Need(CALLED_FOR, f"融资阶段「{stage_label(stage)}」的企业通常需要{label}")
    return Need(0.0, None)


def wanted_fit(
    provider: ProviderRecord, company: CompanyRecord, profile: CompanyProfile
) -> tuple[float, str | None]:
    """For the company asking about providers: 1.0 when it asked for the category, else by need."""
    found = need(provider, company, profile)
    if found.level == ASKED:
        return ASKED, found.private_reason
    return (found.level, found.public_reason) if found.level else (0.3, None)
