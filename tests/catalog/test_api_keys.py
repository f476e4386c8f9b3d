import hashlib

from fastapi.testclient import TestClient
from sqlalchemy import select

from services.catalog.api_keys.models import ApiKey
from shared.principal import SERVICE
from tests.catalog.test_parks import create_park
from tests.conftest import ADMIN, as_principal, officer_of, unique

SERVICE_HEADERS = as_principal(SERVICE)


def create_key(client: TestClient, **body: object) -> dict[str, object]:
    response = client.post("/api/v1/api-keys", json={"name": unique("key "), **body}, headers=ADMIN)
    assert response.status_code == 201, response.text
    return response.json()


def verify(client: TestClient, key: object) -> dict[str, object]:
    response = client.post("/api/v1/api-keys/verify", json={"key": key}, headers=SERVICE_HEADERS)
    return {"status": response.status_code, **response.json()}


def test_key_is_shown_once_and_stored_hashed(catalog_client: TestClient) -> None:
    park = create_park(catalog_client)
    created = create_key(catalog_client, role="officer", park_ids=[park["id"]])
    prefix, public_id, secret = str(created["key"]).split("_", 2)
    assert prefix == "pm" and public_id == created["public_id"] and len(secret) >= 40

    read = catalog_client.get(f"/api/v1/api-keys/{created['id']}", headers=ADMIN).json()
    assert "key" not in read and "secret_hash" not in read and read["park_ids"] == [park["id"]]
    with catalog_client.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        stored = session.scalar(select(ApiKey).where(ApiKey.id == created["id"]))
    assert stored is not None and secret not in stored.secret_hash
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()


def test_verify_gives_the_principal_until_revoked(catalog_client: TestClient) -> None:
    park = create_park(catalog_client)
    created = create_key(catalog_client, role="officer", park_ids=[park["id"]])
    principal = verify(catalog_client, created["key"])
    assert principal == {
        "status": 200,
        "role": "officer",
        "park_ids": [park["id"]],
        "company_id": None,
        "fund_id": None,
        "provider_id": None,
        "key_id": created["id"],
    }
    wrong_secret = str(created["key"])[:-3] + "xyz"
    assert verify(catalog_client, wrong_secret)["status"] == 401
    assert verify(catalog_client, "not-a-key")["status"] == 401

    revoked = catalog_client.post(f"/api/v1/api-keys/{created['id']}/revoke", headers=ADMIN)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert revoked.json()["version"] == 2
    answer = verify(catalog_client, created["key"])
    assert answer["status"] == 401 and answer["error"]["code"] == "unauthorized"  # type: ignore[index]
    again = catalog_client.post(f"/api/v1/api-keys/{created['id']}/revoke", headers=ADMIN).json()
    assert again["version"] == 2 and again["revoked_at"] is not None  # revoking twice changes nothing


def test_only_services_verify_and_only_admins_manage(catalog_client: TestClient) -> None:
    park = create_park(catalog_client)
    created = create_key(catalog_client, role="admin")
    for headers in (ADMIN, officer_of(park["id"]), {}):
        response = catalog_client.post(
            "/api/v1/api-keys/verify", json={"key": created["key"]}, headers=headers
        )
        assert response.status_code == 403
    body = {"name": "x", "role": "admin"}
    assert catalog_client.post("/api/v1/api-keys", json=body).status_code == 401
    assert (
        catalog_client.post("/api/v1/api-keys", json=body, headers=officer_of(park["id"])).status_code == 403
    )
    assert (
        catalog_client.get(f"/api/v1/api-keys/{created['id']}", headers=officer_of(park["id"])).status_code
        == 404
    )
    assert catalog_client.get("/api/v1/api-keys", headers=officer_of(park["id"])).json()["total"] == 0
    revoke = catalog_client.post(f"/api/v1/api-keys/{created['id']}/revoke", headers=officer_of(park["id"]))
    assert revoke.status_code == 404


def test_scope_must_fit_the_role(catalog_client: TestClient) -> None:
    park = create_park(catalog_client)
    company = catalog_client.post("/api/v1/companies", json={"name": unique("公司")}, headers=ADMIN).json()
    cases = [
        ({"role": "officer"}, "body.park_ids", "needs park_ids"),
        ({"role": "officer", "park_ids": [10**9]}, "body.park_ids", f"park {10**9} does not exist"),
        ({"role": "enterprise"}, "body.company_id", "needs company_id"),
        ({"role": "enterprise", "company_id": 10**9}, "body.company_id", "does not exist"),
        (
            {"role": "enterprise", "company_id": company["id"], "park_ids": [park["id"]]},
            "body.park_ids",
            "no park_ids",
        ),
        ({"role": "admin", "fund_id": 1}, "body.fund_id", "no fund_id"),
        ({"role": "provider"}, "body.provider_id", "needs provider_id"),
        ({"role": "service"}, "body.role", ""),
    ]
    for body, field, reason in cases:
        response = catalog_client.post("/api/v1/api-keys", json={"name": "k", **body}, headers=ADMIN)
        assert response.status_code == 422, body
        detail = response.json()["error"]["details"][0]
        assert detail["field"] == field and reason in detail["reason"], (body, detail)
    enterprise = create_key(catalog_client, role="enterprise", company_id=company["id"])
    assert enterprise["company_id"] == company["id"] and enterprise["park_ids"] == []


def test_list_filters(catalog_client: TestClient) -> None:
    park = create_park(catalog_client)
    name = unique("filter ")
    kept = create_key(catalog_client, role="officer", park_ids=[park["id"]], name=name)
    gone = create_key(catalog_client, role="officer", park_ids=[park["id"]], name=name)
    catalog_client.post(f"/api/v1/api-keys/{gone['id']}/revoke", headers=ADMIN)
    page = catalog_client.get("/api/v1/api-keys", params={"q": name, "revoked": False}, headers=ADMIN).json()
    assert [item["id"] for item in page["items"]] == [kept["id"]]
    by_park = catalog_client.get("/api/v1/api-keys", params={"park_id": park["id"]}, headers=ADMIN).json()
    assert {item["id"] for item in by_park["items"]} == {kept["id"], gone["id"]}
