from typing import Any

from fastapi.testclient import TestClient

from tests.catalog.test_carriers import create_carrier
from tests.catalog.test_companies import create_company
from tests.catalog.test_parks import create_park
from tests.conftest import ADMIN, enterprise_of, officer_of


def post(client: TestClient, headers: dict[str, str] | None = None, **body: Any) -> Any:
    return client.post("/api/v1/tenancies", json=body, headers=headers if headers is not None else ADMIN)


def error_field(response: Any) -> str:
    assert response.status_code == 422, response.text
    return str(response.json()["error"]["details"][0]["field"])


def test_create_read_update_delete(catalog_client: TestClient) -> None:
    park = create_park(catalog_client)
    carrier = create_carrier(catalog_client, park["id"])
    company = create_company(catalog_client)
    created = post(
        catalog_client,
        company_id=company["id"],
        park_id=park["id"],
        carrier_id=carrier["id"],
        kind="physical",
        area_m2=1200,
        since="2024-03-01",
        status="planned",
    )
    assert created.status_code == 201, created.text
    path = f"/api/v1/tenancies/{created.json()['id']}"
    got = catalog_client.get(path).json()
    assert got["carrier_id"] == carrier["id"] and got["since"] == "2024-03-01" and got["status"] == "planned"

    updated = catalog_client.patch(path, json={"version": 1, "status": "active"}, headers=ADMIN)
    assert (
        updated.status_code == 200 and updated.json()["status"] == "active" and updated.json()["version"] == 2
    )
    stale = catalog_client.patch(path, json={"version": 1, "status": "ended"}, headers=ADMIN)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"
    bad_status = catalog_client.patch(path, json={"version": 2, "status": "paused"}, headers=ADMIN)
    assert error_field(bad_status) == "body.status"

    assert catalog_client.delete(path, headers=ADMIN).status_code == 204
    assert catalog_client.get(path).status_code == 404


def test_the_carrier_belongs_to_the_park(catalog_client: TestClient) -> None:
    park, other = create_park(catalog_client), create_park(catalog_client)
    carrier, elsewhere = (
        create_carrier(catalog_client, park["id"]),
        create_carrier(catalog_client, other["id"]),
    )
    company = create_company(catalog_client)
    base = {"company_id": company["id"], "park_id": park["id"], "kind": "physical"}

    assert error_field(post(catalog_client, **base, carrier_id=elsewhere["id"])) == "body.carrier_id"
    assert error_field(post(catalog_client, **base, carrier_id=10**9)) == "body.carrier_id"
    assert error_field(post(catalog_client, **{**base, "company_id": 10**9})) == "body.company_id"

    created = post(catalog_client, **base, carrier_id=carrier["id"])
    assert created.status_code == 201
    path = f"/api/v1/tenancies/{created.json()['id']}"
    # Moving the tenancy to another park without changing its carrier leaves the carrier behind.
    moved = catalog_client.patch(path, json={"version": 1, "park_id": other["id"]}, headers=ADMIN)
    assert error_field(moved) == "body.carrier_id"
    both = catalog_client.patch(
        path, json={"version": 1, "park_id": other["id"], "carrier_id": elsewhere["id"]}, headers=ADMIN
    )
    assert both.status_code == 200 and both.json()["carrier_id"] == elsewhere["id"]


def test_virtual_tenancies(catalog_client: TestClient) -> None:
    virtual_park = create_park(catalog_client, zone_type="virtual_park", is_virtual=True)
    park = create_park(catalog_client)
    carrier = create_carrier(catalog_client, park["id"])
    company = create_company(catalog_client)

    physical = post(catalog_client, company_id=company["id"], park_id=virtual_park["id"], kind="physical")
    assert error_field(physical) == "body.kind"
    with_carrier = post(
        catalog_client, company_id=company["id"], park_id=park["id"], carrier_id=carrier["id"], kind="virtual"
    )
    assert error_field(with_carrier) == "body.carrier_id"

    virtual = post(catalog_client, company_id=company["id"], park_id=virtual_park["id"], kind="virtual")
    assert virtual.status_code == 201 and virtual.json()["carrier_id"] is None
    path = f"/api/v1/tenancies/{virtual.json()['id']}"
    made_physical = catalog_client.patch(path, json={"version": 1, "kind": "physical"}, headers=ADMIN)
    assert error_field(made_physical) == "body.kind"
    # A physical tenancy in an ordinary park may be virtual too, once it leaves its carrier.
    in_carrier = post(
        catalog_client,
        company_id=company["id"],
        park_id=park["id"],
        carrier_id=carrier["id"],
        kind="physical",
    ).json()
    in_path = f"/api/v1/tenancies/{in_carrier['id']}"
    assert error_field(
        catalog_client.patch(in_path, json={"version": 1, "kind": "virtual"}, headers=ADMIN)
    ) == ("body.carrier_id")
    left = catalog_client.patch(
        in_path, json={"version": 1, "kind": "virtual", "carrier_id": None}, headers=ADMIN
    )
    assert left.status_code == 200 and left.json()["kind"] == "virtual"


def test_who_may_write(catalog_client: TestClient) -> None:
    park, other = create_park(catalog_client), create_park(catalog_client)
    company = create_company(catalog_client)
    body = {"company_id": company["id"], "park_id": park["id"], "kind": "virtual"}
    assert post(catalog_client, {}, **body).status_code == 401
    assert post(catalog_client, enterprise_of(company["id"]), **body).status_code == 403
    assert post(catalog_client, officer_of(other["id"]), **body).status_code == 403
    created = post(catalog_client, officer_of(park["id"]), **body)
    assert created.status_code == 201
    path = f"/api/v1/tenancies/{created.json()['id']}"

    to_other = catalog_client.patch(
        path, json={"version": 1, "park_id": other["id"]}, headers=officer_of(park["id"])
    )
    assert to_other.status_code == 403
    outsider = catalog_client.patch(path, json={"version": 1, "area_m2": 10}, headers=officer_of(other["id"]))
    assert outsider.status_code == 403
    own = catalog_client.patch(path, json={"version": 1, "area_m2": 10}, headers=officer_of(park["id"]))
    assert own.status_code == 200
    assert catalog_client.delete(path, headers=enterprise_of(company["id"])).status_code == 403
    assert catalog_client.delete(path, headers=officer_of(park["id"])).status_code == 204


def test_list_filters_sort_and_cursor(catalog_client: TestClient) -> None:
    park, other = create_park(catalog_client), create_park(catalog_client)
    carrier = create_carrier(catalog_client, park["id"])
    first, second = create_company(catalog_client), create_company(catalog_client)
    in_park = {"park_id": park["id"]}
    made = [
        post(
            catalog_client,
            company_id=first["id"],
            **in_park,
            kind="physical",
            carrier_id=carrier["id"],
            since="2021-01-01",
            status="ended",
        ),
        post(catalog_client, company_id=second["id"], **in_park, kind="virtual", since="2023-05-01"),
        post(catalog_client, company_id=second["id"], **in_park, kind="virtual"),
        post(catalog_client, company_id=first["id"], park_id=other["id"], kind="virtual", status="planned"),
    ]
    ended, recent, undated, planned = (response.json()["id"] for response in made)

    def found(**params: Any) -> set[int]:
        response = catalog_client.get("/api/v1/tenancies", params=params)
        assert response.status_code == 200, response.text
        return {item["id"] for item in response.json()["items"]}

    assert found(park_id=park["id"]) == {ended, recent, undated}
    assert found(company_id=first["id"]) == {ended, planned}
    assert found(company_id=first["id"], status="planned") == {planned}
    assert found(park_id=park["id"], kind="physical") == {ended}
    assert found(carrier_id=carrier["id"]) == {ended}
    assert found(ids=[recent, planned]) == {recent, planned}

    order: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"park_id": park["id"], "sort": "-since", "limit": 1}
        if cursor:
            params["cursor"] = cursor
        page = catalog_client.get("/api/v1/tenancies", params=params).json()
        assert page["total"] == 3
        order += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert order == [recent, ended, undated]  # newest first, the undated one last
