"""Investments (a fund's rounds in companies), a fund's portfolio and a park's fund holdings (房东→股东),
on SQLite and PostgreSQL."""

import base64
import json
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi.testclient import TestClient

from services.catalog.investments.models import Investment
from services.match.sync.catalog_client import CatalogClient
from shared.principal import PRINCIPAL_HEADER, Principal, Role
from shared.schemas import MAX_YUAN
from tests.catalog.test_companies import create_company
from tests.catalog.test_exports import csv_rows, export
from tests.catalog.test_funds import create_fund, error_field, fund_of
from tests.catalog.test_imports import imported
from tests.catalog.test_parks import create_park
from tests.conftest import ADMIN, INTERNAL_TOKEN, as_principal, enterprise_of, officer_of, unique

PATH = "/api/v1/investments"


def investment_body(fund_id: int, company_id: int, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "fund_id": fund_id,
        "company_id": company_id,
        "round": "a",
        "amount_yuan": 3e7,
        "share_pct": 8.5,
        "invested_on": "2021-06-18",
        "source": "测试：基金年报 2021",
    }
    body.update(overrides)
    return body


def invest(client: TestClient, fund_id: int, company_id: int, **overrides: Any) -> dict[str, Any]:
    response = client.post(PATH, json=investment_body(fund_id, company_id, **overrides), headers=ADMIN)
    assert response.status_code == 201, response.text
    return response.json()


def settle(client: TestClient, company_id: int, park_id: int, **overrides: Any) -> dict[str, Any]:
    body = {"company_id": company_id, "park_id": park_id, "kind": "virtual", **overrides}
    response = client.post("/api/v1/tenancies", json=body, headers=ADMIN)
    assert response.status_code == 201, response.text
    return response.json()


def listed_company(client: TestClient, **overrides: Any) -> dict[str, Any]:
    return create_company(client, stock_code=unique()[:6], funding_stage="listed", **overrides)


def test_create_read_update_delete(catalog_client: TestClient) -> None:
    fund, company = create_fund(catalog_client), create_company(catalog_client)
    created = invest(catalog_client, fund["id"], company["id"])
    assert (created["round"], created["status"], created["version"]) == ("a", "held", 1)
    assert created["is_generated"] is False and created["source"] == "测试：基金年报 2021"
    path = f"{PATH}/{created['id']}"
    assert catalog_client.get(path).json()["share_pct"] == 8.5

    exited = catalog_client.patch(
        path, json={"version": 1, "status": "exited", "amount_yuan": None}, headers=ADMIN
    )
    assert exited.status_code == 200, exited.text
    assert (exited.json()["status"], exited.json()["amount_yuan"], exited.json()["version"]) == (
        "exited",
        None,
        2,
    )
    stale = catalog_client.patch(path, json={"version": 1, "note": "x"}, headers=ADMIN)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"

    assert catalog_client.delete(path, headers=ADMIN).status_code == 204
    assert catalog_client.get(path).status_code == 404


def test_field_errors_name_the_field(catalog_client: TestClient) -> None:
    fund, company = create_fund(catalog_client), create_company(catalog_client)

    def refused(**overrides: Any) -> str:
        body = {**investment_body(fund["id"], company["id"]), **overrides}
        return error_field(catalog_client.post(PATH, json=body, headers=ADMIN))

    assert refused(fund_id=10**9) == "body.fund_id"
    assert refused(company_id=10**9) == "body.company_id"
    assert refused(round="series_z") == "body.round"
    assert refused(share_pct=100.5) == "body.share_pct"
    assert refused(amount_yuan=MAX_YUAN * 10) == "body.amount_yuan"
    assert refused(amount_yuan=-1) == "body.amount_yuan"
    assert refused(invested_on="0546-01-01") == "body.invested_on"
    assert refused(invested_on=None) == "body.invested_on"
    # 定增/PIPE is a listed company's: this one has no stock code.
    assert refused(round="private_placement") == "body.round"
    listed = listed_company(catalog_client)
    assert (
        invest(catalog_client, fund["id"], listed["id"], round="private_placement")["round"]
        == "private_placement"
    )
    # A required column may be left out of an update, never nulled.
    created = invest(catalog_client, fund["id"], company["id"], round="b")
    nulled = catalog_client.patch(
        f"{PATH}/{created['id']}", json={"version": 1, "round": None}, headers=ADMIN
    )
    assert error_field(nulled) == "body.round"


def test_the_same_round_twice_is_a_conflict(catalog_client: TestClient) -> None:
    """A fund's round in a company on a date is recorded once; another round, date or fund is not the same."""
    fund, other_fund, company = (
        create_fund(catalog_client),
        create_fund(catalog_client),
        create_company(catalog_client),
    )
    first = invest(catalog_client, fund["id"], company["id"])
    again = catalog_client.post(PATH, json=investment_body(fund["id"], company["id"]), headers=ADMIN)
    assert again.status_code == 409, again.text
    error = again.json()["error"]
    assert error["code"] == "conflict" and error["details"][0]["field"] == "body.invested_on"
    assert str(first["id"]) in error["message"]

    later = invest(catalog_client, fund["id"], company["id"], invested_on="2022-01-05")
    invest(catalog_client, fund["id"], company["id"], round="b")
    invest(catalog_client, other_fund["id"], company["id"])
    moved = catalog_client.patch(
        f"{PATH}/{later['id']}", json={"version": 1, "invested_on": "2021-06-18"}, headers=ADMIN
    )
    assert moved.status_code == 409 and moved.json()["error"]["details"][0]["field"] == "body.invested_on"
    unchanged = catalog_client.patch(
        f"{PATH}/{first['id']}", json={"version": 1, "note": "领投"}, headers=ADMIN
    )
    assert unchanged.status_code == 200, unchanged.text


def test_who_may_write(catalog_client: TestClient) -> None:
    """Admins record any fund's investments, a fund's account its own fund's; nobody else writes."""
    park = create_park(catalog_client)
    fund, other_fund, company = (
        create_fund(catalog_client),
        create_fund(catalog_client),
        create_company(catalog_client),
    )
    body = investment_body(fund["id"], company["id"], source=None)  # provenance is an admin's to set
    assert catalog_client.post(PATH, json=body).status_code == 401
    for caller in (officer_of(park["id"]), enterprise_of(company["id"]), fund_of(other_fund["id"])):
        assert catalog_client.post(PATH, json=body, headers=caller).status_code == 403

    own = fund_of(fund["id"])
    created = catalog_client.post(PATH, json=body, headers=own)
    assert created.status_code == 201, created.text
    path = f"{PATH}/{created.json()['id']}"
    assert (
        catalog_client.patch(
            path, json={"version": 1, "note": "x"}, headers=fund_of(other_fund["id"])
        ).status_code
        == 403
    )
    to_other = catalog_client.patch(path, json={"version": 1, "fund_id": other_fund["id"]}, headers=own)
    assert to_other.status_code == 403
    exited = catalog_client.patch(path, json={"version": 1, "status": "exited"}, headers=own)
    assert exited.status_code == 200 and exited.json()["status"] == "exited"
    assert catalog_client.delete(path, headers=fund_of(other_fund["id"])).status_code == 403
    assert catalog_client.delete(path, headers=own).status_code == 204


def fund_key(client: TestClient, fund_id: int, name: str) -> dict[str, str]:
    """The headers of a real fund API key (the principal carries its key id, as the gateway sends it)."""
    made = client.post(
        "/api/v1/api-keys", json={"role": "fund", "fund_id": fund_id, "name": name}, headers=ADMIN
    )
    assert made.status_code == 201, made.text
    return as_principal(Principal(role=Role.fund, fund_id=fund_id, key_id=made.json()["id"]))


def recorder(record: dict[str, Any]) -> tuple[Any, ...]:
    return (record["recorded_by"], record["recorded_by_role"], record["recorded_by_key_id"])


def test_an_investment_says_who_entered_it(catalog_client: TestClient) -> None:
    """A round a fund's account enters cites no source: the record names the account (its key's name,
    role and id) and when, and the portfolio shows it; the caller cannot write that itself. Whoever
    later changes the values is recorded in turn; a write that changes nothing moves nothing."""
    fund, company = create_fund(catalog_client), create_company(catalog_client)
    own = fund_key(catalog_client, fund["id"], "基金投资部")
    key_id = Principal.from_header(own[PRINCIPAL_HEADER]).key_id
    before = datetime.now(UTC)
    body = investment_body(fund["id"], company["id"], source=None, recorded_by="someone else")
    response = catalog_client.post(PATH, json=body, headers=own)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["source"] is None and recorder(created) == ("基金投资部", "fund", key_id)
    assert before <= datetime.fromisoformat(created["recorded_at"]) <= datetime.now(UTC)

    (holding,) = portfolio(catalog_client, fund["id"])["companies"]
    (entered,) = holding["rounds"]
    assert recorder(entered) == recorder(created) and entered["recorded_at"] == created["recorded_at"]

    path = f"{PATH}/{created['id']}"
    same = catalog_client.patch(path, json={"version": 1, "amount_yuan": 3e7}, headers=own).json()
    assert (same["version"], same["recorded_at"]) == (1, created["recorded_at"])
    by_admin = catalog_client.patch(path, json={"version": 1, "note": "领投"}, headers=ADMIN)
    assert by_admin.status_code == 200, by_admin.text
    assert recorder(by_admin.json()) == (None, "admin", None)
    assert by_admin.json()["recorded_at"] > created["recorded_at"]
    exited = catalog_client.patch(path, json={"version": 2, "status": "exited"}, headers=own).json()
    assert recorder(exited) == ("基金投资部", "fund", key_id) and exited["note"] == "领投"


def test_list_filters(catalog_client: TestClient) -> None:
    park, elsewhere = create_park(catalog_client), create_park(catalog_client)
    park_fund = create_fund(catalog_client, park_id=park["id"])
    market_fund = create_fund(catalog_client)
    tenant, outsider, gone = (create_company(catalog_client) for _ in range(3))
    settle(catalog_client, tenant["id"], park["id"])
    settle(catalog_client, outsider["id"], elsewhere["id"])
    settle(catalog_client, gone["id"], park["id"], status="ended")
    held_tenant = invest(catalog_client, market_fund["id"], tenant["id"], amount_yuan=5e7)
    park_fund_outside = invest(
        catalog_client, park_fund["id"], outsider["id"], round="seed", amount_yuan=None
    )
    left_park = invest(
        catalog_client, market_fund["id"], gone["id"], round="c", amount_yuan=2e8, status="exited"
    )
    with catalog_client.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        session.get(Investment, left_park["id"]).is_generated = True  # type: ignore[union-attr]
        session.commit()
    mine = [held_tenant["id"], park_fund_outside["id"], left_park["id"]]

    def found(**params: Any) -> list[int]:
        response = catalog_client.get(PATH, params={"ids": mine, **params}, headers=ADMIN)
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert found() == mine
    assert found(fund_id=market_fund["id"]) == [held_tenant["id"], left_park["id"]]
    assert found(company_id=outsider["id"]) == [park_fund_outside["id"]]
    # The park's tenants' investments (an ended tenancy does not count) and its own fund's.
    assert found(park_id=park["id"]) == [held_tenant["id"], park_fund_outside["id"]]
    assert found(park_id=elsewhere["id"]) == [park_fund_outside["id"]]
    assert found(round="seed") == [park_fund_outside["id"]]
    assert found(status="exited") == [left_park["id"]]
    assert found(is_generated=True) == [left_park["id"]]
    assert found(is_generated=False) == [held_tenant["id"], park_fund_outside["id"]]
    assert found(sort="-amount_yuan") == [left_park["id"], held_tenant["id"], park_fund_outside["id"]]
    assert error_field(catalog_client.get(PATH, params={"round": "x"})) == "query.round"


def portfolio(client: TestClient, fund_id: int, **params: Any) -> dict[str, Any]:
    response = client.get(f"/api/v1/funds/{fund_id}/portfolio", params=params, headers=ADMIN)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_funds_portfolio(catalog_client: TestClient) -> None:
    park, elsewhere = create_park(catalog_client), create_park(catalog_client)
    fund = create_fund(catalog_client, park_id=park["id"])
    tenant = create_company(catalog_client, province="江苏省")
    away = listed_company(catalog_client, province="浙江省")
    tenancy = settle(catalog_client, tenant["id"], park["id"], placement_source="officer", confidence=None)
    settle(catalog_client, away["id"], elsewhere["id"], placement_source="registered_address", confidence=0.6)
    first = invest(
        catalog_client, fund["id"], tenant["id"], round="a", amount_yuan=2e7, invested_on="2020-03-01"
    )
    second = invest(
        catalog_client, fund["id"], tenant["id"], round="b", amount_yuan=None, invested_on="2022-09-01"
    )
    exit_ = invest(
        catalog_client,
        fund["id"],
        away["id"],
        round="private_placement",
        amount_yuan=1e8,
        invested_on="2021-01-04",
        status="exited",
        share_pct=1.2,
    )
    invest(
        catalog_client, create_fund(catalog_client)["id"], away["id"]
    )  # another fund's: not in this portfolio

    answer = portfolio(catalog_client, fund["id"])
    assert answer["fund"] == {
        "id": fund["id"],
        "name": fund["name"],
        "park_id": park["id"],
        "park_name": park["name"],
        "source": None,
        "is_generated": False,
    }
    assert answer["totals"] == {
        "companies": 2,
        "investments": 3,
        "disclosed_amount_yuan": 1.2e8,
        "undisclosed_investments": 1,
        "held_companies": 1,
        "exited_companies": 1,
        "in_fund_park": 1,
        "generated_investments": 0,
    }
    held, sold = answer["companies"]  # the company of the newest round first
    assert (held["company_id"], held["name"], held["province"]) == (tenant["id"], tenant["name"], "江苏省")
    assert [r["investment_id"] for r in held["rounds"]] == [second["id"], first["id"]]
    assert (
        held["rounds"][0]["fund_name"] == fund["name"]
        and held["rounds"][0]["source"] == "测试：基金年报 2021"
    )
    assert held["held"] is True and held["in_fund_park"] is True and held["disclosed_amount_yuan"] == 2e7
    assert held["parks"] == [
        {
            "park_id": park["id"],
            "park_name": park["name"],
            "status": "active",
            "placement_source": "officer",
            "confidence": None,
            "source": tenancy["source"],
            "is_generated": False,
        }
    ]
    assert sold["company_id"] == away["id"] and sold["held"] is False and sold["in_fund_park"] is False
    assert [(p["park_id"], p["placement_source"], p["confidence"]) for p in sold["parks"]] == [
        (elsewhere["id"], "registered_address", 0.6)
    ]
    assert [(r["investment_id"], r["round"], r["share_pct"]) for r in sold["rounds"]] == [
        (exit_["id"], "private_placement", 1.2)
    ]

    first_page = portfolio(catalog_client, fund["id"], limit=1)
    assert [c["company_id"] for c in first_page["companies"]] == [tenant["id"]]
    assert first_page["totals"] == answer["totals"] and answer["next_cursor"] is None
    last_page = portfolio(catalog_client, fund["id"], limit=1, cursor=first_page["next_cursor"])
    assert last_page["companies"] == [sold] and last_page["next_cursor"] is None
    empty = portfolio(catalog_client, create_fund(catalog_client)["id"])
    assert (
        empty["companies"] == []
        and empty["totals"]["investments"] == 0
        and empty["fund"]["park_name"] is None
    )
    missing = catalog_client.get("/api/v1/funds/999999999/portfolio", headers=ADMIN)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_a_portfolio_pages_through_every_holding(catalog_client: TestClient) -> None:
    """Pages follow the documented order (the newest round's company first, ties by the higher company
    id), list every company once, and carry the totals over all of them; a cursor that is not one of
    this list's is a 422 naming query.cursor."""
    fund = create_fund(catalog_client)
    dates = ["2020-01-01", "2023-05-05", "2021-07-07", "2023-05-05", "2019-02-02"]
    companies = [create_company(catalog_client) for _ in dates]
    for company, invested_on in zip(companies, dates, strict=True):
        invest(catalog_client, fund["id"], company["id"], invested_on=invested_on)
    invest(
        catalog_client, fund["id"], companies[4]["id"], round="b", invested_on="2024-01-01", amount_yuan=None
    )
    expected = [companies[4]["id"], *sorted((companies[1]["id"], companies[3]["id"]), reverse=True)]
    expected += [companies[2]["id"], companies[0]["id"]]

    seen: list[int] = []
    pages, cursor = 0, None
    while True:
        page = portfolio(catalog_client, fund["id"], limit=2, **({"cursor": cursor} if cursor else {}))
        assert page["totals"]["companies"] == 5 and page["totals"]["investments"] == 6
        assert page["totals"]["undisclosed_investments"] == 1
        seen += [company["company_id"] for company in page["companies"]]
        pages, cursor = pages + 1, page["next_cursor"]
        if cursor is None:
            break
    assert (seen, pages) == (expected, 3)
    assert [r["round"] for r in portfolio(catalog_client, fund["id"], limit=1)["companies"][0]["rounds"]] == [
        "b",
        "a",
    ]

    path = f"/api/v1/funds/{fund['id']}/portfolio"
    other_sort = catalog_client.get(PATH, params={"sort": "-invested_on", "limit": 1}, headers=ADMIN)
    made_elsewhere = other_sort.json()["next_cursor"]
    for cursor in (
        "not a cursor!",
        "eyJ4IjoxfQ",
        made_elsewhere,
        forged_cursor("2020", 1),
        forged_cursor("2020-01-01", 0),
    ):
        refused = catalog_client.get(path, params={"cursor": cursor}, headers=ADMIN)
        assert error_field(refused) == "query.cursor", (cursor, refused.text)
    assert error_field(catalog_client.get(path, params={"limit": 0}, headers=ADMIN)) == "query.limit"


def forged_cursor(latest: str, company_id: int) -> str:
    payload = json.dumps({"s": "latest_round", "d": True, "v": {"$d": latest}, "i": company_id})
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def test_a_parks_fund_holdings(catalog_client: TestClient) -> None:
    park, other_park = create_park(catalog_client), create_park(catalog_client)
    own_fund = create_fund(catalog_client, park_id=park["id"], size_yuan=5e8)
    market_fund = create_fund(catalog_client)
    by_own, by_market, unheld, rejected = (create_company(catalog_client) for _ in range(4))
    outsider = create_company(catalog_client)
    for company in (by_own, by_market, unheld):
        settle(catalog_client, company["id"], park["id"])
    settle(catalog_client, rejected["id"], park["id"], review_status="rejected")
    own_round = invest(
        catalog_client, own_fund["id"], by_own["id"], amount_yuan=3e7, invested_on="2023-05-01"
    )
    market_round = invest(
        catalog_client, market_fund["id"], by_market["id"], round="pre_ipo", invested_on="2022-01-01"
    )
    invest(catalog_client, own_fund["id"], outsider["id"], amount_yuan=1e7)  # not a tenant of the park
    invest(catalog_client, market_fund["id"], rejected["id"])  # its officers say it is not there

    path = f"/api/v1/parks/{park['id']}/fund-holdings"
    response = catalog_client.get(path, headers=officer_of(park["id"]))
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["park_id"], answer["park_name"]) == (park["id"], park["name"])
    assert answer["totals"] == {"funds": 1, "tenants": 3, "tenants_held": 2, "tenants_held_by_park_funds": 1}
    assert answer["funds"] == [
        {
            "id": own_fund["id"],
            "name": own_fund["name"],
            "size_yuan": 5e8,
            "is_generated": False,
            "companies": 2,
            "tenants": 1,
            "disclosed_amount_yuan": 4e7,
        }
    ]
    first, second = answer["tenants"]
    assert (first["company_id"], first["by_park_fund"]) == (by_own["id"], True)
    assert [(r["investment_id"], r["fund_name"], r["amount_yuan"]) for r in first["rounds"]] == [
        (own_round["id"], own_fund["name"], 3e7)
    ]
    assert first["placement"]["park_id"] == park["id"] and first["placement"]["status"] == "active"
    assert (second["company_id"], second["by_park_fund"]) == (by_market["id"], False)
    assert [(r["fund_id"], r["round"], r["invested_on"]) for r in second["rounds"]] == [
        (market_fund["id"], "pre_ipo", market_round["invested_on"])
    ]
    first_page = catalog_client.get(path, params={"limit": 1}, headers=ADMIN).json()
    assert first_page["tenants"] == [first] and first_page["totals"] == answer["totals"]
    last_page = catalog_client.get(
        path, params={"limit": 1, "cursor": first_page["next_cursor"]}, headers=ADMIN
    ).json()
    assert last_page["tenants"] == [second] and last_page["next_cursor"] is None

    assert catalog_client.get(path).status_code == 401
    for stranger in (officer_of(other_park["id"]), fund_of(own_fund["id"]), enterprise_of(by_own["id"])):
        assert catalog_client.get(path, headers=stranger).status_code == 403
    assert catalog_client.get("/api/v1/parks/999999999/fund-holdings", headers=ADMIN).status_code == 404


def test_import_with_chinese_headers_and_export_round_trip(catalog_client: TestClient) -> None:
    fund, company, listed = (
        create_fund(catalog_client),
        create_company(catalog_client),
        listed_company(catalog_client),
    )
    content = (
        "基金,企业,轮次,金额(万元),持股比例(%),投资日期,状态,来源\n"
        f"{fund['id']},{company['id']},A轮,3000,8.5,2021-06-18,持有,测试：投资公告\n"
        f"{fund['id']},{listed['id']},定增,,1.2,2023/3/1,已退出,测试：定增公告\n"
        f"{fund['id']},{company['id']},定增,100,,2023-03-01,持有,测试\n"
    ).encode()
    report = imported(catalog_client, "investments", content, "投资.csv")
    assert (report["stored"], report["failed"]) == (2, 1)
    assert [(e["row"], e["field"]) for e in report["errors"]] == [(4, "round")]
    rows = catalog_client.get(
        PATH, params={"fund_id": fund["id"], "sort": "invested_on"}, headers=ADMIN
    ).json()
    assert [(r["round"], r["amount_yuan"], r["share_pct"], r["status"]) for r in rows["items"]] == [
        ("a", 3e7, 8.5, "held"),
        ("private_placement", None, 1.2, "exited"),
    ]
    # An imported row's provenance is its file's (its source); nobody entered it through the API.
    assert {(*recorder(r), r["recorded_at"]) for r in rows["items"]} == {(None, None, None, None)}
    assert imported(catalog_client, "investments", content, "again.csv")["unchanged"] == 2

    exported = export(catalog_client, "investments", fund_id=fund["id"])
    written = csv_rows(exported)
    assert [(r["基金名称"], r["轮次"], r["状态"]) for r in written] == [
        (fund["name"], "A轮", "持有"),
        (fund["name"], "定增/PIPE", "已退出"),
    ]
    back = imported(catalog_client, "investments", exported, "export.csv")
    assert (back["stored"], back["unchanged"], back["failed"]) == (0, 2, 0)


def test_changes_reach_the_feed_and_a_deleted_fund_takes_its_investments(catalog_client: TestClient) -> None:
    start = catalog_client.get("/api/v1/changes", params={"limit": 1}).json()["last_seq"]
    fund, company = create_fund(catalog_client), create_company(catalog_client)
    created = invest(catalog_client, fund["id"], company["id"])
    assert catalog_client.delete(f"/api/v1/funds/{fund['id']}", headers=ADMIN).status_code == 204
    feed = catalog_client.get("/api/v1/changes", params={"after": start, "entity": "investment"}).json()
    assert [(c["entity_id"], c["op"]) for c in feed["items"]] == [
        (created["id"], "create"),
        (created["id"], "delete"),
    ]
    assert catalog_client.get(f"{PATH}/{created['id']}", headers=ADMIN).status_code == 404


# The fields the match service's evaluation reads from its snapshot's `tables.investment` (the record
# shape both services agree on).
FOLLOWED_FIELDS = {
    "id",
    "fund_id",
    "company_id",
    "round",
    "amount_yuan",
    "share_pct",
    "invested_on",
    "status",
    "source",
    "as_of",
    "is_generated",
}


async def test_the_match_service_follows_investments(catalog_client: TestClient) -> None:
    """The match service's catalog client copies investments (as its follower does), with the fields its
    evaluation reads."""
    fund, company = create_fund(catalog_client), create_company(catalog_client)
    created = invest(catalog_client, fund["id"], company["id"], as_of="2021-12-31")
    transport = httpx.ASGITransport(app=catalog_client.app)
    client = CatalogClient("http://catalog", INTERNAL_TOKEN, transport=transport)
    try:
        (record,) = await client.get_many("investment", [created["id"]])
        copied = [item async for item in client.iterate("investment") if item["id"] == created["id"]]
    finally:
        await client.aclose()
    assert set(record) >= FOLLOWED_FIELDS and copied == [record]
    assert {name: record[name] for name in FOLLOWED_FIELDS} == {
        "id": created["id"],
        "fund_id": fund["id"],
        "company_id": company["id"],
        "round": "a",
        "amount_yuan": 3e7,
        "share_pct": 8.5,
        "invested_on": "2021-06-18",
        "status": "held",
        "source": "测试：基金年报 2021",
        "as_of": "2021-12-31",
        "is_generated": False,
    }
