from typing import Any

from fastapi.testclient import TestClient

from tests.catalog.test_companies import create_company
from tests.catalog.test_parks import create_park
from tests.conftest import ADMIN, enterprise_of, officer_of, unique


def carrier_body(park_id: int, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "park_id": park_id,
        "name": f"标准厂房{unique()}号",
        "kind": "standard_factory",
        "total_area_m2": 12000,
        "available_area_m2": 3000,
        "rent_yuan_m2_month": 28,
        "floor_load_kn_m2": 10,
        "power_capacity_kva": 1600,
        "amenities": ["货梯", "食堂"],
    }
    body.update(overrides)
    return body


def create_carrier(client: TestClient, park_id: int, **overrides: Any) -> dict[str, Any]:
    response = client.post("/api/v1/carriers", json=carrier_body(park_id, **overrides), headers=ADMIN)
    assert response.status_code == 201, response.text
    return response.json()


def test_create_read_update_delete(catalog_client: TestClient) -> None:
    park = create_park(catalog_client)
    carrier = create_carrier(catalog_client, park["id"], available_from="2025-07-01")
    path = f"/api/v1/carriers/{carrier['id']}"
    got = catalog_client.get(path).json()
    assert got["park_id"] == park["id"] and got["available_from"] == "2025-07-01"
    assert got["amenities"] == ["货梯", "食堂"]

    updated = catalog_client.patch(path, json={"version": 1, "rent_yuan_m2_month": 25}, headers=ADMIN)
    assert updated.status_code == 200 and updated.json()["version"] == 2
    assert updated.json()["rent_yuan_m2_month"] == 25
    stale = catalog_client.patch(path, json={"version": 1, "rent_yuan_m2_month": 1}, headers=ADMIN)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"

    assert catalog_client.delete(path, headers=ADMIN).status_code == 204
    assert catalog_client.get(path).status_code == 404


def test_field_errors(catalog_client: TestClient) -> None:
    park = create_park(catalog_client)

    def error_field(response: Any) -> str:
        assert response.status_code == 422, response.text
        return str(response.json()["error"]["details"][0]["field"])

    too_much = carrier_body(park["id"], total_area_m2=1000, available_area_m2=1500)
    assert error_field(catalog_client.post("/api/v1/carriers", json=too_much, headers=ADMIN)) == (
        "body.available_area_m2"
    )
    unknown_park = carrier_body(10**9)
    assert (
        error_field(catalog_client.post("/api/v1/carriers", json=unknown_park, headers=ADMIN))
        == "body.park_id"
    )
    bad_kind = carrier_body(park["id"], kind="castle")
    assert error_field(catalog_client.post("/api/v1/carriers", json=bad_kind, headers=ADMIN)) == "body.kind"

    carrier = create_carrier(catalog_client, park["id"])
    path = f"/api/v1/carriers/{carrier['id']}"
    # Only the total changes, below the stored available area.
    shrink = catalog_client.patch(path, json={"version": 1, "total_area_m2": 2000}, headers=ADMIN)
    assert error_field(shrink) == "body.available_area_m2"
    grow = catalog_client.patch(path, json={"version": 1, "available_area_m2": 12001}, headers=ADMIN)
    assert error_field(grow) == "body.available_area_m2"
    assert (
        error_field(catalog_client.patch(path, json={"version": 1, "kind": None}, headers=ADMIN))
        == "body.kind"
    )
    assert catalog_client.get(path).json()["version"] == 1  # nothing was written


def test_who_may_write(catalog_client: TestClient) -> None:
    mine, also_mine, theirs = (create_park(catalog_client) for _ in range(3))
    officer = officer_of(mine["id"], also_mine["id"])
    body = carrier_body(mine["id"])
    assert catalog_client.post("/api/v1/carriers", json=body).status_code == 401
    assert catalog_client.post("/api/v1/carriers", json=body, headers=enterprise_of(1)).status_code == 403
    assert (
        catalog_client.post("/api/v1/carriers", json=body, headers=officer_of(theirs["id"])).status_code
        == 403
    )
    created = catalog_client.post("/api/v1/carriers", json=body, headers=officer)
    assert created.status_code == 201
    path = f"/api/v1/carriers/{created.json()['id']}"

    to_theirs = catalog_client.patch(path, json={"version": 1, "park_id": theirs["id"]}, headers=officer)
    assert to_theirs.status_code == 403
    from_outside = catalog_client.patch(
        path, json={"version": 1, "name": "x"}, headers=officer_of(theirs["id"])
    )
    assert from_outside.status_code == 403
    moved = catalog_client.patch(path, json={"version": 1, "park_id": also_mine["id"]}, headers=officer)
    assert moved.status_code == 200 and moved.json()["park_id"] == also_mine["id"]

    assert catalog_client.delete(path, headers=officer_of(mine["id"])).status_code == 403
    assert catalog_client.delete(path, headers=officer).status_code == 204


def test_a_carrier_with_tenancies_stays_in_its_park(catalog_client: TestClient) -> None:
    park, other = create_park(catalog_client), create_park(catalog_client)
    carrier = create_carrier(catalog_client, park["id"])
    company = create_company(catalog_client)
    tenancy = {
        "company_id": company["id"],
        "park_id": park["id"],
        "carrier_id": carrier["id"],
        "kind": "physical",
    }
    assert catalog_client.post("/api/v1/tenancies", json=tenancy, headers=ADMIN).status_code == 201
    moved = catalog_client.patch(
        f"/api/v1/carriers/{carrier['id']}", json={"version": 1, "park_id": other["id"]}, headers=ADMIN
    )
    assert moved.status_code == 422 and moved.json()["error"]["details"][0]["field"] == "body.park_id"


def test_list_filters_sort_and_cursor(catalog_client: TestClient) -> None:
    tag = unique("楼")
    jiangsu, zhejiang = (
        create_park(catalog_client, province="江苏省"),
        create_park(catalog_client, province="浙江省"),
    )
    office = create_carrier(
        catalog_client,
        jiangsu["id"],
        name=f"{tag}A",
        kind="office",
        available_area_m2=800,
        rent_yuan_m2_month=60,
    )
    factory = create_carrier(
        catalog_client, jiangsu["id"], name=f"{tag}B", available_area_m2=5000, rent_yuan_m2_month=25
    )
    lab = create_carrier(
        catalog_client,
        zhejiang["id"],
        name=f"{tag}C",
        kind="lab",
        available_area_m2=None,
        rent_yuan_m2_month=None,
    )

    def found(**params: Any) -> list[str]:
        response = catalog_client.get("/api/v1/carriers", params={"q": tag, **params})
        assert response.status_code == 200, response.text
        return sorted(item["name"] for item in response.json()["items"])

    assert found() == [office["name"], factory["name"], lab["name"]]
    assert found(park_id=zhejiang["id"]) == [lab["name"]]
    assert found(kind="office") == [office["name"]]
    assert found(province="江苏") == [office["name"], factory["name"]]
    assert found(min_available_area_m2=1000) == [factory["name"]]
    assert found(max_rent=30) == [factory["name"]]
    assert found(ids=[lab["id"], office["id"]]) == [office["name"], lab["name"]]

    rents: list[float | None] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"q": tag, "sort": "-rent_yuan_m2_month", "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = catalog_client.get("/api/v1/carriers", params=params).json()
        rents += [item["rent_yuan_m2_month"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert rents == [60, 25, None]
