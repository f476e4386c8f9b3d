"""A frozen or slow upstream, retried POSTs and broken connections, against real servers: the real
catalog under uvicorn (wrapped so that it can freeze, holding requests unanswered as a stopped
process would), real HTTP from the gateway, and real Redis for shared idempotency keys."""

import asyncio
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import redis
from fastapi import Request
from fastapi.testclient import TestClient

from services.catalog.app import create_app as create_catalog_app
from services.gateway.metrics import Metrics
from services.gateway.upstream import Upstream
from shared.app import create_service_app
from shared.errors import UpstreamUnavailable
from shared.settings import Settings
from tests.conftest import make_settings
from tests.gateway.conftest import bearer, park_body
from tests.gateway.test_resilience import metric
from tests.servers import Freezable, ServerThread

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(scope="module")
def catalog(upstream_settings: Settings) -> Iterator[tuple[Freezable, ServerThread]]:
    app = Freezable(create_catalog_app(upstream_settings))
    server = ServerThread(app).start()
    yield app, server
    app.frozen.clear()
    server.stop()


@pytest.fixture
def frozen_after_test(catalog: tuple[Freezable, ServerThread]) -> Iterator[Freezable]:
    app, _ = catalog
    yield app
    app.frozen.clear()
    app.delay = 0.0


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    prefix = f"test:idempotency:{uuid.uuid4().hex}:"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def parks_named(gateway: TestClient, admin: dict[str, str], name: str) -> int:
    response = gateway.get("/api/v1/parks", params={"q": name}, headers=admin)
    assert response.status_code == 200, response.text
    total: int = response.json()["total"]
    return total


def test_a_frozen_catalog_costs_at_most_the_route_timeout_then_the_breaker_answers_at_once(
    catalog: tuple[Freezable, ServerThread],
    frozen_after_test: Freezable,
    catalog_gateway_factory: Callable[..., TestClient],
) -> None:
    _, server = catalog
    # Only timeouts count here (a slow healthy call on a loaded machine must not open the breaker
    # first); the slow-call rule has its own test.
    gateway = catalog_gateway_factory(
        catalog_url=server.url,
        breaker_failure_threshold=2,
        breaker_reset_seconds=0.5,
        breaker_slow_call_ratio=1.0,
        upstream_retries=2,
    )
    assert gateway.get("/api/v1/parks").status_code == 200
    frozen_after_test.frozen.set()
    for _ in range(2):
        started = time.perf_counter()
        frozen = gateway.get("/api/v1/parks")
        elapsed = time.perf_counter() - started
        assert frozen.status_code == 503 and elapsed < 2.0  # one timeout (1.5 s), no retry after it
        assert frozen.json()["error"]["details"] == [{"field": "upstream", "reason": "catalog: timed out"}]
    started = time.perf_counter()
    assert gateway.get("/api/v1/parks").json()["error"]["details"][0]["reason"] == "catalog: circuit open"
    assert time.perf_counter() - started < 0.5
    frozen_after_test.frozen.clear()
    time.sleep(0.55)
    assert gateway.get("/api/v1/parks").status_code == 200


def test_slow_answers_open_the_breaker(
    catalog: tuple[Freezable, ServerThread],
    frozen_after_test: Freezable,
    catalog_gateway_factory: Callable[..., TestClient],
) -> None:
    _, server = catalog
    gateway = catalog_gateway_factory(
        catalog_url=server.url,
        upstream_timeout_seconds=1.0,
        breaker_slow_call_ratio=0.3,
        breaker_failure_threshold=2,
        breaker_reset_seconds=30,
    )
    frozen_after_test.delay = 0.4  # answers, but slower than 0.3 of the route's second
    assert [gateway.get("/api/v1/parks").status_code for _ in range(2)] == [200, 200]
    assert metric(gateway, "gateway_breaker_state", upstream="catalog") == 2.0
    assert gateway.get("/api/v1/parks").json()["error"]["details"][0]["reason"] == "catalog: circuit open"


@pytest.mark.parametrize("store", ["memory", "redis"])
def test_a_post_retried_with_the_same_key_creates_one_record(
    store: str,
    admin_key: str,
    catalog: tuple[Freezable, ServerThread],
    catalog_gateway_factory: Callable[..., TestClient],
    redis_prefix: str,
) -> None:
    _, server = catalog
    shared: dict[str, Any] = (
        {"redis_url": REDIS_URL, "idempotency_redis_prefix": redis_prefix} if store == "redis" else {}
    )
    gateway = catalog_gateway_factory(catalog_url=server.url, **shared)
    admin = bearer(admin_key)
    body = park_body()
    keyed = {**admin, "Idempotency-Key": uuid.uuid4().hex}

    first = gateway.post("/api/v1/parks", json=body, headers=keyed)
    retry = gateway.post("/api/v1/parks", json=body, headers=keyed)
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert "idempotent-replayed" not in first.headers and retry.headers["idempotent-replayed"] == "true"
    assert parks_named(gateway, admin, body["name"]) == 1
    if store == "redis":  # another replica sharing the store replays it too
        replica = catalog_gateway_factory(catalog_url=server.url, **shared)
        assert replica.post("/api/v1/parks", json=body, headers=keyed).json() == first.json()

    reused = gateway.post("/api/v1/parks", json={**body, "name": "另一个园区"}, headers=keyed)
    assert reused.status_code == 422
    assert reused.json()["error"]["code"] == "idempotency_key_reused"
    assert reused.json()["error"]["details"][0]["field"] == "header.Idempotency-Key"

    # Without a key, a retry is a new request (here refused: the code is taken).
    plain = gateway.post("/api/v1/parks", json=body, headers=admin)
    assert plain.status_code == 409 and "idempotent-replayed" not in plain.headers


def test_a_post_that_timed_out_is_not_done_twice_on_retry(
    admin_key: str,
    catalog: tuple[Freezable, ServerThread],
    frozen_after_test: Freezable,
    catalog_gateway_factory: Callable[..., TestClient],
) -> None:
    _, server = catalog
    gateway = catalog_gateway_factory(catalog_url=server.url)
    admin = bearer(admin_key)
    assert gateway.get("/api/v1/me", headers=admin).status_code == 200  # the key is verified before
    body = park_body()
    keyed = {**admin, "Idempotency-Key": uuid.uuid4().hex}

    frozen_after_test.frozen.set()
    started = time.perf_counter()
    timed_out = gateway.post("/api/v1/parks", json=body, headers=keyed)
    assert timed_out.status_code == 503 and time.perf_counter() - started < 2.0
    assert "retry with the same Idempotency-Key" in timed_out.json()["error"]["message"]
    # A retry while the first is still held waits for it, then says it is still running.
    still = gateway.post("/api/v1/parks", json=body, headers=keyed)
    assert still.status_code == 409 and still.json()["error"]["code"] == "idempotency_key_in_progress"

    frozen_after_test.frozen.clear()  # the catalog goes on and writes the park once
    with ThreadPoolExecutor(3) as pool:
        retries = list(pool.map(lambda _: gateway.post("/api/v1/parks", json=body, headers=keyed), range(3)))
    assert [r.status_code for r in retries] == [201] * 3
    assert len({r.json()["id"] for r in retries}) == 1
    assert parks_named(gateway, admin, body["name"]) == 1


def test_a_malformed_key_is_refused_naming_the_header(
    catalog_gateway_factory: Callable[..., TestClient],
) -> None:
    gateway = catalog_gateway_factory()
    refused = gateway.post(
        "/api/v1/policies/evaluate", json={"company_id": 1}, headers={"Idempotency-Key": "x" * 300}
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["details"][0]["field"] == "header.Idempotency-Key"


@pytest.mark.parametrize("transport", ["aiohttp", "httpx"])
def test_after_an_upstream_500_or_restart_the_next_post_succeeds(
    transport: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """An upstream whose handler fails drops the connection: the gateway's client must not send the
    next request (a POST, which it does not retry) into it, however soon it comes."""
    settings = make_settings(tmp_path_factory.mktemp("failing"), gateway_transport=transport)
    upstream = create_service_app(service="catalog", title="failing", settings=settings)
    calls = {"n": 0}

    @upstream.post("/api/v1/policies/evaluate")
    async def evaluate(request: Request) -> dict[str, int]:
        calls["n"] += 1
        if calls["n"] % 2:
            raise RuntimeError("every other call fails")
        return {"call": calls["n"]}

    server = ServerThread(upstream).start()

    async def posts(count: int) -> list[int | str]:
        client = Upstream("catalog", server.url, settings, Metrics(), timeout_seconds=5)
        statuses: list[int | str] = []
        for _ in range(count):
            try:
                response = await client.request("POST", "/api/v1/policies/evaluate", headers={}, json={})
                statuses.append(response.status_code)
            except UpstreamUnavailable as exc:
                statuses.append(exc.details[0]["reason"])
        await client.aclose()
        return statuses

    assert asyncio.run(posts(20)) == [500, 200] * 10
    server.stop()
    server.start()  # connections to the old server die with it
    calls["n"] = 0
    assert asyncio.run(posts(4)) == [500, 200] * 2
    server.stop()


def test_x_forwarded_for_counts_only_from_a_trusted_proxy(
    catalog_gateway_factory: Callable[..., TestClient],
) -> None:
    def statuses(gateway: TestClient, forwarded_for: list[str]) -> list[int]:
        return [
            gateway.get("/api/v1/parks", headers={"X-Forwarded-For": address}).status_code
            for address in forwarded_for
        ]

    spoofed = ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"]
    direct = catalog_gateway_factory(client=("127.0.0.1", 40000), anonymous_rate_limit_per_minute=3)
    assert statuses(direct, spoofed) == [200, 200, 200, 429]  # one caller: the loopback address

    behind_proxy = catalog_gateway_factory(
        client=("10.0.0.5", 40000), anonymous_rate_limit_per_minute=3, trusted_proxies=["10.0.0.0/8"]
    )
    assert statuses(behind_proxy, spoofed) == [200] * 4  # four callers behind the proxy
    # The proxy appends the address it saw; what the caller wrote before it is not believed.
    chained = [f"{fake}, 5.5.5.5" for fake in spoofed]
    assert statuses(behind_proxy, chained) == [200, 200, 200, 429]
