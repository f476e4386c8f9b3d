"""Park geography and the park locator, on the real zone catalogue and through the API."""

import csv
from pathlib import Path
from typing import cast

import pytest
from fastapi.testclient import TestClient

from services.catalog.locator.divisions import divisions
from services.catalog.locator.locate import ParkIndex, Zone, locate_company, placement
from services.catalog.locator.service import current_park_index
from services.catalog.seed.reference import ReferencePark, read_parks
from shared.settings import Settings
from tests.catalog.test_chains import changes_since, last_seq
from tests.catalog.test_companies import create_company
from tests.catalog.test_parks import create_park, park_body
from tests.conftest import ADMIN, officer_of, unique

SAMPLE = Path(__file__).with_name("data") / "located_sample.csv"


@pytest.fixture(scope="module")
def parks() -> dict[str, ReferencePark]:
    return {park.name: park for park in read_parks(Settings().reference_data_dir, [])}


@pytest.fixture(scope="module")
def index(parks: dict[str, ReferencePark]) -> ParkIndex:
    return ParkIndex(
        Zone(number, p.name, tuple(p.aliases), p.zone_type, p.province, p.city, p.county, p.county_code, None)
        for number, p in enumerate(parks.values())
    )


def names(index: ParkIndex, address: str, province: str | None = None) -> list[tuple[str, str]]:
    return [(c.name, c.rule) for c in index.locate(address, province)]


# --- geography ---------------------------------------------------------------------------------


def test_a_county_level_zone_lies_in_its_prefecture_city(parks: dict[str, ReferencePark]) -> None:
    kunshan = parks["昆山经济技术开发区"]
    assert (kunshan.province, kunshan.province_code) == ("江苏省", "320000")
    assert (kunshan.city, kunshan.city_code) == ("苏州市", "320500")
    assert (kunshan.county, kunshan.county_code) == ("昆山市", "320583")
    zibo = parks["山东张店经济开发区"]
    assert (zibo.city, zibo.county, zibo.county_code) == ("淄博市", "张店区", "370303")


def test_the_county_and_the_zones_point_decide_against_a_city_in_the_name(
    parks: dict[str, ReferencePark],
) -> None:
    # 杭州湾 is a bay: the zone is in 上虞区 of 绍兴市, as its point says.
    shangyu = parks["杭州湾上虞经济技术开发区"]
    assert (shangyu.city, shangyu.city_code, shangyu.county) == ("绍兴市", "330600", "上虞区")
    # 南海 inside 大南海 is not 佛山's 南海区: the point is in 揭阳, the county stays unknown.
    jieyang = parks["揭阳大南海石化工业区"]
    assert (jieyang.city, jieyang.county) == ("揭阳市", None)
    assert any("nearer 揭阳市" in note for note in jieyang.data_notes)


def test_a_city_county_of_the_same_name_is_not_read_from_the_city(parks: dict[str, ReferencePark]) -> None:
    # 长沙 names the city, not 长沙县; 重庆's counties belong to the one city 重庆市.
    changsha = parks["长沙高新技术产业开发区"]
    assert changsha.city == "长沙市" and changsha.county != "长沙县"
    chongqing = parks["重庆丰都工业园区"]
    assert (chongqing.city, chongqing.city_code, chongqing.county) == ("重庆市", "500100", "丰都县")


def test_what_cannot_be_decided_keeps_the_province_and_says_why(parks: dict[str, ReferencePark]) -> None:
    undecided = [park for park in parks.values() if park.city is None]
    assert undecided and all(park.province and park.province_code for park in undecided)
    assert all(any("city not found" in note for note in park.data_notes) for park in undecided)
    assert sum(park.city is not None for park in parks.values()) >= 2400


def test_the_library_reads_a_company_address() -> None:
    place = divisions().parse("浙江省绍兴市上虞区杭州湾上虞经济技术开发区经十三路5号")
    assert place.columns() == {
        "province": "浙江省",
        "province_code": "330000",
        "city": "绍兴市",
        "city_code": "330600",
        "county": "上虞区",
        "county_code": "330604",
    }


# --- the locator's rules -----------------------------------------------------------------------


def test_the_zones_name_in_the_address(index: ParkIndex) -> None:
    found = index.locate("辽宁省大连经济技术开发区福泉北路42号")
    assert (found[0].name, found[0].rule, found[0].confidence) == ("大连经济技术开发区", "name", 0.95)
    # The name without its province prefix (江苏高邮经济开发区 -> 高邮经济开发区).
    assert names(index, "江苏省高邮市高邮经济开发区凌波路33号")[0] == ("江苏高邮经济开发区", "name")


def test_locality_with_a_zone_type_alias(index: ParkIndex) -> None:
    assert names(index, "陕西省西安市高新区科技路50号")[0] == ("西安高新技术产业开发区", "locality_type")
    assert names(index, "湖南省长沙高新开发区麓谷大道")[0] == ("长沙高新技术产业开发区", "locality_type")
    assert names(index, "四川省绵阳市经开区板桥街268号")[0] == ("绵阳经济技术开发区", "locality_type")
    assert names(index, "江苏省苏州市吴中经济开发区河东工业园")[0] == ("吴中经济技术开发区", "locality_type")


def test_a_district_is_weaker_and_shared(index: ParkIndex, parks: dict[str, ReferencePark]) -> None:
    found = index.locate("江苏省苏州市昆山市前进东路1号")
    in_kunshan = [p for p in parks.values() if p.county == "昆山市"]
    assert len(in_kunshan) > 1
    assert {c.name for c in found} == {p.name for p in in_kunshan}
    assert all(c.rule == "district" and c.confidence == round(0.5 / len(in_kunshan), 3) for c in found)
    assert placement(found) is None


def test_a_sub_park_brings_its_zone() -> None:
    zone = Zone(1, "淄博高新技术产业开发区", (), "high_tech", "山东省", "淄博市", "张店区", "370303", None)
    sub = Zone(2, "淄博虚拟产业园", (), "virtual_park", "山东省", "淄博市", "张店区", "370303", 1)
    found = ParkIndex([zone, sub]).locate("山东省淄博市张店区淄博虚拟产业园华光路1号")
    assert [(c.park_id, c.rule) for c in found] == [(2, "name"), (1, "sub_park")]


def test_the_addresses_province_is_kept(index: ParkIndex, parks: dict[str, ReferencePark]) -> None:
    # The address names 江苏's 南京经济技术开发区 (as a street), but lies in 安徽: never a park of 江苏.
    assert names(index, "南京经济技术开发区恒通大道19-1号")[0] == ("南京经济技术开发区", "name")
    found = index.locate("安徽省合肥市包河区南京经济技术开发区路1号")
    assert found and all(parks[c.name].province == "安徽省" for c in found)
    # Without a province in the address, the caller's (the company's) is kept.
    bare = "滨海高新区华苑产业园海泰发展二路15号"
    assert names(index, bare, "天津市") == [("天津滨海高新技术产业开发区", "locality_type")]
    assert names(index, bare, "江苏省") == []


def test_an_office_address_counts_more_than_a_registered_one(index: ParkIndex) -> None:
    found = locate_company(
        index,
        {"office_address": "陕西省西安市高新区锦业路1号", "registered_address": "西安经济技术开发区草滩路"},
        "陕西省",
    )
    assert [(c.name, c.address_source, c.confidence) for c in found[:2]] == [
        ("西安高新技术产业开发区", "office_address", 0.85),
        ("西安经济技术开发区", "registered_address", 0.76),
    ]
    assert placement(found) == found[0]


def test_the_hand_checked_sample_still_locates_as_checked(
    index: ParkIndex, parks: dict[str, ReferencePark]
) -> None:
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        sample = list(csv.DictReader(handle))
    assert len(sample) == 50
    assert sum(row["verdict"] == "right" for row in sample) >= 48  # at least 95% right
    for row in sample:
        best = placement(locate_company(index, {row["address_source"]: row["address"]}, None))
        assert best is not None, row["address"]
        assert parks[best.name].code == row["park_code"] and best.rule == row["rule"], row["address"]
        assert best.confidence == pytest.approx(float(row["confidence"])), row["address"]


# --- the API -----------------------------------------------------------------------------------


def test_list_parks_by_city_or_county(catalog_client: TestClient) -> None:
    county = f"测{unique()}县"
    park = create_park(catalog_client, city="苏州市", city_code="320500", county=county)
    for params in ({"county": county}, {"county": county.removesuffix("县"), "city": "苏州"}):
        found = catalog_client.get("/api/v1/parks", params=params).json()["items"]
        assert [p["id"] for p in found] == [park["id"]]
    elsewhere = catalog_client.get("/api/v1/parks", params={"county": county, "city": "无锡市"}).json()
    assert elsewhere["items"] == []
    bad = catalog_client.post(
        "/api/v1/parks", json={**park, "code": unique("T"), "city_code": "3205"}, headers=ADMIN
    )
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "body.city_code"


def test_a_parks_geography_is_filled_from_the_division_library(catalog_client: TestClient) -> None:
    geography = ("province_code", "city", "city_code", "county", "county_code")
    # Only the province given: the zone's name says 昆山, which lies in 苏州市.
    kunshan = create_park(catalog_client, name=f"昆山经济技术开发区{unique()}", zone_type="etdz", city=None)
    assert [kunshan[key] for key in geography] == ["320000", "苏州市", "320500", "昆山市", "320583"]
    # A county's short name brings its city and both codes; a code alone brings its name.
    park = create_park(catalog_client, city=None, county="江阴")
    assert [park[key] for key in geography] == ["320000", "无锡市", "320200", "江阴市", "320281"]
    path = f"/api/v1/parks/{park['id']}"
    moved = catalog_client.patch(path, json={"version": 1, "county_code": "320583"}, headers=ADMIN)
    assert [moved.json()[key] for key in geography] == ["320000", "苏州市", "320500", "昆山市", "320583"]
    # A name changed without its code takes the new name's code.
    renamed = catalog_client.patch(
        path, json={"version": 2, "city": "苏州", "county": "张家港"}, headers=ADMIN
    )
    assert [renamed.json()[key] for key in ("city", "county", "county_code")] == [
        "苏州市",
        "张家港市",
        "320582",
    ]
    # An update of other fields leaves the geography as it is.
    described = catalog_client.patch(path, json={"version": 3, "description": "沿江"}, headers=ADMIN).json()
    assert [described[key] for key in geography] == [renamed.json()[key] for key in geography]


def test_a_park_may_not_contradict_its_geography(catalog_client: TestClient) -> None:
    def refused(**body: object) -> str:
        response = catalog_client.post("/api/v1/parks", json=park_body(**body), headers=ADMIN)
        assert response.status_code == 422, response.text
        return cast(str, response.json()["error"]["details"][0]["field"])

    assert refused(city="苏州市", city_code="320200") == "body.city_code"  # 320200 is 无锡市
    assert refused(county="昆山市", county_code="320281") == "body.county_code"  # 江阴市
    assert refused(city="无锡市", county="昆山市") == "body.county"  # 昆山 lies in 苏州
    assert refused(city="杭州市", city_code="330100") == "body.city_code"  # not in 江苏省
    assert refused(province_code="330000") == "body.province_code"
    assert refused(county_code="999999") == "body.county_code"
    park = create_park(catalog_client, county="昆山市")
    officer = officer_of(cast(int, park["id"]))
    path = f"/api/v1/parks/{park['id']}"
    # The stored county (昆山市) lies in 苏州市: an officer moving the city alone is told so.
    response = catalog_client.patch(path, json={"version": 1, "city_code": "320200"}, headers=officer)
    assert response.status_code == 422 and response.json()["error"]["details"][0]["field"] == "body.city_code"
    moved = catalog_client.patch(path, json={"version": 1, "county": "江阴市"}, headers=officer).json()
    assert [moved[key] for key in ("city", "city_code", "county_code")] == ["无锡市", "320200", "320281"]


def test_locate_an_address_and_a_company(catalog_client: TestClient) -> None:
    place = unique("临")
    park = create_park(catalog_client, name=f"{place}经济技术开发区", zone_type="etdz", province="青海省")
    response = catalog_client.post("/api/v1/parks/locate", json={"address": f"青海省{place}市经开区1号"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["province"] == "青海省"
    assert body["items"][0]["park_id"] == park["id"] and body["items"][0]["rule"] == "locality_type"
    assert body["items"][0]["reason"] and 0 < body["items"][0]["confidence"] <= 1

    company = create_company(catalog_client, province="青海省", office_address=f"{place}经济技术开发区2号")
    by_company = catalog_client.post(
        "/api/v1/parks/locate", json={"company_id": company["id"]}, headers=ADMIN
    )
    assert by_company.status_code == 200, by_company.text
    first = by_company.json()["items"][0]
    assert (first["park_id"], first["address_source"], first["confidence"]) == (
        park["id"],
        "office_address",
        0.95,
    )


def test_the_locate_index_is_kept_until_a_park_is_written(catalog_client: TestClient) -> None:
    place = unique("泽")
    address = f"青海省{place}高新技术产业开发区创业路1号"

    def located() -> list[int]:
        response = catalog_client.post("/api/v1/parks/locate", json={"address": address}, headers=ADMIN)
        assert response.status_code == 200, response.text
        return [item["park_id"] for item in response.json()["items"]]

    with catalog_client.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        assert current_park_index(session) is current_park_index(session)
        kept = current_park_index(session)
    assert located() == []
    park = create_park(
        catalog_client, name=f"{place}高新技术产业开发区", zone_type="high_tech", province="青海省", city=None
    )
    assert located()[:1] == [park["id"]]
    path = f"/api/v1/parks/{park['id']}"
    renamed = catalog_client.patch(path, json={"version": 1, "name": f"湟{unique()}园区"}, headers=ADMIN)
    assert renamed.status_code == 200 and park["id"] not in located()
    aliased = {"version": 2, "aliases": [f"{place}高新技术产业开发区"]}
    assert catalog_client.patch(path, json=aliased, headers=ADMIN).status_code == 200
    assert located()[:1] == [park["id"]]
    assert catalog_client.delete(path, headers=ADMIN).status_code == 204
    assert located() == []
    with catalog_client.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        assert current_park_index(session) is not kept


def test_locate_refuses_unclear_requests(catalog_client: TestClient) -> None:
    def field(body: dict[str, object]) -> str:
        response = catalog_client.post("/api/v1/parks/locate", json=body, headers=ADMIN)
        assert response.status_code == 422, response.text
        return str(response.json()["error"]["details"][0]["field"])

    assert field({}) == "body.address"
    assert field({"address": "北京市", "company_id": 1}) == "body.address"
    assert field({"company_id": create_company(catalog_client)["id"]}) == "body.company_id"
    missing = catalog_client.post("/api/v1/parks/locate", json={"company_id": 10**9}, headers=ADMIN)
    assert missing.status_code == 404


def test_an_officer_reviews_their_own_parks_placements(catalog_client: TestClient) -> None:
    park, other = (cast(int, create_park(catalog_client)["id"]) for _ in range(2))
    company = create_company(catalog_client)
    created = catalog_client.post(
        "/api/v1/tenancies",
        json={
            "company_id": company["id"],
            "park_id": park,
            "kind": "physical",
            "placement_source": "office_address",
            "confidence": 0.85,
            "address": "江苏省苏州工业园区星湖街1号",
        },
        headers=ADMIN,
    )
    assert created.status_code == 201, created.text
    tenancy = created.json()
    assert tenancy["review_status"] == "unreviewed" and tenancy["placement_source"] == "office_address"
    path = f"/api/v1/tenancies/{tenancy['id']}"
    seq = last_seq(catalog_client)

    foreign = catalog_client.patch(
        path, json={"version": 1, "review_status": "rejected"}, headers=officer_of(other)
    )
    assert foreign.status_code == 403
    confirmed = catalog_client.patch(
        path, json={"version": 1, "review_status": "confirmed"}, headers=officer_of(park)
    )
    assert confirmed.status_code == 200 and confirmed.json()["review_status"] == "confirmed"
    assert changes_since(catalog_client, seq, "tenancy") == [(tenancy["id"], "update")]

    listed = catalog_client.get(
        "/api/v1/tenancies", params={"park_id": park, "review_status": "confirmed"}, headers=ADMIN
    ).json()["items"]
    assert [t["id"] for t in listed] == [tenancy["id"]]
    bad = catalog_client.patch(path, json={"version": 2, "review_status": "maybe"}, headers=ADMIN)
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "body.review_status"

    # Moved to another park by hand, it is the mover's placement, to be reviewed again.
    moved = catalog_client.patch(path, json={"version": 2, "park_id": other}, headers=ADMIN).json()
    assert (moved["placement_source"], moved["confidence"], moved["address"], moved["review_status"]) == (
        "officer",
        None,
        None,
        "unreviewed",
    )
