import random
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.catalog.chains.models import Chain, ChainNode, NodeCompany
from services.catalog.companies.schemas import USCC_CHARSET, uscc_check_character
from shared.principal import SERVICE, Principal, Role
from tests.conftest import ADMIN, as_principal, enterprise_of, officer_of, unique

# Real codes as published by the companies (腾讯计算机系统, 华为技术) and a textbook example.
REAL_USCCS = ["9144030071526726XG", "914403001922038216", "91350100M000100Y43"]


def valid_uscc() -> str:
    head = "91" + "".join(random.choices("0123456789", k=6)) + "".join(random.choices(USCC_CHARSET, k=9))
    return head + uscc_check_character(head)


def company_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": f"测试科技股份有限公司{unique()}",
        "province": "江苏省",
        "city": "苏州市",
        "industry_codes": ["3985"],
        "sw_industry_code": "270601",
        "sw_industry_name": "电子化学品Ⅲ",
        "products": [{"name": "光刻胶", "share": 0.6}, {"name": "湿电子化学品", "share": 0.3}],
        "qualifications": ["high_tech_enterprise"],
        "funding_stage": "b",
        "needs": {"space_m2": 2000, "services_wanted": ["legal"], "funding_sought_yuan": 5e7},
    }
    body.update(overrides)
    return body


def create_company(client: TestClient, **overrides: Any) -> dict[str, Any]:
    response = client.post("/api/v1/companies", json=company_body(**overrides), headers=ADMIN)
    assert response.status_code == 201, response.text
    return response.json()


def add_chain_nodes(client: TestClient, count: int) -> list[int]:
    """Chain nodes straight in the database (chains have their own API and tests)."""
    with client.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        nodes = [
            ChainNode(key=unique(), name=unique("环节"), level="node", stage="upstream") for _ in range(count)
        ]
        session.add(Chain(code=unique("C"), name="测试链", nodes=nodes))
        session.commit()
        return [node.id for node in nodes]


def names(page: dict[str, Any]) -> set[str]:
    return {item["name"] for item in page["items"]}


def test_known_codes_have_the_right_check_character() -> None:
    for code in REAL_USCCS:
        assert uscc_check_character(code[:17]) == code[17]
    # A remainder of 0 gives 31 - 0 = 31, which wraps to "0".
    assert uscc_check_character("91320500MA1000019") == "0"


def test_uscc_is_validated_and_normalised(catalog_client: TestClient) -> None:
    created = create_company(catalog_client, uscc=f" {REAL_USCCS[0].lower()} ")
    assert created["uscc"] == REAL_USCCS[0]
    for code in REAL_USCCS[1:]:
        assert create_company(catalog_client, uscc=code)["uscc"] == code

    good = valid_uscc()
    wrong_check = good[:17] + next(c for c in "0123456789" if c != good[17])
    for bad in [wrong_check, good[:17], good[:16] + "I" + good[17], ""]:
        response = catalog_client.post("/api/v1/companies", json=company_body(uscc=bad), headers=ADMIN)
        assert response.status_code == 422, bad
        assert response.json()["error"]["details"][0]["field"] == "body.uscc"
    assert (
        "check character"
        in catalog_client.post(
            "/api/v1/companies", json=company_body(uscc=wrong_check), headers=ADMIN
        ).json()["error"]["message"]
    )

    taken = catalog_client.post("/api/v1/companies", json=company_body(uscc=REAL_USCCS[1]), headers=ADMIN)
    assert taken.status_code == 409 and taken.json()["error"]["details"][0]["field"] == "body.uscc"


def test_create_read_update_delete(catalog_client: TestClient) -> None:
    company = create_company(catalog_client, industry_codes=["C3985", "39"], uscc=valid_uscc())
    assert company["version"] == 1 and company["industry_codes"] == ["3985", "39"]
    path = f"/api/v1/companies/{company['id']}"
    got = catalog_client.get(path).json()
    assert got["products"] == [{"name": "光刻胶", "share": 0.6}, {"name": "湿电子化学品", "share": 0.3}]

    own = enterprise_of(company["id"])
    updated = catalog_client.patch(
        path, json={"version": 1, "headcount": 350, "revenue_band": "100m_400m"}, headers=own
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["version"] == 2 and updated.json()["headcount"] == 350

    stale = catalog_client.patch(path, json={"version": 1, "headcount": 1}, headers=own)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"
    assert catalog_client.get(path).json()["headcount"] == 350

    nulled = catalog_client.patch(path, json={"version": 2, "name": None}, headers=ADMIN)
    assert nulled.status_code == 422 and nulled.json()["error"]["details"][0]["field"] == "body.name"

    bad_share = catalog_client.patch(
        path, json={"version": 2, "products": [{"name": "x", "share": 1.5}]}, headers=own
    )
    assert bad_share.status_code == 422
    assert bad_share.json()["error"]["details"][0]["field"].startswith("body.products.0.share")

    assert catalog_client.delete(f"{path}?version=1", headers=ADMIN).status_code == 409
    assert catalog_client.delete(f"{path}?version=2", headers=ADMIN).status_code == 204
    assert catalog_client.get(path).status_code == 404


def test_needs_are_private(catalog_client: TestClient) -> None:
    company = create_company(catalog_client)
    other = create_company(catalog_client)
    path = f"/api/v1/companies/{company['id']}"
    assert company["needs"]["space_m2"] == 2000  # the admin who created it

    callers = {
        "anonymous": ({}, False),
        "other enterprise": (enterprise_of(other["id"]), False),
        "officer": (officer_of(1), False),
        "fund": (as_principal(Principal(role=Role.fund, fund_id=1)), False),
        "own enterprise": (enterprise_of(company["id"]), True),
        "admin": (ADMIN, True),
        "service": (as_principal(SERVICE), True),
    }
    for caller, (headers, sees) in callers.items():
        one = catalog_client.get(path, headers=headers).json()
        listed = catalog_client.get(
            "/api/v1/companies", params={"ids": [company["id"]]}, headers=headers
        ).json()
        for needs in (one["needs"], listed["items"][0]["needs"]):
            if sees:
                assert needs["services_wanted"] == ["legal"] and needs["funding_sought_yuan"] == 5e7, caller
            else:
                assert needs is None, caller

    own = catalog_client.patch(
        path, json={"version": 1, "needs": {"space_m2": 500}}, headers=enterprise_of(company["id"])
    ).json()
    assert own["needs"]["space_m2"] == 500 and own["needs"]["services_wanted"] == []


def test_who_may_write(catalog_client: TestClient) -> None:
    company = create_company(catalog_client)
    path = f"/api/v1/companies/{company['id']}"
    body = company_body()
    assert catalog_client.post("/api/v1/companies", json=body).status_code == 401
    for role in (enterprise_of(company["id"]), officer_of(1), as_principal(SERVICE)):
        assert catalog_client.post("/api/v1/companies", json=body, headers=role).status_code == 403

    change = {"version": 1, "description": "更新"}
    assert catalog_client.patch(path, json=change).status_code == 401
    assert (
        catalog_client.patch(path, json=change, headers=enterprise_of(company["id"] + 1)).status_code == 403
    )
    assert catalog_client.patch(path, json=change, headers=officer_of(1)).status_code == 403
    assert catalog_client.patch(path, json=change, headers=enterprise_of(company["id"])).status_code == 200

    assert catalog_client.delete(path, headers=enterprise_of(company["id"])).status_code == 403
    assert catalog_client.delete(path, headers=officer_of(1)).status_code == 403
    assert catalog_client.delete(path, headers=ADMIN).status_code == 204


def test_list_filters(catalog_client: TestClient) -> None:
    tag = unique("滤")
    node_a, node_b = add_chain_nodes(catalog_client, 2)
    a = create_company(
        catalog_client,
        name=f"{tag}甲",
        short_name=f"{tag}简称",
        stock_code=unique()[:6],
        province="江苏省",
        industry_codes=["3985"],
        sw_industry_code="270601",
        qualifications=["high_tech_enterprise", "little_giant"],
        funding_stage="listed",
        revenue_band="1b_10b",
    )
    b = create_company(
        catalog_client,
        name=f"{tag}乙",
        province="浙江省",
        industry_codes=["2710"],
        sw_industry_code="370101",
        sw_industry_name="原料药",
        qualifications=["specialised_sme"],
        funding_stage="a",
        revenue_band="20m_100m",
    )
    with catalog_client.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        session.add_all(
            [NodeCompany(node_id=node_a, company_id=a["id"]), NodeCompany(node_id=node_b, company_id=b["id"])]
        )
        session.commit()

    def found(**params: Any) -> set[str]:
        response = catalog_client.get("/api/v1/companies", params={"q": tag, **params})
        assert response.status_code == 200, response.text
        return names(response.json())

    both, only_a, only_b = {a["name"], b["name"]}, {a["name"]}, {b["name"]}
    assert found() == both
    assert names(catalog_client.get("/api/v1/companies", params={"q": f"{tag}简称"}).json()) == only_a
    assert names(catalog_client.get("/api/v1/companies", params={"q": a["stock_code"]}).json()) == only_a
    assert found(province="江苏") == only_a
    assert found(industry="270601") == only_a  # 申万 level 3
    assert found(industry="270000") == only_a  # 申万 level 1 takes its children
    assert found(industry="370100") == only_b  # 申万 level 2
    assert found(industry="原料") == only_b  # 申万 name
    assert found(industry="39") == only_a  # GB/T division takes its classes
    assert found(industry="C3985") == only_a
    assert found(industry="98") == set()  # "3985" contains 98 but does not start with it
    assert found(qualification="little_giant") == only_a
    assert found(qualification="specialised_sme") == only_b
    assert found(funding_stage="a") == only_b
    assert found(revenue_band="1b_10b") == only_a
    assert found(stock_code=a["stock_code"]) == only_a
    assert found(node_id=node_b) == only_b
    assert found(ids=[a["id"]]) == only_a
    assert found(ids=[a["id"], b["id"]]) == both

    bad = catalog_client.get("/api/v1/companies", params={"qualification": "famous"})
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "query.qualification"
    too_many = catalog_client.get("/api/v1/companies", params={"ids": list(range(1, 502))})
    assert too_many.status_code == 422 and too_many.json()["error"]["details"][0]["field"] == "query.ids"


@pytest.mark.parametrize("sort", ["founded_year", "-founded_year", "founded_on", "-founded_on"])
def test_sort_and_cursor(catalog_client: TestClient, sort: str) -> None:
    tag = unique("序")
    for year in (2015, None, 2001, 2020):
        founded_on = f"{year}-06-01" if year else None
        create_company(catalog_client, name=f"{tag}{year}", founded_on=founded_on)
    years: list[int | None] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"q": tag, "sort": sort, "limit": 1}
        if cursor:
            params["cursor"] = cursor
        page = catalog_client.get("/api/v1/companies", params=params).json()
        assert page["total"] == 4
        years += [item["founded_year"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    ascending = [2001, 2015, 2020]
    assert years == (ascending[::-1] if sort.startswith("-") else ascending) + [None]


def test_supply_links(catalog_client: TestClient) -> None:
    supplier, buyer, third = (create_company(catalog_client) for _ in range(3))
    body = {
        "supplier_id": supplier["id"],
        "buyer_id": buyer["id"],
        "product": "无水氢氟酸",
        "relationship_type": "primary",
        "confidence": 0.8,
    }
    assert catalog_client.post("/api/v1/supply-links", json=body).status_code == 401
    assert (
        catalog_client.post(
            "/api/v1/supply-links", json=body, headers=enterprise_of(supplier["id"])
        ).status_code
        == 403
    )
    created = catalog_client.post("/api/v1/supply-links", json=body, headers=ADMIN)
    assert created.status_code == 201, created.text
    link = created.json()
    other = catalog_client.post(
        "/api/v1/supply-links", json={"supplier_id": buyer["id"], "buyer_id": third["id"]}, headers=ADMIN
    ).json()

    again = catalog_client.post("/api/v1/supply-links", json=body, headers=ADMIN)
    assert again.status_code == 409
    itself = catalog_client.post(
        "/api/v1/supply-links", json={**body, "buyer_id": supplier["id"]}, headers=ADMIN
    )
    assert itself.status_code == 422 and itself.json()["error"]["details"][0]["field"] == "body.buyer_id"
    unknown = catalog_client.post("/api/v1/supply-links", json={**body, "supplier_id": 10**9}, headers=ADMIN)
    assert unknown.status_code == 422 and unknown.json()["error"]["details"][0]["field"] == "body.supplier_id"
    five = catalog_client.post("/api/v1/supply-links", json={**body, "confidence": 5}, headers=ADMIN)
    assert five.status_code == 422 and five.json()["error"]["details"][0]["field"] == "body.confidence"

    def ids(**params: Any) -> set[int]:
        return {
            item["id"] for item in catalog_client.get("/api/v1/supply-links", params=params).json()["items"]
        }

    assert ids(supplier_id=supplier["id"]) == {link["id"]}
    assert ids(buyer_id=third["id"]) == {other["id"]}
    assert ids(company_id=buyer["id"]) == {link["id"], other["id"]}
    assert ids(company_id=buyer["id"], q="氢氟酸") == {link["id"]}
    assert ids(ids=[other["id"]]) == {other["id"]}

    path = f"/api/v1/supply-links/{link['id']}"
    assert catalog_client.delete(path, headers=officer_of(1)).status_code == 403
    assert catalog_client.delete(path, headers=ADMIN).status_code == 204
    assert ids(company_id=buyer["id"]) == {other["id"]}
    # Deleting a company takes its links with it.
    assert catalog_client.delete(f"/api/v1/companies/{third['id']}", headers=ADMIN).status_code == 204
    assert ids(company_id=buyer["id"]) == set()


def test_registry_fields_keep_the_founding_year_with_the_date(catalog_client: TestClient) -> None:
    registry = {
        "founded_on": "2011-12-16",
        "registered_address": "福建省宁德市蕉城区漳湾镇新港路2号",
        "registered_address_source": "深交所上市公司列表 2025-10",
        "office_address": "福建省宁德市蕉城区",
        "office_lng_bd09": 119.6,
        "office_lat_bd09": 26.7,
        "registry_source": "企业登记信息",
        "registry_as_of": "2024-05-01",
    }
    company = create_company(catalog_client, **registry)
    assert company["founded_year"] == 2011  # follows founded_on
    assert {key: company[key] for key in registry} == registry
    assert company["latest_financials"] is None and company["data_notes"] == []
    path = f"/api/v1/companies/{company['id']}"

    moved = catalog_client.patch(path, json={"version": 1, "founded_on": "2012-01-05"}, headers=ADMIN)
    assert moved.status_code == 200 and moved.json()["founded_year"] == 2012

    clash = catalog_client.patch(path, json={"version": 2, "founded_year": 2015}, headers=ADMIN)
    assert clash.status_code == 422
    assert clash.json()["error"]["details"][0]["field"] == "body.founded_year"
    assert "2012-01-05" in clash.json()["error"]["details"][0]["reason"]
    mismatched = catalog_client.post(
        "/api/v1/companies", json=company_body(founded_on="2011-12-16", founded_year=2010), headers=ADMIN
    )
    assert mismatched.status_code == 422
    assert mismatched.json()["error"]["details"][0]["field"] == "body.founded_year"

    off_the_map = catalog_client.post(
        "/api/v1/companies", json=company_body(office_lat_bd09=123.0), headers=ADMIN
    )
    assert off_the_map.status_code == 422
    assert off_the_map.json()["error"]["details"][0]["field"] == "body.office_lat_bd09"
    assert catalog_client.get(path).json()["version"] == 2  # nothing stored by the refused writes


def test_a_founding_date_outside_the_years_a_company_can_have_is_refused(catalog_client: TestClient) -> None:
    """A founding date of the year 546 is a typing slip: a 422 naming the field, not a 500 later."""
    response = catalog_client.post(
        "/api/v1/companies", json=company_body(founded_on="0546-03-01"), headers=ADMIN
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "body.founded_on"
