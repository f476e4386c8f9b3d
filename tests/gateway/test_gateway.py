"""The proxy itself: request ids, headers, limits, errors, the merged OpenAPI document, metrics."""

import io
import json
import logging
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from services.gateway.access import INTERNAL_ROUTES
from shared.logging import JsonFormatter
from shared.serving import free_port
from tests.conftest import INTERNAL_TOKEN
from tests.gateway.conftest import ServerThread, World, bearer, park_body


def test_request_id_is_passed_to_the_upstream_and_back(world: World) -> None:
    headers = {"X-Request-ID": "trace-abc-123"}
    missing = world.client.get("/api/v1/parks/999999999", headers=headers)
    assert missing.status_code == 404 and missing.headers["x-request-id"] == "trace-abc-123"
    # The catalog wrote this error: it got the request id from the gateway.
    assert missing.json()["error"] == {
        "code": "not_found",
        "message": "park 999999999 not found",
        "details": [{"field": "id", "reason": "not found"}],
        "request_id": "trace-abc-123",
    }
    made_here = world.client.get("/api/v1/api-keys", headers=headers)
    assert made_here.status_code == 401 and made_here.json()["error"]["request_id"] == "trace-abc-123"
    fresh = world.client.get("/api/v1/parks")
    assert len(fresh.headers["x-request-id"]) == 32


@pytest.fixture
def access_log() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("gateway"))
    logger = logging.getLogger("services.gateway.access")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_every_request_is_logged_as_json_with_its_request_id(world: World, access_log: io.StringIO) -> None:
    world.client.get(f"/api/v1/parks/{world.ids['park']['own']}", headers={"X-Request-ID": "log-1"})
    world.client.get("/api/v1/leads", headers={"X-Request-ID": "log-2", **world.keys["officer"]})
    lines = [json.loads(line) for line in access_log.getvalue().splitlines()]
    assert [(line["request_id"], line["route"], line["status"]) for line in lines] == [
        ("log-1", "/api/v1/parks/{id}", 200),
        ("log-2", "/api/v1/leads", 200),
    ]
    assert lines[1]["role"] == "officer" and lines[1]["key_id"] == world.key_ids["officer"]
    assert lines[0]["service"] == "gateway" and lines[0]["duration_ms"] > 0


def test_forged_principal_headers_are_dropped(world: World) -> None:
    forged = {"X-Principal": json.dumps({"role": "admin"}), "X-Internal-Token": INTERNAL_TOKEN}
    other_park = world.ids["park"]["other"]
    version = world.version(f"/api/v1/parks/{other_park}")
    as_officer = world.client.patch(
        f"/api/v1/parks/{other_park}",
        json={"version": version, "description": "forged"},
        headers={**world.keys["officer"], **forged},
    )
    assert as_officer.status_code == 403  # the catalog saw the officer, not the forged admin
    assert world.client.get("/api/v1/api-keys", headers=forged).status_code == 401


def test_only_public_routes_are_reachable(world: World) -> None:
    for method, path in INTERNAL_ROUTES:
        response = world.client.request(method, path, headers=world.admin)
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    verify = world.client.post("/api/v1/api-keys/verify", json={"key": "pm_x_y"}, headers=world.admin)
    # Not a public route: "verify" is no key id (ids are digits), so it is not /api/v1/api-keys/{id}.
    assert verify.status_code == 404 and verify.json()["error"]["code"] == "not_found"
    wrong_method = world.client.put("/api/v1/parks/1", json={}, headers=world.admin)
    assert wrong_method.status_code == 405 and wrong_method.headers["allow"] == "DELETE, GET, PATCH"
    dotted = world.client.get("/api/v1/parks/..", headers=world.admin)
    assert dotted.status_code == 404


def test_keys_must_be_valid(world: World) -> None:
    for headers in (
        bearer("pm_000000000000_not-the-secret"),
        bearer("nonsense"),
        {"Authorization": "Basic YWRtaW46YWRtaW4="},
        {"X-API-Key": "pm_000000000000_nope"},
        bearer("pm_" + "x" * 5000),
    ):
        response = world.client.get("/api/v1/parks", headers=headers)
        assert response.status_code == 401, headers
        assert response.json()["error"]["code"] == "unauthorized"
    x_api_key = {"X-API-Key": world.keys["officer"]["Authorization"].removeprefix("Bearer ")}
    assert world.client.get("/api/v1/me", headers=x_api_key).json()["role"] == "officer"


def test_body_size_is_limited(world: World) -> None:
    response = world.client.post(
        "/api/v1/parks",
        content=b"{" + b" " * (3 * 1024 * 1024) + b"}",
        headers={**world.admin, "content-type": "application/json"},
    )
    assert response.status_code == 413 and response.json()["error"]["code"] == "payload_too_large"


def test_errors_carry_no_sql_or_traces(world: World) -> None:
    body = park_body()
    assert world.client.post("/api/v1/parks", json=body, headers=world.admin).status_code == 201
    again = world.client.post("/api/v1/parks", json=body, headers=world.admin)
    assert again.status_code == 409
    text = again.text.lower()
    assert not any(word in text for word in ("insert", "unique constraint", "sqlite", "traceback", "select "))
    assert again.json()["error"]["details"] == [{"field": "body.code", "reason": "already taken"}]


def test_one_merged_openapi_document(world: World) -> None:
    document = world.client.get("/openapi.json").json()
    paths = document["paths"]
    for path in (
        "/api/v1/parks",
        "/api/v1/leads/{item_id}/events",
        "/api/v1/saved-searches",
        "/api/v1/parks/{park_id}/dossier",
        "/api/v1/companies/{company_id}/dossier",
        "/api/v1/alerts",
        "/api/v1/me",
    ):
        assert path in paths, path
    assert "/api/v1/changes" not in paths and "/api/v1/api-keys/verify" not in paths
    assert not any(path.startswith(("/healthz", "/metrics", "/readyz")) for path in paths)
    assert paths["/api/v1/parks"]["get"]["x-roles"] == [
        "admin",
        "anonymous",
        "enterprise",
        "fund",
        "officer",
        "provider",
    ]
    assert paths["/api/v1/parks"]["post"]["x-roles"] == ["admin"]
    assert paths["/api/v1/parks"]["post"]["security"] == [{"ApiKey": []}]
    assert {"ParkRead", "LeadRead", "ParkDossier"} <= set(document["components"]["schemas"])
    assert document["components"]["securitySchemes"]["ApiKey"]["scheme"] == "bearer"
    assert document["info"].get("x-missing-upstreams", []) == []
    docs = world.client.get("/docs")
    assert docs.status_code == 200 and "/openapi.json" in docs.text


def test_metrics(world: World) -> None:
    world.client.get(f"/api/v1/parks/{world.ids['park']['own']}")
    world.client.get("/api/v1/parks/999999999")
    text = world.client.get("/metrics").text
    assert 'gateway_requests_total{method="GET",route="/api/v1/parks/{id}",status="200"}' in text
    assert 'gateway_requests_total{method="GET",route="/api/v1/parks/{id}",status="404"}' in text
    assert (
        'gateway_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/v1/parks/{id}"}' in text
    )
    assert 'gateway_upstream_request_duration_seconds_count{outcome="200",upstream="catalog"}' in text
    assert 'gateway_breaker_state{upstream="catalog"} 0.0' in text
    assert "# TYPE gateway_rate_limit_rejections_total counter" in text


def test_health_and_readiness(
    world: World, catalog_server: ServerThread, gateway_factory: Callable[..., TestClient]
) -> None:
    assert world.client.get("/healthz").json() == {"status": "ok", "service": "gateway"}
    assert world.client.get("/readyz").status_code == 200
    # Nothing listening where the match service should be: not ready, and the answer names it.
    match_down = gateway_factory(match_url=f"http://127.0.0.1:{free_port()}")
    ready = match_down.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["error"]["details"] == [{"field": "match", "reason": "cannot connect"}]
    # The match service's place taken by a second service that answers: ready.
    both_up = gateway_factory(match_url=catalog_server.url)
    answer = both_up.get("/readyz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ready", "upstreams": {"catalog": "ok", "match": "ok"}}


def test_object_checks_name_the_field(world: World) -> None:
    """The match service checks a question's object, the gateway a saved question's by the same rule,
    the catalog scopes leads: each refusal names the field."""
    officer = world.keys["officer"]
    missing = world.client.post("/api/v1/match/companies-for-park", json={"limit": 5}, headers=officer)
    assert missing.status_code == 422
    assert [detail["field"] for detail in missing.json()["error"]["details"]] == ["body.park_id"]
    other = world.ids["park"]["other"]
    asked = world.client.post("/api/v1/match/companies-for-park", json={"park_id": other}, headers=officer)
    assert asked.status_code == 403
    assert asked.json()["error"]["message"] == f"park {other} is not yours"
    assert asked.json()["error"]["details"] == [{"field": "body.park_id", "reason": "not one of your parks"}]
    saved = world.client.post(
        "/api/v1/saved-searches",
        json={"name": "x", "kind": "companies-for-park", "query": {"park_id": other}},
        headers=officer,
    )
    assert saved.status_code == 403
    assert saved.json()["error"]["message"] == f"park {other} is not yours"
    assert saved.json()["error"]["details"] == [
        {"field": "body.query.park_id", "reason": "not one of your parks"}
    ]
    listing = world.client.get("/api/v1/leads", params={"park_id": other}, headers=officer)
    assert listing.status_code == 200
    assert listing.json()["total"] == 0
