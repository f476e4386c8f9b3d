import re
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from services.catalog.companies.schemas import FundingStage, Product, Qualification, RevenueBand
from services.catalog.industries.schemas import GbIndustryCode, SwIndustryCode
from services.catalog.kit.schemas import EntityFilters, EntityRead, Provenance, VersionedUpdate
from shared.contract import PolicyCategory, PolicyScope
from shared.schemas import (
    MAX_AREA_M2,
    NameStr,
    PrimaryKey,
    Province,
    Schema,
    ShortStr,
    Text,
    Year,
    Yuan,
)

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Url = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]


# --- eligibility conditions ------------------------------------------------------------------


class ConditionField(StrEnum):
    """The company attributes (and request inputs) a condition can test."""

    registered_capital_yuan = "registered_capital_yuan"
    revenue_yuan = "revenue_yuan"  # annual revenue: the exact figure if given, else the company's band
    headcount = "headcount"
    industry_code = "industry_code"  # GB/T 4754 codes, compared section-aware (C3985 == 3985)
    sw_industry_code = "sw_industry_code"  # 申万 2021 code
    qualifications = "qualifications"  # high_tech_enterprise, specialised_sme, little_giant...
    investment_yuan = "investment_yuan"  # from the request
    founded_year = "founded_year"
    company_age_years = "company_age_years"  # from founded_on (else founded_year) and the evaluation date
    province = "province"
    funding_stage = "funding_stage"
    # The share of the company's product revenue from whole machines and equipment (整机/装备), 0-1,
    # judged from its products' names (calculator.EQUIPMENT_WORDS): what 首台（套） policies ask about.
    equipment_revenue_share = "equipment_revenue_share"
    # The company's latest dated financials (percent; yuan).
    revenue_yoy_pct = "revenue_yoy_pct"
    profit_yoy_pct = "profit_yoy_pct"
    gross_margin_pct = "gross_margin_pct"
    net_margin_pct = "net_margin_pct"
    total_assets_yuan = "total_assets_yuan"


class ConditionOp(StrEnum):
    ge = ">="
    gt = ">"
    le = "<="
    lt = "<"
    eq = "=="
    ne = "!="
    in_ = "in"
    not_in = "not_in"
    contains = "contains"
    prefix = "prefix"


class FieldKind(StrEnum):
    number = "number"
    text = "text"  # one string
    codes = "codes"  # a list of hierarchical codes
    tags = "tags"  # a list of names


FIELD_KINDS: dict[ConditionField, FieldKind] = {
    ConditionField.registered_capital_yuan: FieldKind.number,
    ConditionField.revenue_yuan: FieldKind.number,
    ConditionField.headcount: FieldKind.number,
    ConditionField.investment_yuan: FieldKind.number,
    ConditionField.founded_year: FieldKind.number,
    ConditionField.company_age_years: FieldKind.number,
    ConditionField.equipment_revenue_share: FieldKind.number,
    ConditionField.revenue_yoy_pct: FieldKind.number,
    ConditionField.profit_yoy_pct: FieldKind.number,
    ConditionField.gross_margin_pct: FieldKind.number,
    ConditionField.net_margin_pct: FieldKind.number,
    ConditionField.total_assets_yuan: FieldKind.number,
    ConditionField.industry_code: FieldKind.codes,
    ConditionField.qualifications: FieldKind.tags,
    ConditionField.sw_industry_code: FieldKind.text,
    ConditionField.province: FieldKind.text,
    ConditionField.funding_stage: FieldKind.text,
}

_ORDER_OPS = {ConditionOp.ge, ConditionOp.gt, ConditionOp.le, ConditionOp.lt, ConditionOp.eq, ConditionOp.ne}
_SET_OPS = {ConditionOp.in_, ConditionOp.not_in}
KIND_OPS: dict[FieldKind, set[ConditionOp]] = {
    FieldKind.number: _ORDER_OPS,
    FieldKind.text: {ConditionOp.eq, ConditionOp.ne, ConditionOp.prefix, *_SET_OPS},
    FieldKind.codes: {ConditionOp.contains, ConditionOp.prefix, *_SET_OPS},
    FieldKind.tags: {ConditionOp.contains, *_SET_OPS},
}

# Values a condition may name, where the attribute has a closed vocabulary or a code format.
_GB_CODE = re.compile(r"[A-T]|[A-T]?\d{2,4}")
_SW_CODE_PREFIX = re.compile(r"\d{1,6}")
VOCABULARIES: dict[ConditionField, tuple[Callable[[str], bool], str]] = {
    ConditionField.qualifications: (
        frozenset(Qualification).__contains__,
        "one of " + ", ".join(Qualification),
    ),
    ConditionField.funding_stage: (
        frozenset(FundingStage).__contains__,
        "one of " + ", ".join(FundingStage),
    ),
    ConditionField.industry_code: (
        lambda v: _GB_CODE.fullmatch(v.upper()) is not None,
        "a GB/T 4754 code: a section letter A-T or 2-4 digits, e.g. C39 or 3985",
    ),
    ConditionField.sw_industry_code: (
        lambda v: _SW_CODE_PREFIX.fullmatch(v) is not None,
        "a 申万 code (or its first digits), e.g. 270000 or 27",
    ),
}

ConditionText = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
ConditionValue = StrictInt | StrictFloat | ConditionText | list[ConditionText]


class Condition(Schema):
    """One eligibility condition: `field op value`. A policy's conditions must all hold."""

    field: ConditionField
    op: ConditionOp
    value: ConditionValue

    @field_validator("op")
    @classmethod
    def _op_fits_field(cls, op: ConditionOp, info: ValidationInfo) -> ConditionOp:
        field = info.data.get("field")
        if field is not None and op not in KIND_OPS[FIELD_KINDS[field]]:
            allowed = ", ".join(sorted(o.value for o in KIND_OPS[FIELD_KINDS[field]]))
            raise ValueError(f"'{op.value}' does not apply to {field.value}; use one of: {allowed}")
        return op

    @field_validator("value")
    @classmethod
    def _value_fits_op(cls, value: ConditionValue, info: ValidationInfo) -> ConditionValue:
        field, op = info.data.get("field"), info.data.get("op")
        if field is None or op is None:
            return value
        if op in _SET_OPS:
            if not isinstance(value, list) or not value or len(value) > 200:
                raise ValueError(f"'{op.value}' needs a list of 1 to 200 strings")
        elif FIELD_KINDS[field] is FieldKind.number:
            if not isinstance(value, int | float):
                raise ValueError(f"{field.value} is compared with a number")
        elif op is ConditionOp.prefix:
            if isinstance(value, int | float) or (isinstance(value, list) and not value):
                raise ValueError("'prefix' needs a string or a list of strings")
        elif not isinstance(value, str):
            raise ValueError(f"'{op.value}' needs a string")
        if field in VOCABULARIES:
            fits, expected = VOCABULARIES[field]
            wrong = [v for v in (value if isinstance(value, list) else [str(value)]) if not fits(v)]
            if wrong:
                raise ValueError(f"'{wrong[0]}' is not {expected}")
        return value


# --- benefits --------------------------------------------------------------------------------


class PercentageBase(StrEnum):
    investment_yuan = "investment_yuan"  # the investment given in the request (one amount)
    revenue_yuan = "revenue_yuan"  # annual revenue given in the request
    rent_yuan = "rent_yuan"  # annual rent: space_m2 x rent_yuan_m2_month x 12
    land_yuan = "land_yuan"  # the land price: space_m2 x land_price_yuan_m2 (paid once)
    registered_capital_yuan = "registered_capital_yuan"
    # The insured value of the company's first-of-kind equipment (首台（套）), given in the request.
    equipment_value_yuan = "equipment_value_yuan"


class CostOffset(StrEnum):
    """The location cost a benefit reduces."""

    rent = "rent"  # the rent of the space over the years evaluated
    land = "land"  # the price of a land parcel


class BenefitTerms(Schema):
    """Without `duration_years` a benefit is paid once; with it, every year for that many years
    (counted within the years the caller evaluates). `cap_yuan` caps the whole estimate.

    Stacking: a benefit that offsets a location cost (rent, land) is counted against that cost and
    never beyond `max_share_of_cost` of it, nor, with the others, beyond the whole cost; every other
    benefit (R&D, talent, tax...) is reported beside the location cost, never subtracted from it. Of
    the benefits of one `exclusive_group` (就高不重复) only the largest is counted."""

    cap_yuan: float | None = Field(default=None, gt=0)
    duration_years: int | None = Field(default=None, ge=1, le=50)
    description: Text | None = None
    offsets: CostOffset | None = Field(
        default=None,
        description="the location cost this benefit reduces; when not given: rent for rent-free months, "
        "a share of the rent and policies of category rent, land for a share of the land price and "
        "policies of category land, else none",
    )
    max_share_of_cost: float = Field(
        default=1.0, gt=0, le=1, description="at most this share of the cost it offsets (0.5: half the rent)"
    )
    exclusive_group: ShortStr | None = Field(
        default=None, description="就高不重复: of the benefits of one group only the largest is counted"
    )


class FixedBenefit(BenefitTerms):
    kind: Literal["fixed"]
    amount_yuan: float = Field(gt=0)


class PercentageBenefit(BenefitTerms):
    kind: Literal["percentage"]
    rate: float = Field(gt=0, le=1, description="a fraction: 0.05 is 5%")
    base: PercentageBase


class PerM2Benefit(BenefitTerms):
    kind: Literal["per_m2"]
    amount_yuan_per_m2: float = Field(gt=0, description="per m² of the space, each payment")


class RentFreeBenefit(BenefitTerms):
    kind: Literal["rent_free_months"]
    months: int = Field(ge=1, le=120, description="rent-free months (each year, with duration_years)")

    @field_validator("months")
    @classmethod
    def _months_fit_a_year(cls, months: int, info: ValidationInfo) -> int:
        if info.data.get("duration_years") is not None and months > 12:
            raise ValueError("with duration_years, months counts the rent-free months of each year (≤ 12)")
        return months


Benefit = Annotated[
    FixedBenefit | PercentageBenefit | PerM2Benefit | RentFreeBenefit, Field(discriminator="kind")
]


# --- policies --------------------------------------------------------------------------------


class PolicyFields(Schema):
    scope: PolicyScope
    province: Province | None = None
    city: ShortStr | None = None
    county: ShortStr | None = None
    park_id: PrimaryKey | None = None
    title: Title
    issuer: NameStr | None = None
    category: PolicyCategory
    target_industries: list[NameStr] = Field(default_factory=list, max_length=50)
    target_node_ids: list[PrimaryKey] = Field(default_factory=list, max_length=500)
    conditions: list[Condition] = Field(default_factory=list, max_length=50)
    benefit: Benefit
    valid_from: date | None = None
    valid_to: date | None = None
    full_text: Text | None = None
    source_url: Url | None = None


class PolicyCreate(PolicyFields, Provenance):
    pass


class PolicyUpdate(VersionedUpdate):
    scope: PolicyScope | None = None
    province: Province | None = None
    city: ShortStr | None = None
    county: ShortStr | None = None
    park_id: PrimaryKey | None = None
    title: Title | None = None
    issuer: NameStr | None = None
    category: PolicyCategory | None = None
    target_industries: list[NameStr] | None = Field(default=None, max_length=50)
    target_node_ids: list[PrimaryKey] | None = Field(default=None, max_length=500)
    conditions: list[Condition] | None = Field(default=None, max_length=50)
    benefit: Benefit | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    full_text: Text | None = None
    source_url: Url | None = None


class PolicyRead(PolicyFields, EntityRead):
    pass


class PolicyFilters(EntityFilters):
    q: str | None = Field(default=None, max_length=100, description="text in the title, issuer or full text")
    scope: PolicyScope | None = None
    province: str | None = Field(default=None, max_length=16)
    park_id: PrimaryKey | None = None
    category: PolicyCategory | None = None
    industry: str | None = Field(default=None, max_length=50, description="a target industry mentions this")
    node_id: PrimaryKey | None = Field(default=None, description="targets this chain node")
    valid_on: date | None = Field(default=None, description="valid on this date")


# --- the policy calculator -------------------------------------------------------------------


class CompanyProfile(Schema):
    """A company described inline, with the same attribute names and values as a stored company."""

    registered_capital_yuan: Yuan | None = None
    revenue_band: RevenueBand | None = None
    headcount: int | None = Field(default=None, ge=0)
    industry_codes: list[GbIndustryCode] | None = Field(default=None, max_length=20)
    sw_industry_code: SwIndustryCode | None = None
    products: list[Product] | None = Field(default=None, max_length=100)
    qualifications: list[Qualification] | None = Field(default=None, max_length=20)
    founded_year: Year | None = None
    founded_on: date | None = None
    province: Province | None = None
    city: ShortStr | None = None
    funding_stage: FundingStage | None = None


class EvaluationInputs(Schema):
    company_id: PrimaryKey | None = Field(default=None, description="a stored company, or give `company`")
    company: CompanyProfile | None = None
    investment_yuan: Yuan | None = None
    revenue_yuan: Yuan | None = Field(default=None, description="exact annual revenue, if known")
    equipment_value_yuan: Yuan | None = Field(
        default=None, description="the insured value of the company's first-of-kind (首台（套）) equipment"
    )
    space_m2: float | None = Field(
        default=None, gt=0, le=MAX_AREA_M2, description="the area wanted; a carrier's available area caps it"
    )
    rent_yuan_m2_month: Yuan | None = Field(
        default=None, description="the rent paid; before the carrier's rent and the company's stated budget"
    )
    land_price_yuan_m2: Yuan | None = Field(
        default=None, description="a land price per m²; before the carrier's (a land parcel)"
    )
    years: int = Field(default=3, ge=1, le=20, description="the horizon of the benefit estimate")
    on: date = Field(default_factory=date.today, description="the date the policies must be valid on")


class EvaluationRequest(EvaluationInputs):
    park_id: PrimaryKey | None = None
    carrier_id: PrimaryKey | None = Field(
        default=None, description="a carrier of the park: its rent or land price and area are costed"
    )


class BatchEvaluationRequest(EvaluationInputs):
    park_ids: list[PrimaryKey] = Field(min_length=1, max_length=200)
    carrier_ids: list[PrimaryKey] = Field(
        default_factory=list, max_length=200, description="at most one carrier per park, costed there"
    )


class Outcome(StrEnum):
    passed = "pass"
    failed = "fail"
    unknown = "unknown"


class Eligibility(StrEnum):
    yes = "yes"
    no = "no"
    unknown = "unknown"


class ConditionResult(Schema):
    field: ConditionField
    op: ConditionOp
    value: ConditionValue
    result: Outcome
    reason: str
    known: StrictFloat | StrictInt | str | list[str] | None = Field(
        description="the company's value the condition was judged on (null: not known)"
    )
    as_of: date | None = Field(description="when that value was true, where its source says")
    source: str | None = Field(description="where that value comes from")


class PolicyEvaluation(Schema):
    policy_id: int
    title: str
    scope: PolicyScope
    category: PolicyCategory
    issuer: str | None
    province: str | None
    city: str | None
    county: str | None
    park_id: int | None
    valid_from: date | None
    valid_to: date | None
    benefit: Benefit
    eligible: Eligibility
    conditions: list[ConditionResult]
    estimated_yuan: float | None = Field(
        description="the policy on its own over `years`, capped; null when an input is missing"
    )
    estimate_note: str
    offsets: CostOffset | None = Field(description="the location cost it reduces; null: reported beside it")
    counted_yuan: float | None = Field(
        description="what it adds to the totals after stacking (就高不重复 and the cost caps); for a "
        "policy of unknown eligibility, what it would add to total_possible_yuan"
    )
    stacking_note: str | None = Field(description="why less than the estimate is counted")


class LocationCost(Schema):
    """What the space costs over `years`: rent, or the price of a land parcel; net of the benefits
    that offset it, never below zero. Other subsidies are reported beside it, never subtracted."""

    kind: CostOffset
    carrier_id: int | None
    carrier_name: str | None
    requested_m2: float | None = Field(description="the area asked for")
    available_m2: float | None = Field(description="what the carrier offers")
    space_m2: float | None = Field(description="the area costed: the request capped at what is offered")
    unit_price_yuan_m2: float | None = Field(description="rent per m² and month, or land price per m²")
    gross_yuan: float | None = Field(description="rent over the years, or land price x area")
    benefits_yuan: float = Field(description="surely eligible benefits counted against it")
    possible_benefits_yuan: float = Field(description="the same plus those of unknown eligibility")
    net_yuan: float | None = Field(description="gross minus the surely eligible benefits, at least 0")
    note: str


class Evaluation(Schema):
    company_id: int | None
    park_id: int | None
    province: str | None = Field(description="the region whose policies apply")
    city: str | None
    county: str | None
    on: date
    years: int
    used_private_needs: bool = Field(description="the company's private needs filled missing inputs")
    policies: list[PolicyEvaluation]
    location: LocationCost | None = Field(description="null when no space, carrier or price is known")
    other_subsidies_yuan: float = Field(
        description="surely eligible benefits that offset no location cost (R&D, talent, tax...), counted"
    )
    possible_other_subsidies_yuan: float
    total_eligible_yuan: float = Field(
        description="every surely eligible benefit counted after stacking: location benefits + other subsidies"
    )
    total_possible_yuan: float = Field(description="the same plus the policies whose eligibility is unknown")


class BatchEvaluation(Schema):
    items: list[Evaluation]
