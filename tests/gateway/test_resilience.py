"""Upstream failures: the circuit breaker (against a real catalog started, stopped and restarted on
its port) and retries for idempotent requests only."""

import re
import time
from collections.abc import Callable

from fastapi.testclient import TestClient

from services.catalog.app import create_app as create_catalog_app
from shared.serving import free_port
from shared.settings import Settings
from tests.gateway.conftest import ServerThread


def metric(gateway: TestClient, name: str, **labels: str) -> float:
    """The value of the series with exactly these labels (0 if it has not appeared yet)."""
    selector = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    found = re.search(rf"^{name}{{{re.escape(selector)}}} (\S+)$", gateway.get("/metrics").text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def metric_total(gateway: TestClient, name: str, **labels: str) -> float:
    """The sum over the series that have these labels among theirs."""
    total = 0.0
    for line in gateway.get("/metrics").text.splitlines():
        series, _, value = line.rpartition(" ")
        if series.startswith(name + "{") and all(f'{k}="{v}"' in series for k, v in labels.items()):
            total += float(value)
    return total


def test_breaker_answers_503_at_once_while_the_upstream_is_down_and_recovers(
    upstream_settings: Settings, gateway_factory: Callable[..., TestClient]
) -> None:
    catalog = ServerThread(create_catalog_app(upstream_settings)).start()
    gateway = gateway_factory(
        catalog_url=catalog.url, breaker_failure_threshold=3, breaker_reset_seconds=1.0, upstream_retries=0
    )
    assert gateway.get("/api/v1/parks").status_code == 200

    catalog.stop()
    for _ in range(3):
        down = gateway.get("/api/v1/parks")
        assert down.status_code == 503
        assert down.json()["error"]["details"] == [{"field": "upstream", "reason": "catalog: cannot connect"}]
    assert metric(gateway, "gateway_breaker_state", upstream="catalog") == 2.0

    started = time.perf_counter()
    fast = gateway.get("/api/v1/parks", headers={"X-Request-ID": "while-open"})
    elapsed = time.perf_counter() - started
    assert fast.status_code == 503 and elapsed < 0.1
    assert fast.json()["error"] == {
        "code": "upstream_unavailable",
        "message": "the catalog service is unavailable; try again shortly",
        "details": [{"field": "upstream", "reason": "catalog: circuit open"}],
        "request_id": "while-open",
    }
    assert 1 <= int(fast.headers["retry-after"]) <= 1

    catalog.start()  # the same port again
    time.sleep(1.05)
    assert metric(gateway, "gateway_breaker_state", upstream="catalog") == 1.0  # one trial may go
    recovered = gateway.get("/api/v1/parks")
    assert recovered.status_code == 200
    assert metric(gateway, "gateway_breaker_state", upstream="catalog") == 0.0
    catalog.stop()


def test_a_failed_trial_opens_the_circuit_again(
    upstream_settings: Settings, gateway_factory: Callable[..., TestClient]
) -> None:
    gateway = gateway_factory(
        catalog_url=f"http://127.0.0.1:{free_port()}",
        breaker_failure_threshold=1,
        breaker_reset_seconds=0.3,
        upstream_retries=0,
    )
    reasons = []
    for pause in (0, 0, 0.35, 0):
        time.sleep(pause)
        reasons.append(gateway.get("/api/v1/parks").json()["error"]["details"][0]["reason"])
    assert reasons == [
        "catalog: cannot connect",
        "catalog: circuit open",
        "catalog: cannot connect",
        "catalog: circuit open",
    ]


def test_only_idempotent_requests_are_retried(gateway_factory: Callable[..., TestClient]) -> None:
    gateway = gateway_factory(catalog_url=f"http://127.0.0.1:{free_port()}", upstream_retries=2)
    attempts = {"upstream": "catalog", "outcome": "error"}
    assert gateway.get("/api/v1/parks").status_code == 503
    assert metric(gateway, "gateway_upstream_request_duration_seconds_count", **attempts) == 3
    assert gateway.post("/api/v1/policies/evaluate", json={"company_id": 1}).status_code == 503
    assert metric(gateway, "gateway_upstream_request_duration_seconds_count", **attempts) == 4
