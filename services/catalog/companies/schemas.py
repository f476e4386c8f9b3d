import operator
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, Field

from services.catalog.carriers.schemas import CarrierKind
from services.catalog.industries.schemas import GbIndustryCode, SwIndustryCode
from services.catalog.kit.schemas import EntityFilters, EntityRead, Provenance, VersionedUpdate
from services.catalog.providers.schemas import ProviderCategory
from shared.contract import FundingStage, Qualification, RevenueBand, SupplyRelationship
from shared.schemas import (
    HistoricDate,
    LongStr,
    NameStr,
    NonNegative,
    PrimaryKey,
    Province,
    Schema,
    Share,
    ShortStr,
    Text,
    Year,
)

# GB 32100-2015 统一社会信用代码: 17 characters and a check character over this alphabet (no I O S V Z).
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_VALUE = {char: value for value, char in enumerate(USCC_CHARSET)}
_USCC_CHARS = frozenset(USCC_CHARSET)


def uscc_check_character(head: str) -> str:
    """The 18th character of the USCC whose first 17 characters are `head` (bulk imports call this
    for every row, hence the lookups prepared once above)."""
    if len(head) != len(USCC_WEIGHTS):
        raise ValueError(f"a USCC head has {len(USCC_WEIGHTS)} characters, not {len(head)}")
    total = sum(map(operator.mul, map(_USCC_VALUE.__getitem__, head), USCC_WEIGHTS))
    return USCC_CHARSET[-total % 31]


def _check_uscc(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 18:
        raise ValueError(f"a unified social credit code has 18 characters, not {len(code)}")
    wrong = sorted(set(code) - _USCC_CHARS)
    if wrong:
        raise ValueError(f"'{''.join(wrong)}' may not appear; use digits and A-Y except I, O, S, V, Z")
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        raise ValueError(f"check character is '{code[17]}' but the first 17 characters give '{expected}'")
    return code


# A unified social credit code with a correct check character, upper-cased.
Uscc = Annotated[str, AfterValidator(_check_uscc)]


class Product(Schema):
    name: NameStr
    share: Share | None = Field(default=None, description="share of revenue, 0..1; shares need not sum to 1")


class CompanyNeeds(Schema):
    """What the company is looking for. Private: only the company itself, admins and services see it."""

    space_m2: NonNegative | None = None
    carrier_kinds: list[CarrierKind] = Field(default_factory=list, max_length=10)
    budget_yuan_m2_month: NonNegative | None = None
    funding_sought_yuan: NonNegative | None = None
    services_wanted: list[ProviderCategory] = Field(default_factory=list, max_length=20)
    preferred_provinces: list[Province] = Field(default_factory=list, max_length=40)
    notes: Text | None = None


class CompanyFields(Schema):
    name: NameStr
    short_name: ShortStr | None = None
    stock_code: ShortStr | None = Field(default=None, max_length=16)
    exchange: ShortStr | None = Field(default=None, max_length=32)
    uscc: Uscc | None = Field(default=None, description="统一社会信用代码 (GB 32100-2015)")
    province: Province | None = None
    city: ShortStr | None = None
    industry_codes: list[GbIndustryCode] = Field(default_factory=list, max_length=20)
    sw_industry_code: SwIndustryCode | None = None
    sw_industry_name: ShortStr | None = None
    products: list[Product] = Field(default_factory=list, max_length=100)
    registered_capital_yuan: NonNegative | None = None
    revenue_band: RevenueBand | None = None
    headcount: int | None = Field(default=None, ge=0)
    founded_year: Year | None = None
    funding_stage: FundingStage | None = None
    qualifications: list[Qualification] = Field(default_factory=list, max_length=20)
    ownership: ShortStr | None = Field(default=None, max_length=32, description="e.g. 民营企业, 中央企业")
    description: Text | None = None
    founded_on: HistoricDate | None = Field(
        default=None, description="founding date (founded_year is its year)"
    )
    website: LongStr | None = Field(default=None, max_length=200)
    registered_address: LongStr | None = None
    registered_address_source: LongStr | None = Field(
        default=None, description="where the registered address comes from, and of when"
    )
    office_address: LongStr | None = Field(
        default=None, description="where people work; closer to the plant than a registered address"
    )
    office_lng_bd09: float | None = Field(
        default=None,
        ge=-180,
        le=180,
        description="office point, Baidu BD-09: convert before drawing in WGS-84 or GCJ-02",
    )
    office_lat_bd09: float | None = Field(default=None, ge=-90, le=90)
    registry_source: LongStr | None = Field(
        default=None,
        description="where capital, headcount, founding date, province, city, website and office come from",
    )
    registry_as_of: date | None = Field(default=None, description="when the registry facts were true")
    data_notes: list[Text] = Field(
        default_factory=list, max_length=50, description="what to know about these facts (re-registration...)"
    )


class CompanyCreate(CompanyFields, Provenance):
    needs: CompanyNeeds = Field(default_factory=CompanyNeeds)


class CompanyUpdate(VersionedUpdate):
    name: NameStr | None = None
    short_name: ShortStr | None = None
    stock_code: ShortStr | None = Field(default=None, max_length=16)
    exchange: ShortStr | None = Field(default=None, max_length=32)
    uscc: Uscc | None = None
    province: Province | None = None
    city: ShortStr | None = None
    industry_codes: list[GbIndustryCode] | None = Field(default=None, max_length=20)
    sw_industry_code: SwIndustryCode | None = None
    sw_industry_name: ShortStr | None = None
    products: list[Product] | None = Field(default=None, max_length=100)
    registered_capital_yuan: NonNegative | None = None
    revenue_band: RevenueBand | None = None
    headcount: int | None = Field(default=None, ge=0)
    founded_year: Year | None = None
    funding_stage: FundingStage | None = None
    qualifications: list[Qualification] | None = Field(default=None, max_length=20)
    ownership: ShortStr | None = Field(default=None, max_length=32)
    description: Text | None = None
    founded_on: HistoricDate | None = None
    website: LongStr | None = Field(default=None, max_length=200)
    registered_address: LongStr | None = None
    registered_address_source: LongStr | None = None
    office_address: LongStr | None = None
    office_lng_bd09: float | None = Field(default=None, ge=-180, le=180)
    office_lat_bd09: float | None = Field(default=None, ge=-90, le=90)
    registry_source: LongStr | None = None
    registry_as_of: date | None = None
    data_notes: list[Text] | None = Field(default=None, max_length=50)
    needs: CompanyNeeds | None = Field(default=None, description="replaces the stored needs as a whole")


class CompanyFinancialRead(EntityRead):
    """A company's figures as of `as_of` from `source`: money in yuan, ratios in percent.

    A figure is null when the source does not give it. `not_reported` names the figures the source wrote
    as 0 where 0 means "not reported" (a recent listing's growth, an unclassified bank balance sheet,
    an EPS rounded away), or for PE "no positive earnings": never read those as a real zero.
    """

    company_id: PrimaryKey
    as_of: date
    total_assets_yuan: float | None = None
    liquid_assets_yuan: float | None = None
    fixed_assets_yuan: float | None = None
    revenue_yoy_pct: float | None = Field(default=None, description="revenue growth on a year before, %")
    profit_yoy_pct: float | None = Field(default=None, description="net profit growth on a year before, %")
    gross_margin_pct: float | None = None
    net_margin_pct: float | None = None
    eps_yuan: float | None = Field(default=None, description="earnings per share, yuan")
    book_value_per_share_yuan: float | None = None
    pe: float | None = Field(
        default=None, description="price / earnings; null when earnings are not positive"
    )
    pb: float | None = Field(default=None, description="price / book value")
    shareholders: int | None = Field(default=None, description="number of shareholders")
    not_reported: list[str] = Field(
        default_factory=list, description="figures the source gave as 0 meaning not reported, stored as null"
    )


class CompanyRead(CompanyFields, EntityRead):
    needs: CompanyNeeds | None = Field(description="null unless the caller may see this company's needs")
    latest_financials: CompanyFinancialRead | None = Field(
        default=None, description="the newest dated figures (see GET /companies/{id}/financials for all)"
    )


class CompanyFilters(EntityFilters):
    q: str | None = Field(
        default=None, max_length=100, description="text in the name, short name or stock code"
    )
    province: str | None = Field(default=None, max_length=16)
    industry: str | None = Field(
        default=None,
        max_length=64,
        description="a 申万 code (a level-1 or level-2 code takes its children), a 申万 name, "
        "or a GB/T 4754 code (a division, group or class code takes its longer children)",
    )
    qualification: Qualification | None = None
    funding_stage: FundingStage | None = None
    revenue_band: RevenueBand | None = None
    stock_code: str | None = Field(default=None, max_length=16)
    node_id: PrimaryKey | None = Field(default=None, description="companies known at this chain node")


class CompanyFinancialFilters(EntityFilters):
    company_id: PrimaryKey | None = None


class SupplyLinkFields(Schema):
    supplier_id: PrimaryKey
    buyer_id: PrimaryKey
    product: str = Field(default="", max_length=200)
    relationship_type: SupplyRelationship | None = None
    confidence: Share | None = None
    notes: Text | None = None


class SupplyLinkCreate(SupplyLinkFields, Provenance):
    pass


class SupplyLinkUpdate(VersionedUpdate):
    product: str | None = Field(default=None, max_length=200)
    relationship_type: SupplyRelationship | None = None
    confidence: Share | None = None
    notes: Text | None = None


class SupplyLinkRead(SupplyLinkFields, EntityRead):
    pass


class SupplyLinkFilters(EntityFilters):
    supplier_id: PrimaryKey | None = None
    buyer_id: PrimaryKey | None = None
    company_id: PrimaryKey | None = Field(default=None, description="the company on either side")
    q: str | None = Field(default=None, max_length=100, description="text in the product")
