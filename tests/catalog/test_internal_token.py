"""The catalog answers ParkMatch services only: every API route, the change feed included, refuses a
request without the internal token; /healthz is the one public route."""

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from services.catalog.app import create_app
from shared.settings import Settings
from tests.conftest import ANONYMOUS_CALLER


@pytest.fixture(scope="module")
def outsider(catalog_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(catalog_settings), raise_server_exceptions=False) as client:
        yield client


def test_every_api_route_refuses_a_caller_without_the_internal_token(outsider: TestClient) -> None:
    paths = outsider.get("/openapi.json").json()["paths"]
    assert not [path for path in paths if not path.startswith("/api/v1/")]
    api = [(method.upper(), path) for path, operations in paths.items() for method in operations]
    api.append(("POST", "/api/v1/api-keys/verify"))  # hidden from the document
    assert ("GET", "/api/v1/changes") in api
    for method, path in api:
        url = re.sub(r"\{[^}]+\}", "1", path)
        for headers in ({}, {"X-Internal-Token": "guess", "X-Principal": '{"role": "admin"}'}):
            response = outsider.request(method, url, headers=headers, json={})
            assert response.status_code == 401, (method, path, response.text)
            assert response.json()["error"]["details"] == [
                {"field": "header.X-Internal-Token", "reason": "missing or wrong"}
            ]
    assert outsider.get("/healthz").status_code == 200
    assert outsider.get("/api/v1/changes", headers=ANONYMOUS_CALLER).status_code != 401
