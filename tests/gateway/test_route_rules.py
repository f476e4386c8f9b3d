"""Every route any service offers under /api/v1 has exactly one rule in the gateway's table (who may
call it), or is listed as internal: a route added without a rule fails here."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from services.catalog.app import create_app as create_catalog_app
from services.gateway.access import CATALOG, GATEWAY, INTERNAL_ROUTES, MATCH, PUBLIC_API, MethodNotAllowed
from services.gateway.app import create_app as create_gateway_app
from services.gateway.app import own_openapi
from services.match.app import create_app as create_match_app
from shared.errors import NotFound, ValidationFailed
from shared.principal import QUESTION_SUBJECTS
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


def allowed_at(path: str) -> str:
    with pytest.raises(MethodNotAllowed) as refused:
        PUBLIC_API.match("OPTIONS", path)
    assert refused.value.headers is not None
    return refused.value.headers["Allow"]


def test_overlapping_templates_resolve_by_the_parameters_shape_then_the_literal() -> None:
    """An id is an integer and a name lowercase letters and hyphens; a literal segment beats a
    parameter: each path allows exactly the methods its operations in the document have."""
    assert allowed_at("/api/v1/imports/jobs/7") == "DELETE, GET"
    assert allowed_at("/api/v1/imports/parks") == "POST"
    assert allowed_at("/api/v1/exports") == "POST"
    assert allowed_at("/api/v1/policies/evaluate") == "POST"
    assert PUBLIC_API.match("GET", "/api/v1/exports/parks")[0].template == "/api/v1/exports/{entity}"
    assert PUBLIC_API.match("GET", "/api/v1/imports/jobs/-3")[1] == {"job_id": "-3"}  # the catalog refuses it
    with pytest.raises(ValidationFailed) as refused:
        PUBLIC_API.match("DELETE", "/api/v1/imports/jobs/null")
    assert refused.value.details == [{"field": "path.job_id", "reason": "an integer id is required"}]
    with pytest.raises(NotFound):
        PUBLIC_API.match("GET", "/api/v1/parks/..")


def test_the_match_service_checks_the_objects_the_table_leaves_to_it() -> None:
    """The questions whose object the gateway leaves to the match service are those it checks there."""
    left_to_match = {rule.template for rule in PUBLIC_API.rules if rule.objects == MATCH}
    assert left_to_match == {f"/api/v1/match/{kind}" for kind in QUESTION_SUBJECTS}
    assert {rule.objects for rule in PUBLIC_API.rules if rule.upstream == CATALOG} <= {CATALOG, None}
