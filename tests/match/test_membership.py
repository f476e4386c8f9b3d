"""Membership (who makes what) on the real data, and the officer's questions that read it."""

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.match.membership import store
from services.match.membership.compute import Member, NodeRef, specific_over_segment
from services.match.membership.store import Membership
from services.match.ranking import CompanyProfile, NodeQuery
from tests.conftest import ADMIN
from tests.match.test_questions import MATCH, ask, company_id_by_code

BIOMEDICAL_CHAINS = {"生物医药", "大健康产业", "高端医疗器械", "细胞与基因技术", "合成生物"}


def _zibo(catalog: TestClient) -> int:
    parks = catalog.get("/api/v1/parks", params={"q": "淄博虚拟产业园"}).json()["items"]
    return int(next(p["id"] for p in parks if p["is_virtual"]))


def _nodes_of(client: TestClient, company_id: int) -> list[dict[str, Any]]:
    response = client.get(f"{MATCH}/companies/{company_id}/nodes", headers=ADMIN)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def _well_formed(items: list[dict[str, Any]]) -> None:
    for item in items:
        assert item["evidence"], item
        assert 0.0 <= item["score"] <= 1.0, item
        assert all(0.0 <= value <= 1.0 for value in item["factors"].values()), item


def test_a_pharma_maker_is_not_a_member_of_dozens_of_biomedicine_nodes(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    nodes = _nodes_of(match_client, company_id_by_code(seeded_catalog_client, "688166"))  # 博瑞医药
    biomedicine = [n for n in nodes if n["details"]["chain"] == "生物医药"]
    assert len(biomedicine) <= 5, [n["name"] for n in biomedicine]
    _well_formed(nodes)


def test_power_automation_is_no_member_of_eda(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    nodes = _nodes_of(match_client, company_id_by_code(seeded_catalog_client, "688681"))  # 科汇股份
    assert not [n for n in nodes if "EDA" in n["name"] or "电子设计" in n["name"]]
    smart_grid = [n for n in nodes if n["details"]["chain"] == "智能电网设备产业链"]
    assert smart_grid and smart_grid[0]["score"] == 1.0  # the scenario's curated link
    assert any("代表企业" in line for line in smart_grid[0]["evidence"])


def test_node_members_carry_their_evidence(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    catl = company_id_by_code(seeded_catalog_client, "300750")
    node = _nodes_of(match_client, catl)[0]
    response = match_client.get(f"{MATCH}/nodes/{node['id']}/members", params={"limit": 50}, headers=ADMIN)
    assert response.status_code == 200, response.text
    members = response.json()["items"]
    assert catl in {m["id"] for m in members}
    _well_formed(members)
    scores = [m["score"] for m in members]
    assert scores == sorted(scores, reverse=True)
    # generic heads are never evidence
    assert not any(
        "共有「设备」" in line or "共有「材料」" in line for m in members for line in m["evidence"]
    )
    assert match_client.get(f"{MATCH}/nodes/{10**9}/members", headers=ADMIN).status_code == 404
    assert match_client.get(f"{MATCH}/companies/{10**9}/nodes", headers=ADMIN).status_code == 404


def test_zibo_targets_come_from_its_industries_and_its_smart_grid_chain(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    answer = ask(match_client, "companies-for-park", {"park_id": _zibo(seeded_catalog_client), "limit": 30})
    chains = {c["name"]: c for c in answer["explain"]["chains"]}
    assert "智能电网设备产业链" in chains and not chains.keys() & BIOMEDICAL_CHAINS
    # the chains the park has no presence in were chosen for its stated industries
    stated = {"数字经济", "总部经济", "平台经济", "人工智能", "大数据", "工业互联网", "电商新零售"}
    assert all(c["leading_industry"] in stated for c in chains.values() if c["build"])
    items = answer["items"]
    assert items and {item["details"]["chain"] for item in items} <= chains.keys()
    _well_formed(items)
    assert any(item["details"]["chain"] == "智能电网设备产业链" for item in items)


def test_the_action_can_be_asked(match_client: TestClient, seeded_catalog_client: TestClient) -> None:
    body = {"park_id": _zibo(seeded_catalog_client), "limit": 20, "action": "build"}
    items = ask(match_client, "companies-for-park", body)["items"]
    assert items and all(item["details"]["action"] == "build" for item in items)
    wrong = match_client.post(f"{MATCH}/companies-for-park", json={**body, "action": "grow"}, headers=ADMIN)
    assert wrong.status_code == 422
    assert wrong.json()["error"]["details"][0]["field"].endswith("action")


def test_leads_are_left_out_and_feedback_keeps_scores_in_range(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    park = _zibo(seeded_catalog_client)
    items = ask(match_client, "companies-for-park", {"park_id": park, "limit": 20})["items"]
    lead, liked = items[0]["id"], items[1]["id"]
    created = seeded_catalog_client.post(
        "/api/v1/leads", json={"park_id": park, "company_id": lead, "stage": "identified"}, headers=ADMIN
    )
    assert created.status_code == 201, created.text
    verdict = {"park_id": park, "company_id": liked, "relevant": True}
    assert match_client.post(f"{MATCH}/feedback", json=verdict, headers=ADMIN).status_code == 201
    again = ask(match_client, "companies-for-park", {"park_id": park, "limit": 20})
    assert lead not in {item["id"] for item in again["items"]}
    assert again["explain"]["excluded_leads"] >= 1
    _well_formed(again["items"])
    assert any("feedback" in item["factors"] for item in again["items"])


def test_a_company_edit_reaches_membership_and_targets_answer_right_after(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    company_id = company_id_by_code(
        seeded_catalog_client, "600525"
    )  # 长园集团: 智能电网设备 among its products
    assert any(n["details"]["chain"] == "智能电网设备产业链" for n in _nodes_of(match_client, company_id))
    company = seeded_catalog_client.get(f"/api/v1/companies/{company_id}").json()
    edit = {"version": company["version"], "products": [{"name": "房地产开发", "share": 1.0}]}
    response = seeded_catalog_client.patch(f"/api/v1/companies/{company_id}", json=edit, headers=ADMIN)
    assert response.status_code == 200, response.text
    park = _zibo(seeded_catalog_client)
    deadline = time.monotonic() + 30
    while any(n["details"]["chain"] == "智能电网设备产业链" for n in _nodes_of(match_client, company_id)):
        # every question answers while the edit is applied
        ask(match_client, "companies-for-park", {"park_id": park, "limit": 20})
        assert time.monotonic() < deadline, "a product edit did not reach membership within 30 s"
        time.sleep(0.3)
    items = ask(match_client, "companies-for-park", {"park_id": park, "limit": 50})["items"]
    assert company_id not in {item["id"] for item in items}


def test_an_analog_chip_designer_sits_at_analog_chips_not_every_chip_design_node(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    """思瑞浦's 申万 industry (模拟芯片设计) names 模拟芯片 itself: the sub-segment 芯片设计 it shares with
    CPU/GPU and 存储芯片 no longer places it there too."""
    nodes = _nodes_of(match_client, company_id_by_code(seeded_catalog_client, "688536"))  # 思瑞浦
    chip_design = {n["name"] for n in nodes if n["details"]["chain"] == "半导体与集成电路"}
    assert "模拟芯片" in chip_design
    assert not chip_design & {"CPU/GPU", "存储芯片", "SoC芯片", "安全芯片"}, chip_design
    _well_formed(nodes)


def test_a_sub_segment_alone_places_a_company_only_where_its_texts_place_it_nowhere_more_specific() -> None:
    design = NodeQuery(node="", chain="半导体与集成电路", sub_segment="芯片设计")
    nodes = {
        node_id: NodeRef(node_id, 1, "半导体与集成电路", name, name, replace(design, node=name), frozenset())
        for node_id, name in ((1, "模拟芯片"), (2, "CPU/GPU"), (3, "存储芯片"))
    }
    profiles = {
        7: CompanyProfile(7, "甲", industry="模拟芯片设计"),  # one text: read at 模拟芯片 already
        8: CompanyProfile(8, "乙", industry="芯片设计"),  # nothing more specific is known
        9: CompanyProfile(9, "丙", products=(("模拟芯片", 0.3), ("芯片设计服务", 0.7))),  # two texts
    }

    def member(company_id: int, node_id: int, **factors: float) -> Member:
        return Member(company_id, node_id, 1, 0.5, {"segment": 0.0, **factors}, ("…",))

    analog = [member(7, 1, industry=1.0), member(7, 2, segment=0.8), member(7, 3, segment=0.8)]
    generalist = [member(8, 2, segment=0.8), member(8, 3, segment=0.8)]
    services = [member(9, 1, product=0.5), member(9, 2, segment=0.7)]
    kept = specific_over_segment([*analog, *generalist, *services], nodes, profiles)
    assert [(m.company_id, m.node_id) for m in kept] == [(7, 1), (8, 2), (8, 3), (9, 1), (9, 2)]


def test_a_membership_saved_under_other_reading_rules_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Membership().save(tmp_path, "model")
    assert Membership.load(tmp_path, "model") is not None
    monkeypatch.setattr(store, "RULES_REVISION", store.RULES_REVISION + 1)  # a rule changed in code
    assert Membership.load(tmp_path, "model") is None
