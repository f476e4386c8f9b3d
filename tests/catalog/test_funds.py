from typing import Any

from fastapi.testclient import TestClient

from services.catalog.funds.models import Fund
from shared.principal import Principal, Role
from tests.catalog.test_companies import add_chain_nodes
from tests.catalog.test_parks import create_park
from tests.conftest import ADMIN, as_principal, enterprise_of, officer_of, unique


def fund_of(fund_id: int) -> dict[str, str]:
    return as_principal(Principal(role=Role.fund, fund_id=fund_id))


def fund_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": f"测试产业投资基金{unique()}",
        "manager": "测试资本管理有限公司",
        "size_yuan": 2e9,
        "focus_industries": ["集成电路", "新能源"],
        "stages": ["a", "b"],
        "ticket_min_yuan": 1e7,
        "ticket_max_yuan": 1e8,
        "regions": ["江苏省", "上海市"],
        "thesis": "投早投小投科技",
    }
    body.update(overrides)
    return body


def create_fund(client: TestClient, **overrides: Any) -> dict[str, Any]:
    response = client.post("/api/v1/funds", json=fund_body(**overrides), headers=ADMIN)
    assert response.status_code == 201, response.text
    return response.json()


def error_field(response: Any) -> str:
    assert response.status_code == 422, response.text
    return str(response.json()["error"]["details"][0]["field"])


def test_create_read_update_delete(catalog_client: TestClient) -> None:
    park = create_park(catalog_client)
    (node,) = add_chain_nodes(catalog_client, 1)
    fund = create_fund(catalog_client, park_id=park["id"], focus_node_ids=[node])
    path = f"/api/v1/funds/{fund['id']}"
    got = catalog_client.get(path).json()
    assert got["park_id"] == park["id"] and got["focus_node_ids"] == [node] and got["stages"] == ["a", "b"]

    updated = catalog_client.patch(path, json={"version": 1, "size_yuan": 3e9}, headers=ADMIN)
    assert (
        updated.status_code == 200 and updated.json()["version"] == 2 and updated.json()["size_yuan"] == 3e9
    )
    stale = catalog_client.patch(path, json={"version": 1, "size_yuan": 1}, headers=ADMIN)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"

    assert catalog_client.delete(path, headers=ADMIN).status_code == 204
    assert catalog_client.get(path).status_code == 404


def test_field_errors(catalog_client: TestClient) -> None:
    inverted = fund_body(ticket_min_yuan=5e8, ticket_max_yuan=1e8)
    assert (
        error_field(catalog_client.post("/api/v1/funds", json=inverted, headers=ADMIN))
        == "body.ticket_min_yuan"
    )
    no_node = fund_body(focus_node_ids=[10**9])
    assert (
        error_field(catalog_client.post("/api/v1/funds", json=no_node, headers=ADMIN))
        == "body.focus_node_ids"
    )
    bad_stage = fund_body(stages=["series_z"])
    assert error_field(catalog_client.post("/api/v1/funds", json=bad_stage, headers=ADMIN)).startswith(
        "body.stages"
    )

    fund = create_fund(catalog_client)
    path = f"/api/v1/funds/{fund['id']}"
    below_min = catalog_client.patch(path, json={"version": 1, "ticket_max_yuan": 1e6}, headers=ADMIN)
    assert error_field(below_min) == "body.ticket_min_yuan"
    assert (
        catalog_client.patch(path, json={"version": 1, "ticket_min_yuan": None}, headers=ADMIN).status_code
        == 200
    )


def test_who_may_write(catalog_client: TestClient) -> None:
    park = create_park(catalog_client)
    body = fund_body()
    assert catalog_client.post("/api/v1/funds", json=body).status_code == 401
    for caller in (fund_of(1), officer_of(park["id"]), enterprise_of(1)):
        assert catalog_client.post("/api/v1/funds", json=body, headers=caller).status_code == 403
    fund = create_fund(catalog_client)
    path = f"/api/v1/funds/{fund['id']}"
    own = fund_of(fund["id"])

    assert (
        catalog_client.patch(
            path, json={"version": 1, "thesis": "x"}, headers=fund_of(fund["id"] + 1)
        ).status_code
        == 403
    )
    assert (
        catalog_client.patch(
            path, json={"version": 1, "thesis": "x"}, headers=officer_of(park["id"])
        ).status_code
        == 403
    )
    claim = catalog_client.patch(path, json={"version": 1, "park_id": park["id"]}, headers=own)
    assert claim.status_code == 403  # being a park's own fund is for an admin to record
    updated = catalog_client.patch(path, json={"version": 1, "thesis": "硬科技"}, headers=own)
    assert updated.status_code == 200 and updated.json()["thesis"] == "硬科技"

    assert catalog_client.delete(path, headers=own).status_code == 403
    assert catalog_client.delete(path, headers=ADMIN).status_code == 204


def test_list_filters(catalog_client: TestClient) -> None:
    tag = unique("基金")
    park = create_park(catalog_client)
    node_a, node_b = add_chain_nodes(catalog_client, 2)
    chip = create_fund(
        catalog_client,
        name=f"{tag}芯",
        manager=f"{tag}管理人",
        focus_industries=["集成电路"],
        focus_node_ids=[node_a],
        stages=["seed", "angel"],
        ticket_min_yuan=1e6,
        ticket_max_yuan=2e7,
        regions=["江苏省"],
        park_id=park["id"],
    )
    bio = create_fund(
        catalog_client,
        name=f"{tag}生物",
        focus_industries=["生物医药"],
        focus_node_ids=[node_b],
        stages=["pre_ipo"],
        ticket_min_yuan=5e7,
        ticket_max_yuan=None,
        regions=["广东省"],
    )
    open_ticket = create_fund(
        catalog_client, name=f"{tag}综合", stages=[], ticket_min_yuan=None, ticket_max_yuan=None, regions=[]
    )

    def found(**params: Any) -> set[str]:
        response = catalog_client.get("/api/v1/funds", params={"q": tag, **params})
        assert response.status_code == 200, response.text
        return {item["name"] for item in response.json()["items"]}

    everyone = {chip["name"], bio["name"], open_ticket["name"]}
    assert found() == everyone
    assert {
        i["name"] for i in catalog_client.get("/api/v1/funds", params={"q": f"{tag}管理人"}).json()["items"]
    } == {chip["name"]}
    assert found(region="江苏") == {chip["name"]}
    assert found(stage="angel") == {chip["name"]}
    assert found(stage="pre_ipo") == {bio["name"]}
    assert found(industry="医药") == {bio["name"]}
    assert found(ticket_yuan=1e7) == {chip["name"], open_ticket["name"]}
    assert found(ticket_yuan=1e9) == {bio["name"], open_ticket["name"]}  # no upper bound stated
    assert found(ticket_yuan=3e7) == {open_ticket["name"]}
    assert found(node_id=node_b) == {bio["name"]}
    assert found(park_id=park["id"]) == {chip["name"]}
    assert found(ids=[bio["id"], open_ticket["id"]]) == {bio["name"], open_ticket["name"]}

    page = catalog_client.get(
        "/api/v1/funds", params={"q": tag, "sort": "-ticket_min_yuan", "limit": 2}
    ).json()
    assert [item["name"] for item in page["items"]] == [bio["name"], chip["name"]]
    rest = catalog_client.get(
        "/api/v1/funds",
        params={"q": tag, "sort": "-ticket_min_yuan", "limit": 2, "cursor": page["next_cursor"]},
    ).json()
    assert [item["name"] for item in rest["items"]] == [open_ticket["name"]] and rest["next_cursor"] is None


def test_node_filter_matches_whole_ids(catalog_client: TestClient) -> None:
    """Node 1 is not node 11 or 21 (the ids live in a JSON list)."""
    tag = unique("节点")
    with catalog_client.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        session.add_all(
            [
                Fund(name=f"{tag}单", focus_node_ids=[1]),
                Fund(name=f"{tag}多", focus_node_ids=[11, 21, 100]),
            ]
        )
        session.commit()
    for node_id, expected in ((1, {f"{tag}单"}), (11, {f"{tag}多"}), (10, set()), (100, {f"{tag}多"})):
        page = catalog_client.get("/api/v1/funds", params={"q": tag, "node_id": node_id}).json()
        assert {item["name"] for item in page["items"]} == expected, node_id
