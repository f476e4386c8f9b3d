from typing import Any

from fastapi.testclient import TestClient

from shared.principal import Principal, Role
from tests.catalog.test_parks import create_park
from tests.conftest import ADMIN, as_principal, enterprise_of, officer_of, unique


def provider_of(provider_id: int) -> dict[str, str]:
    return as_principal(Principal(role=Role.provider, provider_id=provider_id))


def provider_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": f"测试知识产权代理有限公司{unique()}",
        "category": "ip",
        "regions": ["江苏省"],
        "industries": ["集成电路"],
        "services": ["专利申请", "专利导航"],
    }
    body.update(overrides)
    return body


def create_provider(client: TestClient, **overrides: Any) -> dict[str, Any]:
    response = client.post("/api/v1/providers", json=provider_body(**overrides), headers=ADMIN)
    assert response.status_code == 201, response.text
    return response.json()


def test_create_read_update_delete(catalog_client: TestClient) -> None:
    park = create_park(catalog_client)
    provider = create_provider(catalog_client, park_id=park["id"], description="园区中试平台")
    path = f"/api/v1/providers/{provider['id']}"
    got = catalog_client.get(path).json()
    assert got["park_id"] == park["id"] and got["services"] == ["专利申请", "专利导航"]

    updated = catalog_client.patch(path, json={"version": 1, "category": "pilot_plant"}, headers=ADMIN)
    assert updated.status_code == 200 and updated.json()["category"] == "pilot_plant"
    stale = catalog_client.patch(path, json={"version": 1, "category": "legal"}, headers=ADMIN)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"
    wrong = catalog_client.patch(path, json={"version": 2, "category": "catering"}, headers=ADMIN)
    assert wrong.status_code == 422 and wrong.json()["error"]["details"][0]["field"] == "body.category"

    assert catalog_client.delete(path, headers=ADMIN).status_code == 204
    assert catalog_client.get(path).status_code == 404


def test_who_may_write(catalog_client: TestClient) -> None:
    park = create_park(catalog_client)
    body = provider_body()
    assert catalog_client.post("/api/v1/providers", json=body).status_code == 401
    for caller in (provider_of(1), officer_of(park["id"]), enterprise_of(1)):
        assert catalog_client.post("/api/v1/providers", json=body, headers=caller).status_code == 403
    provider = create_provider(catalog_client)
    path = f"/api/v1/providers/{provider['id']}"
    own = provider_of(provider["id"])
    change = {"version": 1, "services": ["商标注册"]}

    assert catalog_client.patch(path, json=change, headers=provider_of(provider["id"] + 1)).status_code == 403
    assert catalog_client.patch(path, json=change, headers=officer_of(park["id"])).status_code == 403
    assert (
        catalog_client.patch(path, json={"version": 1, "park_id": park["id"]}, headers=own).status_code == 403
    )
    updated = catalog_client.patch(path, json=change, headers=own)
    assert updated.status_code == 200 and updated.json()["services"] == ["商标注册"]

    assert catalog_client.delete(path, headers=own).status_code == 403
    assert catalog_client.delete(path, headers=ADMIN).status_code == 204


def test_list_filters_sort_and_cursor(catalog_client: TestClient) -> None:
    tag = unique("服务")
    park = create_park(catalog_client)
    law = create_provider(
        catalog_client,
        name=f"{tag}律所",
        category="legal",
        regions=["上海市"],
        industries=["生物医药"],
        services=["股权设计"],
    )
    lab = create_provider(
        catalog_client,
        name=f"{tag}检测",
        category="testing",
        regions=["江苏省", "浙江省"],
        services=[f"{tag}可靠性测试"],
        park_id=park["id"],
    )

    def found(**params: Any) -> set[str]:
        response = catalog_client.get("/api/v1/providers", params={"q": tag, **params})
        assert response.status_code == 200, response.text
        return {item["name"] for item in response.json()["items"]}

    assert found() == {law["name"], lab["name"]}
    assert found(q=f"{tag}可靠性") == {lab["name"]}  # a service's text
    assert found(category="legal") == {law["name"]}
    assert found(region="浙江") == {lab["name"]}
    assert found(industry="医药") == {law["name"]}
    assert found(park_id=park["id"]) == {lab["name"]}
    assert found(ids=[law["id"]]) == {law["name"]}

    first = catalog_client.get("/api/v1/providers", params={"q": tag, "sort": "-category", "limit": 1}).json()
    assert [item["name"] for item in first["items"]] == [lab["name"]] and first["total"] == 2
    second = catalog_client.get(
        "/api/v1/providers",
        params={"q": tag, "sort": "-category", "limit": 1, "cursor": first["next_cursor"]},
    ).json()
    assert [item["name"] for item in second["items"]] == [law["name"]] and second["next_cursor"] is None


def test_a_certified_agency_with_its_certificate_and_point(catalog_client: TestClient) -> None:
    certified = {
        "category": "environmental_assessment",
        "certificate_level": "乙级",
        "certificate_no": "B3252",
        "address": "四川省眉山市彭山县彭溪镇蔡山西路段43号",
        "lng_bd09": 103.8725,
        "lat_bd09": 30.208899,
        "as_of": "2015-10-23",
        "data_notes": ["2015年登记的资质"],
    }
    provider = create_provider(catalog_client, **certified)
    assert {key: provider[key] for key in certified} == certified
    found = catalog_client.get("/api/v1/providers", params={"category": "environmental_assessment"}).json()
    assert provider["id"] in {item["id"] for item in found["items"]}
    off_the_map = catalog_client.post("/api/v1/providers", json=provider_body(lng_bd09=200.0), headers=ADMIN)
    assert off_the_map.status_code == 422
    assert off_the_map.json()["error"]["details"][0]["field"] == "body.lng_bd09"
