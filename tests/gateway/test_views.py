"""The gateway's own views: dossiers (parts fetched at once, each degrading alone) and alerts (net-new
results of saved searches).

What they do with the match service's answers is tested against a stand-in for it: a small app on a
real loopback port answering POST /api/v1/match/<kind> with {"items": [...]} as told, so a test can
change the results between two looks. Who may ask which question is in the authorization matrix.
"""

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from services.catalog.companies.models import CompanyFinancial
from services.catalog.db import create_db_engine
from shared.errors import install_error_handlers
from shared.principal import principal_from_headers, require_acts_for
from shared.settings import Settings
from tests.conftest import INTERNAL_TOKEN
from tests.gateway.conftest import ServerThread, World, park_body, unique


class StandInMatch:
    def __init__(self) -> None:
        self.items: dict[str, list[dict[str, Any]]] = {}
        self.failing: set[str] = set()
        self.delay = 0.0
        self.calls: list[dict[str, Any]] = []
        self.app = FastAPI()
        install_error_handlers(self.app)
        self.app.get("/healthz")(lambda: {"status": "ok"})
        self.app.post("/api/v1/match/{kind}")(self.answer)

    async def answer(self, kind: str, request: Request) -> Any:
        # The match service checks the object of each question (the gateway checks only the role).
        require_acts_for(principal_from_headers(request.headers, INTERNAL_TOKEN), kind, await request.json())
        self.calls.append(
            {
                "kind": kind,
                "body": await request.json(),
                "principal": json.loads(request.headers["x-principal"]),
                "token": request.headers.get("x-internal-token"),
                "request_id": request.headers.get("x-request-id"),
            }
        )
        await asyncio.sleep(self.delay)
        if kind in self.failing:
            error = {"code": "internal_error", "message": "internal error", "details": [], "request_id": None}
            return JSONResponse({"error": error}, status_code=500)
        return {"items": self.items.get(kind, [])}

    def reset(self) -> None:
        self.items, self.failing, self.delay, self.calls = {}, set(), 0.0, []


def result(item_id: int) -> dict[str, Any]:
    return {
        "id": item_id,
        "name": f"企业{item_id}",
        "score": 0.9,
        "factors": {"chain": 0.8},
        "evidence": ["补链"],
    }


@pytest.fixture(scope="module")
def stand_in() -> Iterator[StandInMatch]:
    match = StandInMatch()
    server = ServerThread(match.app).start()
    match.url = server.url  # type: ignore[attr-defined]
    yield match
    server.stop()


@pytest.fixture
def match(stand_in: StandInMatch) -> StandInMatch:
    stand_in.reset()
    return stand_in


@pytest.fixture(scope="module")
def viewer(stand_in: StandInMatch, gateway_factory: Callable[..., TestClient]) -> TestClient:
    return gateway_factory(match_url=stand_in.url)  # type: ignore[attr-defined]


@dataclass
class Park:
    id: int
    carrier_id: int
    policy_id: int
    officer: dict[str, str]
    officer_key_id: int


@pytest.fixture
def park(world: World) -> Park:
    """A park of its own for each test, with one carrier and one policy, and an officer key for it."""
    park_id = world.create("/api/v1/parks", park_body())["id"]
    carrier = world.create(
        "/api/v1/carriers", {"park_id": park_id, "name": "1号厂房", "kind": "standard_factory"}
    )
    benefit = {"kind": "rent_free_months", "months": 6}
    policy = world.create(
        "/api/v1/policies",
        {"scope": "park", "park_id": park_id, "title": "租金减免", "category": "rent", "benefit": benefit},
    )
    officer, key_id = world.make_key("officer", park_ids=[park_id])
    return Park(park_id, carrier["id"], policy["id"], officer, key_id)


def test_park_dossier_for_the_park_s_officer(viewer: TestClient, match: StandInMatch, park: Park) -> None:
    match.items = {"companies-for-park": [result(7), result(8)], "chain-coverage": [result(1)]}
    answer = viewer.get(
        f"/api/v1/parks/{park.id}/dossier",
        params={"chain_id": 4},
        headers={**park.officer, "X-Request-ID": "d-1"},
    )
    assert answer.status_code == 200
    dossier = answer.json()
    assert dossier["errors"] == []
    assert dossier["park"]["id"] == park.id
    assert [c["id"] for c in dossier["carriers"]["items"]] == [park.carrier_id]
    assert [p["id"] for p in dossier["policies"]["items"]] == [park.policy_id]
    assert [t["id"] for t in dossier["top_targets"]["items"]] == [7, 8]
    assert dossier["chain_coverage"] == {"items": [result(1)]}
    asked = {call["kind"]: call for call in match.calls}
    assert asked["companies-for-park"]["body"] == {"park_id": park.id, "limit": 10}
    assert asked["chain-coverage"]["body"] == {"park_id": park.id, "chain_id": 4}
    principal = asked["companies-for-park"]["principal"]
    assert principal == {"role": "officer", "park_ids": [park.id], "key_id": park.officer_key_id}
    assert asked["companies-for-park"]["token"] == INTERNAL_TOKEN
    assert asked["companies-for-park"]["request_id"] == "d-1"


def test_a_failing_or_forbidden_part_degrades_alone(
    world: World, viewer: TestClient, match: StandInMatch, park: Park
) -> None:
    match.items = {"companies-for-park": [result(7)]}
    match.failing = {"chain-coverage"}
    dossier = viewer.get(f"/api/v1/parks/{park.id}/dossier").json()  # anonymous
    assert dossier["park"]["id"] == park.id and dossier["carriers"]["total"] == 1
    assert dossier["chain_coverage"] is None and dossier["top_targets"] is None
    assert dossier["errors"] == [
        {"part": "chain_coverage", "status": 500, "code": "internal_error", "message": "internal error"},
        {
            "part": "top_targets",
            "status": 401,
            "code": "unauthorized",
            "message": "POST /api/v1/match/companies-for-park needs an API key (Authorization: Bearer pm_...)",
        },
    ]
    assert [call["kind"] for call in match.calls] == ["chain-coverage"]  # the refused part never left

    match.failing = set()
    another_park_s_officer = viewer.get(f"/api/v1/parks/{park.id}/dossier", headers=world.keys["officer"])
    assert [(e["part"], e["status"]) for e in another_park_s_officer.json()["errors"]] == [
        ("top_targets", 403)
    ]

    missing = viewer.get("/api/v1/parks/999999999/dossier")
    assert missing.status_code == 404 and missing.json()["error"]["message"] == "park 999999999 not found"


def test_company_dossier_fetches_its_parts_at_once(
    world: World, viewer: TestClient, match: StandInMatch
) -> None:
    company = world.ids["company"]["own"]
    match.items = {
        "parks-for-company": [result(1)],
        "funds-for-company": [result(2)],
        "providers-for-company": [result(3)],
    }
    match.delay = 0.4
    started = time.perf_counter()
    dossier = viewer.get(f"/api/v1/companies/{company}/dossier", headers=world.keys["enterprise"]).json()
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0  # three 0.4 s answers one after the other would take 1.2 s
    assert dossier["errors"] == []
    assert dossier["company"]["needs"]["space_m2"] == 800  # its own private needs
    assert [dossier[part]["items"][0]["id"] for part in ("parks", "funds", "providers")] == [1, 2, 3]
    investors = dossier["investors"]["items"]
    assert [(i["fund_id"], i["round"]) for i in investors] == [(world.ids["fund"]["own"], "a")]

    other = viewer.get(
        f"/api/v1/companies/{world.ids['company']['other']}/dossier", headers=world.keys["enterprise"]
    ).json()
    assert other["company"]["needs"] is None
    assert [(e["part"], e["status"]) for e in other["errors"]] == [
        ("parks", 403),
        ("funds", 403),
        ("providers", 403),
    ]


def test_company_dossier_shows_dated_facts_with_their_sources(
    world: World, viewer: TestClient, match: StandInMatch, upstream_settings: Settings
) -> None:
    registry = {
        "registered_capital_yuan": 4_399_041_200.0,
        "founded_on": "2011-12-16",
        "registered_address": "福建省宁德市蕉城区漳湾镇新港路2号",
        "registered_address_source": "深交所上市公司列表 2025-10",
        "registry_source": "企业登记信息 2024-05",
        "registry_as_of": "2024-05-01",
    }
    company = world.create("/api/v1/companies", {"name": unique("企业"), **registry})
    engine = create_db_engine(upstream_settings)
    with Session(engine) as session, session.begin():
        for as_of, eps in ((date(2023, 5, 12), 1.5), (date(2024, 5, 13), 2.39)):
            session.add(
                CompanyFinancial(
                    company_id=company["id"],
                    as_of=as_of,
                    eps_yuan=eps,
                    pe=None,
                    not_reported=["pe"],
                    source="行情快照",
                )
            )
    engine.dispose()

    dossier = viewer.get(f"/api/v1/companies/{company['id']}/dossier", headers=world.keys["admin"]).json()
    assert [item["as_of"] for item in dossier["financials"]["items"]] == ["2024-05-13", "2023-05-12"]
    facts = {fact["fact"]: fact for fact in dossier["facts"]}
    assert facts["registered_capital_yuan"] == {
        "fact": "registered_capital_yuan",
        "value": 4_399_041_200.0,
        "as_of": "2024-05-01",
        "source": "企业登记信息 2024-05",
    }
    assert facts["founded_on"]["value"] == "2011-12-16" and facts["founded_on"]["as_of"] == "2024-05-01"
    assert facts["registered_address"]["source"] == "深交所上市公司列表 2025-10"
    assert facts["eps_yuan"] == {
        "fact": "eps_yuan",
        "value": 2.39,
        "as_of": "2024-05-13",
        "source": "行情快照",
    }
    assert "pe" not in facts and "headcount" not in facts  # not reported / not known: no fact


def test_alerts_return_only_what_is_new_since_the_last_look(
    world: World, viewer: TestClient, match: StandInMatch
) -> None:
    headers, key_id = world.make_key("officer", park_ids=[world.ids["park"]["own"]])
    query = {"park_id": world.ids["park"]["own"], "filters": {"province": "江苏"}}
    search = world.create(
        "/api/v1/saved-searches", {"name": "江苏储能", "kind": "companies-for-park", "query": query}, headers
    )
    match.items = {"companies-for-park": [result(1), result(2)]}

    first = viewer.get("/api/v1/alerts", headers=headers).json()
    assert first["checked"] == 1 and first["errors"] == []
    [alert] = first["items"]
    assert (alert["saved_search_id"], alert["first_look"], alert["results"]) == (search["id"], True, 2)
    assert [item["id"] for item in alert["new"]] == [1, 2]
    assert match.calls[-1]["body"] == query and match.calls[-1]["principal"]["key_id"] == key_id

    assert viewer.get("/api/v1/alerts", headers=headers).json()["items"] == []

    match.items = {"companies-for-park": [result(3), result(1), result(2)]}
    third = viewer.get("/api/v1/alerts", headers=headers).json()
    assert [item["id"] for item in third["items"][0]["new"]] == [3]
    assert third["items"][0]["first_look"] is False
    stored = world.client.get(f"/api/v1/saved-searches/{search['id']}", headers=headers).json()
    assert stored["last_result_ids"] == [3, 1, 2] and stored["last_checked_at"] is not None


def test_a_search_that_fails_is_reported_and_keeps_its_state(
    world: World, viewer: TestClient, match: StandInMatch
) -> None:
    headers, _ = world.make_key("enterprise", company_id=world.ids["company"]["own"])
    query = {"company_id": world.ids["company"]["own"]}
    failing = world.create(
        "/api/v1/saved-searches", {"name": "基金", "kind": "funds-for-company", "query": query}, headers
    )
    working = world.create(
        "/api/v1/saved-searches", {"name": "园区", "kind": "parks-for-company", "query": query}, headers
    )
    match.items = {"parks-for-company": [result(5)]}
    match.failing = {"funds-for-company"}
    answer = viewer.get("/api/v1/alerts", headers=headers).json()
    assert answer["checked"] == 2
    assert [(a["saved_search_id"], [i["id"] for i in a["new"]]) for a in answer["items"]] == [
        (working["id"], [5])
    ]
    assert answer["errors"] == [
        {
            "saved_search_id": failing["id"],
            "name": "基金",
            "status": 500,
            "code": "internal_error",
            "message": "internal error",
        }
    ]
    kept = world.client.get(f"/api/v1/saved-searches/{failing['id']}", headers=headers).json()
    assert kept["last_result_ids"] is None

    assert viewer.get("/api/v1/alerts").status_code == 401
    assert viewer.get("/api/v1/alerts", headers=world.keys["fund"]).json() == {
        "items": [],
        "checked": 0,
        "errors": [],
    }
