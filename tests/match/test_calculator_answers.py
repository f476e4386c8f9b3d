"""The catalog's policy calculator as the match service asks it: its answers are kept with the
snapshot they were asked in, asked again once a policy edit reaches the match service, and not after a
new tenancy. The calls are counted at a second, counting server of the same seeded catalog."""

import asyncio
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.catalog.app import create_app as create_catalog_app
from services.match.evaluation.policy import policy_views
from services.match.parks import calculator
from services.match.snapshot import CatalogSnapshot
from services.match.state import MatchState
from services.match.sync.catalog_client import CALCULATOR_BATCH, CALCULATOR_PATH, CatalogClient
from shared.settings import Settings
from tests.conftest import ADMIN
from tests.match.test_questions import ask, company_id_by_code
from tests.servers import Counting, ServerThread

# What an edited or added policy pays the reference company (or any company), unconditionally.
BILLION = {"conditions": [], "benefit": {"kind": "fixed", "amount_yuan": 1e9}, "category": "tax"}


@pytest.fixture
def counted_catalog(seeded_settings: Settings) -> Iterator[tuple[Counting, str]]:
    """The seeded catalog served once more on its own port, counting the requests it answers."""
    counting = Counting(create_catalog_app(seeded_settings))
    server = ServerThread(counting).start()
    yield counting, server.url
    server.stop()


def _state(client: TestClient) -> MatchState:
    state: MatchState = client.app.state.match  # type: ignore[attr-defined]
    return state


def _next_snapshot(state: MatchState, arrived: Callable[[CatalogSnapshot], bool]) -> CatalogSnapshot:
    deadline = time.monotonic() + 30
    while not arrived(snapshot := state.snapshot):
        assert time.monotonic() < deadline, "a catalog write did not reach the match service within 30 s"
        time.sleep(0.1)
    return snapshot


def test_the_policy_views_are_asked_again_after_a_policy_edit_not_after_a_tenancy(
    match_client: TestClient,
    match_settings: Settings,
    seeded_catalog_client: TestClient,
    counted_catalog: tuple[Counting, str],
) -> None:
    counting, url = counted_catalog
    settings = match_settings.model_copy(update={"catalog_url": url})
    state = _state(match_client)
    first = policy_views(state.snapshot, settings)
    assert first.on is not None
    park_id, policy_id = next(
        (park, p["id"])
        for p in state.snapshot.tables.policy.values()
        if (park := p["park_id"]) is not None
        and park in first.views
        and (p["valid_from"] or "") <= first.on[:10] <= (p["valid_to"] or "9999")
    )
    assert first.views[park_id].eligible_yuan < 1e9
    policy = seeded_catalog_client.get(f"/api/v1/policies/{policy_id}").json()

    tenants = state.snapshot.lookups.tenants_by_park.get(park_id, frozenset())
    newcomer = next(c for c in state.snapshot.tables.company if c not in tenants)
    tenancy = {"company_id": newcomer, "park_id": park_id, "kind": "physical", "review_status": "confirmed"}
    created = seeded_catalog_client.post("/api/v1/tenancies", json=tenancy, headers=ADMIN)
    assert created.status_code == 201, created.text
    tenancy_id = created.json()["id"]
    try:
        tenanted = _next_snapshot(state, lambda s: tenancy_id in s.tables.tenancy)
        asked = counting.requests[CALCULATOR_PATH]
        assert policy_views(tenanted, settings).views is first.views
        assert counting.requests[CALCULATOR_PATH] == asked  # a new tenancy: the calculator is not asked again

        edited = seeded_catalog_client.patch(
            f"/api/v1/policies/{policy_id}", json={**BILLION, "version": policy["version"]}, headers=ADMIN
        )
        assert edited.status_code == 200, edited.text
        after = _next_snapshot(state, lambda s: s.tables.policy[policy_id]["version"] > policy["version"])
        views = policy_views(after, settings)
        assert counting.requests[CALCULATOR_PATH] == asked + len(
            range(0, len(after.tables.park), CALCULATOR_BATCH)
        )
        assert views.views[park_id].eligible_yuan >= 1e9
        assert policy_views(after, settings) is views  # asked once per snapshot
    finally:
        now = seeded_catalog_client.get(f"/api/v1/policies/{policy_id}").json()
        restore = {key: policy[key] for key in BILLION} | {"version": now["version"]}
        restored = seeded_catalog_client.patch(f"/api/v1/policies/{policy_id}", json=restore, headers=ADMIN)
        assert restored.status_code == 200, restored.text
        gone = seeded_catalog_client.delete(f"/api/v1/tenancies/{tenancy_id}", headers=ADMIN)
        assert gone.status_code == 204, gone.text


def _asked_twice(
    snapshot: CatalogSnapshot, url: str, settings: Settings, request: dict[str, Any]
) -> list[list[calculator.Evaluation]]:
    async def twice() -> list[list[calculator.Evaluation]]:
        client = CatalogClient(url, settings.internal_token.get_secret_value())
        try:
            return [await calculator.evaluations(snapshot, client, request) for _ in range(2)]
        finally:
            await client.aclose()

    return asyncio.run(twice())


def test_a_shortlist_s_policies_are_asked_once_per_snapshot_and_again_after_a_policy_edit(
    match_client: TestClient,
    match_settings: Settings,
    seeded_catalog_client: TestClient,
    counted_catalog: tuple[Counting, str],
) -> None:
    counting, url = counted_catalog
    state = _state(match_client)
    catl = company_id_by_code(seeded_catalog_client, "300750")
    question = {"company_id": catl, "limit": 30}
    park_id = ask(match_client, "parks-for-company", question)["items"][-1]["id"]
    request = {"company_id": catl, "park_ids": [park_id], "years": 3}

    first, again = _asked_twice(state.snapshot, url, match_settings, request)
    assert again is first and counting.requests[CALCULATOR_PATH] == 1
    before = first[0]["total_eligible_yuan"]

    policy = {
        **BILLION,
        "scope": "park",
        "park_id": park_id,
        "title": "示例：测试用落户奖励",
        "source": "test",
        "is_generated": True,
    }
    created = seeded_catalog_client.post("/api/v1/policies", json=policy, headers=ADMIN)
    assert created.status_code == 201, created.text
    policy_id = created.json()["id"]
    try:
        after = _next_snapshot(state, lambda s: policy_id in s.tables.policy)
        first, again = _asked_twice(after, url, match_settings, request)
        assert again is first and counting.requests[CALCULATOR_PATH] == 2
        assert first[0]["total_eligible_yuan"] == pytest.approx(before + 1e9)
        items = ask(match_client, "parks-for-company", question)["items"]
        assert next(i for i in items if i["id"] == park_id)["details"]["subsidies_yuan"] >= 1e9
    finally:
        gone = seeded_catalog_client.delete(f"/api/v1/policies/{policy_id}", headers=ADMIN)
        assert gone.status_code == 204, gone.text
