"""The policy calculator (政策计算器): pure functions that judge a company against a policy.

No database here: the service gathers the `Facts` (a company's attributes plus the caller's inputs),
these functions decide every condition (pass / fail / unknown, with the reason in words) and estimate
the benefit in yuan. A fact the caller did not give makes its conditions `unknown`, never `fail`.
Numbers are judged as ranges: an exact figure is a point, a revenue band is [low, high), a company's
age in completed years known only from its founding year is one of two whole numbers; a condition
passes when it holds for the whole range, fails when it holds for none of it, and is unknown otherwise.
Each outcome names the company's value it judged, with that value's source and date.

Estimates do not simply add up: `stack` counts them by the benefits' stacking rules (就高不重复
groups, caps as a share of the cost offset), and `Space` is the location cost they may offset
(rent, or a land parcel's price, on the area a carrier offers at most). Benefits that offset no
location cost are summed apart, never subtracted from it.
"""

import dataclasses
import re
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from services.catalog.policies.schemas import (
    FIELD_KINDS,
    Benefit,
    Condition,
    ConditionField,
    ConditionOp,
    ConditionValue,
    CostOffset,
    Eligibility,
    FieldKind,
    FixedBenefit,
    Outcome,
    PercentageBase,
    PercentageBenefit,
    PerM2Benefit,
    PolicyCategory,
    RentFreeBenefit,
)
from shared.schemas import QUALIFICATION_NAMES


@dataclass(frozen=True)
class Evidence:
    """Where a fact comes from: its source and the date it was true (None where not said)."""

    source: str | None
    as_of: date | None = None


@dataclass(frozen=True)
class Facts:
    """What is known about the company and the planned move; None is unknown. `evidence` says where
    each known fact (by attribute name) comes from."""

    on: date
    years: int = 3
    registered_capital_yuan: float | None = None
    revenue_band: str | None = None
    revenue_yuan: float | None = None
    headcount: int | None = None
    industry_codes: tuple[str, ...] | None = None
    sw_industry_code: str | None = None
    products: tuple[tuple[str, float | None], ...] | None = None  # (name, share of revenue)
    qualifications: tuple[str, ...] | None = None
    founded_on: date | None = None
    founded_year: int | None = None
    province: str | None = None
    funding_stage: str | None = None
    revenue_yoy_pct: float | None = None
    profit_yoy_pct: float | None = None
    gross_margin_pct: float | None = None
    net_margin_pct: float | None = None
    total_assets_yuan: float | None = None
    investment_yuan: float | None = None
    equipment_value_yuan: float | None = None
    space_m2: float | None = None
    rent_yuan_m2_month: float | None = None
    land_price_yuan_m2: float | None = None
    evidence: Mapping[str, Evidence] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class ConditionOutcome:
    field: ConditionField
    op: ConditionOp
    value: ConditionValue
    result: Outcome
    reason: str
    known: float | int | str | list[str] | None = None  # the company's value judged
    as_of: date | None = None
    source: str | None = None


@dataclass(frozen=True)
class BenefitEstimate:
    amount_yuan: float | None  # None: an input the estimate needs is missing
    note: str


@dataclass(frozen=True)
class PolicyOutcome:
    eligible: Eligibility
    conditions: list[ConditionOutcome]
    estimate: BenefitEstimate


# --- words ------------------------------------------------------------------------------------

LABELS: dict[ConditionField, str] = {
    ConditionField.registered_capital_yuan: "注册资本",
    ConditionField.revenue_yuan: "营业收入",
    ConditionField.headcount: "员工人数",
    ConditionField.industry_code: "行业代码",
    ConditionField.sw_industry_code: "申万行业代码",
    ConditionField.qualifications: "资质",
    ConditionField.investment_yuan: "投资额",
    ConditionField.founded_year: "成立年份",
    ConditionField.company_age_years: "企业年龄",
    ConditionField.province: "所在省份",
    ConditionField.funding_stage: "融资阶段",
    ConditionField.equipment_revenue_share: "整机/装备产品收入占比",
    ConditionField.revenue_yoy_pct: "营业收入同比增长",
    ConditionField.profit_yoy_pct: "净利润同比增长",
    ConditionField.gross_margin_pct: "毛利率",
    ConditionField.net_margin_pct: "净利率",
    ConditionField.total_assets_yuan: "总资产",
}
_SYMBOL = {
    ConditionOp.ge: "≥",
    ConditionOp.gt: ">",
    ConditionOp.le: "≤",
    ConditionOp.lt: "<",
    ConditionOp.eq: "=",
    ConditionOp.ne: "≠",
}
_NEGATED = {
    ConditionOp.ge: "<",
    ConditionOp.gt: "≤",
    ConditionOp.le: ">",
    ConditionOp.lt: "≥",
    ConditionOp.eq: "≠",
    ConditionOp.ne: "=",
}
_PERCENT_FIELDS = {
    ConditionField.revenue_yoy_pct,
    ConditionField.profit_yoy_pct,
    ConditionField.gross_margin_pct,
    ConditionField.net_margin_pct,
}
_MONEY_FIELDS = {
    ConditionField.total_assets_yuan,
    ConditionField.registered_capital_yuan,
    ConditionField.revenue_yuan,
    ConditionField.investment_yuan,
}


def _plain(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".")


def format_yuan(amount: float) -> str:
    """300万, 1.2亿, 5000元."""
    if abs(amount) >= 1e8:
        return f"{_plain(amount / 1e8)}亿"
    if abs(amount) >= 1e4:
        return f"{_plain(amount / 1e4)}万"
    return f"{_plain(amount)}元"


def _format_number(field: ConditionField, number: float) -> str:
    if field in _MONEY_FIELDS:
        return format_yuan(number)
    if field is ConditionField.headcount:
        return f"{_plain(number)}人"
    if field is ConditionField.equipment_revenue_share:
        return f"{_plain(number * 100)}%"
    if field in _PERCENT_FIELDS:
        return f"{_plain(number)}%"
    return f"{_plain(number)}年"


def _quoted(field: ConditionField, values: Sequence[str]) -> str:
    if field is ConditionField.qualifications:
        values = [QUALIFICATION_NAMES.get(v, v) for v in values]
    return "、".join(values)


# --- numbers as ranges ------------------------------------------------------------------------

# Revenue bands (companies.schemas.RevenueBand) name their range of yuan, [low, high) or open above:
# "under_3m" is [0, 3m), "3m_20m" is [3m, 20m), "over_10b" is [10b, ∞). Units: k, m (10⁶), b (10⁹).
_UNITS = {"k": 1e3, "m": 1e6, "b": 1e9}
_AMOUNT = r"\d+(?:\.\d+)?[kmb]"
_BAND = re.compile(
    rf"under_(?P<below>{_AMOUNT})|(?P<low>{_AMOUNT})_(?P<high>{_AMOUNT})|over_(?P<above>{_AMOUNT})"
)


def _amount(text: str) -> float:
    return float(text[:-1]) * _UNITS[text[-1]]


@dataclass(frozen=True)
class Interval:
    """The values a fact may have: from `low` (included) to `high` (None: unbounded)."""

    low: float
    high: float | None
    high_closed: bool = False

    @classmethod
    def point(cls, value: float) -> "Interval":
        return cls(value, value, high_closed=True)


def parse_revenue_band(name: str) -> Interval | None:
    """The range of yuan the band `name` stands for, or None when the name is not a band."""
    match = _BAND.fullmatch(name.strip().lower())
    if match is None:
        return None
    if match["below"]:
        return Interval(0.0, _amount(match["below"]))
    if match["above"]:
        return Interval(_amount(match["above"]), None)
    low, high = _amount(match["low"]), _amount(match["high"])
    return Interval(low, high) if low < high else None


def _always(op: ConditionOp, r: Interval, t: float) -> bool:
    """`value op t` holds for every value in r."""
    high = r.high
    match op:
        case ConditionOp.ge:
            return r.low >= t
        case ConditionOp.gt:
            return r.low > t
        case ConditionOp.le:
            return high is not None and high <= t
        case ConditionOp.lt:
            return high is not None and (high < t or (high == t and not r.high_closed))
        case ConditionOp.eq:
            return r.low == t and high == t
        case _:  # !=
            return _never(ConditionOp.eq, r, t)


def _never(op: ConditionOp, r: Interval, t: float) -> bool:
    """`value op t` holds for no value in r."""
    high = r.high
    match op:
        case ConditionOp.ge:
            return high is not None and (high < t or (high == t and not r.high_closed))
        case ConditionOp.gt:
            return high is not None and high <= t
        case ConditionOp.le:
            return r.low > t
        case ConditionOp.lt:
            return r.low >= t
        case ConditionOp.eq:
            below = t < r.low
            above = high is not None and (t > high or (t == high and not r.high_closed))
            return below or above
        case _:  # !=
            return _always(ConditionOp.eq, r, t)


# Names of whole machines and equipment (整机/装备), by how a product's name ends: what first-of-kind
# equipment (首台（套）) programmes cover. Parts, materials, consumer devices and systems are not here.
EQUIPMENT_WORDS = (
    "设备",
    "装备",
    "机床",
    "机组",
    "机器人",
    "生产线",
    "整机",
    "机械",
    "起重机",
    "挖掘机",
    "压路机",
    "盾构机",
    "锅炉",
    "变压器",
)


def is_equipment(product: str) -> bool:
    return product.strip().endswith(EQUIPMENT_WORDS)


def equipment_revenue_share(products: Sequence[tuple[str, float | None]]) -> tuple[float, str] | None:
    """The share of product revenue from whole machines and equipment, and the products behind it;
    None when it cannot be told (some products are equipment and no share is recorded)."""
    equipment = [name for name, _ in products if is_equipment(name)]
    shares = [(name, share) for name, share in products if share]
    named = (
        "、".join(equipment) if equipment else f"{'、'.join(name for name, _ in products[:5])} 均非整机/装备"
    )
    if not equipment or len(equipment) == len(products):
        return (1.0 if equipment else 0.0), named
    if not shares:
        return None
    total = sum(share for _, share in shares)
    return sum(share for name, share in shares if is_equipment(name)) / total, named


def completed_years(founded: date, on: date) -> int:
    return on.year - founded.year - ((on.month, on.day) < (founded.month, founded.day))


def _numeric_fact(field: ConditionField, facts: Facts) -> tuple[Interval, str] | None:
    """The range the company's value lies in, and how to say it; None when unknown."""
    if field is ConditionField.revenue_yuan and facts.revenue_yuan is None and facts.revenue_band:
        band = parse_revenue_band(facts.revenue_band)
        if band is None:
            return None
        upper = "以上" if band.high is None else f"–{format_yuan(band.high)}"
        return band, f"{format_yuan(band.low)}{upper}（档位）"
    if field is ConditionField.company_age_years and facts.founded_on is not None:
        age = max(completed_years(facts.founded_on, facts.on), 0)
        return Interval.point(
            age
        ), f"满{age}年（{facts.founded_on.isoformat()}成立，至{facts.on.isoformat()}）"
    if field is ConditionField.company_age_years:
        if facts.founded_year is None:
            return None
        # Completed years: founded on some day of that year, so one fewer unless it is 31 December.
        age = facts.on.year - facts.founded_year
        full_year = (facts.on.month, facts.on.day) == (12, 31)
        low, high = max(age if full_year else age - 1, 0), max(age, 0)
        said = f"满{low}年" if low == high else f"满{low}–{high}年"
        founded = f"（{facts.founded_year}年成立，至{facts.on.isoformat()}）"
        return Interval(low, high, high_closed=True), said + founded
    if field is ConditionField.equipment_revenue_share:
        found = equipment_revenue_share(facts.products) if facts.products else None
        if found is None:
            return None
        share, named = found
        return Interval.point(share), f"{_format_number(field, share)}（{named}）"
    value = {
        ConditionField.registered_capital_yuan: facts.registered_capital_yuan,
        ConditionField.revenue_yuan: facts.revenue_yuan,
        ConditionField.headcount: facts.headcount,
        ConditionField.investment_yuan: facts.investment_yuan,
        ConditionField.founded_year: facts.founded_year,
        ConditionField.revenue_yoy_pct: facts.revenue_yoy_pct,
        ConditionField.profit_yoy_pct: facts.profit_yoy_pct,
        ConditionField.gross_margin_pct: facts.gross_margin_pct,
        ConditionField.net_margin_pct: facts.net_margin_pct,
        ConditionField.total_assets_yuan: facts.total_assets_yuan,
    }[field]
    if value is None:
        return None
    return Interval.point(float(value)), _format_number(field, float(value))


def _judge_number(condition: Condition, facts: Facts) -> tuple[Outcome, str]:
    label = LABELS[condition.field]
    fact = _numeric_fact(condition.field, facts)
    if fact is None:
        if condition.field is ConditionField.revenue_yuan and facts.revenue_band:
            return Outcome.unknown, f"营业收入档位 '{facts.revenue_band}' 无法识别"
        return Outcome.unknown, f"缺少{label}（{condition.field.value}）"
    interval, said = fact
    assert isinstance(condition.value, int | float)
    threshold = float(condition.value)
    wanted = f"{_SYMBOL[condition.op]} {_format_number(condition.field, threshold)}"
    if _always(condition.op, interval, threshold):
        return Outcome.passed, f"{label} {said} {wanted}"
    if _never(condition.op, interval, threshold):
        return Outcome.failed, (
            f"{label} {said} {_NEGATED[condition.op]} {_format_number(condition.field, threshold)}"
        )
    return Outcome.unknown, f"{label} {said}，无法确定是否 {wanted}"


# --- strings and lists ------------------------------------------------------------------------

# GB/T 4754-2017: the first division (大类) of each section (门类).
_SECTION_STARTS = [
    (1, "A"), (6, "B"), (13, "C"), (44, "D"), (47, "E"), (51, "F"), (53, "G"), (61, "H"), (63, "I"),
    (66, "J"), (70, "K"), (71, "L"), (73, "M"), (76, "N"), (80, "O"), (83, "P"), (84, "Q"), (86, "R"),
    (91, "S"), (97, "T"),
]  # fmt: skip
_LAST_DIVISION = 97


def canonical_industry_code(code: str) -> str:
    """A GB/T 4754 code with its section letter: '3985' and 'c3985' are both 'C3985'."""
    cleaned = code.strip().upper()
    if len(cleaned) < 2 or not cleaned[:2].isdigit():
        return cleaned
    division = int(cleaned[:2])
    if not 1 <= division <= _LAST_DIVISION:
        return cleaned
    index = bisect_right([start for start, _ in _SECTION_STARTS], division) - 1
    return _SECTION_STARTS[index][1] + cleaned


def same_place(a: str, b: str) -> bool:
    """'江苏' and '江苏省' (or '苏州' and '苏州市') name the same place."""
    a, b = a.strip(), b.strip()
    return bool(a) and bool(b) and (a.startswith(b) or b.startswith(a))


def _as_list(value: ConditionValue) -> list[str]:
    return value if isinstance(value, list) else [str(value)]


def _judge_text(condition: Condition, facts: Facts) -> tuple[Outcome, str]:
    field, op = condition.field, condition.op
    label = LABELS[field]
    actual = {
        ConditionField.province: facts.province,
        ConditionField.funding_stage: facts.funding_stage,
        ConditionField.sw_industry_code: facts.sw_industry_code,
    }[field]
    if not actual:
        return Outcome.unknown, f"缺少{label}（{field.value}）"
    same: Callable[[str, str], bool] = (
        same_place if field is ConditionField.province else lambda a, b: a.casefold() == b.casefold()
    )
    wanted = _as_list(condition.value)
    if op is ConditionOp.prefix:
        holds = any(actual.startswith(p) for p in wanted)
        yes, no = f"以 {'/'.join(wanted)} 开头", f"不以 {'/'.join(wanted)} 开头"
    else:
        holds = any(same(actual, w) for w in wanted)
        if op in (ConditionOp.eq, ConditionOp.ne):
            yes, no = f"= {wanted[0]}", f"≠ {wanted[0]}"
        else:
            yes, no = f"属于 {'、'.join(wanted)}", f"不属于 {'、'.join(wanted)}"
        if op in (ConditionOp.ne, ConditionOp.not_in):
            holds, yes, no = not holds, no, yes
    return (
        (Outcome.passed, f"{label} {actual} {yes}") if holds else (Outcome.failed, f"{label} {actual} {no}")
    )


def _judge_list(condition: Condition, facts: Facts) -> tuple[Outcome, str]:
    field, op = condition.field, condition.op
    label = LABELS[field]
    is_codes = FIELD_KINDS[field] is FieldKind.codes
    raw = facts.industry_codes if is_codes else facts.qualifications
    if raw is None:
        return Outcome.unknown, f"缺少{label}（{'industry_codes' if is_codes else field.value}）"
    normal: Callable[[str], str] = canonical_industry_code if is_codes else str.strip
    actual = [normal(item) for item in raw]
    wanted = [normal(item) for item in _as_list(condition.value)]
    has = _quoted(field, actual) if actual else "无"
    if op is ConditionOp.prefix:
        hits = [code for code in actual if any(code.startswith(p) for p in wanted)]
        if hits:
            return Outcome.passed, f"{label} {'、'.join(hits)} 以 {'/'.join(wanted)} 开头"
        return Outcome.failed, f"{label} {has} 均不以 {'/'.join(wanted)} 开头"
    hits = [item for item in wanted if item in actual]
    if op is ConditionOp.not_in:
        if hits:
            return Outcome.failed, f"{label}含 {_quoted(field, hits)}"
        return Outcome.passed, f"{label}不含 {_quoted(field, wanted)}（有：{has}）"
    if hits:
        return Outcome.passed, f"{label}含 {_quoted(field, hits)}"
    either = "" if len(wanted) == 1 else "中任何一项"
    return Outcome.failed, f"{label}不含 {_quoted(field, wanted)}{either}（有：{has}）"


# --- conditions and policies --------------------------------------------------------------------


def _fact_read(field: ConditionField, facts: Facts) -> str:
    """The attribute of the facts a condition on `field` is judged on."""
    match field:
        case ConditionField.revenue_yuan:
            return "revenue_band" if facts.revenue_yuan is None and facts.revenue_band else "revenue_yuan"
        case ConditionField.company_age_years:
            return "founded_year" if facts.founded_on is None else "founded_on"
        case ConditionField.industry_code:
            return "industry_codes"
        case ConditionField.equipment_revenue_share:
            return "products"
        case _:
            return field.value


def _known(field: ConditionField, facts: Facts, name: str) -> float | int | str | list[str] | None:
    if field is ConditionField.equipment_revenue_share:
        found = equipment_revenue_share(facts.products) if facts.products else None
        return None if found is None else round(found[0], 4)
    value = getattr(facts, name)
    if isinstance(value, date):
        return value.isoformat()
    return list(value) if isinstance(value, tuple) else value


def evaluate_condition(condition: Condition, facts: Facts) -> ConditionOutcome:
    """The condition judged, with the company's value it was judged on and where that comes from."""
    kind = FIELD_KINDS[condition.field]
    if kind is FieldKind.number:
        result, reason = _judge_number(condition, facts)
    elif kind is FieldKind.text:
        result, reason = _judge_text(condition, facts)
    else:
        result, reason = _judge_list(condition, facts)
    name = _fact_read(condition.field, facts)
    known = _known(condition.field, facts, name)
    evidence = facts.evidence.get(name) if known is not None else None
    return ConditionOutcome(
        condition.field,
        condition.op,
        condition.value,
        result,
        reason,
        known,
        evidence.as_of if evidence else None,
        evidence.source if evidence else None,
    )


def eligibility(outcomes: Sequence[ConditionOutcome]) -> Eligibility:
    """All conditions must hold: one failure says no, one unknown (and no failure) says unknown."""
    results = {outcome.result for outcome in outcomes}
    if Outcome.failed in results:
        return Eligibility.no
    if Outcome.unknown in results:
        return Eligibility.unknown
    return Eligibility.yes


def _missing(facts: Facts, *names: str) -> str | None:
    absent = [name for name in names if getattr(facts, name) is None]
    return "需要 " + " 和 ".join(absent) if absent else None


def estimate_benefit(benefit: Benefit, facts: Facts) -> BenefitEstimate:
    """The benefit in yuan over `facts.years`: each payment x the payments that fall in those years,
    capped by `cap_yuan`; None with the reason when an input it needs is missing."""
    match benefit:
        case FixedBenefit():
            each, basis = benefit.amount_yuan, format_yuan(benefit.amount_yuan)
        case PercentageBenefit():
            found = _percentage_base(benefit.base, facts)
            if isinstance(found, str):
                return BenefitEstimate(None, found)
            base_value, base_said = found
            each, basis = base_value * benefit.rate, f"{base_said} × {_plain(benefit.rate * 100)}%"
        case PerM2Benefit():
            if reason := _missing(facts, "space_m2"):
                return BenefitEstimate(None, reason)
            assert facts.space_m2 is not None
            each = benefit.amount_yuan_per_m2 * facts.space_m2
            basis = f"{_plain(facts.space_m2)}m² × {_plain(benefit.amount_yuan_per_m2)}元/m²"
        case RentFreeBenefit():
            if reason := _missing(facts, "space_m2", "rent_yuan_m2_month"):
                return BenefitEstimate(None, reason)
            assert facts.space_m2 is not None and facts.rent_yuan_m2_month is not None
            months = benefit.months
            if benefit.duration_years is None:
                months = min(months, 12 * facts.years)
            each = months * facts.space_m2 * facts.rent_yuan_m2_month
            basis = f"{months}个月 × {_plain(facts.space_m2)}m² × {_plain(facts.rent_yuan_m2_month)}元/m²/月"
    payments = 1
    if benefit.duration_years is not None:
        payments = min(benefit.duration_years, facts.years)
        basis += f" × {payments}年"
        if payments < benefit.duration_years:
            basis += f"（政策期{benefit.duration_years}年，按{facts.years}年计）"
    total = each * payments
    note = f"{basis} = {format_yuan(total)}"
    if benefit.cap_yuan is not None and total > benefit.cap_yuan:
        total = benefit.cap_yuan
        note += f"，封顶 {format_yuan(total)}"
    return BenefitEstimate(round(total, 2), note)


_BASE_LABELS = {
    PercentageBase.investment_yuan: "投资额",
    PercentageBase.revenue_yuan: "营业收入",
    PercentageBase.registered_capital_yuan: "注册资本",
    PercentageBase.equipment_value_yuan: "首台（套）装备投保金额",
}


def _percentage_base(base: PercentageBase, facts: Facts) -> tuple[float, str] | str:
    """The base amount and how to say it, or why it is missing."""
    if base is PercentageBase.rent_yuan:
        if reason := _missing(facts, "space_m2", "rent_yuan_m2_month"):
            return reason
        assert facts.space_m2 is not None and facts.rent_yuan_m2_month is not None
        annual = facts.space_m2 * facts.rent_yuan_m2_month * 12
        return annual, f"年租金 {format_yuan(annual)}"
    if base is PercentageBase.land_yuan:
        if reason := _missing(facts, "space_m2", "land_price_yuan_m2"):
            return reason
        assert facts.space_m2 is not None and facts.land_price_yuan_m2 is not None
        price = facts.space_m2 * facts.land_price_yuan_m2
        return price, f"地价 {format_yuan(price)}"
    value = getattr(facts, base.value)
    if value is None:
        hint = (
            f"（企业只有档位 {facts.revenue_band}）"
            if base is PercentageBase.revenue_yuan and facts.revenue_band
            else ""
        )
        return f"需要 {base.value}{hint}"
    return value, f"{_BASE_LABELS[base]} {format_yuan(value)}"


def evaluate_policy(conditions: Sequence[Condition], benefit: Benefit, facts: Facts) -> PolicyOutcome:
    outcomes = [evaluate_condition(condition, facts) for condition in conditions]
    return PolicyOutcome(eligibility(outcomes), outcomes, estimate_benefit(benefit, facts))


# --- stacking and the location cost -------------------------------------------------------------

COST_WORDS = {CostOffset.rent: "租金", CostOffset.land: "地价"}


def cost_offset(category: PolicyCategory, benefit: Benefit) -> CostOffset | None:
    """The location cost a benefit reduces: the one it names; else rent for rent-free months and a
    share of the rent, land for a share of the land price, else by the policy's category (rent,
    land); else none (an R&D, talent, tax... benefit)."""
    if benefit.offsets is not None:
        return benefit.offsets
    if isinstance(benefit, RentFreeBenefit):
        return CostOffset.rent
    if isinstance(benefit, PercentageBenefit) and benefit.base is PercentageBase.rent_yuan:
        return CostOffset.rent
    if isinstance(benefit, PercentageBenefit) and benefit.base is PercentageBase.land_yuan:
        return CostOffset.land
    return {PolicyCategory.rent: CostOffset.rent, PolicyCategory.land: CostOffset.land}.get(category)


@dataclass(frozen=True)
class Claim:
    """One policy's estimate as stacking sees it."""

    policy_id: int
    title: str
    eligible: Eligibility
    amount_yuan: float | None
    offsets: CostOffset | None
    max_share_of_cost: float = 1.0
    exclusive_group: str | None = None


@dataclass(frozen=True)
class Counted:
    amount_yuan: float | None  # None: not eligible or no estimate
    note: str | None  # why less than the estimate is counted


def stack(claims: Sequence[Claim], costs: Mapping[CostOffset, float | None]) -> dict[int, Counted]:
    """What each claim adds to the totals, by policy id.

    Surely eligible claims are counted first, the largest first; then those of unknown eligibility
    (what each would add if eligible). A claim on a location cost counts at most
    `max_share_of_cost` of that cost, and all claims on one cost together at most the whole cost (a
    cost of None is unknown: no cap, and the note says so). Of one exclusive group (就高不重复) only
    the largest counts: a later claim of the group counts only by how much it exceeds what the group
    has counted already."""
    counted = {claim.policy_id: Counted(None, None) for claim in claims}
    order = sorted(
        (c for c in claims if c.eligible is not Eligibility.no and c.amount_yuan is not None),
        key=lambda c: (c.eligible is not Eligibility.yes, -(c.amount_yuan or 0.0), c.policy_id),
    )
    used: dict[CostOffset, float] = {}
    groups: dict[str, tuple[float, str]] = {}  # group -> (counted so far, title of its first claim)
    for claim in order:
        assert claim.amount_yuan is not None
        amount, notes = claim.amount_yuan, []
        cost = costs.get(claim.offsets) if claim.offsets is not None else None
        word = COST_WORDS[claim.offsets] if claim.offsets is not None else ""
        if cost is not None and claim.max_share_of_cost < 1 and amount > cost * claim.max_share_of_cost:
            amount = cost * claim.max_share_of_cost
            notes.append(f"不超过{word}的{_plain(claim.max_share_of_cost * 100)}%（{format_yuan(amount)}）")
        so_far, first = groups.get(claim.exclusive_group or "", (0.0, claim.title))
        if claim.exclusive_group and so_far:
            if amount <= so_far:
                counted[claim.policy_id] = Counted(
                    0.0, f"就高不重复：与「{first}」同属「{claim.exclusive_group}」，只计较高的一项"
                )
                continue
            amount -= so_far
            notes.append(f"就高不重复：高于同组「{first}」，只计差额 {format_yuan(amount)}")
        if claim.offsets is not None and cost is None:
            notes.append(f"{word}未知，未按{word}封顶")
        elif claim.offsets is not None and cost is not None:
            left = max(cost - used.get(claim.offsets, 0.0), 0.0)
            if cost == 0:
                notes.append(f"无{word}可抵")
            elif amount > left:
                notes.append(f"{word}减免合计不超过{word} {format_yuan(cost)}，只计剩余 {format_yuan(left)}")
            amount = min(amount, left)
            used[claim.offsets] = used.get(claim.offsets, 0.0) + amount
        if claim.exclusive_group:
            groups[claim.exclusive_group] = (so_far + amount, first)
        counted[claim.policy_id] = Counted(round(amount, 2), "；".join(notes) or None)
    return counted


@dataclass(frozen=True)
class Totals:
    eligible_yuan: float  # surely eligible, counted
    possible_yuan: float  # the same plus those of unknown eligibility
    location_yuan: float  # surely eligible benefits counted against the location cost
    possible_location_yuan: float
    other_yuan: float  # surely eligible benefits that offset no location cost
    possible_other_yuan: float


def totals(claims: Sequence[Claim], counted: Mapping[int, Counted], location: CostOffset | None) -> Totals:
    """The sums of what is counted: all, on the location cost of kind `location`, and the others."""

    def total(sure_only: bool, offsets: set[CostOffset | None] | None) -> float:
        wanted = {Eligibility.yes} if sure_only else {Eligibility.yes, Eligibility.unknown}
        return round(
            sum(
                counted[c.policy_id].amount_yuan or 0.0
                for c in claims
                if c.eligible in wanted and (offsets is None or c.offsets in offsets)
            ),
            2,
        )

    return Totals(
        eligible_yuan=total(True, None),
        possible_yuan=total(False, None),
        location_yuan=total(True, {location}) if location else 0.0,
        possible_location_yuan=total(False, {location}) if location else 0.0,
        other_yuan=total(True, {None}),
        possible_other_yuan=total(False, {None}),
    )


@dataclass(frozen=True)
class Space:
    """The space a company would take, from a carrier or the request: rented (`unit_price_yuan_m2`
    per m² and month) or a land parcel bought (per m², once). `available_m2` is what the carrier
    offers (None: no carrier, no limit)."""

    kind: CostOffset
    requested_m2: float | None
    unit_price_yuan_m2: float | None
    available_m2: float | None = None
    carrier_id: int | None = None
    carrier_name: str | None = None

    def area(self) -> tuple[float | None, str]:
        """The area costed and how it was chosen: the request, capped at what the carrier offers (the
        rest needs other carriers); a land parcel without a request is taken whole."""
        requested, available = self.requested_m2, self.available_m2
        if requested is None:
            if self.kind is CostOffset.land and available:
                return available, f"整宗地块 {_plain(available)}m²"
            return None, "需要 space_m2"
        if available is not None and requested > available:
            rest = requested - available
            return available, (
                f"需求 {_plain(requested)}m² 超出该载体可提供的 {_plain(available)}m²，"
                f"按 {_plain(available)}m² 计；其余 {_plain(rest)}m² 需另寻载体"
            )
        return requested, f"{_plain(requested)}m²"

    def gross(self, years: int) -> tuple[float | None, str]:
        """Rent over `years`, or the land price of the area; None with the reason when unknown."""
        area, said = self.area()
        if area is None:
            return None, said
        price = self.unit_price_yuan_m2
        if price is None:
            return (
                None,
                f"{said}；需要 {'rent_yuan_m2_month' if self.kind is CostOffset.rent else 'land_price_yuan_m2'}",
            )
        if self.kind is CostOffset.rent:
            amount = area * price * 12 * years
            return (
                amount,
                f"{said}：{_plain(area)}m² × {_plain(price)}元/m²/月 × 12 × {years}年 = {format_yuan(amount)}",
            )
        amount = area * price
        return (
            amount,
            f"{said}：{_plain(area)}m² × 地价 {_plain(price)}元/m² = {format_yuan(amount)}（一次性）",
        )
