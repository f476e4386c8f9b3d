from fastapi.testclient import TestClient

from tests.catalog.test_parks import create_park
from tests.conftest import ADMIN, enterprise_of, officer_of, unique


def create_company(client: TestClient) -> dict[str, object]:
    response = client.post("/api/v1/companies", json={"name": unique("目标企业")}, headers=ADMIN)
    assert response.status_code == 201, response.text
    return response.json()


def create_lead(client: TestClient, park_id: object, **body: object) -> dict[str, object]:
    company = create_company(client)
    response = client.post(
        "/api/v1/leads",
        json={"park_id": park_id, "company_id": company["id"], **body},
        headers=officer_of(park_id),  # type: ignore[arg-type]
    )
    assert response.status_code == 201, response.text
    return response.json()


def move(client: TestClient, lead: dict[str, object], park_id: object, **body: object) -> dict[str, object]:
    response = client.patch(
        f"/api/v1/leads/{lead['id']}",
        json={"version": lead["version"], **body},
        headers=officer_of(park_id),  # type: ignore[arg-type]
    )
    return {"status": response.status_code, **response.json()}


def test_pipeline_moves_and_keeps_history(catalog_client: TestClient) -> None:
    park = create_park(catalog_client)
    lead = create_lead(catalog_client, park["id"], owner="王专员", notes="储能电池, 江苏")
    assert lead["stage"] == "identified" and lead["owner"] == "王专员"
    for stage in ("contacted", "visited", "negotiating", "signed", "landed"):
        lead = move(catalog_client, lead, park["id"], stage=stage)
        assert lead["status"] == 200 and lead["stage"] == stage, lead
    lead = move(catalog_client, lead, park["id"], notes="已投产")
    assert lead["status"] == 200

    events = catalog_client.get(f"/api/v1/leads/{lead['id']}/events", headers=officer_of(park["id"])).json()
    steps = [(e["kind"], e["from_stage"], e["to_stage"]) for e in events["items"]]
    assert steps == [
        ("created", None, "identified"),
        ("moved", "identified", "contacted"),
        ("moved", "contacted", "visited"),
        ("moved", "visited", "negotiating"),
        ("moved", "negotiating", "signed"),
        ("moved", "signed", "landed"),
        ("edited", "landed", "landed"),
    ]
    assert events["items"][-1]["changes"] == {"notes": "已投产"}
    assert events["items"][0]["changes"]["owner"] == "王专员"
    assert {e["actor_role"] for e in events["items"]} == {"officer"}


def test_disallowed_moves_name_the_field(catalog_client: TestClient) -> None:
    park = create_park(catalog_client)
    lead = create_lead(catalog_client, park["id"])
    skipped = move(catalog_client, lead, park["id"], stage="signed")
    assert skipped["status"] == 422
    assert skipped["error"]["details"][0]["field"] == "body.stage"  # type: ignore[index]
    assert "allowed: contacted, lost" in skipped["error"]["details"][0]["reason"]  # type: ignore[index]

    no_reason = move(catalog_client, lead, park["id"], stage="lost")
    assert no_reason["status"] == 422
    assert no_reason["error"]["details"][0]["field"] == "body.lost_reason"  # type: ignore[index]
    reason_not_lost = move(catalog_client, lead, park["id"], lost_reason="太远")
    assert reason_not_lost["status"] == 422

    lost = move(catalog_client, lead, park["id"], stage="lost", lost_reason="选择了合肥")
    assert lost["status"] == 200 and lost["lost_reason"] == "选择了合肥"
    landed = move(catalog_client, lost, park["id"], stage="landed")
    assert landed["status"] == 422 and "allowed: identified" in landed["error"]["message"]  # type: ignore[index]
    reopened = move(catalog_client, lost, park["id"], stage="identified")
    assert reopened["status"] == 200 and reopened["lost_reason"] is None

    final = create_lead(catalog_client, park["id"], stage="signed")
    final = move(catalog_client, final, park["id"], stage="landed")
    stuck = move(catalog_client, final, park["id"], stage="lost", lost_reason="x")
    assert stuck["status"] == 422 and "none (final stage)" in stuck["error"]["message"]  # type: ignore[index]

    stale = move(catalog_client, {**lead, "version": 1}, park["id"], notes="x")
    assert stale["status"] == 409


def test_leads_belong_to_their_park(catalog_client: TestClient) -> None:
    park, other = create_park(catalog_client), create_park(catalog_client)
    lead = create_lead(catalog_client, park["id"])
    company = create_company(catalog_client)

    outsider = officer_of(other["id"])
    assert catalog_client.get(f"/api/v1/leads/{lead['id']}", headers=outsider).status_code == 404
    assert catalog_client.get(f"/api/v1/leads/{lead['id']}/events", headers=outsider).status_code == 404
    patch = catalog_client.patch(
        f"/api/v1/leads/{lead['id']}", json={"version": 1, "notes": "x"}, headers=outsider
    )
    assert patch.status_code == 404
    assert catalog_client.delete(f"/api/v1/leads/{lead['id']}", headers=outsider).status_code == 404
    listed = catalog_client.get("/api/v1/leads", params={"park_id": park["id"]}, headers=outsider).json()
    assert listed["total"] == 0
    body = {"park_id": park["id"], "company_id": company["id"]}
    assert catalog_client.post("/api/v1/leads", json=body, headers=outsider).status_code == 403
    assert (
        catalog_client.post("/api/v1/leads", json=body, headers=enterprise_of(company["id"])).status_code
        == 403
    )
    assert catalog_client.post("/api/v1/leads", json=body).status_code == 401
    for headers in (enterprise_of(lead["company_id"]), {}):  # type: ignore[arg-type]
        assert (
            catalog_client.get("/api/v1/leads", params={"park_id": park["id"]}, headers=headers).json()[
                "total"
            ]
            == 0
        )

    both = officer_of(park["id"], other["id"])
    assert catalog_client.get(f"/api/v1/leads/{lead['id']}", headers=both).status_code == 200
    assert catalog_client.get(f"/api/v1/leads/{lead['id']}", headers=ADMIN).status_code == 200


def test_one_lead_per_company_and_park(catalog_client: TestClient) -> None:
    park = create_park(catalog_client)
    lead = create_lead(catalog_client, park["id"])
    again = catalog_client.post(
        "/api/v1/leads",
        json={"park_id": park["id"], "company_id": lead["company_id"]},
        headers=officer_of(park["id"]),
    )
    assert again.status_code == 409
    unknown = catalog_client.post(
        "/api/v1/leads", json={"park_id": park["id"], "company_id": 10**9}, headers=officer_of(park["id"])
    )
    assert unknown.status_code == 422 and unknown.json()["error"]["details"][0]["field"] == "body.company_id"


def test_list_filters(catalog_client: TestClient) -> None:
    park = create_park(catalog_client)
    owner = unique("专员")
    first = create_lead(catalog_client, park["id"], owner=owner, next_contact_on="2026-01-10")
    second = create_lead(catalog_client, park["id"], owner=owner, stage="contacted", notes="固态电池")
    create_lead(catalog_client, park["id"], stage="visited")
    headers = officer_of(park["id"])

    def ids(**params: object) -> list[object]:
        page = catalog_client.get("/api/v1/leads", params={"park_id": park["id"], **params}, headers=headers)
        assert page.status_code == 200, page.text
        return [item["id"] for item in page.json()["items"]]

    assert ids(owner=owner) == [first["id"], second["id"]]
    assert ids(stage=["identified", "contacted"]) == [first["id"], second["id"]]
    assert ids(q="固态") == [second["id"]]
    assert ids(next_contact_before="2026-01-31") == [first["id"]]
    assert ids(owner=owner, sort="-created_at") == [second["id"], first["id"]]
    bad = catalog_client.get("/api/v1/leads", params={"stage": "won"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "query.stage.0"
