import random
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.catalog.companies.models import CompanyFinancial
from services.catalog.seed.reference import read_parks
from shared.principal import SERVICE
from shared.settings import Settings
from tests.catalog.test_carriers import create_carrier
from tests.catalog.test_companies import create_company
from tests.catalog.test_parks import create_park
from tests.conftest import ADMIN, as_principal, enterprise_of, officer_of, unique

POLICIES = "/api/v1/policies"
EVALUATE = "/api/v1/policies/evaluate"


def policy_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "scope": "national",
        "title": f"研发费用补助{unique()}",
        "issuer": "工业和信息化部",
        "category": "rd",
        "target_industries": ["集成电路"],
        "conditions": [{"field": "registered_capital_yuan", "op": ">=", "value": 5_000_000}],
        "benefit": {"kind": "fixed", "amount_yuan": 500_000},
        "valid_from": "2024-01-01",
        "valid_to": "2026-12-31",
        "full_text": "对注册资本500万元以上的企业给予一次性补助。",
        "source_url": "https://example.gov.cn/policy/1",
    }
    body.update(overrides)
    return body


def create_policy(client: TestClient, headers: dict[str, str] = ADMIN, **overrides: Any) -> dict[str, Any]:
    response = client.post(POLICIES, json=policy_body(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def create_nodes(client: TestClient, count: int) -> list[int]:
    nodes = [{"key": "s", "name": "上游", "level": "segment", "stage": "upstream"}]
    nodes += [{"key": "m", "name": "材料", "level": "sub_segment", "parent_key": "s"}]
    nodes += [{"key": f"n{i}", "name": f"环节{i}", "level": "node", "parent_key": "m"} for i in range(count)]
    chain = client.post(
        "/api/v1/chains", json={"code": unique("C"), "name": "链", "nodes": nodes}, headers=ADMIN
    )
    assert chain.status_code == 201, chain.text
    return [node["id"] for node in chain.json()["nodes"] if node["level"] == "node"]


def error_field(response: Any) -> str:
    assert response.status_code == 422, response.text
    field: str = response.json()["error"]["details"][0]["field"]
    return field


def unique_day() -> date:
    """A day no other test's policies are valid on (they use windows far from it)."""
    return date(2400, 1, 1) + timedelta(days=random.randrange(200_000))


def unique_province() -> str:
    return f"测省{unique()}"


# --- CRUD --------------------------------------------------------------------------------------


def test_create_read_update_delete(catalog_client: TestClient) -> None:
    policy = create_policy(catalog_client)
    assert policy["version"] == 1 and policy["benefit"]["kind"] == "fixed"
    assert policy["conditions"] == [{"field": "registered_capital_yuan", "op": ">=", "value": 5_000_000}]
    path = f"{POLICIES}/{policy['id']}"
    assert catalog_client.get(path).json()["title"] == policy["title"]

    change = {"version": 1, "benefit": {"kind": "percentage", "rate": 0.05, "base": "investment_yuan"}}
    updated = catalog_client.patch(path, json=change, headers=ADMIN)
    assert updated.status_code == 200, updated.text
    assert updated.json()["version"] == 2 and updated.json()["benefit"]["rate"] == 0.05

    stale = catalog_client.patch(path, json={"version": 1, "title": "旧"}, headers=ADMIN)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"
    assert catalog_client.get(path).json()["title"] == policy["title"]

    assert catalog_client.delete(f"{path}?version=1", headers=ADMIN).status_code == 409
    assert catalog_client.delete(f"{path}?version=2", headers=ADMIN).status_code == 204
    assert catalog_client.get(path).status_code == 404


def test_park_policies_take_the_parks_place(catalog_client: TestClient) -> None:
    park = create_park(catalog_client, province="江苏省", city="苏州市")
    policy = create_policy(catalog_client, scope="park", park_id=park["id"])
    assert (policy["province"], policy["city"]) == ("江苏省", "苏州市")
    short = create_policy(catalog_client, scope="park", park_id=park["id"], province="江苏")
    assert short["province"] == "江苏省"


def test_the_place_must_fit_the_scope(catalog_client: TestClient) -> None:
    park = create_park(catalog_client, province="江苏省", city="苏州市")
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"scope": "national", "province": "江苏省"}, "body.province", "must be empty"),
        ({"scope": "province"}, "body.province", "required"),
        ({"scope": "province", "province": "江苏省", "city": "苏州市"}, "body.city", "must be empty"),
        ({"scope": "city", "province": "江苏省"}, "body.city", "required"),
        (
            {"scope": "city", "province": "江苏省", "city": "苏州市", "park_id": park["id"]},
            "body.park_id",
            "empty",
        ),
        ({"scope": "park"}, "body.park_id", "required"),
        ({"scope": "park", "park_id": 10**9}, "body.park_id", "does not exist"),
        ({"scope": "park", "park_id": park["id"], "province": "浙江省"}, "body.province", "江苏省"),
        ({"scope": "park", "park_id": park["id"], "city": "无锡市"}, "body.city", "苏州市"),
        ({"scope": "moon"}, "body.scope", ""),
    ]
    for overrides, field, reason in cases:
        response = catalog_client.post(POLICIES, json=policy_body(**overrides), headers=ADMIN)
        assert error_field(response) == field, overrides
        assert reason in response.json()["error"]["details"][0]["reason"], overrides


def test_conditions_benefit_dates_and_nodes_are_validated(catalog_client: TestClient) -> None:
    def post(**overrides: Any) -> Any:
        return catalog_client.post(POLICIES, json=policy_body(**overrides), headers=ADMIN)

    good = {"field": "headcount", "op": ">=", "value": 10}
    assert (
        error_field(post(conditions=[{"field": "profit", "op": ">=", "value": 1}]))
        == "body.conditions.0.field"
    )
    assert error_field(post(conditions=[good, {"field": "headcount", "op": "~", "value": 1}])) == (
        "body.conditions.1.op"
    )
    assert error_field(post(conditions=[good, {"field": "headcount", "op": "contains", "value": "1"}])) == (
        "body.conditions.1.op"
    )
    assert error_field(post(conditions=[{"field": "headcount", "op": ">=", "value": "many"}])) == (
        "body.conditions.0.value"
    )
    assert error_field(post(conditions=[{"field": "qualifications", "op": "in", "value": ["高企"]}])) == (
        "body.conditions.0.value"
    )
    assert error_field(post(benefit={"kind": "percentage", "rate": 5, "base": "investment_yuan"})) == (
        "body.benefit.percentage.rate"
    )
    assert error_field(post(benefit={"kind": "voucher"})) == "body.benefit"
    assert error_field(post(valid_from="2025-01-01", valid_to="2024-12-31")) == "body.valid_to"

    nodes = create_nodes(catalog_client, 1)
    assert error_field(post(target_node_ids=[nodes[0], 10**9])) == "body.target_node_ids.1"
    assert create_policy(catalog_client, target_node_ids=nodes)["target_node_ids"] == nodes


def test_updates_are_validated_against_the_stored_policy(catalog_client: TestClient) -> None:
    policy = create_policy(catalog_client, valid_from="2025-01-01", valid_to="2025-12-31")
    path = f"{POLICIES}/{policy['id']}"
    assert (
        error_field(catalog_client.patch(path, json={"version": 1, "title": None}, headers=ADMIN))
        == "body.title"
    )
    assert error_field(
        catalog_client.patch(path, json={"version": 1, "scope": "province"}, headers=ADMIN)
    ) == ("body.province")
    assert error_field(
        catalog_client.patch(path, json={"version": 1, "valid_to": "2024-01-01"}, headers=ADMIN)
    ) == ("body.valid_to")
    moved = catalog_client.patch(
        path, json={"version": 1, "scope": "province", "province": "广东省"}, headers=ADMIN
    )
    assert moved.status_code == 200 and moved.json()["province"] == "广东省"
    assert catalog_client.get(path).json()["version"] == 2


def test_who_may_write(catalog_client: TestClient) -> None:
    park = create_park(catalog_client)
    other = create_park(catalog_client)
    officer = officer_of(park["id"])
    body = policy_body(scope="park", park_id=park["id"])
    assert catalog_client.post(POLICIES, json=body).status_code == 401
    for role in (enterprise_of(1), as_principal(SERVICE), officer_of(other["id"])):
        assert catalog_client.post(POLICIES, json=body, headers=role).status_code == 403
    assert catalog_client.post(POLICIES, json=policy_body(), headers=officer).status_code == 403

    own = create_policy(catalog_client, headers=officer, scope="park", park_id=park["id"])
    path = f"{POLICIES}/{own['id']}"
    assert (
        catalog_client.patch(path, json={"version": 1, "title": "园区租金补贴"}, headers=officer).status_code
        == 200
    )
    for change in ({"park_id": other["id"]}, {"scope": "province", "park_id": None, "province": "江苏省"}):
        assert catalog_client.patch(path, json={"version": 2, **change}, headers=officer).status_code == 403

    national = create_policy(catalog_client)
    national_path = f"{POLICIES}/{national['id']}"
    to_park = {"version": 1, "scope": "park", "park_id": park["id"]}
    assert catalog_client.patch(national_path, json=to_park, headers=officer).status_code == 403
    assert catalog_client.delete(national_path, headers=officer).status_code == 403
    assert catalog_client.delete(path, headers=officer_of(other["id"])).status_code == 403
    assert catalog_client.delete(path, headers=officer).status_code == 204


def test_list_filters(catalog_client: TestClient) -> None:
    tag = unique("产业")
    province = unique_province()
    park = create_park(catalog_client, province=province, city="测试市")
    nodes = create_nodes(catalog_client, 2)
    national = create_policy(catalog_client, target_industries=[tag], category="tax", valid_to="2025-06-30")
    regional = create_policy(
        catalog_client,
        scope="province",
        province=province,
        target_industries=[f"新{tag}"],
        target_node_ids=[nodes[0]],
        valid_from="2025-07-01",
        valid_to=None,
    )
    in_park = create_policy(
        catalog_client,
        scope="park",
        park_id=park["id"],
        target_industries=[tag],
        target_node_ids=[nodes[1]],
        category="rent",
        title=f"标准厂房租金减免{tag}",
    )

    def ids(**params: Any) -> list[int]:
        page = catalog_client.get(POLICIES, params={"industry": tag, **params}).json()
        return [item["id"] for item in page["items"]]

    assert ids() == [national["id"], regional["id"], in_park["id"]]
    assert ids(scope="province") == [regional["id"]]
    assert ids(province=province[:4]) == [regional["id"], in_park["id"]]
    assert ids(park_id=park["id"]) == [in_park["id"]]
    assert ids(category="tax") == [national["id"]]
    assert ids(node_id=nodes[0]) == [regional["id"]]
    assert ids(node_id=nodes[1]) == [in_park["id"]]
    assert ids(valid_on="2025-06-30") == [national["id"], in_park["id"]]
    assert ids(valid_on="2027-01-01") == [regional["id"]]
    assert ids(q="标准厂房") == [in_park["id"]]
    assert ids(ids=[national["id"], in_park["id"]]) == [national["id"], in_park["id"]]
    assert ids(sort="-valid_to") == [in_park["id"], national["id"], regional["id"]]  # open end last
    paged = catalog_client.get(POLICIES, params={"industry": tag, "limit": 2}).json()
    rest = catalog_client.get(
        POLICIES, params={"industry": tag, "limit": 2, "cursor": paged["next_cursor"]}
    ).json()
    assert paged["total"] == 3 and [p["id"] for p in paged["items"] + rest["items"]] == ids()


# --- the policy calculator ---------------------------------------------------------------------


def window(day: date, **overrides: Any) -> dict[str, Any]:
    return {
        "valid_from": str(day - timedelta(days=10)),
        "valid_to": str(day + timedelta(days=10)),
        **overrides,
    }


def fixed(amount: float, **terms: Any) -> dict[str, Any]:
    return {"kind": "fixed", "amount_yuan": amount, **terms}


@pytest.fixture
def scenario(catalog_client: TestClient) -> dict[str, Any]:
    """A zone with a sub-park and another park in a province of its own, a company, and policies
    of every scope in force on a day of their own."""
    client, day, province = catalog_client, unique_day(), unique_province()
    zone = create_park(client, province=province, city="测试市")
    sub_park = create_park(client, province=province, city="测试市", parent_id=zone["id"])
    other_park = create_park(client, province=province, city="别的市")
    company = create_company(
        client,
        province=province,
        city="测试市",
        registered_capital_yuan=3_000_000,
        revenue_band="20m_100m",
        headcount=120,
        industry_codes=["3985"],
        qualifications=["high_tech_enterprise"],
        founded_year=2015,
        needs={"space_m2": 2000, "budget_yuan_m2_month": 35},
    )

    def policy(**overrides: Any) -> int:
        return int(create_policy(client, **window(day, **overrides))["id"])

    ids = {
        "capital": policy(benefit=fixed(1_000_000)),
        "high_tech": policy(
            conditions=[{"field": "qualifications", "op": "contains", "value": "high_tech_enterprise"}],
            benefit={"kind": "percentage", "rate": 0.05, "base": "investment_yuan", "cap_yuan": 3_000_000},
        ),
        "revenue": policy(
            scope="province",
            province=province,
            conditions=[{"field": "revenue_yuan", "op": ">=", "value": 50_000_000}],
            benefit=fixed(2_000_000),
        ),
        "city": policy(
            scope="city",
            province=province,
            city="测试市",
            conditions=[{"field": "headcount", "op": ">=", "value": 100}],
            benefit={"kind": "per_m2", "amount_yuan_per_m2": 100},
        ),
        "other_city": policy(scope="city", province=province, city="别的市", conditions=[], benefit=fixed(1)),
        "zone": policy(
            scope="park", park_id=zone["id"], conditions=[], benefit={"kind": "rent_free_months", "months": 6}
        ),
        "sub_park": policy(
            scope="park",
            park_id=sub_park["id"],
            conditions=[{"field": "industry_code", "op": "prefix", "value": "C39"}],
            benefit=fixed(300_000),
        ),
        "other_park": policy(scope="park", park_id=other_park["id"], conditions=[], benefit=fixed(7)),
    }
    create_policy(client, valid_from=str(day - timedelta(days=30)), valid_to=str(day - timedelta(days=1)))
    return {
        "day": day,
        "province": province,
        "zone": zone,
        "sub_park": sub_park,
        "other_park": other_park,
        "company": company,
        "ids": ids,
    }


def by_id(evaluation: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {item["policy_id"]: item for item in evaluation["policies"]}


def foreign_totals(evaluation: dict[str, Any], mine: set[int]) -> tuple[float, float]:
    """What national policies made by other tests (open-ended ones) add to the totals."""
    sure = maybe = 0.0
    for item in evaluation["policies"]:
        if item["policy_id"] not in mine:
            amount = item["estimated_yuan"] or 0.0
            sure += amount if item["eligible"] == "yes" else 0.0
            maybe += amount if item["eligible"] in ("yes", "unknown") else 0.0
    return sure, maybe


def test_evaluate_a_stored_company_in_a_sub_park(
    catalog_client: TestClient, scenario: dict[str, Any]
) -> None:
    ids = scenario["ids"]
    request = {
        "company_id": scenario["company"]["id"],
        "park_id": scenario["sub_park"]["id"],
        "investment_yuan": 100_000_000,
        "on": str(scenario["day"]),
    }
    response = catalog_client.post(EVALUATE, json=request, headers=ADMIN)
    assert response.status_code == 200, response.text
    evaluation = response.json()
    assert (evaluation["province"], evaluation["city"], evaluation["years"]) == (
        scenario["province"],
        "测试市",
        3,
    )
    assert evaluation["used_private_needs"] is True
    found = by_id(evaluation)
    mine = set(found) & set(ids.values())
    expected_present = {"capital", "high_tech", "revenue", "city", "zone", "sub_park"}
    assert mine == {ids[name] for name in expected_present}

    capital = found[ids["capital"]]
    assert capital["eligible"] == "no" and capital["estimated_yuan"] == 1_000_000
    assert capital["conditions"] == [
        {
            "field": "registered_capital_yuan",
            "op": ">=",
            "value": 5_000_000,
            "result": "fail",
            "reason": "注册资本 300万 < 500万",
            "known": 3_000_000,
            "as_of": None,
            "source": None,
        }
    ]
    high_tech = found[ids["high_tech"]]
    assert high_tech["eligible"] == "yes" and high_tech["estimated_yuan"] == 3_000_000
    assert high_tech["estimate_note"] == "投资额 1亿 × 5% = 500万，封顶 300万"
    revenue = found[ids["revenue"]]
    assert revenue["eligible"] == "unknown" and revenue["conditions"][0]["result"] == "unknown"
    assert found[ids["city"]]["estimated_yuan"] == 2000 * 100  # the company's own space need
    assert found[ids["zone"]]["estimated_yuan"] == 6 * 2000 * 35  # its rent budget as the rent
    assert found[ids["sub_park"]]["eligible"] == "yes" and found[ids["sub_park"]]["estimated_yuan"] == 300_000

    sure, maybe = foreign_totals(evaluation, mine)
    assert evaluation["total_eligible_yuan"] == pytest.approx(sure + 3_000_000 + 200_000 + 420_000 + 300_000)
    assert evaluation["total_possible_yuan"] == pytest.approx(
        maybe + 3_000_000 + 200_000 + 420_000 + 300_000 + 2_000_000
    )
    order = [item["eligible"] for item in evaluation["policies"]]
    assert order == sorted(order, key=["yes", "unknown", "no"].index)


def test_private_needs_only_for_callers_who_may_read_them(
    catalog_client: TestClient, scenario: dict[str, Any]
) -> None:
    ids, company = scenario["ids"], scenario["company"]
    request = {"company_id": company["id"], "park_id": scenario["zone"]["id"], "on": str(scenario["day"])}
    other = create_company(catalog_client)
    callers = {
        "anonymous": ({}, False),
        "other enterprise": (enterprise_of(other["id"]), False),
        "officer": (officer_of(scenario["zone"]["id"]), False),
        "own enterprise": (enterprise_of(company["id"]), True),
        "service": (as_principal(SERVICE), True),
    }
    for caller, (headers, reads) in callers.items():
        evaluation = catalog_client.post(EVALUATE, json=request, headers=headers).json()
        assert evaluation["used_private_needs"] is reads, caller
        zone = by_id(evaluation)[ids["zone"]]
        if reads:
            assert zone["estimated_yuan"] == 6 * 2000 * 35, caller
        else:
            assert zone["estimated_yuan"] is None, caller
            assert zone["estimate_note"] == "需要 space_m2 和 rent_yuan_m2_month", caller

    # What the caller says wins over the stored needs.
    given = catalog_client.post(
        EVALUATE, json={**request, "space_m2": 100, "rent_yuan_m2_month": 50}, headers=ADMIN
    ).json()
    assert (
        given["used_private_needs"] is False and by_id(given)[ids["zone"]]["estimated_yuan"] == 6 * 100 * 50
    )


def test_evaluate_an_inline_company_without_a_park(
    catalog_client: TestClient, scenario: dict[str, Any]
) -> None:
    ids = scenario["ids"]
    profile = {
        "province": scenario["province"][:4],
        "city": "测试市",
        "revenue_band": "100m_400m",
        "headcount": 50,
        "registered_capital_yuan": 10_000_000,
    }
    evaluation = catalog_client.post(
        EVALUATE, json={"company": profile, "on": str(scenario["day"]), "years": 1}
    ).json()
    assert evaluation["company_id"] is None and evaluation["park_id"] is None
    found = by_id(evaluation)
    assert set(found) & set(ids.values()) == {ids[n] for n in ("capital", "high_tech", "revenue", "city")}
    assert found[ids["revenue"]]["eligible"] == "yes"  # the band lies wholly above 5000万
    assert found[ids["city"]]["eligible"] == "no"
    assert found[ids["high_tech"]]["eligible"] == "unknown"  # qualifications not given
    assert found[ids["high_tech"]]["estimated_yuan"] is None  # nor an investment
    assert found[ids["capital"]]["eligible"] == "yes"

    later = catalog_client.post(
        EVALUATE, json={"company": profile, "on": str(scenario["day"] + timedelta(days=11))}
    ).json()
    assert not set(by_id(later)) & set(ids.values())


def test_evaluate_many_parks_at_once(catalog_client: TestClient, scenario: dict[str, Any]) -> None:
    ids = scenario["ids"]
    parks = [scenario["other_park"]["id"], scenario["sub_park"]["id"], scenario["zone"]["id"]]
    request = {"company_id": scenario["company"]["id"], "park_ids": parks, "on": str(scenario["day"])}
    batch = catalog_client.post(f"{EVALUATE}/batch", json=request, headers=ADMIN)
    assert batch.status_code == 200, batch.text
    items = batch.json()["items"]
    assert [item["park_id"] for item in items] == parks
    mine = [set(by_id(item)) & set(ids.values()) for item in items]
    shared = {ids[n] for n in ("capital", "high_tech", "revenue")}
    assert mine[0] == shared | {ids["other_city"], ids["other_park"]}
    assert mine[1] == shared | {ids["city"], ids["zone"], ids["sub_park"]}
    assert mine[2] == shared | {ids["city"], ids["zone"]}
    one_park = {"company_id": scenario["company"]["id"], "park_id": parks[1], "on": str(scenario["day"])}
    single = catalog_client.post(EVALUATE, json=one_park, headers=ADMIN).json()
    assert single == items[1]

    bad = catalog_client.post(f"{EVALUATE}/batch", json={**request, "park_ids": [parks[0], 10**9]})
    assert error_field(bad) == "body.park_ids.1"
    assert (
        error_field(catalog_client.post(f"{EVALUATE}/batch", json={**request, "park_ids": []}))
        == "body.park_ids"
    )


def test_evaluate_errors_name_the_field(catalog_client: TestClient) -> None:
    company = create_company(catalog_client)
    cases: list[tuple[dict[str, Any], str]] = [
        ({}, "body.company_id"),
        ({"company_id": company["id"], "company": {"headcount": 1}}, "body.company_id"),
        ({"company_id": 10**9}, "body.company_id"),
        ({"company_id": company["id"], "park_id": 10**9}, "body.park_id"),
        ({"company": {"revenue_band": "lots"}}, "body.company.revenue_band"),
        ({"company": {"qualifications": ["famous"]}}, "body.company.qualifications.0"),
        ({"company": {}, "years": 0}, "body.years"),
        ({"company": {}, "space_m2": -5}, "body.space_m2"),
        ({"company": {}, "on": "someday"}, "body.on"),
    ]
    for body, field in cases:
        assert error_field(catalog_client.post(EVALUATE, json=body)) == field, body


# --- levels, places and stacking ----------------------------------------------------------------


def test_policy_levels_match_the_parks_province_city_and_county(catalog_client: TestClient) -> None:
    """City policies used to drop for parks whose `city` held a county: each level now matches the
    park's own province, city and county."""
    client, day, province = catalog_client, unique_day(), unique_province()
    here = create_park(client, province=province, city="测试市", county="测试区")
    next_door = create_park(client, province=province, city="测试市", county="邻区")
    elsewhere = create_park(client, province=province, city="别的市", county="测试区")

    def policy(**place: Any) -> int:
        return int(create_policy(client, **window(day, conditions=[], benefit=fixed(1000), **place))["id"])

    ids = {
        "province": policy(scope="province", province=province),
        "city": policy(scope="city", province=province, city="测试市"),
        "county": policy(scope="county", province=province, city="测试市", county="测试区"),
        "other county": policy(scope="county", province=province, city="测试市", county="邻区"),
        "same county name, other city": policy(
            scope="county", province=province, city="别的市", county="测试"
        ),
        "park": policy(scope="park", park_id=here["id"]),
    }
    park_policy = create_policy(client, scope="park", park_id=here["id"])
    assert (park_policy["city"], park_policy["county"]) == ("测试市", "测试区")
    request = {"company": {}, "park_ids": [here["id"], next_door["id"], elsewhere["id"]], "on": str(day)}
    items = client.post(f"{EVALUATE}/batch", json=request).json()["items"]
    assert [(item["city"], item["county"]) for item in items] == [
        ("测试市", "测试区"),
        ("测试市", "邻区"),
        ("别的市", "测试区"),
    ]
    found = [{name for name, policy_id in ids.items() if policy_id in by_id(item)} for item in items]
    assert found == [
        {"province", "city", "county", "park"},
        {"province", "city", "other county"},
        {"province", "same county name, other city"},
    ]
    county_without_city = policy_body(scope="county", province=province, county="测试区")
    assert error_field(client.post(POLICIES, json=county_without_city, headers=ADMIN)) == "body.city"
    wrong_county = policy_body(scope="park", park_id=here["id"], county="邻区")
    assert error_field(client.post(POLICIES, json=wrong_county, headers=ADMIN)) == "body.county"


def test_a_company_in_kunshan_etdz_gets_suzhou_policies(catalog_client: TestClient) -> None:
    """昆山经济技术开发区 lies in 昆山市 of 苏州市: 苏州市's and 昆山市's policies apply to a company
    there, 无锡市's and 江阴市's do not. The park is made as an officer would, from its name alone."""
    client, day = catalog_client, unique_day()
    record = next(
        park for park in read_parks(Settings().reference_data_dir, []) if park.name == "昆山经济技术开发区"
    )
    park = create_park(
        client, name=f"{record.name}{unique()}", zone_type="etdz", province="江苏省", city=None
    )
    geography = ("province", "city", "city_code", "county", "county_code")
    assert [park[key] for key in geography] == [getattr(record, key) for key in geography]
    assert (park["city"], park["county"]) == ("苏州市", "昆山市")

    def policy(**place: Any) -> int:
        return int(create_policy(client, **window(day, conditions=[], benefit=fixed(1000), **place))["id"])

    ids = {
        "江苏省": policy(scope="province", province="江苏省"),
        "苏州市": policy(scope="city", province="江苏省", city="苏州市"),
        "昆山市": policy(scope="county", province="江苏省", city="苏州市", county="昆山市"),
        "无锡市": policy(scope="city", province="江苏省", city="无锡市"),
        "江阴市": policy(scope="county", province="江苏省", city="无锡市", county="江阴市"),
    }
    company = create_company(client, province="江苏省")
    request = {"company_id": company["id"], "park_id": park["id"], "on": str(day)}
    response = client.post(EVALUATE, json=request, headers=ADMIN)
    assert response.status_code == 200, response.text
    evaluation = response.json()
    assert (evaluation["city"], evaluation["county"]) == ("苏州市", "昆山市")
    found = {name for name, policy_id in ids.items() if policy_id in by_id(evaluation)}
    assert found == {"江苏省", "苏州市", "昆山市"}


def rent_policies(client: TestClient, day: date, park_id: int, province: str) -> dict[str, int]:
    """Three rent benefits (a city's share of the rent, the park's subsidy per m², rent-free months)
    and an R&D subsidy, none with conditions."""

    def policy(**overrides: Any) -> int:
        return int(create_policy(client, **window(day, conditions=[], **overrides))["id"])

    return {
        "city rent": policy(
            scope="city",
            province=province,
            city="测试市",
            category="rent",
            benefit={"kind": "percentage", "rate": 0.5, "base": "rent_yuan", "duration_years": 3},
        ),
        "park rent": policy(
            scope="park",
            park_id=park_id,
            category="rent",
            benefit={"kind": "per_m2", "amount_yuan_per_m2": 200, "duration_years": 3},
        ),
        "rent free": policy(
            scope="park", park_id=park_id, category="rent", benefit={"kind": "rent_free_months", "months": 12}
        ),
        "rd": policy(
            scope="province", province=province, category="rd", benefit=fixed(500_000, duration_years=3)
        ),
    }


def test_rent_benefits_stop_at_the_rent_and_other_subsidies_stand_beside_it(
    catalog_client: TestClient,
) -> None:
    """The 天津东疆 case: a 200 m² startup's net cost came out at −1,294,800 yuan because an R&D
    subsidy was subtracted from its rent, and three rent benefits added up past the rent."""
    client, day, province = catalog_client, unique_day(), unique_province()
    park = create_park(client, province=province, city="测试市", county="测试区")
    office = create_carrier(client, park["id"], kind="office", available_area_m2=800, rent_yuan_m2_month=45)
    ids = rent_policies(client, day, park["id"], province)
    request = {
        "company": {},
        "park_id": park["id"],
        "carrier_id": office["id"],
        "space_m2": 200,
        "on": str(day),
    }
    response = client.post(EVALUATE, json=request)
    assert response.status_code == 200, response.text
    evaluation = response.json()
    rent = 200 * 45 * 12 * 3
    location = evaluation["location"]
    assert location["kind"] == "rent" and location["carrier_id"] == office["id"]
    assert (location["space_m2"], location["gross_yuan"]) == (200, rent)
    assert location["benefits_yuan"] == rent and location["net_yuan"] == 0  # never below zero
    found = by_id(evaluation)
    assert sum(found[ids[name]]["counted_yuan"] for name in ("city rent", "park rent", "rent free")) == rent
    assert sum(found[ids[name]]["estimated_yuan"] for name in ("city rent", "park rent", "rent free")) > rent
    trimmed = [found[ids[name]] for name in ("city rent", "park rent", "rent free")]
    assert any("合计不超过租金" in (item["stacking_note"] or "") for item in trimmed)
    rd = found[ids["rd"]]
    assert rd["offsets"] is None and rd["counted_yuan"] == 1_500_000
    assert evaluation["other_subsidies_yuan"] >= 1_500_000  # beside the rent, not subtracted from it


def test_an_exclusive_group_and_a_share_cap_through_the_api(catalog_client: TestClient) -> None:
    client, day, province = catalog_client, unique_day(), unique_province()
    park = create_park(client, province=province, city="测试市")
    small = create_policy(
        client,
        **window(day, scope="park", park_id=park["id"], category="rent", conditions=[]),
        benefit={
            "kind": "rent_free_months",
            "months": 3,
            "exclusive_group": "入驻租金",
            "max_share_of_cost": 0.5,
        },
    )
    large = create_policy(
        client,
        **window(day, scope="city", province=province, city="测试市", category="rent", conditions=[]),
        benefit={
            "kind": "rent_free_months",
            "months": 30,
            "exclusive_group": "入驻租金",
            "max_share_of_cost": 0.5,
        },
    )
    request = {
        "company": {},
        "park_id": park["id"],
        "space_m2": 100,
        "rent_yuan_m2_month": 40,
        "on": str(day),
    }
    evaluation = client.post(EVALUATE, json=request).json()
    found = by_id(evaluation)
    rent = 100 * 40 * 36
    assert found[large["id"]]["estimated_yuan"] == 30 * 100 * 40
    assert found[large["id"]]["counted_yuan"] == rent / 2
    assert found[large["id"]]["stacking_note"] == "不超过租金的50%（7.2万）"
    assert found[small["id"]]["counted_yuan"] == 0
    assert "就高不重复" in found[small["id"]]["stacking_note"]
    assert evaluation["location"]["net_yuan"] == rent / 2

    rd_share = policy_body(benefit={"kind": "fixed", "amount_yuan": 1, "max_share_of_cost": 0.5})
    assert (
        error_field(client.post(POLICIES, json=rd_share, headers=ADMIN)) == "body.benefit.max_share_of_cost"
    )


def test_an_area_beyond_the_carrier_is_capped(catalog_client: TestClient) -> None:
    client, day = catalog_client, unique_day()
    park = create_park(client, province=unique_province(), city="测试市")
    factory = create_carrier(
        client, park["id"], total_area_m2=40_000, available_area_m2=30_720, rent_yuan_m2_month=30
    )
    request = {
        "company": {},
        "park_id": park["id"],
        "carrier_id": factory["id"],
        "space_m2": 50_000,
        "on": str(day),
    }
    location = client.post(EVALUATE, json=request).json()["location"]
    assert (location["requested_m2"], location["available_m2"], location["space_m2"]) == (
        50_000,
        30_720,
        30_720,
    )
    assert location["gross_yuan"] == 30_720 * 30 * 12 * 3
    assert "其余 19280m² 需另寻载体" in location["note"]


def test_a_land_parcel_is_costed(catalog_client: TestClient) -> None:
    client, day = catalog_client, unique_day()
    park = create_park(client, province=unique_province(), city="测试市")
    parcel = create_carrier(
        client,
        park["id"],
        kind="land_parcel",
        total_area_m2=40_000,
        available_area_m2=40_000,
        rent_yuan_m2_month=None,
        land_price_yuan_m2=450,
    )
    refund = create_policy(
        client,
        **window(day, scope="park", park_id=park["id"], category="land", conditions=[]),
        benefit={"kind": "percentage", "rate": 0.3, "base": "land_yuan"},
    )
    rent = create_policy(
        client,
        **window(day, scope="park", park_id=park["id"], category="rent", conditions=[]),
        benefit={"kind": "per_m2", "amount_yuan_per_m2": 10},
    )
    request = {"company": {}, "park_ids": [park["id"]], "carrier_ids": [parcel["id"]], "on": str(day)}
    evaluation = client.post(f"{EVALUATE}/batch", json=request).json()["items"][0]
    location = evaluation["location"]
    assert location["kind"] == "land" and location["space_m2"] == 40_000  # the whole parcel
    assert location["gross_yuan"] == 40_000 * 450
    assert location["benefits_yuan"] == 0.3 * 40_000 * 450
    assert location["net_yuan"] == 0.7 * 40_000 * 450
    found = by_id(evaluation)
    assert found[refund["id"]]["offsets"] == "land"
    assert found[rent["id"]]["counted_yuan"] == 0 and found[rent["id"]]["stacking_note"] == "无租金可抵"


def test_carrier_and_price_errors_name_the_field(catalog_client: TestClient) -> None:
    park, other = create_park(catalog_client), create_park(catalog_client)
    mine = create_carrier(catalog_client, park["id"])
    theirs = create_carrier(catalog_client, other["id"])
    second = create_carrier(catalog_client, park["id"])
    batch = {"company": {}, "park_ids": [park["id"]]}
    cases: list[tuple[str, dict[str, Any], str]] = [
        (EVALUATE, {"company": {}, "carrier_id": mine["id"]}, "body.carrier_id"),
        (EVALUATE, {"company": {}, "park_id": park["id"], "carrier_id": theirs["id"]}, "body.carrier_id"),
        (EVALUATE, {"company": {}, "park_id": park["id"], "carrier_id": 10**9}, "body.carrier_id"),
        (f"{EVALUATE}/batch", {**batch, "carrier_ids": [mine["id"], second["id"]]}, "body.carrier_ids.1"),
        (
            EVALUATE,
            {"company": {}, "space_m2": 10, "rent_yuan_m2_month": 30, "land_price_yuan_m2": 500},
            "body.land_price_yuan_m2",
        ),
    ]
    for path, body, field in cases:
        assert error_field(catalog_client.post(path, json=body)) == field, body


def test_conditions_read_registry_facts_and_financials_with_their_source(catalog_client: TestClient) -> None:
    client, day = catalog_client, unique_day()
    company = create_company(
        client,
        headcount=80,
        founded_on="2019-07-01",
        founded_year=2019,
        registry_source="company registry (test)",
        registry_as_of="2024-05-01",
    )
    with client.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        session.add(
            CompanyFinancial(
                company_id=company["id"],
                as_of=date(2024, 5, 13),
                revenue_yoy_pct=-18.3,
                source="financials (test)",
            )
        )
        session.commit()
    conditions = [
        {"field": "company_age_years", "op": "<=", "value": 5},
        {"field": "headcount", "op": "<=", "value": 300},
        {"field": "revenue_yoy_pct", "op": ">=", "value": 10},
        {"field": "gross_margin_pct", "op": ">=", "value": 20},
    ]
    policy = create_policy(client, **window(day, conditions=conditions))
    request = {"company_id": company["id"], "on": str(day)}
    judged = by_id(client.post(EVALUATE, json=request, headers=ADMIN).json())[policy["id"]]["conditions"]
    assert [(c["result"], c["known"], c["source"], c["as_of"]) for c in judged] == [
        ("fail", "2019-07-01", "company registry (test)", "2024-05-01"),  # the day lies centuries ahead
        ("pass", 80, "company registry (test)", "2024-05-01"),
        ("fail", -18.3, "financials (test)", "2024-05-13"),
        ("unknown", None, None, None),
    ]


def test_amounts_beyond_any_real_one_are_refused(catalog_client: TestClient) -> None:
    """Every total of the calculator is a finite number: an input that would overflow it is a 422."""
    response = catalog_client.post(
        EVALUATE, json={"company": {"name": "x"}, "space_m2": 100, "rent_yuan_m2_month": 1e300}
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "body.rent_yuan_m2_month"
