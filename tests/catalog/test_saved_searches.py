from fastapi.testclient import TestClient

from shared.principal import Principal, Role
from tests.catalog.test_api_keys import create_key
from tests.catalog.test_parks import create_park
from tests.conftest import ADMIN, as_principal, officer_of, unique


def officer_with_key(client: TestClient) -> tuple[dict[str, str], int]:
    park = create_park(client)
    key = create_key(client, role="officer", park_ids=[park["id"]])
    principal = Principal(role=Role.officer, park_ids=frozenset({park["id"]}), key_id=key["id"])  # type: ignore[arg-type]
    return as_principal(principal), park["id"]  # type: ignore[return-value]


def save(client: TestClient, headers: dict[str, str], park_id: int) -> dict[str, object]:
    body = {
        "name": unique("江苏储能"),
        "kind": "companies-for-park",
        "query": {"park_id": park_id, "limit": 20},
    }
    response = client.post("/api/v1/saved-searches", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def test_saved_search_belongs_to_its_key(catalog_client: TestClient) -> None:
    mine, park_id = officer_with_key(catalog_client)
    theirs, _ = officer_with_key(catalog_client)
    search = save(catalog_client, mine, park_id)
    assert search["last_result_ids"] is None and search["query"] == {"park_id": park_id, "limit": 20}

    assert catalog_client.get(f"/api/v1/saved-searches/{search['id']}", headers=mine).status_code == 200
    assert catalog_client.get(f"/api/v1/saved-searches/{search['id']}", headers=theirs).status_code == 404
    assert catalog_client.get("/api/v1/saved-searches", headers=theirs).json()["total"] == 0
    assert catalog_client.delete(f"/api/v1/saved-searches/{search['id']}", headers=theirs).status_code == 404
    owned = catalog_client.get(
        "/api/v1/saved-searches", params={"owner_key_id": search["owner_key_id"]}, headers=ADMIN
    )
    assert [item["id"] for item in owned.json()["items"]] == [search["id"]]

    body = {"name": "x", "kind": "search", "query": {"q": "电池"}}
    keyless = catalog_client.post("/api/v1/saved-searches", json=body, headers=officer_of(park_id))
    assert keyless.status_code == 403 and "API key" in keyless.json()["error"]["message"]
    assert catalog_client.post("/api/v1/saved-searches", json=body).status_code == 401


def test_looks_are_recorded_and_a_new_question_starts_afresh(catalog_client: TestClient) -> None:
    mine, park_id = officer_with_key(catalog_client)
    search = save(catalog_client, mine, park_id)
    seen = catalog_client.post(
        f"/api/v1/saved-searches/{search['id']}/seen",
        json={"version": 1, "result_ids": [5, 3, 5]},
        headers=mine,
    )
    assert seen.status_code == 200, seen.text
    assert seen.json()["last_result_ids"] == [5, 3] and seen.json()["last_checked_at"] is not None
    stale = catalog_client.post(
        f"/api/v1/saved-searches/{search['id']}/seen", json={"version": 1, "result_ids": [1]}, headers=mine
    )
    assert stale.status_code == 409

    renamed = catalog_client.patch(
        f"/api/v1/saved-searches/{search['id']}", json={"version": 2, "name": "新名字"}, headers=mine
    ).json()
    assert renamed["last_result_ids"] == [5, 3]
    requeried = catalog_client.patch(
        f"/api/v1/saved-searches/{search['id']}",
        json={"version": 3, "query": {"park_id": park_id, "limit": 50}},
        headers=mine,
    ).json()
    assert requeried["last_result_ids"] is None and requeried["last_checked_at"] is None


def test_kind_is_checked(catalog_client: TestClient) -> None:
    mine, _ = officer_with_key(catalog_client)
    body = {"name": "x", "kind": "everything", "query": {}}
    response = catalog_client.post("/api/v1/saved-searches", json=body, headers=mine)
    assert response.status_code == 422 and response.json()["error"]["details"][0]["field"] == "body.kind"
