"""Every route any service offers under /api/v1 has exactly one rule in the gateway's table (who may
call it), or is listed as internal: a route added without a rule fails here."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from services.catalog.app import create_app as create_catalog_app
from services.gateway.access import CATALOG, GATEWAY, INTERNAL_ROUTES, MATCH, PUBLIC_API
from services.gateway.app import create_app as create_gateway_app
from services.gateway.app import own_openapi
from services.match.app import create_app as create_match_app
from tests.conftest import make_settings

SERVICES: dict[str, Callable[..., FastAPI]] = {
    CATALOG: create_catalog_app,
    MATCH: create_match_app,
    GATEWAY: create_gateway_app,
}


def operations(app: FastAPI, service: str) -> list[tuple[str, str]]:
    document: dict[str, Any] = own_openapi(app) if service == GATEWAY else app.openapi()
    return [
        (method.upper(), path)
        for path, items in document["paths"].items()
        if path.startswith("/api/v1/")
        for method in items
    ]


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_route_of_every_service_has_one_rule(service: str, tmp_path: Path) -> None:
    app = SERVICES[service](make_settings(tmp_path))
    offered = operations(app, service)
    assert offered, f"{service} offers no /api/v1 route"
    unruled = []
    for method, path in offered:
        rule = PUBLIC_API.find_operation(method, path)
        if (method, path) in INTERNAL_ROUTES:
            assert rule is None, f"{method} {path} is internal yet has a public rule"
        elif rule is None or rule.upstream != service:
            unruled.append((method, path))
    assert unruled == []


def test_every_rule_names_a_route_its_service_offers(tmp_path: Path) -> None:
    offered = {
        service: set(operations(factory(make_settings(tmp_path / service)), service))
        for service, factory in SERVICES.items()
    }
    stale = []
    for rule in PUBLIC_API.rules:
        if not any(
            method == rule.method and PUBLIC_API.find_operation(method, path) == rule
            for method, path in offered[rule.upstream]
        ):
            stale.append((rule.method, rule.template))
    assert stale == []
