from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.catalog.industries.models import Industry
from tests.conftest import ADMIN, unique


@pytest.fixture(scope="module")
def industries(catalog_client: TestClient) -> dict[str, Any]:
    """A tree of each scheme, as the seed importer loads them. The codes are unused by both standards
    (the importer may load the real ones into the same database); the names carry a unique tag."""
    suffix = unique()[:4]
    rows = [
        Industry(scheme="gbt4754", code="Z", name=f"制造业{suffix}", level=1),
        Industry(scheme="gbt4754", code="99", name=f"电子设备制造业{suffix}", level=2, parent_code="Z"),
        Industry(scheme="gbt4754", code="999", name=f"电子器件制造{suffix}", level=3, parent_code="99"),
        Industry(
            scheme="gbt4754",
            code="9999",
            name=f"集成电路制造{suffix}",
            level=4,
            parent_code="999",
            tags=["strategic_emerging"],
        ),
        Industry(scheme="sw2021", code="990000", name=f"电子{suffix}", level=1),
        Industry(scheme="sw2021", code="990100", name=f"半导体{suffix}", level=2, parent_code="990000"),
        Industry(
            scheme="sw2021",
            code="990101",
            name=f"集成电路制造{suffix}Ⅲ",
            level=3,
            parent_code="990100",
            upstream=["半导体材料", "半导体设备"],
        ),
    ]
    with catalog_client.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        session.add_all(rows)
        session.commit()
        ids: dict[str, Any] = {f"{row.scheme}:{row.code}": row.id for row in rows}
        return ids | {"suffix": suffix}


def codes(client: TestClient, **params: Any) -> list[str]:
    response = client.get("/api/v1/industries", params=params)
    assert response.status_code == 200, response.text
    return [f"{item['scheme']}:{item['code']}" for item in response.json()["items"]]


def test_read_one(catalog_client: TestClient, industries: dict[str, Any]) -> None:
    got = catalog_client.get(f"/api/v1/industries/{industries['sw2021:990101']}").json()
    assert got["name"] == f"集成电路制造{industries['suffix']}Ⅲ" and got["level"] == 3
    assert got["parent_code"] == "990100" and got["upstream"] == ["半导体材料", "半导体设备"]
    assert catalog_client.get("/api/v1/industries/999999999").status_code == 404


def test_list_filters_sort_and_cursor(catalog_client: TestClient, industries: dict[str, Any]) -> None:
    suffix = industries["suffix"]
    ours = [key for key in industries if key != "suffix"]
    assert sorted(codes(catalog_client, q=suffix, limit=50)) == sorted(ours)
    assert codes(catalog_client, q=f"集成电路制造{suffix}", sort="-scheme") == [
        "sw2021:990101",
        "gbt4754:9999",
    ]
    assert codes(catalog_client, q=suffix, scheme="sw2021", sort="code") == [
        "sw2021:990000",
        "sw2021:990100",
        "sw2021:990101",
    ]
    assert codes(catalog_client, q=suffix, scheme="gbt4754", level=2) == ["gbt4754:99"]
    assert codes(catalog_client, q=suffix, parent_code="990100") == ["sw2021:990101"]
    assert codes(catalog_client, ids=[industries["gbt4754:Z"], industries["sw2021:990000"]]) == [
        "gbt4754:Z",
        "sw2021:990000",
    ]

    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"q": suffix, "scheme": "gbt4754", "sort": "-level", "limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = catalog_client.get("/api/v1/industries", params=params).json()
        seen += [item["code"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == ["9999", "999", "99", "Z"]

    bad = catalog_client.get("/api/v1/industries", params={"scheme": "naics"})
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "query.scheme"


def test_industries_are_read_only(catalog_client: TestClient, industries: dict[str, Any]) -> None:
    path = f"/api/v1/industries/{industries['gbt4754:99']}"
    body = {"scheme": "gbt4754", "code": "99", "name": "x", "level": 2}
    for response in (
        catalog_client.post("/api/v1/industries", json=body, headers=ADMIN),
        catalog_client.patch(path, json={"version": 1, "name": "x"}, headers=ADMIN),
        catalog_client.put(path, json=body, headers=ADMIN),
        catalog_client.delete(path, headers=ADMIN),
    ):
        assert response.status_code == 405
        assert response.json()["error"]["code"] == "method_not_allowed"
    assert catalog_client.get(path).json()["name"].startswith("电子设备")
