"""The catalog snapshot questions read: never changed once published, its lookups what a scan finds,
and questions answering while the follower applies batches."""

import copy
import subprocess
import sys
import threading
import time
from collections import defaultdict
from typing import Any

from fastapi.testclient import TestClient

from services.match.catalog_view import CatalogView
from services.match.chains.placement import placement_note, tenant_basis
from services.match.schemas import CompanyFilters, ParkFilters
from services.match.snapshot import Batch, Derived, Lookups, Slot, Tables
from services.match.snapshot.lookups import province_key
from services.match.snapshot.tables import TABLES_FILE
from services.match.state import MatchState
from shared.contract import places_company
from shared.settings import PROJECT_ROOT
from tests.conftest import ADMIN
from tests.match.test_membership import _zibo
from tests.match.test_questions import company_id_by_code

MATCH = "/api/v1/match"


def _state(client: TestClient) -> MatchState:
    state: MatchState = client.app.state.match  # type: ignore[attr-defined]
    return state


def _company(company_id: int, description: str) -> dict[str, Any]:
    return {"id": company_id, "name": f"示例公司{company_id}", "description": description, "products": []}


def test_the_next_tables_share_what_did_not_move_and_change_nothing_before() -> None:
    tables, _ = Tables().following(
        Batch(last_seq=5, whole={"company": {1: _company(1, "a"), 2: _company(2, "b")}, "park": {}})
    )
    kept = copy.deepcopy(dict(tables.company))
    batch = Batch(last_seq=9)
    batch.put("company", [_company(2, "b2"), _company(3, "c")])
    batch.drop("company", {1})
    following, changes = tables.following(batch)

    assert dict(tables.company) == kept and tables.last_seq == 5  # the earlier copy is untouched
    assert following.last_seq == 9 and sorted(following.company) == [2, 3]
    assert following.company[2]["description"] == "b2"
    assert following.park is tables.park  # an unmoved table is the same object
    assert sorted(changes.upserted["company"]) == [2, 3] and changes.removed["company"] == [1]
    assert not changes.touches("park")


def test_lookups_are_rebuilt_only_for_the_tables_that_moved() -> None:
    tables, _ = Tables().following(
        Batch(
            last_seq=1,
            whole={
                "company": {1: _company(1, "a")},
                "tenancy": {7: {"id": 7, "company_id": 1, "park_id": 3, "status": "active"}},
            },
        )
    )
    lookups = Lookups().following(tables, None)
    batch = Batch(last_seq=2)
    batch.put("company", [_company(1, "a2")])
    following, changes = tables.following(batch)
    after = lookups.following(following, changes)
    assert after.tenants_by_park is lookups.tenants_by_park == {3: frozenset({1})}
    assert after.profiles[1].description == "a2" and lookups.profiles[1].description == "a"


def test_a_rejected_tenancy_places_no_one_and_a_located_one_is_preferred_to_a_generated_one() -> None:
    def tenancy(tenancy_id: int, company_id: int, **values: Any) -> dict[str, Any]:
        return {"id": tenancy_id, "company_id": company_id, "park_id": 3, "status": "active", **values}

    tables, _ = Tables().following(
        Batch(
            last_seq=1,
            whole={
                "tenancy": {
                    1: tenancy(1, 10, review_status="rejected", placement_source="office_address"),
                    2: tenancy(2, 11, placement_source="generated", is_generated=True),
                    3: tenancy(3, 11, placement_source="office_address", is_generated=False),
                    4: tenancy(4, 12, status="ended", placement_source="reported"),
                    5: tenancy(5, 13, status="planned", placement_source="reported", kind="virtual"),
                }
            },
        )
    )
    lookups = Lookups().following(tables, None)
    assert lookups.tenants_by_park == {3: frozenset({11, 13})}
    assert lookups.parks_by_company == {11: frozenset({3}), 13: frozenset({3})}
    assert lookups.placements[3][11]["id"] == 3  # the located tenancy, not the generated one
    basis = tenant_basis(lookups.placements[3])
    assert (basis["total"], basis["located_from_address"], basis["generated"]) == (2, 1, 0)
    assert (basis["reported"], basis["virtual"], basis["planned"]) == (1, 1, 1)
    assert (
        placement_note(lookups.placements[3][13]) == "据新闻报道；虚拟注册，不占园区空间；计划入驻，尚未落地"
    )


def test_a_slot_answers_with_the_previous_value_while_the_new_one_is_computed() -> None:
    slot: Slot[str] = Slot("index", carried=True)
    first = Derived()
    assert first.get_or_previous(slot, lambda: "first") == "first"  # nothing earlier: computed now
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(10)
        return "second"

    second = Derived(first.handed_on())
    assert second.get_or_previous(slot, slow) == "first"  # not waiting for `slow`
    assert started.wait(10)
    release.set()
    deadline = time.monotonic() + 10
    while second.get_or_previous(slot, slow) != "second":
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert Derived(second.handed_on()).previous(slot) == "second"
    assert Derived({Slot("not carried"): 1}).handed_on() == {}


def test_lookups_agree_with_a_scan_of_the_tables(match_client: TestClient) -> None:
    snapshot = _state(match_client).snapshot
    tables, lookups = snapshot.tables, snapshot.lookups
    tenants: dict[int, set[int]] = defaultdict(set)
    parks: dict[int, set[int]] = defaultdict(set)
    for tenancy in tables.tenancy.values():
        if places_company(tenancy):
            tenants[tenancy["park_id"]].add(tenancy["company_id"])
            parks[tenancy["company_id"]].add(tenancy["park_id"])
    assert tenants and lookups.tenants_by_park == tenants
    assert {park: set(placed) for park, placed in lookups.placements.items()} == tenants
    assert lookups.parks_by_company == parks
    carriers: dict[int, list[int]] = defaultdict(list)
    for carrier in tables.carrier.values():
        carriers[carrier["park_id"]].append(carrier["id"])
    assert {p: [c["id"] for c in cs] for p, cs in lookups.carriers_by_park.items()} == carriers
    nodes = {node["id"]: chain["id"] for chain in tables.chain.values() for node in chain["nodes"]}
    assert {n: chain["id"] for n, (chain, _) in lookups.nodes.items()} == nodes
    assert set(lookups.profiles) == set(tables.company)

    view = CatalogView(snapshot)
    jiangsu = {i for i, c in tables.company.items() if (c["province"] or "").startswith("江苏")}
    assert jiangsu and view.allowed_companies(CompanyFilters(province="江苏省")) == jiangsu
    listed_in_zhejiang = {
        i for i, c in tables.company.items() if (c["province"] or "").startswith("浙江") and c["stock_code"]
    }
    assert view.allowed_companies(CompanyFilters(province=["浙江"], listed_only=True)) == listed_in_zhejiang
    national = {
        i
        for i, p in tables.park.items()
        if p["approval_level"] == "national" and province_key(p["province"]) == "广东"
    }
    assert view.allowed_parks(ParkFilters(province="广东", approval_level=["national"])) == national


def test_a_snapshot_stays_as_it_was_when_the_follower_applies_a_change(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    state = _state(match_client)
    company_id = company_id_by_code(seeded_catalog_client, "300750")
    before = state.snapshot
    record = copy.deepcopy(before.tables.company[company_id])
    members = dict(before.membership.by_company.get(company_id, {}))
    vector = before.vectors.of("company", company_id).copy()

    company = seeded_catalog_client.get(f"/api/v1/companies/{company_id}").json()
    edit = {"version": company["version"], "description": "示例：快照测试改写的简介，主营钠离子电池"}
    assert (
        seeded_catalog_client.patch(f"/api/v1/companies/{company_id}", json=edit, headers=ADMIN).status_code
        == 200
    )
    deadline = time.monotonic() + 30
    while state.snapshot.tables.company[company_id]["description"] != edit["description"]:
        assert time.monotonic() < deadline, "the edit did not reach the match service within 30 s"
        time.sleep(0.1)

    after = state.snapshot
    assert after is not before and after.last_seq > before.last_seq
    assert before.tables.company[company_id] == record  # the old snapshot still reads the old record
    assert dict(before.membership.by_company.get(company_id, {})) == members
    assert (before.vectors.of("company", company_id) == vector).all()
    assert not (after.vectors.of("company", company_id) == vector).all()  # its profile was re-encoded
    assert after.tables.park is before.tables.park  # what did not move is shared


def test_questions_answer_while_the_follower_applies_batches(
    match_client: TestClient, seeded_catalog_client: TestClient
) -> None:
    state = _state(match_client)
    park = _zibo(seeded_catalog_client)
    company_id = company_id_by_code(seeded_catalog_client, "002594")
    node_id = next(iter(state.snapshot.membership.nodes))
    questions = [
        ("POST", f"{MATCH}/companies-for-node", {"node_id": node_id, "limit": 10}),
        ("POST", f"{MATCH}/companies-for-node", {"text": "动力电池", "limit": 10}),
        ("POST", f"{MATCH}/companies-for-park", {"park_id": park, "limit": 10}),
        ("POST", f"{MATCH}/chain-coverage", {"park_id": park}),
        ("POST", f"{MATCH}/search", {"text": "示例并发电池", "limit": 10}),
        ("POST", f"{MATCH}/search", {"text": "battery", "limit": 10}),
        ("GET", f"{MATCH}/similar/company/{company_id}?limit=10", None),
        ("POST", f"{MATCH}/companies-for-fund", {"fund_id": 1, "limit": 10}),
        ("POST", f"{MATCH}/companies-for-provider", {"provider_id": 1, "limit": 10}),
    ]
    failures: list[str] = []
    stop = threading.Event()

    def ask_in_turn(offset: int) -> None:
        turn = offset
        while not stop.is_set():
            method, path, body = questions[turn % len(questions)]
            turn += 1
            try:
                response = match_client.request(method, path, json=body, headers=ADMIN)
                if response.status_code != 200:
                    failures.append(f"{path}: {response.status_code} {response.text[:200]}")
            except Exception as exc:
                failures.append(f"{path}: {exc!r}")

    askers = [threading.Thread(target=ask_in_turn, args=(i,)) for i in range(3)]
    for asker in askers:
        asker.start()
    first_seq = state.snapshot.last_seq
    saved = state.directory / TABLES_FILE
    saved_at = saved.stat().st_mtime
    created = []
    try:
        for i in range(4):  # creations, an edit and deletions: batches the follower applies meanwhile
            body = {
                "name": f"示例并发电池有限公司{i}",
                "province": "江苏省",
                "products": [{"name": "钠离子电池", "share": 0.8}],
                "is_generated": True,
            }
            response = seeded_catalog_client.post("/api/v1/companies", json=body, headers=ADMIN)
            assert response.status_code == 201, response.text
            created.append(response.json()["id"])
            time.sleep(0.5)
        for company in created:
            assert (
                seeded_catalog_client.delete(f"/api/v1/companies/{company}", headers=ADMIN).status_code == 204
            )
            time.sleep(0.5)
        deadline = time.monotonic() + 30
        while (
            any(c in state.snapshot.tables.company for c in created) or state.snapshot.last_seq == first_seq
        ):
            assert time.monotonic() < deadline, "the follower did not apply the writes within 30 s"
            time.sleep(0.2)
        # and the checkpoint that follows a quiet feed (it compacts the BM25 index) runs beside them
        deadline = time.monotonic() + 60
        while saved.stat().st_mtime == saved_at:
            assert time.monotonic() < deadline, "no checkpoint within 60 s of the writes"
            time.sleep(0.2)
    finally:
        stop.set()
        for asker in askers:
            asker.join(60)
    assert not failures, failures[:5]


def test_the_search_spaces_import_before_the_snapshot_package() -> None:
    """`make eval` imports the search spaces first: no import cycle with the snapshot package."""
    code = "import services.match.spaces.catalog_spaces, benchmarks.eval.run"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PROJECT_ROOT)
