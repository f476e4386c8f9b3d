import random
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared.principal import SERVICE
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
