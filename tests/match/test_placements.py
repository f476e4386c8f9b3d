"""A park's coverage says how each tenant it rests on is known to sit there (located, reported, or
generated 示例; virtual registration; planned), and an officer's rejection of a placement takes the
company out of the park for every question."""

import time
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import ADMIN, officer_of
from tests.match.test_questions import ask, company_id_by_code

SYNC_WAIT_SECONDS = 15


def zibo_virtual_park(catalog: TestClient) -> dict[str, Any]:
    items = catalog.get("/api/v1/parks", params={"is_virtual": "true"}).json()["items"]
    park: dict[str, Any] = next(p for p in items if p["code"] == "V-ZIBO-2023")
    return park


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + SYNC_WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"{what} within {SYNC_WAIT_SECONDS} s"
        time.sleep(0.3)


def test_virtual_park_coverage_says_its_tenants_are_generated_and_virtual(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    zibo = zibo_virtual_park(seeded_catalog_client)
    keyhui = company_id_by_code(seeded_catalog_client, "688681")  # 科汇股份: the demo registers it virtually
    answer = ask(match_client, "chain-coverage", {"park_id": zibo["id"]}, officer_of(zibo["id"]))
    basis = answer["explain"]["tenants"]
    tenancies = seeded_catalog_client.get(
        "/api/v1/tenancies", params={"park_id": zibo["id"], "limit": 50}, headers=ADMIN
    ).json()["items"]
    assert basis["total"] == len(tenancies)
    assert basis["generated"] == sum(t["is_generated"] for t in tenancies) >= 1
    assert basis["virtual"] == sum(t["kind"] == "virtual" for t in tenancies)
    assert "示例" in basis["note"] and "虚拟注册" in basis["note"]

    node = next(item for item in answer["items"] if keyhui in [c["id"] for c in item["details"]["companies"]])
    placement = next(c for c in node["details"]["companies"] if c["id"] == keyhui)["placement"]
    assert placement["is_generated"] and placement["kind"] == "virtual"
    line = next(line for line in node["evidence"] if "科汇股份" in line)
    assert "示例入驻" in line and "虚拟注册" in line
    assert "示例入驻" in node["evidence"][0]  # the thin node rests on a generated tenant alone

    # The target list states the same basis as the coverage it rests on.
    question = {"park_id": zibo["id"], "chain_ids": [answer["explain"]["chain_id"]], "action": "strengthen"}
    targets = ask(match_client, "companies-for-park", {**question, "limit": 50}, officer_of(zibo["id"]))
    assert targets["explain"]["tenants"] == basis

    card = match_client.get(f"/api/v1/evaluation/parks/{zibo['id']}").json()
    assert card["generated_tenants"] == basis["generated"] and card["total_tenants"] == basis["total"]


def test_a_placement_the_park_rejects_no_longer_counts(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    park = seeded_catalog_client.get("/api/v1/parks", params={"q": "苏州工业园区"}).json()["items"][0]
    wlcsp = company_id_by_code(seeded_catalog_client, "603005")  # 晶方科技, located from its office address
    tenancy = seeded_catalog_client.get(
        "/api/v1/tenancies", params={"park_id": park["id"], "company_id": wlcsp}, headers=ADMIN
    ).json()["items"][0]
    assert tenancy["placement_source"] == "office_address"
    officer = officer_of(park["id"])
    chains = seeded_catalog_client.get("/api/v1/chains", params={"limit": 50}).json()["items"]
    semiconductor = next(c for c in chains if c["code"] == "semiconductor")
    question = {"park_id": park["id"], "chain_id": semiconductor["id"], "limit": 500}

    def counted() -> bool:
        answer = ask(match_client, "chain-coverage", question, officer)
        return any(wlcsp in [c["id"] for c in item["details"]["companies"]] for item in answer["items"])

    def tenants() -> int:
        total: int = ask(match_client, "chain-coverage", question, officer)["explain"]["tenants"]["total"]
        return total

    assert counted()
    before = tenants()
    path = f"/api/v1/tenancies/{tenancy['id']}"
    rejected = seeded_catalog_client.patch(
        path, json={"version": tenancy["version"], "review_status": "rejected"}, headers=officer
    )
    assert rejected.status_code == 200, rejected.text
    try:
        wait_until(lambda: not counted(), "a rejected placement left the park's coverage")
        assert tenants() == before - 1
        targets = ask(match_client, "companies-for-park", {"park_id": park["id"], "limit": 20}, officer)
        assert targets["explain"]["excluded_tenants"] == before - 1
    finally:
        restored = seeded_catalog_client.patch(
            path, json={"version": rejected.json()["version"], "review_status": "unreviewed"}, headers=officer
        )
        assert restored.status_code == 200, restored.text
    wait_until(counted, "a placement back to unreviewed returned to the park's coverage")
