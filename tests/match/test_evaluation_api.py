"""The park evaluation on the seeded data: every park ranked, scorecards, and a catalog change reaching it."""

import time
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import ADMIN
from tests.match.test_membership import _zibo
from tests.match.test_questions import company_id_by_code

EVALUATION = "/api/v1/evaluation/parks"
TRACKS = ["未来制造", "未来信息", "未来材料", "未来能源", "未来空间", "未来健康"]


def _scorecard(client: TestClient, park_id: int) -> dict[str, Any]:
    response = client.get(f"{EVALUATION}/{park_id}")
    assert response.status_code == 200, response.text
    card: dict[str, Any] = response.json()
    return card


def _park_id(catalog: TestClient, name: str) -> int:
    items = catalog.get("/api/v1/parks", params={"q": name}).json()["items"]
    return int(next(p["id"] for p in items if p["name"] == name))


def test_every_park_is_ranked_and_pages_are_capped(match_client: TestClient) -> None:
    first = match_client.get(EVALUATION, params={"limit": 100}).json()
    assert first["total"] == 2544
    ranks = [item["rank"] for item in first["items"]]
    assert ranks == sorted(ranks) and ranks[0] == 1
    following = match_client.get(EVALUATION, params={"limit": 100, "cursor": first["next_cursor"]}).json()
    assert following["items"][0]["rank"] == ranks[-1] + 1
    assert match_client.get(EVALUATION, params={"limit": 101}).status_code == 422


def test_filters_and_ranking_by_a_track(match_client: TestClient) -> None:
    page = match_client.get(EVALUATION, params={"track": "未来健康", "province": "江苏", "limit": 50}).json()
    assert page["items"] and all(item["province"].startswith("江苏") for item in page["items"])
    scores = [item["track_score"] for item in page["items"]]
    assert scores == sorted(scores, reverse=True)
    wrong = match_client.get(EVALUATION, params={"track": "未来农业"})
    assert wrong.status_code == 422
    assert wrong.json()["error"]["details"][0]["field"] == "query.track"


def test_suzhou_has_a_scorecard(match_client: TestClient, seeded_catalog_client: TestClient) -> None:
    card = _scorecard(match_client, _park_id(seeded_catalog_client, "苏州工业园区"))
    assert [point["track"] for point in card["radar"]] == TRACKS
    assert card["peer_group"].startswith("etdz / national") and card["peer_count"] >= 20
    assert card["total_tenants"] > 0 and card["chains"]
    for group in card["tracks"]:
        names = [indicator["name"] for indicator in group["indicators"]]
        assert names == [
            "tenants",
            "location_quotient",
            "coverage",
            "leaders",
            "revenue_growth_pct",
            "net_margin_pct",
        ]
        assert all(i["percentile"] is None or 0 <= i["percentile"] <= 100 for i in group["indicators"])
    assert card["data_dates"]["financials_to"] == "2024-05-13"
    assert match_client.get(f"{EVALUATION}/999999").status_code == 404


def test_zibo_s_strongest_track_is_not_health(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    card = _scorecard(match_client, _zibo(seeded_catalog_client))
    assert card["strongest_track"] is not None and card["strongest_track"] != "未来健康"


def test_a_new_tenancy_reaches_the_scorecard(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    last = match_client.get(EVALUATION, params={"limit": 1, "cursor": "2543"}).json()["items"][0]
    assert last["total_tenants"] == 0
    catl = company_id_by_code(seeded_catalog_client, "300750")  # 宁德时代, a battery maker
    body = {"company_id": catl, "park_id": last["park_id"], "kind": "physical", "review_status": "confirmed"}
    response = seeded_catalog_client.post("/api/v1/tenancies", json=body, headers=ADMIN)
    assert response.status_code == 201, response.text
    deadline = time.monotonic() + 60
    while (card := _scorecard(match_client, last["park_id"]))["total_tenants"] == 0:
        assert time.monotonic() < deadline, "a new tenancy did not reach the evaluation within 60 s"
        time.sleep(0.5)
    energy = next(t for t in card["tracks"] if t["name"] == "未来能源")
    assert energy["member_tenants"] == 1 and energy["leaders"]  # 宁德时代 holds more than 100亿元
    assert card["rank"] < last["rank"]
