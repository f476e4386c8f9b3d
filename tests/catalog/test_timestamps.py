"""Every timestamp the catalog answers is UTC, written one way, on SQLite and PostgreSQL alike."""

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.catalog.test_parks import create_park
from tests.conftest import ADMIN, unique

UTC_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$")


def test_timestamps_are_utc_in_one_format(catalog_client: TestClient) -> None:
    before = datetime.now(UTC)
    park: dict[str, Any] = create_park(catalog_client)
    read = catalog_client.get(f"/api/v1/parks/{park['id']}").json()
    listed = catalog_client.get("/api/v1/parks", params={"ids": [park["id"]]}).json()["items"][0]
    updated = catalog_client.patch(
        f"/api/v1/parks/{park['id']}", json={"version": 1, "city": "苏州市"}, headers=ADMIN
    ).json()
    changes = catalog_client.get("/api/v1/changes", params={"limit": 5}, headers=ADMIN).json()["items"]
    stamps = [
        *(answer[name] for answer in (park, read, listed, updated) for name in ("created_at", "updated_at")),
        *(change["changed_at"] for change in changes),
    ]
    for stamp in stamps:
        assert UTC_TIMESTAMP.match(stamp), stamp
    created = datetime.fromisoformat(read["created_at"])
    assert created.utcoffset() == timedelta(0)
    assert before - timedelta(seconds=5) <= created <= datetime.now(UTC)
    assert read["created_at"] == park["created_at"] == listed["created_at"]
    assert datetime.fromisoformat(updated["updated_at"]) >= created


def test_a_cursor_over_timestamps_pages_on(catalog_client: TestClient) -> None:
    made = []
    for _ in range(3):
        response = catalog_client.post(
            "/api/v1/api-keys", json={"name": unique("钥匙"), "role": "admin"}, headers=ADMIN
        )
        assert response.status_code == 201, response.text
        made.append(response.json()["id"])
    query: dict[str, str | int] = {"sort": "-created_at", "limit": 2}
    first = catalog_client.get("/api/v1/api-keys", params=query, headers=ADMIN).json()
    second = catalog_client.get(
        "/api/v1/api-keys", params={**query, "cursor": first["next_cursor"]}, headers=ADMIN
    ).json()
    assert [item["id"] for item in first["items"]] == made[::-1][:2]
    assert second["items"][0]["id"] == made[0]
