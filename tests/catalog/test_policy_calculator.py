"""The policy calculator's pure functions: every operator, missing facts, bands, ages and benefits."""

import csv
from datetime import date
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from services.catalog.companies.schemas import RevenueBand
from services.catalog.policies.calculator import (
    LABELS,
    BenefitEstimate,
    ConditionOutcome,
    Facts,
    Interval,
    PolicyOutcome,
    canonical_industry_code,
    eligibility,
    estimate_benefit,
    evaluate_condition,
    evaluate_policy,
    format_yuan,
    parse_revenue_band,
    same_place,
    totals,
)
from services.catalog.policies.schemas import (
    FIELD_KINDS,
    Benefit,
    Condition,
    ConditionField,
    ConditionOp,
    Eligibility,
    Outcome,
)
from shared.settings import Settings

ON = date(2024, 6, 1)
PASS, FAIL, UNKNOWN = Outcome.passed, Outcome.failed, Outcome.unknown


def cond(field: str, op: str, value: Any) -> Condition:
    return Condition.model_validate({"field": field, "op": op, "value": value})


def facts(**values: Any) -> Facts:
    return Facts(on=values.pop("on", ON), **values)


def judge(field: str, op: str, value: Any, **known: Any) -> ConditionOutcome:
    return evaluate_condition(cond(field, op, value), facts(**known))


def benefit(**body: Any) -> Any:
    return TypeAdapter(Benefit).validate_python(body)


# --- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "threshold", "expected"),
    [
        (">=", 5_000_000, FAIL),
        (">=", 3_000_000, PASS),
        (">=", 2_000_000, PASS),
        (">", 3_000_000, FAIL),
        (">", 2_999_999, PASS),
        ("<=", 3_000_000, PASS),
        ("<=", 2_999_999, FAIL),
        ("<", 3_000_000, FAIL),
        ("<", 3_000_001, PASS),
        ("==", 3_000_000, PASS),
        ("==", 3_000_001, FAIL),
        ("!=", 3_000_000, FAIL),
        ("!=", 1, PASS),
    ],
)
def test_every_order_operator_on_an_exact_figure(op: str, threshold: int, expected: Outcome) -> None:
    outcome = judge("registered_capital_yuan", op, threshold, registered_capital_yuan=3_000_000)
    assert outcome.result is expected, outcome.reason


def test_the_reason_says_the_figures() -> None:
    failed = judge("registered_capital_yuan", ">=", 5_000_000, registered_capital_yuan=3_000_000)
    assert failed.reason == "注册资本 300万 < 500万"
    passed = judge("registered_capital_yuan", ">=", 5_000_000, registered_capital_yuan=1.2e8)
    assert passed.reason == "注册资本 1.2亿 ≥ 500万"
    assert judge("headcount", "<", 300, headcount=120).reason == "员工人数 120人 < 300人"
    assert judge("investment_yuan", ">", 1e8, investment_yuan=1e8).reason == "投资额 1亿 ≤ 1亿"


def test_format_yuan() -> None:
    assert [format_yuan(v) for v in (5000, 3_000_000, 120_000_000, 12_345.6)] == [
        "5000元",
        "300万",
        "1.2亿",
        "1.23万",
    ]


def test_headcount_investment_and_founded_year_compare_as_numbers() -> None:
    assert judge("headcount", ">=", 50, headcount=50).result is PASS
    assert judge("headcount", ">=", 50, headcount=49).result is FAIL
    assert judge("investment_yuan", ">=", 1e8, investment_yuan=2e8).result is PASS
    assert judge("founded_year", ">=", 2015, founded_year=2014).result is FAIL
    assert judge("founded_year", "<", 2015, founded_year=2014.0).result is PASS


# A valid condition on every field.
SAMPLES: dict[ConditionField, tuple[str, Any]] = {
    ConditionField.registered_capital_yuan: (">=", 5_000_000),
    ConditionField.revenue_yuan: (">=", 5e7),
    ConditionField.headcount: ("<", 300),
    ConditionField.industry_code: ("prefix", "C39"),
    ConditionField.sw_industry_code: ("prefix", "27"),
    ConditionField.qualifications: ("contains", "high_tech_enterprise"),
    ConditionField.investment_yuan: (">=", 1e8),
    ConditionField.founded_year: ("<=", 2020),
    ConditionField.company_age_years: (">=", 3),
    ConditionField.province: ("in", ["江苏省"]),
    ConditionField.funding_stage: ("in", ["a", "b"]),
}


@pytest.mark.parametrize("field", list(ConditionField))
def test_a_missing_fact_is_unknown_never_a_failure(field: ConditionField) -> None:
    op, value = SAMPLES[field]
    outcome = judge(field.value, op, value)
    assert outcome.result is UNKNOWN
    assert outcome.reason.startswith(f"缺少{LABELS[field]}")


# --- revenue bands -----------------------------------------------------------------------------


def test_every_revenue_band_names_its_range() -> None:
    expected = {
        "under_3m": (0, 3e6),
        "3m_20m": (3e6, 2e7),
        "20m_100m": (2e7, 1e8),
        "100m_400m": (1e8, 4e8),
        "400m_1b": (4e8, 1e9),
        "1b_10b": (1e9, 1e10),
        "over_10b": (1e10, None),
    }
    assert {band.value for band in RevenueBand} == set(expected)
    for band in RevenueBand:
        interval = parse_revenue_band(band.value)
        assert interval is not None and (interval.low, interval.high) == expected[band.value]
    assert parse_revenue_band("20m_3m") is None
    assert parse_revenue_band("lots") is None


@pytest.mark.parametrize(
    ("band", "op", "threshold", "expected"),
    [
        ("100m_400m", ">=", 5e7, PASS),  # wholly above
        ("100m_400m", ">=", 1e8, PASS),  # the band's floor is included
        ("3m_20m", ">=", 5e7, FAIL),  # wholly below
        ("3m_20m", ">=", 2e7, FAIL),  # the band's ceiling is excluded
        ("20m_100m", ">=", 5e7, UNKNOWN),  # straddles
        ("20m_100m", ">", 2e7, UNKNOWN),
        ("20m_100m", ">", 1.9e7, PASS),
        ("20m_100m", ">", 1e8, FAIL),
        ("3m_20m", "<", 2e7, PASS),
        ("3m_20m", "<", 1e7, UNKNOWN),
        ("3m_20m", "<", 3e6, FAIL),
        ("3m_20m", "<=", 2e7, PASS),
        ("3m_20m", "<=", 2.9e6, FAIL),
        ("3m_20m", "<=", 3e6, UNKNOWN),
        ("over_10b", ">=", 1e10, PASS),
        ("over_10b", "<", 1e12, UNKNOWN),  # open above: never wholly below anything
        ("under_3m", "<", 3e6, PASS),
        ("under_3m", ">=", 0, PASS),
        ("3m_20m", "==", 5e6, UNKNOWN),
        ("3m_20m", "==", 2e7, FAIL),
        ("3m_20m", "!=", 2e7, PASS),
        ("3m_20m", "!=", 5e6, UNKNOWN),
    ],
)
def test_revenue_bands_are_judged_as_ranges(band: str, op: str, threshold: float, expected: Outcome) -> None:
    outcome = judge("revenue_yuan", op, threshold, revenue_band=band)
    assert outcome.result is expected, outcome.reason


def test_band_reasons_and_exact_revenue() -> None:
    straddling = judge("revenue_yuan", ">=", 5e7, revenue_band="20m_100m")
    assert straddling.reason == "营业收入 2000万–1亿（档位），无法确定是否 ≥ 5000万"
    assert (
        judge("revenue_yuan", ">=", 5e7, revenue_band="3m_20m").reason
        == "营业收入 300万–2000万（档位） < 5000万"
    )
    assert "100亿以上" in judge("revenue_yuan", ">=", 1e9, revenue_band="over_10b").reason
    # An exact revenue from the caller decides where the band cannot.
    assert judge("revenue_yuan", ">=", 5e7, revenue_band="20m_100m", revenue_yuan=6e7).result is PASS
    assert judge("revenue_yuan", ">=", 5e7, revenue_band="20m_100m", revenue_yuan=4e7).result is FAIL
    unreadable = judge("revenue_yuan", ">=", 5e7, revenue_band="about_a_lot")
    assert unreadable.result is UNKNOWN and "无法识别" in unreadable.reason


def test_intervals_with_a_closed_top() -> None:
    assert Interval.point(5).high_closed and Interval.point(5).low == Interval.point(5).high == 5


# --- company age -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("founded", "on", "op", "years", "expected"),
    [
        (2020, date(2024, 6, 1), ">=", 3, PASS),  # 3 or 4 completed years
        (2020, date(2024, 6, 1), ">=", 4, UNKNOWN),  # founded before or after 1 June?
        (2020, date(2024, 6, 1), ">=", 5, FAIL),
        (2020, date(2024, 12, 31), ">=", 4, PASS),  # every day of 2020 is four years back
        (2020, date(2024, 6, 1), "<", 5, PASS),
        (2020, date(2024, 6, 1), "<", 4, UNKNOWN),
        (2020, date(2024, 6, 1), "<=", 2, FAIL),
        (2020, date(2024, 6, 1), ">", 2, PASS),
        (2020, date(2024, 6, 1), ">", 3, UNKNOWN),
        (2024, date(2024, 6, 1), "<", 1, PASS),  # founded this year: not yet one year old
        (2024, date(2024, 6, 1), "==", 0, PASS),
    ],
)
def test_company_age_counts_completed_years(
    founded: int, on: date, op: str, years: int, expected: Outcome
) -> None:
    outcome = judge("company_age_years", op, years, founded_year=founded, on=on)
    assert outcome.result is expected, outcome.reason


def test_company_age_reason() -> None:
    outcome = judge("company_age_years", ">=", 4, founded_year=2020)
    assert outcome.reason == "企业年龄 满3–4年（2020年成立，至2024-06-01），无法确定是否 ≥ 4年"


# --- text --------------------------------------------------------------------------------------


def test_province_equality_accepts_short_names() -> None:
    assert same_place("江苏", "江苏省") and same_place("江苏省", "江苏")
    assert not same_place("江苏省", "江西省") and not same_place("", "江苏省")
    assert judge("province", "==", "江苏", province="江苏省").result is PASS
    assert judge("province", "==", "浙江省", province="江苏省").reason == "所在省份 江苏省 ≠ 浙江省"
    assert judge("province", "!=", "江苏省", province="江苏").result is FAIL
    assert judge("province", "!=", "浙江", province="江苏省").result is PASS


def test_text_set_and_prefix_operators() -> None:
    assert judge("funding_stage", "in", ["a", "b"], funding_stage="b").result is PASS
    assert judge("funding_stage", "in", ["a", "b"], funding_stage="c").reason == "融资阶段 c 不属于 a、b"
    assert judge("funding_stage", "not_in", ["listed"], funding_stage="c").result is PASS
    assert judge("funding_stage", "not_in", ["c"], funding_stage="c").result is FAIL
    assert judge("funding_stage", "==", "c", funding_stage="c").result is PASS
    assert judge("sw_industry_code", "prefix", "27", sw_industry_code="270601").result is PASS
    assert judge("sw_industry_code", "prefix", ["11", "22"], sw_industry_code="270601").result is FAIL
    assert judge("province", "in", ["江苏", "浙江"], province="浙江省").result is PASS


# --- codes and tags ----------------------------------------------------------------------------


def test_industry_codes_know_their_sections() -> None:
    assert canonical_industry_code("3985") == "C3985" == canonical_industry_code(" c3985 ")
    assert canonical_industry_code("01") == "A01" and canonical_industry_code("97") == "T97"
    assert canonical_industry_code("C") == "C" and canonical_industry_code("99") == "99"


def test_sections_match_the_national_classification() -> None:
    """Every division of GB/T 4754-2017 in the reference data maps to its own section."""
    path = Settings().reference_data_dir / "industries" / "gbt4754_2017.csv"
    with path.open(encoding="utf-8") as handle:
        divisions = [row for row in csv.DictReader(handle) if row["level"] == "2"]
    assert len(divisions) > 90
    for row in divisions:
        assert canonical_industry_code(row["code"]) == row["section"] + row["code"]


@pytest.mark.parametrize(
    ("op", "value", "codes", "expected"),
    [
        ("prefix", "C39", ("3985",), PASS),
        ("prefix", "39", ("C3985",), PASS),
        ("prefix", "C", ("3985",), PASS),  # the whole manufacturing section
        ("prefix", "I", ("3985",), FAIL),
        ("prefix", ["I65", "C39"], ("6510", "3985"), PASS),
        ("prefix", "C40", ("3985",), FAIL),
        ("contains", "3985", ("C3985", "6510"), PASS),
        ("contains", "398", ("3985",), FAIL),  # exact element, not a prefix
        ("in", ["6510", "3985"], ("3985",), PASS),
        ("in", ["6510"], ("3985",), FAIL),
        ("not_in", ["6510"], ("3985",), PASS),
        ("not_in", ["C3985"], ("3985",), FAIL),
    ],
)
def test_industry_code_operators(op: str, value: Any, codes: tuple[str, ...], expected: Outcome) -> None:
    outcome = judge("industry_code", op, value, industry_codes=codes)
    assert outcome.result is expected, outcome.reason


def test_qualifications() -> None:
    has = ("high_tech_enterprise", "specialised_sme")
    passed = judge("qualifications", "contains", "high_tech_enterprise", qualifications=has)
    assert passed.result is PASS and passed.reason == "资质含 高新技术企业"
    failed = judge("qualifications", "contains", "little_giant", qualifications=has)
    assert failed.result is FAIL and "专精特新小巨人" in failed.reason
    assert (
        judge("qualifications", "in", ["little_giant", "specialised_sme"], qualifications=has).result is PASS
    )
    assert judge("qualifications", "in", ["little_giant", "unicorn"], qualifications=has).result is FAIL
    assert judge("qualifications", "not_in", ["unicorn"], qualifications=has).result is PASS
    assert judge("qualifications", "not_in", ["specialised_sme"], qualifications=has).result is FAIL
    # Stated to be none (an empty list) is a failure; not stated (None) is unknown.
    assert judge("qualifications", "contains", "little_giant", qualifications=()).result is FAIL
    assert judge("qualifications", "contains", "little_giant").result is UNKNOWN


# --- validation of conditions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "location", "message"),
    [
        ({"field": "profit_yuan", "op": ">=", "value": 1}, ("field",), "Input should be"),
        ({"field": "headcount", "op": "~", "value": 1}, ("op",), "Input should be"),
        ({"field": "headcount", "op": "prefix", "value": "1"}, ("op",), "does not apply"),
        ({"field": "qualifications", "op": ">=", "value": 1}, ("op",), "does not apply"),
        ({"field": "province", "op": "contains", "value": "江苏"}, ("op",), "does not apply"),
        ({"field": "headcount", "op": ">=", "value": "100"}, ("value",), "compared with a number"),
        ({"field": "headcount", "op": ">=", "value": True}, ("value",), ""),
        ({"field": "province", "op": "in", "value": "江苏"}, ("value",), "needs a list"),
        ({"field": "province", "op": "in", "value": []}, ("value",), "needs a list"),
        ({"field": "province", "op": "==", "value": ["江苏"]}, ("value",), "needs a string"),
        ({"field": "qualifications", "op": "contains", "value": "高新"}, ("value",), "is not one of"),
        ({"field": "funding_stage", "op": "in", "value": ["b", "series_z"]}, ("value",), "'series_z'"),
        ({"field": "industry_code", "op": "prefix", "value": "C39x"}, ("value",), "GB/T 4754"),
        ({"field": "sw_industry_code", "op": "prefix", "value": "27a"}, ("value",), "申万"),
    ],
)
def test_bad_conditions_name_the_wrong_part(
    body: dict[str, Any], location: tuple[str, ...], message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        Condition.model_validate(body)
    error = caught.value.errors()[0]
    assert error["loc"][: len(location)] == location
    assert message in error["msg"]


def test_every_field_has_operators_and_a_label() -> None:
    assert set(FIELD_KINDS) == set(ConditionField) == set(LABELS) == set(SAMPLES)
    assert cond("industry_code", "prefix", ["C39", "I65"]).op is ConditionOp.prefix


# --- eligibility -------------------------------------------------------------------------------


def test_eligibility_needs_every_condition() -> None:
    def outcome(result: Outcome) -> ConditionOutcome:
        return ConditionOutcome(ConditionField.headcount, ConditionOp.ge, 1, result, "")

    assert eligibility([]) is Eligibility.yes
    assert eligibility([outcome(PASS), outcome(PASS)]) is Eligibility.yes
    assert eligibility([outcome(PASS), outcome(UNKNOWN)]) is Eligibility.unknown
    assert eligibility([outcome(UNKNOWN), outcome(FAIL)]) is Eligibility.no


# --- benefits ----------------------------------------------------------------------------------


def estimate(body: dict[str, Any], **known: Any) -> BenefitEstimate:
    return estimate_benefit(benefit(**body), facts(**known))


def test_fixed_amounts_once_or_yearly() -> None:
    once = estimate({"kind": "fixed", "amount_yuan": 500_000})
    assert once.amount_yuan == 500_000 and once.note == "50万 = 50万"
    yearly = estimate({"kind": "fixed", "amount_yuan": 500_000, "duration_years": 2}, years=3)
    assert yearly.amount_yuan == 1_000_000
    longer = estimate({"kind": "fixed", "amount_yuan": 500_000, "duration_years": 5}, years=3)
    assert longer.amount_yuan == 1_500_000 and "按3年计" in longer.note


def test_percentages_of_every_base() -> None:
    investment = estimate(
        {"kind": "percentage", "rate": 0.05, "base": "investment_yuan"}, investment_yuan=1e8
    )
    assert investment.amount_yuan == 5_000_000 and investment.note == "投资额 1亿 × 5% = 500万"
    capital = estimate(
        {"kind": "percentage", "rate": 0.01, "base": "registered_capital_yuan"}, registered_capital_yuan=2e7
    )
    assert capital.amount_yuan == 200_000
    revenue = estimate(
        {"kind": "percentage", "rate": 0.02, "base": "revenue_yuan", "duration_years": 3}, revenue_yuan=5e7
    )
    assert revenue.amount_yuan == 3_000_000
    rent = estimate(
        {"kind": "percentage", "rate": 0.5, "base": "rent_yuan", "duration_years": 2},
        space_m2=1000,
        rent_yuan_m2_month=40,
    )
    assert rent.amount_yuan == 0.5 * 1000 * 40 * 12 * 2 and "年租金 48万" in rent.note


def test_a_missing_base_gives_no_estimate_and_says_why() -> None:
    missing = estimate({"kind": "percentage", "rate": 0.05, "base": "investment_yuan"})
    assert missing.amount_yuan is None and "investment_yuan" in missing.note
    band_only = estimate(
        {"kind": "percentage", "rate": 0.02, "base": "revenue_yuan"}, revenue_band="20m_100m"
    )
    assert band_only.amount_yuan is None and "20m_100m" in band_only.note
    no_rent = estimate({"kind": "percentage", "rate": 0.5, "base": "rent_yuan"}, space_m2=100)
    assert no_rent.amount_yuan is None and no_rent.note == "需要 rent_yuan_m2_month"


def test_per_m2() -> None:
    assert estimate({"kind": "per_m2", "amount_yuan_per_m2": 300}).note == "需要 space_m2"
    once = estimate({"kind": "per_m2", "amount_yuan_per_m2": 300}, space_m2=2000)
    assert once.amount_yuan == 600_000
    yearly = estimate(
        {"kind": "per_m2", "amount_yuan_per_m2": 300, "duration_years": 3}, space_m2=2000, years=2
    )
    assert yearly.amount_yuan == 1_200_000


def test_rent_free_months() -> None:
    both = estimate({"kind": "rent_free_months", "months": 6})
    assert both.amount_yuan is None and both.note == "需要 space_m2 和 rent_yuan_m2_month"
    once = estimate({"kind": "rent_free_months", "months": 6}, space_m2=500, rent_yuan_m2_month=30)
    assert once.amount_yuan == 6 * 500 * 30
    # 免租 36 months counted within a one-year horizon: 12 months.
    clipped = estimate(
        {"kind": "rent_free_months", "months": 36}, space_m2=500, rent_yuan_m2_month=30, years=1
    )
    assert clipped.amount_yuan == 12 * 500 * 30
    yearly = estimate(
        {"kind": "rent_free_months", "months": 3, "duration_years": 3},
        space_m2=500,
        rent_yuan_m2_month=30,
        years=3,
    )
    assert yearly.amount_yuan == 3 * 500 * 30 * 3
    with pytest.raises(ValidationError):
        benefit(kind="rent_free_months", months=13, duration_years=2)


def test_caps() -> None:
    capped = estimate(
        {"kind": "percentage", "rate": 0.1, "base": "investment_yuan", "cap_yuan": 3_000_000},
        investment_yuan=1e8,
    )
    assert capped.amount_yuan == 3_000_000 and capped.note.endswith("封顶 300万")
    under = estimate(
        {"kind": "percentage", "rate": 0.01, "base": "investment_yuan", "cap_yuan": 3_000_000},
        investment_yuan=1e8,
    )
    assert under.amount_yuan == 1_000_000 and "封顶" not in under.note
    yearly_capped = estimate(
        {"kind": "fixed", "amount_yuan": 1e6, "duration_years": 5, "cap_yuan": 2e6}, years=3
    )
    assert yearly_capped.amount_yuan == 2e6


def test_bad_benefits_are_refused() -> None:
    for body in (
        {"kind": "fixed", "amount_yuan": 0},
        {"kind": "percentage", "rate": 5, "base": "investment_yuan"},
        {"kind": "percentage", "rate": 0.1, "base": "profit"},
        {"kind": "lottery"},
        {"kind": "fixed", "amount_yuan": 1, "cap_yuan": -1},
    ):
        with pytest.raises(ValidationError):
            benefit(**body)


# --- whole policies ----------------------------------------------------------------------------


def test_evaluate_policy_and_totals() -> None:
    company = facts(
        registered_capital_yuan=1e7, qualifications=("high_tech_enterprise",), investment_yuan=1e8
    )
    grant = benefit(kind="fixed", amount_yuan=1e6)
    sure = evaluate_policy([cond("registered_capital_yuan", ">=", 5e6)], grant, company)
    maybe = evaluate_policy([cond("headcount", ">=", 100)], grant, company)
    never = evaluate_policy([cond("qualifications", "contains", "little_giant")], grant, company)
    unpriced = evaluate_policy([], benefit(kind="per_m2", amount_yuan_per_m2=100), company)
    assert [p.eligible for p in (sure, maybe, never, unpriced)] == [
        Eligibility.yes,
        Eligibility.unknown,
        Eligibility.no,
        Eligibility.yes,
    ]
    assert unpriced.estimate.amount_yuan is None
    assert totals([sure, maybe, never, unpriced]) == (1e6, 2e6)
    assert totals([]) == (0, 0)
    assert isinstance(sure, PolicyOutcome) and sure.conditions[0].result is PASS
