"""The park evaluation on the seeded data: every park ranked, scorecards, and a catalog change reaching it."""

import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.match.evaluation.report import radar
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


def test_the_tracks_configuration_is_readable_and_names_real_chains(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    """What the console offers as tracks and shows each one counting: the scorecard's tracks, in its
    order; every chain a sub-field names is one of the catalog's (a misspelt name would count nothing)."""
    response = match_client.get("/api/v1/evaluation/tracks")
    assert response.status_code == 200, response.text
    config = response.json()
    assert [track["name"] for track in config["tracks"]] == TRACKS
    assert config["version"] == _scorecard(match_client, _zibo(seeded_catalog_client))["tracks_version"]
    assert config["as_of"] == "2024-01-18" and "工信部联科〔2024〕12号" in config["source"]
    assert "智能网联汽车" in config["note"]
    chains = {
        chain["name"]
        for chain in seeded_catalog_client.get("/api/v1/chains", params={"limit": 100}).json()["items"]
    }
    named = {name for track in config["tracks"] for sub in track["sub_fields"] for name in sub["chains"]}
    assert named and named <= chains
    sub_fields = {sub["name"]: sub for track in config["tracks"] for sub in track["sub_fields"]}
    assert sub_fields["新型电力系统"]["industries"] == ["电网自动化设备", "输变电设备"]


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


def test_the_scorecard_has_policy_strength_funds_and_the_development_weighting(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    card = _scorecard(match_client, _park_id(seeded_catalog_client, "苏州工业园区"))
    support = {i["name"]: i for i in card["support"]["indicators"]}
    assert list(support) == ["available_area_m2", "policy_benefit_yuan", "funds", "fund_size_yuan"]
    assert support["policy_benefit_yuan"]["value"] > 0  # the catalog's calculator, for the reference company
    assert card["data_dates"]["policies_on"]
    dimensions = {d["name"]: d for d in card["dimensions"]}
    assert [
        dimensions[n]["weight"] for n in ("科技创新", "产业跃升", "三化转型", "开放协同", "投资环境")
    ] == [
        30,
        25,
        20,
        15,
        10,
    ]
    assert dimensions["三化转型"]["value"] is None and dimensions["开放协同"]["value"] is None
    valued = [(d["weight"], d["value"]) for d in card["dimensions"] if d["value"] is not None]
    expected = sum(w * v for w, v in valued) / sum(w for w, _ in valued)
    assert card["development"] == pytest.approx(expected, abs=0.01)


def test_ranking_by_the_development_weighting(match_client: TestClient) -> None:
    page = match_client.get(EVALUATION, params={"weighting": "development", "limit": 50}).json()
    assert [item["development_rank"] for item in page["items"]] == list(range(1, 51))
    scores = [item["development"] for item in page["items"]]
    assert scores == sorted(scores, reverse=True)
    assert match_client.get(EVALUATION, params={"weighting": "gdp"}).status_code == 422


def _tenants(catalog: TestClient, park_id: int) -> set[int]:
    items = catalog.get("/api/v1/tenancies", params={"park_id": park_id, "limit": 100}).json()["items"]
    return {int(t["company_id"]) for t in items}


def _benchmark(client: TestClient, park_id: int, track: str) -> dict[str, Any]:
    response = client.get(f"{EVALUATION}/{park_id}/benchmark", params={"track": track})
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def test_suzhou_s_benchmark_lists_real_gaps_with_target_companies(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    suzhou = _park_id(seeded_catalog_client, "苏州工业园区")
    result = _benchmark(match_client, suzhou, "未来信息")
    assert len(result["peers"]) == 10
    assert all(p["track_score"] > result["track_score"] for p in result["peers"])
    assert len({p["province"] for p in result["peers"]}) > 1  # across provinces
    segments = [g for g in result["gaps"] if g["kind"] == "chain_segment"]
    assert segments and all(g["share"] >= 0.3 for g in segments)
    assert all(g["share"] == pytest.approx(len(g["peers"]) / 10) for g in result["gaps"])
    tenants = _tenants(seeded_catalog_client, suzhou)
    targets = [t for g in segments for t in g["targets"]]
    assert targets and not {t["company_id"] for t in targets} & tenants
    assert all(
        t["evidence"] and t["node"].split(" / ")[0] in g["name"] for g in segments for t in g["targets"]
    )
    assert (
        match_client.get(f"{EVALUATION}/{suzhou}/benchmark", params={"track": "未来农业"}).status_code == 422
    )


def test_zibo_s_benchmark_lists_digital_economy_gaps(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    result = _benchmark(match_client, _zibo(seeded_catalog_client), "未来信息")
    information = {
        "半导体与集成电路",
        "超高清视频显示",
        "软件与信息服务",
        "网络与通信产业",
        "智能终端",
        "智能传感器",
    }
    segments = [g for g in result["gaps"] if g["kind"] == "chain_segment"]
    assert any(g["name"].split(" / ")[0] in information and g["targets"] for g in segments)
    assert not [g for g in result["gaps"] if g["kind"] == "carrier_kind"]  # a virtual park offers no space


def test_the_company_pool(match_client: TestClient) -> None:
    page = match_client.get("/api/v1/evaluation/companies", params={"limit": 100}).json()
    assert page["total"] > 100 and len(page["items"]) == 100
    scores = [item["score"] for item in page["items"]]
    assert scores == sorted(scores, reverse=True) and min(scores) >= 60
    for item in page["items"]:
        assert item["in_pool"] and not item["risks"] and item["nodes"]
        assert all(c["source"] for c in item["components"])
    financial = next(c for c in page["items"][0]["components"] if c["name"] == "size")
    assert financial["as_of"] == "2024-05-13"
    energy = match_client.get(
        "/api/v1/evaluation/companies", params={"track": "未来能源", "province": "江苏", "min_score": 70}
    ).json()
    assert energy["items"] and all(
        i["province"].startswith("江苏") and i["score"] >= 70 for i in energy["items"]
    )
    assert match_client.get("/api/v1/evaluation/companies", params={"limit": 101}).status_code == 422
    missing = match_client.get("/api/v1/evaluation/companies", params={"chain_id": 999999})
    assert missing.json()["error"]["details"][0]["field"] == "query.chain_id"


def test_a_company_under_risk_warning_is_scored_but_not_pooled(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    haima = company_id_by_code(seeded_catalog_client, "000572")  # *ST海马
    response = match_client.get(f"/api/v1/evaluation/companies/{haima}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert not body["in_pool"] and "ST" in body["risks"][0] and body["reasons"][0] == body["risks"][0]
    assert match_client.get("/api/v1/evaluation/companies/999999").status_code == 404


def _held(catalog: TestClient, fund_id: int) -> set[int]:
    portfolio = catalog.get(f"/api/v1/funds/{fund_id}/portfolio", params={"limit": 100}).json()
    assert portfolio["totals"]["companies"] == len(portfolio["companies"])
    return {company["company_id"] for company in portfolio["companies"] if company["held"]}


def test_park_funds_have_prospects_that_fit_them(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    """Parks whose own fund takes listed companies' 定增 / strategic stakes get prospects: pool companies
    in the park's chains, at a stage the fund invests in, in its focus, not held by it yet, each with the
    chain node, the pool score, the stage and the focus as evidence; every (fund, company) pair is a
    prospect or left out."""
    funds = seeded_catalog_client.get("/api/v1/funds", params={"limit": 100}).json()["items"]
    guide_funds = [f for f in funds if f["park_id"] and "listed" in f["stages"]]  # the parks' come first
    assert len(guide_funds) >= 30
    answered = already_held = 0
    for fund in guide_funds:
        response = match_client.get(f"{EVALUATION}/{fund['park_id']}/fund-prospects", params={"limit": 100})
        assert response.status_code == 200, response.text
        body = response.json()
        explain = body["explain"]
        assert fund["id"] in explain["funds"]
        pairs = len(explain["funds"]) * explain["pool_companies_in_park_chains"]
        left_out = sum(explain[k] for k in explain if k.startswith("left_out_"))
        assert explain["prospects"] + left_out == pairs
        assert len(body["items"]) == min(explain["prospects"], 100)
        already_held += explain["left_out_already_held"]
        if not body["items"]:
            continue
        answered += 1
        held = _held(seeded_catalog_client, fund["id"])
        scores = [item["score"] for item in body["items"]]
        assert scores == sorted(scores, reverse=True)
        for item in body["items"]:
            assert item["details"]["fund_id"] in explain["funds"]
            if item["details"]["fund_id"] != fund["id"]:
                continue
            assert item["details"]["fund_is_generated"] and "示例" in item["details"]["fund_name"]
            assert item["id"] not in held
            assert item["details"]["funding_stage"] in fund["stages"]
            assert item["factors"]["stage"] == 1.0 and item["factors"]["industry"] > 0
            assert item["evidence"][0].startswith("园区已有企业的产业链，环节「")
            confidence = float(item["evidence"][0].rsplit("置信度 ", 1)[1].rstrip("）"))
            assert confidence >= explain["min_membership_confidence"] == 0.5
            assert any("入池企业" in line for line in item["evidence"])
            assert "在基金投资阶段" in item["evidence"][2] and "基金关注" in item["evidence"][3]
    assert answered >= 20 and already_held > 0


def test_prospects_rest_on_sure_memberships_and_the_focus_term_s_head(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    """What an officer found: a 0.11 membership (三七互娱 at 游戏开发) led 合肥经开's prospects, and funds
    matched companies on a shared modifier (生物识别 for 生物塑料, 非金属矿石装卸 for 金属合金)."""
    lines: list[str] = []
    names: list[str] = []
    for park in ["合肥经济技术开发区", "大同经济技术开发区", "上海张江高新技术产业开发区"]:
        park_id = _park_id(seeded_catalog_client, park)
        body = match_client.get(f"{EVALUATION}/{park_id}/fund-prospects", params={"limit": 100}).json()
        assert body["items"], park
        names += [item["name"] for item in body["items"]]
        lines += [line for item in body["items"] for line in item["evidence"]]
    assert not any(name.startswith("三七互娱") for name in names)
    modifier_only = [("生物识别", "生物塑料"), ("医疗齿科", "医疗美容"), ("智慧物联", "智慧养老")]
    modifier_only += [("非金属矿石装卸", "金属合金"), ("CMOS图像传感器", "CMO")]
    for text, term in modifier_only:
        assert not any(text in line and f"「{term}」" in line for line in lines), (text, term)


def test_the_radar_is_a_png(match_client: TestClient, tmp_path: Path) -> None:
    card = _scorecard(match_client, 1)
    path = radar(card, tmp_path / "park-1.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
