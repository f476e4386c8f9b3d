"""Match questions on the real data: behaviour a user of each question relies on."""

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared.principal import Principal, Role
from tests.conftest import ADMIN, as_principal, officer_of

MATCH = "/api/v1/match"


def ask(
    client: TestClient, question: str, body: dict[str, Any], headers: dict[str, str] | None = None
) -> Any:
    response = client.post(f"{MATCH}/{question}", json=body, headers=headers or ADMIN)
    assert response.status_code == 200, response.text
    return response.json()


def company_id_by_code(catalog: TestClient, code: str) -> int:
    items = catalog.get("/api/v1/companies", params={"stock_code": code}).json()["items"]
    assert items, f"listed company {code} missing from the seed"
    return int(items[0]["id"])


def test_answer_shape(match_client: TestClient) -> None:
    answer = ask(match_client, "companies-for-node", {"text": "锂电池正极材料", "limit": 5})
    assert len(answer["items"]) == 5
    for item in answer["items"]:
        assert {"id", "name", "score", "factors", "evidence", "code"} <= item.keys()
        assert all(0.0 <= value <= 1.0 for value in item["factors"].values())
    scores = [item["score"] for item in answer["items"]]
    assert scores == sorted(scores, reverse=True)


def test_cathode_query_finds_cathode_makers_not_textiles(match_client: TestClient) -> None:
    items = ask(match_client, "companies-for-node", {"text": "锂电池正极材料", "limit": 20})["items"]
    industries = [item["details"]["industry"] or "" for item in items]
    assert any("电池" in text or "能源金属" in text or "化学" in text for text in industries)
    assert not any("纺织" in text or "服装" in text for text in industries)
    assert any("正极" in " ".join(item["evidence"]) for item in items)


def test_province_filter_applies_inside_the_search(match_client: TestClient) -> None:
    body = {"text": "半导体设备", "limit": 20, "filters": {"province": "江苏"}}
    items = ask(match_client, "companies-for-node", body)["items"]
    assert len(items) == 20  # k results although most companies are elsewhere
    assert all((item["details"]["province"] or "").startswith("江苏") for item in items)


def test_node_question_needs_node_or_text(match_client: TestClient) -> None:
    response = match_client.post(f"{MATCH}/companies-for-node", json={"limit": 5}, headers=ADMIN)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"].endswith("node_id")
    missing = match_client.post(f"{MATCH}/companies-for-node", json={"node_id": 10**9}, headers=ADMIN)
    assert missing.status_code == 404


def test_lithium_battery_company_prefers_new_energy_parks(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    catl = company_id_by_code(seeded_catalog_client, "300750")
    items = ask(match_client, "parks-for-company", {"company_id": catl, "limit": 50})["items"]
    industries = [
        " ".join(seeded_catalog_client.get(f"/api/v1/parks/{i['id']}").json()["leading_industries"])
        for i in items
    ]
    first_new_energy = next(n for n, text in enumerate(industries) if "新能源" in text)
    textile = [n for n, text in enumerate(industries) if "纺织" in text and "新能源" not in text]
    assert first_new_energy < 10
    assert not textile or first_new_energy < textile[0]


def test_parks_for_company_bundle(match_client: TestClient, seeded_catalog_client: TestClient) -> None:
    company = company_id_by_code(seeded_catalog_client, "300750")
    body = {
        "company_id": company,
        "limit": 10,
        "space_m2": 20000,
        "filters": {"min_available_area_m2": 20000},
    }
    items = ask(match_client, "parks-for-company", body)["items"]
    assert items
    for item in items:
        details = item["details"]
        assert details["best_carrier"]["available_area_m2"] >= 20000
        assert {"industry", "chain", "carrier", "policy", "cost"} <= item["factors"].keys()
        assert all(policy["eligible"] in ("yes", "unknown") for policy in details["policies"])
        # The location cost is the carrier's, net of the benefits that offset it and never negative;
        # the other subsidies stand beside it.
        location = details["location_cost"]
        assert location["carrier_id"] == details["best_carrier"]["id"] and location["space_m2"] == 20000
        assert location["gross_yuan"] is not None and location["net_yuan"] >= 0
        assert location["net_yuan"] == round(max(location["gross_yuan"] - location["benefits_yuan"], 0), 2)
        offsetting = [
            p for p in details["policies"] if p["eligible"] == "yes" and p["offsets"] == location["kind"]
        ]
        assert sum(p["counted_yuan"] or 0 for p in offsetting) == pytest.approx(location["benefits_yuan"])
        assert location["benefits_yuan"] <= location["gross_yuan"]
        assert details["subsidies_yuan"] == pytest.approx(
            location["benefits_yuan"] + details["other_subsidies_yuan"]
        )


def test_parks_for_company_caps_the_area_at_the_carrier(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    """A need beyond every carrier is costed on what the best carrier offers, never on the need, and
    a land parcel is costed on its price."""
    company = company_id_by_code(seeded_catalog_client, "300750")
    body = {"company_id": company, "limit": 30, "space_m2": 500_000}
    items = ask(match_client, "parks-for-company", body)["items"]
    located = [item["details"] for item in items if item["details"]["location_cost"]]
    assert located
    for details in located:
        location, carrier = details["location_cost"], details["best_carrier"]
        assert location["space_m2"] <= carrier["available_area_m2"] < 500_000
        assert "需另寻载体" in location["note"]
        assert location["gross_yuan"] is not None and location["net_yuan"] >= 0
    land = [d["location_cost"] for d in located if d["location_cost"]["kind"] == "land"]
    assert all(location["gross_yuan"] > 0 for location in land)


def _park_with_tenants(catalog: TestClient) -> int:
    tenancies = catalog.get("/api/v1/tenancies", params={"limit": 200, "status": "active"}).json()["items"]
    counts: dict[int, int] = {}
    for tenancy in tenancies:
        counts[tenancy["park_id"]] = counts.get(tenancy["park_id"], 0) + 1
    return max(counts, key=lambda park_id: counts[park_id])


def test_chain_coverage_statuses(match_client: TestClient, seeded_catalog_client: TestClient) -> None:
    park = _park_with_tenants(seeded_catalog_client)
    chains = seeded_catalog_client.get("/api/v1/chains", params={"limit": 50}).json()["items"]
    chain = (
        next(c for c in chains if c["code"] == "new-energy")
        if any(c["code"] == "new-energy" for c in chains)
        else chains[0]
    )
    answer = ask(match_client, "chain-coverage", {"park_id": park, "chain_id": chain["id"], "limit": 500})
    parents = {node["parent_id"] for node in chain["nodes"]}
    leaves = [node for node in chain["nodes"] if node["id"] not in parents]
    assert len(answer["items"]) == len(leaves)
    for item in answer["items"]:
        details = item["details"]
        assert details["status"] in ("covered", "thin", "missing")
        assert (details["status"] == "missing") == (not details["companies"])
        assert details["action"] in (None, "fill", "extend", "strengthen", "build")
        if details["status"] == "thin":
            assert details["action"] == "strengthen"


def test_companies_for_park_excludes_tenants_and_learns_from_feedback(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    park = _park_with_tenants(seeded_catalog_client)
    tenants = {
        t["company_id"]
        for t in seeded_catalog_client.get(
            "/api/v1/tenancies", params={"park_id": park, "limit": 200}
        ).json()["items"]
    }
    items = ask(match_client, "companies-for-park", {"park_id": park, "limit": 10})["items"]
    assert items and not {item["id"] for item in items} & tenants
    assert all(item["details"]["action"] in ("fill", "extend", "strengthen", "build") for item in items)
    assert all(item["details"]["node"] for item in items)

    top = items[0]["id"]
    verdict = {"park_id": park, "company_id": top, "relevant": False, "reason": "已在谈"}
    assert (
        match_client.post(f"{MATCH}/feedback", json=verdict, headers=officer_of(park + 1)).status_code == 403
    )
    assert match_client.post(f"{MATCH}/feedback", json=verdict).status_code == 401
    assert match_client.post(f"{MATCH}/feedback", json=verdict, headers=officer_of(park)).status_code == 201
    again = ask(match_client, "companies-for-park", {"park_id": park, "limit": 10})["items"]
    assert top not in {item["id"] for item in again}


def test_funds_and_providers(match_client: TestClient, seeded_catalog_client: TestClient) -> None:
    company = company_id_by_code(seeded_catalog_client, "300750")
    funds = ask(match_client, "funds-for-company", {"company_id": company, "limit": 5})["items"]
    assert len(funds) == 5 and all("two_sided" in f["factors"] for f in funds)
    fund_id = funds[0]["id"]
    deals = ask(
        match_client, "companies-for-fund", {"fund_id": fund_id, "limit": 5, "filters": {"province": "浙江"}}
    )
    assert all(item["details"]["province"].startswith("浙江") for item in deals["items"])
    providers = ask(
        match_client, "providers-for-company", {"company_id": company, "limit": 5, "category": ["ip"]}
    )
    assert providers["items"] and all(p["details"]["category"] == "ip" for p in providers["items"])
    provider_id = providers["items"][0]["id"]
    assert ask(match_client, "companies-for-provider", {"provider_id": provider_id, "limit": 5})["items"]


def test_needs_stay_private_in_deal_flow(match_client: TestClient) -> None:
    fund_headers = as_principal(Principal(role=Role.fund, fund_id=1))
    items = ask(match_client, "companies-for-fund", {"fund_id": 1, "limit": 50}, headers=fund_headers)[
        "items"
    ]
    assert not any("万元" in line and "拟融资" in line for item in items for line in item["evidence"])


def test_similar_and_search(match_client: TestClient, seeded_catalog_client: TestClient) -> None:
    park = seeded_catalog_client.get("/api/v1/parks", params={"q": "苏州工业园区"}).json()["items"][0]
    similar = match_client.get(
        f"{MATCH}/similar/park/{park['id']}", params={"limit": 5}, headers=ADMIN
    ).json()
    assert len(similar["items"]) == 5 and park["id"] not in {item["id"] for item in similar["items"]}
    found = ask(match_client, "search", {"text": "新能源汽车", "limit": 30})["items"]
    assert {item["details"]["entity"] for item in found} >= {"company", "park"}
    english = ask(match_client, "search", {"text": "lithium battery", "limit": 10, "entities": ["company"]})[
        "items"
    ]
    assert english


def test_catalog_changes_reach_match_results_within_seconds(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    body = {
        "name": "示例固态电池材料有限公司",
        "province": "江苏省",
        "products": [{"name": "硫化物固态电解质", "share": 0.9}],
        "is_generated": True,
    }
    created = seeded_catalog_client.post("/api/v1/companies", json=body, headers=ADMIN)
    assert created.status_code == 201, created.text
    company_id = created.json()["id"]
    question = {"text": "硫化物固态电解质", "limit": 5}

    def present() -> bool:
        return company_id in {
            item["id"] for item in ask(match_client, "companies-for-node", question)["items"]
        }

    deadline = time.monotonic() + 15
    while not present():
        assert time.monotonic() < deadline, "a new company did not reach match results within 15 s"
        time.sleep(0.3)
    assert seeded_catalog_client.delete(f"/api/v1/companies/{company_id}", headers=ADMIN).status_code == 204
    deadline = time.monotonic() + 15
    while present():
        assert time.monotonic() < deadline, "a deleted company stayed in match results for 15 s"
        time.sleep(0.3)
