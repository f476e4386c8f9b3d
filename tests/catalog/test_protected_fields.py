"""Provenance (source, as_of, is_generated), hierarchy (a park's parent_id, is_virtual, a fund's park)
and approval (approval_level) are set by admins alone: anyone else's value is a 403 naming the field."""

from typing import Any, cast

import pytest
from fastapi.testclient import TestClient

from tests.catalog.test_carriers import carrier_body, create_carrier
from tests.catalog.test_parks import create_park
from tests.conftest import ADMIN, officer_of


def new_park(client: TestClient, **overrides: object) -> int:
    return cast(int, create_park(client, **overrides)["id"])


def refused_field(response: Any) -> str:
    assert response.status_code == 403, response.text
    details = response.json()["error"]["details"]
    assert len(details) == 1 and details[0]["reason"] == "only an admin may set it"
    field: str = details[0]["field"]
    return field


@pytest.mark.parametrize(
    "forged", [{"is_generated": True}, {"source": "国家统计局"}, {"as_of": "2020-01-01"}]
)
def test_an_officer_may_not_forge_a_carrier_s_provenance(
    catalog_client: TestClient, forged: dict[str, Any]
) -> None:
    park = new_park(catalog_client)
    officer = officer_of(park)
    (name,) = forged
    created = catalog_client.post("/api/v1/carriers", json=carrier_body(park, **forged), headers=officer)
    assert refused_field(created) == f"body.{name}"
    # Sent as it would be anyway (the default), it is no claim: the carrier is created.
    plain = catalog_client.post(
        "/api/v1/carriers", json=carrier_body(park, is_generated=False, source=None), headers=officer
    )
    assert plain.status_code == 201 and plain.json()["is_generated"] is False
    by_admin = catalog_client.post("/api/v1/carriers", json=carrier_body(park, **forged), headers=ADMIN)
    assert by_admin.status_code == 201


@pytest.mark.parametrize("change", ["approval_level", "is_virtual", "parent_id"])
def test_an_officer_may_not_change_the_approval_or_hierarchy_of_their_park(
    catalog_client: TestClient, change: str
) -> None:
    other = new_park(catalog_client)
    park = new_park(catalog_client, approval_level="provincial")
    path, officer = f"/api/v1/parks/{park}", officer_of(park)
    values = {"approval_level": "national", "is_virtual": True, "parent_id": other}
    refused = catalog_client.patch(path, json={"version": 1, change: values[change]}, headers=officer)
    assert refused_field(refused) == f"body.{change}"
    same = {"approval_level": "provincial", "is_virtual": False, "parent_id": None}[change]
    unchanged = catalog_client.patch(
        path, json={"version": 1, change: same, "description": "园区简介"}, headers=officer
    )
    assert unchanged.status_code == 200, unchanged.text
    by_admin = catalog_client.patch(path, json={"version": 2, change: values[change]}, headers=ADMIN)
    assert by_admin.status_code == 200 and by_admin.json()[change] == values[change]


def test_an_officer_may_not_relabel_a_carrier_as_generated(catalog_client: TestClient) -> None:
    park = new_park(catalog_client)
    carrier = create_carrier(catalog_client, park)
    patch = {"version": carrier["version"], "is_generated": True}
    response = catalog_client.patch(f"/api/v1/carriers/{carrier['id']}", json=patch, headers=officer_of(park))
    # The update schema has no provenance fields: an unknown field is ignored, nothing changes.
    assert response.status_code == 200
    assert catalog_client.get(f"/api/v1/carriers/{carrier['id']}").json()["is_generated"] is False
