"""What every response and the service's files show: security headers, metrics only to configured
networks, docs only when configured, private database files."""

import stat
from collections.abc import Callable

from fastapi.testclient import TestClient

from services.catalog.app import create_app as create_catalog_app
from shared.settings import Settings
from tests.servers import ServerThread


def test_every_answer_carries_the_security_headers(
    catalog_gateway_factory: Callable[..., TestClient],
) -> None:
    gateway = catalog_gateway_factory()
    for response in (
        gateway.get("/api/v1/parks"),
        gateway.get("/api/v1/nowhere"),
        gateway.get("/healthz"),
        gateway.post("/api/v1/parks", json={}),
    ):
        headers = response.headers
        policy = headers["content-security-policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
        # No inline script anywhere but the docs pages; inline styles for the console's components.
        assert "'unsafe-inline'" not in directives["default-src"] and "script-src" not in directives
        assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"
    docs = gateway.get("/docs")
    assert (
        docs.status_code == 200
        and "script-src 'self' 'unsafe-inline'" in docs.headers["content-security-policy"]
    )


def test_metrics_answer_only_configured_networks(catalog_gateway_factory: Callable[..., TestClient]) -> None:
    local = catalog_gateway_factory()
    assert local.get("/metrics").status_code == 200  # loopback, the default
    outside = catalog_gateway_factory(client=("203.0.113.9", 40000))
    refused = outside.get("/metrics")
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "not_found"
    # Behind a trusted proxy the caller's own address counts, not the proxy's.
    proxied = catalog_gateway_factory(trusted_proxies=["127.0.0.1"])
    assert proxied.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404
    scraper = catalog_gateway_factory(client=("10.1.2.3", 40000), metrics_networks=["10.0.0.0/8"])
    assert "gateway_requests_total" in scraper.get("/metrics").text
    assert catalog_gateway_factory(metrics_networks=[]).get("/metrics").status_code == 404


def test_docs_only_when_configured(catalog_gateway_factory: Callable[..., TestClient]) -> None:
    hidden = catalog_gateway_factory(serve_docs=False)
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert hidden.get(path).status_code == 404, path
    assert hidden.get("/api/v1/parks").status_code == 200


def test_the_sqlite_files_are_private(upstream_settings: Settings) -> None:
    server = ServerThread(create_catalog_app(upstream_settings)).start()
    try:
        database = upstream_settings.data_dir / "catalog.sqlite3"
        files = [database, *database.parent.glob("catalog.sqlite3-*")]
        assert len(files) == 3  # the database, its -wal and -shm files
        for file in files:
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    finally:
        server.stop()
