import base64
import json
from collections.abc import Iterator

from fastapi.testclient import TestClient

from tests.conftest import ADMIN, officer_of, unique


def park_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "code": unique("T"),
        "name": f"测试高新技术产业开发区{unique()}",
        "zone_type": "high_tech",
        "approval_level": "national",
        "province": "江苏省",
        "city": "苏州市",
        "leading_industries": ["新能源", "集成电路"],
    }
    body.update(overrides)
    return body


def create_park(client: TestClient, **overrides: object) -> dict[str, object]:
    response = client.post("/api/v1/parks", json=park_body(**overrides), headers=ADMIN)
    assert response.status_code == 201, response.text
    return response.json()


def test_create_read_update_delete(catalog_client: TestClient) -> None:
    park = create_park(catalog_client)
    assert park["version"] == 1
    got = catalog_client.get(f"/api/v1/parks/{park['id']}").json()
    assert got["name"] == park["name"] and got["leading_industries"] == ["新能源", "集成电路"]

    updated = catalog_client.patch(
        f"/api/v1/parks/{park['id']}", json={"version": 1, "city": "无锡市"}, headers=ADMIN
    )
    assert (
        updated.status_code == 200 and updated.json()["version"] == 2 and updated.json()["city"] == "无锡市"
    )

    stale = catalog_client.patch(
        f"/api/v1/parks/{park['id']}", json={"version": 1, "city": "南京市"}, headers=ADMIN
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale_version"
    assert stale.json()["error"]["details"][0]["field"] == "version"

    assert catalog_client.delete(f"/api/v1/parks/{park['id']}?version=2", headers=ADMIN).status_code == 204
    missing = catalog_client.get(f"/api/v1/parks/{park['id']}")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_validation_names_the_field(catalog_client: TestClient) -> None:
    response = catalog_client.post("/api/v1/parks", json=park_body(zone_type="moon_base"), headers=ADMIN)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error" and error["details"][0]["field"] == "body.zone_type"
    assert error["request_id"]


def test_unknown_parent_is_a_field_error(catalog_client: TestClient) -> None:
    response = catalog_client.post("/api/v1/parks", json=park_body(parent_id=10**9), headers=ADMIN)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "body.parent_id"


def test_duplicate_code_conflicts(catalog_client: TestClient) -> None:
    park = create_park(catalog_client)
    again = catalog_client.post("/api/v1/parks", json=park_body(code=park["code"]), headers=ADMIN)
    assert again.status_code == 409
    assert again.json()["error"]["details"][0]["field"] == "body.code"


def test_writes_need_the_right_role(catalog_client: TestClient) -> None:
    assert catalog_client.post("/api/v1/parks", json=park_body()).status_code == 401
    assert catalog_client.post("/api/v1/parks", json=park_body(), headers=officer_of(1)).status_code == 403
    park = create_park(catalog_client)
    own = catalog_client.patch(
        f"/api/v1/parks/{park['id']}",
        json={"version": 1, "description": "更新"},
        headers=officer_of(park["id"]),
    )
    assert own.status_code == 200
    other = catalog_client.patch(
        f"/api/v1/parks/{park['id']}",
        json={"version": 2, "description": "x"},
        headers=officer_of(park["id"] + 1),
    )
    assert other.status_code == 403


def test_list_filters_sort_and_cursor(catalog_client: TestClient) -> None:
    tag = unique("链")
    for city in ["c", "a", "b", None]:
        create_park(catalog_client, leading_industries=[tag], city=city, province="浙江省")
    create_park(catalog_client, leading_industries=[tag], province="江苏省")

    page = catalog_client.get("/api/v1/parks", params={"industry": tag, "province": "浙江"}).json()
    assert page["total"] == 4

    cities: list[object] = []
    cursor = None
    while True:
        params: dict[str, object] = {"industry": tag, "province": "浙江", "sort": "-city", "limit": 1}
        if cursor:
            params["cursor"] = cursor
        page = catalog_client.get("/api/v1/parks", params=params).json()
        cities += [item["city"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert cities == ["c", "b", "a", None]


def test_bad_sort_and_cursor_are_field_errors(catalog_client: TestClient) -> None:
    bad_sort = catalog_client.get("/api/v1/parks", params={"sort": "password"})
    assert bad_sort.status_code == 422 and bad_sort.json()["error"]["details"][0]["field"] == "query.sort"
    bad_cursor = catalog_client.get("/api/v1/parks", params={"cursor": "!!!"})
    assert (
        bad_cursor.status_code == 422 and bad_cursor.json()["error"]["details"][0]["field"] == "query.cursor"
    )


def test_a_cursor_with_an_id_beyond_64_bits_is_a_field_error(catalog_client: TestClient) -> None:
    create_park(catalog_client)
    create_park(catalog_client)
    cursor = catalog_client.get("/api/v1/parks", params={"limit": 1}).json()["next_cursor"]
    payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    for forged_id in (2**64, 0):
        forged = base64.urlsafe_b64encode(json.dumps({**payload, "i": forged_id}).encode()).decode()
        refused = catalog_client.get("/api/v1/parks", params={"cursor": forged.rstrip("=")})
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"]["details"][0]["field"] == "query.cursor"


def test_page_size_is_capped(catalog_client: TestClient) -> None:
    response = catalog_client.get("/api/v1/parks", params={"limit": 100000})
    assert response.status_code == 200
    assert len(response.json()["items"]) <= 200


def test_text_query_finds_aliases(catalog_client: TestClient) -> None:
    tag = unique()
    create_park(catalog_client, name=f"湽博高新区{tag}", aliases=[f"淄博高新区{tag}"])
    found = catalog_client.get("/api/v1/parks", params={"q": f"淄博高新区{tag}"}).json()
    assert found["total"] == 1


def test_changes_are_fed_in_order(catalog_client: TestClient) -> None:
    start = catalog_client.get("/api/v1/changes", params={"limit": 1}).json()["last_seq"]
    park = create_park(catalog_client)
    catalog_client.patch(f"/api/v1/parks/{park['id']}", json={"version": 1, "city": "x"}, headers=ADMIN)
    catalog_client.delete(f"/api/v1/parks/{park['id']}", headers=ADMIN)
    feed = catalog_client.get("/api/v1/changes", params={"after": start, "entity": "park"}).json()
    ops = [(c["op"], c["version"]) for c in feed["items"] if c["entity_id"] == park["id"]]
    assert ops == [("create", 1), ("update", 2), ("delete", 2)]
    seqs = [c["seq"] for c in feed["items"]]
    assert seqs == sorted(seqs) and feed["next_after"] == seqs[-1]


def test_body_size_limit(catalog_client: TestClient) -> None:
    response = catalog_client.post(
        "/api/v1/parks",
        content=b"{" + b" " * (3 * 1024 * 1024) + b"}",
        headers={**ADMIN, "content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_only_admins_delete_parks(catalog_client: TestClient) -> None:
    park = create_park(catalog_client)
    assert (
        catalog_client.delete(f"/api/v1/parks/{park['id']}", headers=officer_of(park["id"])).status_code
        == 403
    )
    assert catalog_client.delete(f"/api/v1/parks/{park['id']}", headers=ADMIN).status_code == 204


def test_cascaded_deletes_reach_the_change_feed(catalog_client: TestClient) -> None:
    """Rows the database removes with their parent are in the feed too, so followers drop them."""
    park = create_park(catalog_client)
    carrier = catalog_client.post(
        "/api/v1/carriers",
        json={"park_id": park["id"], "name": "一号厂房", "kind": "standard_factory", "total_area_m2": 5000},
        headers=ADMIN,
    ).json()
    start = catalog_client.get("/api/v1/changes", params={"limit": 1}).json()["last_seq"]
    assert catalog_client.delete(f"/api/v1/parks/{park['id']}", headers=ADMIN).status_code == 204
    feed = catalog_client.get("/api/v1/changes", params={"after": start}).json()["items"]
    assert {(c["entity"], c["entity_id"], c["op"]) for c in feed} >= {
        ("park", park["id"], "delete"),
        ("carrier", carrier["id"], "delete"),
    }


def test_streamed_body_over_the_limit_is_413(catalog_client: TestClient) -> None:
    """A body sent without Content-Length is counted as it streams in."""

    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"x" * (128 * 1024)

    response = catalog_client.post(
        "/api/v1/parks", content=chunks(), headers={**ADMIN, "content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
