"""Bulk import: CSV (UTF-8, GBK), XLSX and JSON files with Chinese headers, a per-row report, partial and
all-or-nothing modes, dry runs, duplicates and upserts, write rules per row, file limits, the CLI."""

import io
import json
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook

from services.catalog.app import create_app
from services.catalog.cli import main
from services.catalog.imports import service as import_service
from services.catalog.imports.jobs import ImportWorker
from services.catalog.imports.readers import decode_text
from shared.errors import AppError
from shared.settings import Settings, get_settings
from tests.catalog.test_companies import valid_uscc
from tests.conftest import ADMIN, ANONYMOUS_CALLER, officer_of, unique

PARK_HEADER = "园区编码,园区名称,开发区类型,批准级别,省份,城市,主导产业,核准面积(公顷),批准时间,是否虚拟园区"


def upload(
    client: TestClient,
    entity: str,
    content: bytes,
    filename: str,
    headers: dict[str, str] | None = None,
    **params: Any,
) -> httpx.Response:
    return client.post(
        f"/api/v1/imports/{entity}",
        params=params,
        files={"file": (filename, content)},
        headers=ADMIN if headers is None else headers,
    )


def imported(client: TestClient, entity: str, content: bytes, filename: str, **params: Any) -> dict[str, Any]:
    response = upload(client, entity, content, filename, **params)
    assert response.status_code == 200, response.text
    report: dict[str, Any] = response.json()
    return report


def parks_tagged(client: TestClient, tag: str) -> list[dict[str, Any]]:
    page = client.get("/api/v1/parks", params={"q": tag, "limit": 200}).json()
    return sorted(page["items"], key=lambda park: park["code"])


def park_line(
    code: str, tag: str, zone_type: str = "high_tech", province: str = "江苏省", city: str = "苏州市"
) -> str:
    return f"{code},{tag}高新区,{zone_type},national,{province},{city},新能源、集成电路,12.5,2001/3/4,否"


def park_csv(tag: str, *lines: str) -> bytes:
    return "\n".join([PARK_HEADER, *lines]).encode()


def test_csv_with_chinese_headers_stores_rows_and_reports(catalog_client: TestClient) -> None:
    tag = unique("园")
    extra = park_line(f"{tag}-2", tag, province="浙江省", city="杭州市") + ",表头外的值"
    content = park_csv(tag, park_line(f"{tag}-1", tag), "", extra)
    report = imported(catalog_client, "parks", content, "parks.csv")
    assert report["entity"] == "parks" and report["mode"] == "partial"
    assert (report["total_rows"], report["stored"], report["created"], report["failed"]) == (2, 2, 2, 0)
    assert report["errors"] == [] and not report["rolled_back"]
    assert report["ignored_columns"] == ["(column 11)"]  # a value without a header is not lost silently

    first, second = parks_tagged(catalog_client, tag)
    assert first["code"] == f"{tag}-1" and second["province"] == "浙江省"
    assert first["leading_industries"] == ["新能源", "集成电路"]
    assert first["approved_area_ha"] == 12.5 and first["approved_on"] == "2001-03-04"
    assert first["is_virtual"] is False and first["source"] == "import parks.csv"


def test_gbk_csv_with_units_lists_and_products(catalog_client: TestClient) -> None:
    tag = unique("企")
    uscc = valid_uscc()
    rows = [
        "企业名称,统一社会信用代码,省份,注册资本(万元),主营产品,资质,员工人数,企业需求,备注",
        f'{tag}光刻胶有限公司,{uscc.lower()},江苏省,"1,200",光刻胶:0.6|湿电子化学品:30%,'
        f'high_tech_enterprise、specialised_sme,350,"{{""space_m2"": 800}}",忽略我',
    ]
    content = "\r\n".join(rows).encode("gbk")
    report = imported(catalog_client, "companies", content, "企业名单.csv")
    assert report["stored"] == 1, report
    assert report["ignored_columns"] == ["备注"]

    found = catalog_client.get("/api/v1/companies", params={"q": tag}, headers=ADMIN).json()["items"]
    assert len(found) == 1
    company = found[0]
    assert company["uscc"] == uscc and company["registered_capital_yuan"] == 12_000_000
    assert company["products"] == [{"name": "光刻胶", "share": 0.6}, {"name": "湿电子化学品", "share": 0.3}]
    assert company["qualifications"] == ["high_tech_enterprise", "specialised_sme"]
    assert company["headcount"] == 350 and company["needs"]["space_m2"] == 800


def test_gbk_is_detected_even_without_a_csv_name(catalog_client: TestClient) -> None:
    tag = unique("园")
    line = park_line(f"{tag}-1", tag, province="山东省", city="淄博市")
    content = park_csv(tag, line).decode().encode("gb18030")
    report = imported(catalog_client, "parks", content, "upload")
    assert report["stored"] == 1
    assert parks_tagged(catalog_client, tag)[0]["city"] == "淄博市"


def test_xlsx_rows_are_numbered_as_in_excel(catalog_client: TestClient) -> None:
    tag = unique("园")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["code", "name", "zone_type", "approval_level", "province", "approved_on", "核准面积", "is_virtual"]
    )
    sheet.append([f"{tag}-1", f"{tag}一区", "etdz", "national", "山东省", datetime(2010, 5, 6), 300, True])
    sheet.append([])
    sheet.append([f"{tag}-2", f"{tag}二区", "moon_base", "national", "山东省", None, "很大", None])
    sheet.append([f"{tag}-3", f"{tag}三区", "other", "provincial", "山东省", "2012年7月8日", 10.25, "是"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = imported(catalog_client, "parks", buffer.getvalue(), "parks.xlsx")
    assert (report["total_rows"], report["stored"], report["failed"]) == (3, 2, 1)
    assert {(e["row"], e["field"]) for e in report["errors"]} == {(4, "zone_type"), (4, "approved_area_ha")}
    area = next(e for e in report["errors"] if e["field"] == "approved_area_ha")
    assert area["column"] == "核准面积" and "很大" in area["reason"]

    first, third = parks_tagged(catalog_client, tag)
    assert first["approved_on"] == "2010-05-06" and first["approved_area_ha"] == 300 and first["is_virtual"]
    assert third["approved_on"] == "2012-07-08" and third["is_virtual"] is True


def test_json_array_and_json_lines(catalog_client: TestClient) -> None:
    tag = unique("园")
    park = {"code": f"{tag}-1", "name": f"{tag}园", "zone_type": "etdz", "approval_level": "national"}
    array = [{**park, "province": "河南省", "leading_industries": ["装备制造", "食品"]}]
    report = imported(catalog_client, "parks", json.dumps(array, ensure_ascii=False).encode(), "parks.json")
    assert report["stored"] == 1
    assert parks_tagged(catalog_client, tag)[0]["leading_industries"] == ["装备制造", "食品"]

    lines = [
        {**park, "code": f"{tag}-2", "province": "河南省"},
        {**park, "code": f"{tag}-3"},  # no province
        {**park, "code": f"{tag}-4", "province": "河南省", "approved_area_ha": -1},
    ]
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
    report = imported(catalog_client, "parks", text.encode(), "parks.txt", format="json")
    assert report["stored"] == 1
    assert [(e["row"], e["field"]) for e in report["errors"]] == [(2, "province"), (3, "approved_area_ha")]
    assert report["errors"][0]["reason"] == "Field required"


def test_bad_rows_are_reported_and_good_rows_stored(catalog_client: TestClient) -> None:
    tag = unique("园")
    content = park_csv(
        tag,
        park_line(f"{tag}-1", tag),
        f"{tag}-2,{tag}坏园,moon_base,national,江苏省,苏州市,,abc,2001-13-45,否",
        park_line(f"{tag}-3", tag),
    )
    report = imported(catalog_client, "parks", content, "parks.csv")
    assert (report["total_rows"], report["valid"], report["stored"], report["failed"]) == (3, 2, 2, 1)
    errors = {e["field"]: e for e in report["errors"]}
    assert set(errors) == {"zone_type", "approved_area_ha", "approved_on"}
    assert all(e["row"] == 3 for e in report["errors"])
    assert errors["zone_type"]["column"] == "开发区类型" and "'moon_base'" in errors["zone_type"]["reason"]
    assert [p["code"] for p in parks_tagged(catalog_client, tag)] == [f"{tag}-1", f"{tag}-3"]


def test_all_or_nothing_stores_nothing_when_a_row_fails(catalog_client: TestClient) -> None:
    tag = unique("园")
    good = [park_line(f"{tag}-{i}", tag) for i in range(3)]
    content = park_csv(tag, *good, park_line(f"{tag}-bad", tag, zone_type="moon"))
    report = imported(catalog_client, "parks", content, "parks.csv", mode="all-or-nothing")
    assert report["rolled_back"] is True and report["stored"] == 0 and report["created"] == 0
    assert (report["valid"], report["failed"]) == (3, 1)
    assert report["errors"][0]["row"] == 5 and "nothing was stored" in report["message"]
    assert parks_tagged(catalog_client, tag) == []

    clean = imported(catalog_client, "parks", park_csv(tag, *good), "parks.csv", mode="all-or-nothing")
    assert clean["stored"] == 3 and not clean["rolled_back"]
    assert len(parks_tagged(catalog_client, tag)) == 3


def test_dry_run_checks_everything_and_stores_nothing(catalog_client: TestClient) -> None:
    tag = unique("园")
    content = park_csv(
        tag, park_line(f"{tag}-1", tag), park_line(f"{tag}-1", tag), park_line(f"{tag}-2", tag)
    )
    report = imported(catalog_client, "parks", content, "parks.csv", dry_run="true")
    assert report["dry_run"] and (report["valid"], report["stored"], report["failed"]) == (2, 0, 1)
    assert report["errors"][0]["row"] == 3 and report["errors"][0]["field"] == "code"
    assert parks_tagged(catalog_client, tag) == []


def test_duplicates_by_natural_key_are_unchanged_or_row_errors(catalog_client: TestClient) -> None:
    """A row repeating a stored park is counted unchanged (a file imported twice stores nothing twice);
    a row giving the stored park's key with other values, or a key twice in the file, is a row error."""
    tag = unique("园")
    assert (
        imported(catalog_client, "parks", park_csv(tag, park_line(f"{tag}-old", tag)), "a.csv")["stored"] == 1
    )
    content = park_csv(
        tag, park_line(f"{tag}-old", tag), park_line(f"{tag}-new", tag), park_line(f"{tag}-new", tag)
    )
    report = imported(catalog_client, "parks", content, "b.csv")
    assert (report["stored"], report["unchanged"], report["valid"]) == (1, 1, 2)
    assert [(e["row"], e["field"]) for e in report["errors"]] == [(4, "code")]
    assert "row 3 of this file" in report["errors"][0]["reason"]

    changed = imported(catalog_client, "parks", park_csv(tag, park_line(f"{tag}-old", tag, "etdz")), "c.csv")
    assert (changed["stored"], changed["unchanged"], changed["failed"]) == (0, 0, 1)
    reason = changed["errors"][0]["reason"]
    assert "already has code" in reason and "zone_type" in reason and "upsert" in reason
    assert len(parks_tagged(catalog_client, tag)) == 2


def test_company_duplicates_by_uscc_and_stock_code(catalog_client: TestClient) -> None:
    tag = unique("企")
    uscc, stock = valid_uscc(), unique()[:6]
    first = f"名称,统一社会信用代码,股票代码\n{tag}甲,{uscc},{stock}\n".encode()
    assert imported(catalog_client, "companies", first, "a.csv")["stored"] == 1
    again = f"名称,统一社会信用代码,股票代码\n{tag}乙,{uscc},\n{tag}丙,,{stock}\n{tag}丁,{valid_uscc()},\n"
    report = imported(catalog_client, "companies", again.encode(), "b.csv")
    assert report["stored"] == 1
    assert [(e["row"], e["field"]) for e in report["errors"]] == [(2, "uscc"), (3, "stock_code")]


def test_upsert_updates_given_fields_and_feeds_changes(catalog_client: TestClient) -> None:
    tag = unique("园")
    imported(catalog_client, "parks", park_csv(tag, park_line(f"{tag}-1", tag)), "a.csv")
    park = parks_tagged(catalog_client, tag)[0]
    start = catalog_client.get("/api/v1/changes", params={"limit": 1}).json()["last_seq"]

    content = f"code,city,description\n{tag}-1,无锡市,\n{tag}-2,无锡市,\n".encode()
    report = imported(catalog_client, "parks", content, "c.csv", upsert="true")
    assert (report["updated"], report["created"], report["failed"]) == (1, 0, 1)
    assert report["errors"][0]["row"] == 3 and report["errors"][0]["field"] == "name"  # a new row needs all

    updated = catalog_client.get(f"/api/v1/parks/{park['id']}").json()
    assert updated["city"] == "无锡市" and updated["version"] == 2
    assert updated["leading_industries"] == park["leading_industries"]  # not in the file: kept
    feed = catalog_client.get("/api/v1/changes", params={"after": start, "entity": "park"}).json()
    assert [(c["entity_id"], c["op"], c["version"]) for c in feed["items"]] == [(park["id"], "update", 2)]

    again = imported(catalog_client, "parks", f"code,city\n{tag}-1,无锡市\n".encode(), "d.csv", upsert="true")
    assert (again["unchanged"], again["updated"]) == (1, 0)
    assert catalog_client.get(f"/api/v1/parks/{park['id']}").json()["version"] == 2


def test_upsert_finds_rows_by_id_where_there_is_no_natural_key(catalog_client: TestClient) -> None:
    tag = unique("园")
    imported(
        catalog_client,
        "parks",
        park_csv(tag, park_line(f"{tag}-1", tag), park_line(f"{tag}-2", tag)),
        "p.csv",
    )
    own, other = (park["id"] for park in parks_tagged(catalog_client, tag))
    content = f"park_id,name,kind,rent_yuan_m2_month\n{own},{tag}A,office,30\n{other},{tag}B,lab,40\n"
    imported(catalog_client, "carriers", content.encode(), "c.csv")
    exported = catalog_client.get("/api/v1/exports/carriers", params={"q": tag}).content.decode("utf-8-sig")
    edited = exported.replace(",30.0,", ",35,").replace(",40.0,", ",45,")
    assert edited != exported

    response = upload(
        catalog_client, "carriers", edited.encode(), "c.csv", headers=officer_of(own), upsert="true"
    )
    report = response.json()
    assert (report["updated"], report["created"]) == (1, 0)
    assert [(e["row"], e["field"]) for e in report["errors"]] == [(3, "park_id")]  # not the officer's park
    carriers = catalog_client.get("/api/v1/carriers", params={"q": tag, "sort": "name"}).json()["items"]
    assert [(c["rent_yuan_m2_month"], c["version"]) for c in carriers] == [(35, 2), (40, 1)]

    # Without --upsert the id column is not read: the same rows are new carriers.
    assert imported(catalog_client, "carriers", edited.encode(), "c.csv")["created"] == 2


def test_a_row_the_database_refuses_is_reported_and_the_rest_stored(
    catalog_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If a duplicate gets past the checks (a concurrent writer took the key), the database's unique
    constraint refuses the chunk; it is retried row by row so only the refused row is lost."""
    tag = unique("园")
    imported(catalog_client, "parks", park_csv(tag, park_line(f"{tag}-1", tag)), "a.csv")
    monkeypatch.setattr(import_service._Importer, "check_keys", lambda _, candidates: candidates)
    content = park_csv(
        tag, park_line(f"{tag}-0", tag), park_line(f"{tag}-1", tag), park_line(f"{tag}-2", tag)
    )
    report = imported(catalog_client, "parks", content, "b.csv")
    assert (report["stored"], report["valid"], report["failed"]) == (2, 2, 1)
    assert report["errors"][0]["row"] == 3 and "refused" in report["errors"][0]["reason"]
    assert [p["code"] for p in parks_tagged(catalog_client, tag)] == [f"{tag}-{i}" for i in range(3)]


def test_created_rows_are_in_the_change_feed(catalog_client: TestClient) -> None:
    tag = unique("园")
    start = catalog_client.get("/api/v1/changes", params={"limit": 1}).json()["last_seq"]
    imported(
        catalog_client, "parks", park_csv(tag, *(park_line(f"{tag}-{i}", tag) for i in range(3))), "a.csv"
    )
    ids = {park["id"] for park in parks_tagged(catalog_client, tag)}
    feed = catalog_client.get("/api/v1/changes", params={"after": start, "entity": "park"}).json()["items"]
    assert {(c["entity_id"], c["op"], c["version"]) for c in feed} == {(i, "create", 1) for i in ids}


def test_officers_import_rows_of_their_own_parks(catalog_client: TestClient) -> None:
    tag = unique("园")
    imported(
        catalog_client,
        "parks",
        park_csv(tag, park_line(f"{tag}-1", tag), park_line(f"{tag}-2", tag)),
        "p.csv",
    )
    own, other = (park["id"] for park in parks_tagged(catalog_client, tag))
    content = f"园区,载体名称,载体类型,总面积,可租面积\n{own},{tag}A栋,office,1000,400\n{other},{tag}B栋,lab,500,100\n"
    response = upload(catalog_client, "carriers", content.encode(), "c.csv", headers=officer_of(own))
    report = response.json()
    assert response.status_code == 200 and report["stored"] == 1
    assert [(e["row"], e["field"]) for e in report["errors"]] == [(3, "park_id")]
    assert f"park {other}" in report["errors"][0]["reason"]
    carriers = catalog_client.get("/api/v1/carriers", params={"q": tag}).json()["items"]
    assert [(c["park_id"], c["available_area_m2"]) for c in carriers] == [(own, 400)]

    domain = f"园区,载体名称,载体类型,总面积,可租面积\n{own},{tag}C栋,office,100,400\n"
    report = upload(catalog_client, "carriers", domain.encode(), "d.csv", headers=officer_of(own)).json()
    assert report["errors"][0]["field"] == "available_area_m2"  # the domain's own rule, row by row

    companies = "名称\n某公司\n".encode()
    denied = upload(catalog_client, "companies", companies, "e.csv", headers=officer_of(own))
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "forbidden"
    assert upload(catalog_client, "companies", companies, "e.csv", headers={}).status_code == 401


def test_officers_may_not_set_protected_fields_through_an_import(catalog_client: TestClient) -> None:
    tag = unique("园")
    imported(catalog_client, "parks", park_csv(tag, park_line(f"{tag}-1", tag)), "p.csv")
    (own,) = (park["id"] for park in parks_tagged(catalog_client, tag))
    officer = officer_of(own)
    header = "园区,载体名称,载体类型,总面积,可租面积,来源,是否生成"
    rows = [f"{own},{tag}A栋,office,1000,400,,否", f"{own},{tag}B栋,office,900,300,国家统计局,否"]
    rows.append(f"{own},{tag}C栋,lab,800,200,,是")
    content = "\n".join([header, *rows]).encode()
    report = upload(catalog_client, "carriers", content, "c.csv", headers=officer).json()
    assert report["stored"] == 1
    refused = [(e["row"], e["field"], e["column"], e["reason"]) for e in report["errors"]]
    assert refused == [
        (3, "source", "来源", "only an admin may set it"),
        (4, "is_generated", "是否生成", "only an admin may set it"),
    ]
    carriers = catalog_client.get("/api/v1/carriers", params={"q": tag}).json()["items"]
    assert [(c["name"], c["source"], c["is_generated"]) for c in carriers] == [
        (f"{tag}A栋", "import c.csv", False)
    ]

    # An upsert is a PATCH: an officer's forged source fails the row and the stored one stays.
    forged = f"id,来源\n{carriers[0]['id']},国家统计局\n".encode()
    report = upload(catalog_client, "carriers", forged, "u.csv", headers=officer, upsert="true").json()
    assert (report["updated"], [(e["row"], e["field"]) for e in report["errors"]]) == (0, [(2, "source")])
    stored = catalog_client.get(f"/api/v1/carriers/{carriers[0]['id']}").json()
    assert (stored["source"], stored["version"]) == ("import c.csv", 1)

    # An admin may set them.
    by_admin = imported(catalog_client, "carriers", "\n".join([header, *rows[1:]]).encode(), "c.csv")
    assert (by_admin["created"], by_admin["failed"]) == (2, 0)
    carriers = catalog_client.get("/api/v1/carriers", params={"q": tag, "sort": "name"}).json()["items"]
    assert [(c["source"], c["is_generated"]) for c in carriers[1:]] == [
        ("国家统计局", False),
        ("import c.csv", True),
    ]


def test_officers_import_policies_of_their_own_parks(catalog_client: TestClient) -> None:
    tag = unique("园")
    imported(
        catalog_client,
        "parks",
        park_csv(tag, park_line(f"{tag}-1", tag), park_line(f"{tag}-2", tag)),
        "p.csv",
    )
    own, other = (park["id"] for park in parks_tagged(catalog_client, tag))
    benefit = '"{""kind"": ""rent_free_months"", ""months"": 6}"'
    rows = [
        "标题,范围,园区,类别,扶持内容,目标产业",
        f"{tag}房租减免,park,{own},rent,{benefit},新能源、储能",
        f"{tag}别家政策,park,{other},rent,{benefit},",
        f"{tag}全国政策,national,,rent,{benefit},",
    ]
    response = upload(catalog_client, "policies", "\n".join(rows).encode(), "p.csv", headers=officer_of(own))
    report = response.json()
    assert response.status_code == 200 and report["stored"] == 1, report
    assert [(e["row"], e["field"]) for e in report["errors"]] == [(3, "park_id"), (4, "park_id")]
    assert "scope=park" in report["errors"][1]["reason"]
    (policy,) = catalog_client.get("/api/v1/policies", params={"q": tag}).json()["items"]
    assert policy["park_id"] == own and policy["target_industries"] == ["新能源", "储能"]
    assert policy["benefit"]["months"] == 6 and policy["province"] == "江苏省"  # the park's, by the domain


def test_unknown_reference_is_a_row_error(catalog_client: TestClient) -> None:
    tag = unique("载")
    content = f"park_id,name,kind\n{10**9},{tag},office\n".encode()
    report = imported(catalog_client, "carriers", content, "c.csv")
    assert report["errors"] == [
        {"row": 2, "field": "park_id", "reason": f"park {10**9} does not exist", "column": "park_id"}
    ]


@pytest.mark.parametrize(
    ("content", "filename", "reason"),
    [
        (b"PK\x03\x04 not really a workbook", "parks.xlsx", "not a readable XLSX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel", "parks.xls", ".xls"),
        (b"code,name\n\x80\x80\xff\xff,x\n", "parks.csv", "neither UTF-8 nor GBK"),
        (b"code,name,zone_type\nA,B,etdz\n", "parks.csv", "missing required column(s): approval_level"),
        (b"code,name,code\nA,B,C\n", "parks.csv", "column 'code' appears twice"),
        ("code,园区名称,name\nA,B,C\n".encode(), "parks.csv", "both mean name"),
        (b"[{]", "parks.json", "not valid JSON"),
        (b"[1, 2]", "parks.json", "item 1 is not a JSON object"),
        (b"", "parks.csv", "empty"),
    ],
)
def test_unreadable_files_are_422_on_file(
    catalog_client: TestClient, content: bytes, filename: str, reason: str
) -> None:
    response = upload(catalog_client, "parks", content, filename)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "validation_error" and error["details"][0]["field"] == "file"
    assert reason in error["details"][0]["reason"]


def test_unknown_entity_is_404(catalog_client: TestClient) -> None:
    response = upload(catalog_client, "spaceships", b"name\nx\n", "x.csv")
    assert response.status_code == 404 and response.json()["error"]["details"][0]["field"] == "entity"


@pytest.fixture(scope="module")
def small_upload_client(catalog_settings: Settings) -> Iterator[TestClient]:
    settings = catalog_settings.model_copy(update={"max_upload_bytes": 2_000})
    with TestClient(create_app(settings), raise_server_exceptions=False, headers=ANONYMOUS_CALLER) as client:
        yield client


def test_files_over_the_upload_limit_are_413(small_upload_client: TestClient) -> None:
    tag = unique("园")
    small = park_csv(tag, park_line(f"{tag}-1", tag))
    assert imported(small_upload_client, "parks", small, "small.csv")["stored"] == 1
    large = park_csv(tag, *(park_line(f"{tag}-{i}", tag) for i in range(2, 40)))
    response = upload(small_upload_client, "parks", large, "large.csv")
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "payload_too_large" and error["request_id"]
    assert len(parks_tagged(small_upload_client, tag)) == 1


@pytest.fixture
def cli_settings(catalog_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Point the CLI (which reads its settings from the environment) at the test database."""
    monkeypatch.setenv("DATA_DIR", str(catalog_settings.data_dir))
    monkeypatch.setenv("DATABASE_URL", catalog_settings.database_url or "")
    get_settings.cache_clear()
    yield catalog_settings
    get_settings.cache_clear()


def test_cli_import(
    cli_settings: Settings, catalog_client: TestClient, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tag = unique("园")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(park_csv(tag, park_line(f"{tag}-1", tag), park_line(f"{tag}-2", tag, zone_type="x")))

    assert main(["import", "parks", str(bad), "--dry-run"]) == 1
    assert main(["import", "parks", str(bad), "--all-or-nothing"]) == 1
    output = capsys.readouterr().out
    assert "dry run: 1 of 2 rows would be stored" in output and "row 3: zone_type (开发区类型):" in output
    assert "nothing was stored" in output
    assert parks_tagged(catalog_client, tag) == []

    assert main(["import", "parks", str(bad), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["stored"] == 1 and report["errors"][0]["row"] == 3
    assert [park["code"] for park in parks_tagged(catalog_client, tag)] == [f"{tag}-1"]

    good = tmp_path / "good.csv"
    good.write_bytes(park_csv(tag, park_line(f"{tag}-3", tag)))
    assert main(["import", "parks", str(good)]) == 0
    assert len(parks_tagged(catalog_client, tag)) == 2

    assert main(["import", "parks", str(tmp_path / "missing.csv")]) == 2
    assert main(["import", "spaceships", str(good)]) == 2
    assert "cannot be imported" in capsys.readouterr().err


# --- the malformed-file corpus (tests/catalog/data/malformed, rebuilt by its make_corpus.py) ----------

CORPUS_DIR = Path(__file__).parent / "data" / "malformed"
CORPUS: list[dict[str, Any]] = json.loads((CORPUS_DIR / "corpus.json").read_text(encoding="utf-8"))


def stored_parks(client: TestClient, prefix: str) -> dict[str, str]:
    page = client.get("/api/v1/parks", params={"q": prefix, "limit": 200}).json()
    return {park["code"]: park["name"] for park in page["items"] if park["code"].startswith(f"{prefix}-")}


def test_the_corpus_has_at_least_forty_kinds_of_damage() -> None:
    assert len(CORPUS) >= 40
    assert all((CORPUS_DIR / entry["file"]).is_file() for entry in CORPUS)


@pytest.mark.parametrize("entry", CORPUS, ids=[entry["file"] for entry in CORPUS])
def test_every_malformed_file_gets_a_clear_answer_and_corrupts_nothing(
    catalog_client: TestClient, entry: dict[str, Any]
) -> None:
    """A clear 422 on `file`, or a report naming exactly the bad rows while exactly the good rows are
    stored as written; never a 5xx, never a row stored other than it was written."""
    content = (CORPUS_DIR / entry["file"]).read_bytes()
    response = upload(catalog_client, "parks", content, entry["file"])
    assert response.status_code < 500, response.text
    if entry["expect"] == "refused":
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert error["code"] == "validation_error" and error["details"][0]["field"] == "file"
        assert entry["reason"].lower() in error["details"][0]["reason"].lower(), error
        return
    assert response.status_code == 200, response.text
    report = response.json()
    failed_rows = sorted({error["row"] for error in report["errors"]})
    assert failed_rows == entry["failed"], report
    assert all(entry["reason"].lower() in error["reason"].lower() for error in report["errors"]), report
    assert report["stored"] == len(entry["stored"]) and report["failed"] == len(entry["failed"])
    prefixes = {code.rsplit("-", 1)[0] for code in entry["stored"]}
    stored = {
        code: name for prefix in prefixes for code, name in stored_parks(catalog_client, prefix).items()
    }
    assert stored == entry["stored"]


def test_the_worst_files_are_refused_as_jobs_too(catalog_client: TestClient) -> None:
    """As a job, a file refused by its header or zip directory is still a 422 at once; the issue's file
    (16,384 columns declared, a value at XFD1048576) fails the job with the reason, storing nothing,
    and another write made meanwhile succeeds."""
    bomb = upload(
        catalog_client, "parks", (CORPUS_DIR / "zip_bomb.xlsx").read_bytes(), "b.xlsx", background="true"
    )
    assert bomb.status_code == 422 and "unpacks to" in bomb.json()["error"]["details"][0]["reason"]

    far = upload(
        catalog_client, "parks", (CORPUS_DIR / "far_cell.xlsx").read_bytes(), "f.xlsx", background="true"
    )
    assert far.status_code == 202, far.text
    tag = unique("园")
    assert (
        imported(catalog_client, "parks", park_csv(tag, park_line(f"{tag}-1", tag)), "w.csv")["stored"] == 1
    )
    job = finished_job(catalog_client, far.json()["id"])
    assert job["status"] == "failed" and job["report"]["stored"] == 0
    assert "column XFD" in job["report"]["stopped"]
    assert stored_parks(catalog_client, "MF34") == {}


def finished_job(client: TestClient, job_id: int, headers: dict[str, str] = ADMIN) -> dict[str, Any]:
    """Poll a job until it has finished (the worker thread runs it meanwhile); a hang fails the test."""
    for _ in range(6_000):
        job: dict[str, Any] = client.get(f"/api/v1/imports/jobs/{job_id}", headers=headers).json()
        if job["status"] in ("succeeded", "failed", "cancelled"):
            return job
        threading.Event().wait(0.05)
    raise AssertionError(f"import job {job_id} never finished: {job}")


# --- import jobs ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def job_client(catalog_settings: Settings) -> Iterator[TestClient]:
    settings = catalog_settings.model_copy(update={"import_chunk_rows": 5})
    with TestClient(create_app(settings), raise_server_exceptions=False, headers=ANONYMOUS_CALLER) as client:
        yield client


@pytest.fixture
def paused_after_first_chunk(
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[threading.Event, threading.Event]]:
    """The job worker stops after committing its first chunk until `resume` is set; `paused` tells
    the test it got there."""
    paused, resume = threading.Event(), threading.Event()
    original = ImportWorker._progress

    def progress(worker: ImportWorker, job_id: int, rows: int) -> None:
        if not paused.is_set():
            paused.set()
            resume.wait()
        original(worker, job_id, rows)

    monkeypatch.setattr(ImportWorker, "_progress", progress)
    yield paused, resume
    resume.set()


def test_a_job_commits_chunk_by_chunk_while_other_writes_succeed(
    job_client: TestClient, paused_after_first_chunk: tuple[threading.Event, threading.Event]
) -> None:
    paused, resume = paused_after_first_chunk
    tag = unique("园")
    content = park_csv(tag, *(park_line(f"{tag}-{i:02d}", tag) for i in range(12)))
    response = upload(job_client, "parks", content, "big.csv", background="true")
    assert response.status_code == 202, response.text
    job = response.json()
    assert job["status"] in ("queued", "running") and job["entity"] == "parks" and job["report"] is None
    assert response.headers["location"].endswith(f"/api/v1/imports/jobs/{job['id']}")
    assert paused.wait(60), "the job never committed its first chunk"

    # Mid-import: the first chunk is committed and visible, and another write goes through.
    assert len(parks_tagged(job_client, tag)) == 5
    other = park_csv(tag, park_line(f"{tag}-other", tag))
    assert imported(job_client, "parks", other, "other.csv")["stored"] == 1
    meanwhile = job_client.get(f"/api/v1/imports/jobs/{job['id']}", headers=ADMIN).json()
    assert meanwhile["status"] == "running" and meanwhile["report"] is None

    resume.set()
    done = finished_job(job_client, job["id"])
    assert done["status"] == "succeeded" and done["rows_read"] == 12 and done["finished_at"]
    assert (done["report"]["stored"], done["report"]["failed"]) == (12, 0)
    assert len(parks_tagged(job_client, tag)) == 13


def test_a_cancelled_job_stops_after_its_chunk_and_keeps_what_it_committed(
    job_client: TestClient, paused_after_first_chunk: tuple[threading.Event, threading.Event]
) -> None:
    paused, resume = paused_after_first_chunk
    tag = unique("园")
    content = park_csv(tag, *(park_line(f"{tag}-{i:02d}", tag) for i in range(12)))
    job = upload(job_client, "parks", content, "big.csv", background="true").json()
    assert paused.wait(60)
    cancelling = job_client.delete(f"/api/v1/imports/jobs/{job['id']}", headers=ADMIN)
    assert cancelling.status_code == 200 and cancelling.json()["cancel_requested"] is True
    resume.set()
    done = finished_job(job_client, job["id"])
    assert done["status"] == "cancelled"
    assert (
        done["report"]["stored"] == 5 and "cancelled by the uploader after row 6" in done["report"]["stopped"]
    )
    assert len(parks_tagged(job_client, tag)) == 5

    again = job_client.delete(f"/api/v1/imports/jobs/{job['id']}", headers=ADMIN)
    assert again.status_code == 409 and again.json()["error"]["details"][0]["field"] == "job_id"


def test_jobs_belong_to_their_uploader(job_client: TestClient) -> None:
    tag = unique("园")
    imported(job_client, "parks", park_csv(tag, park_line(f"{tag}-1", tag)), "p.csv")
    (park,) = parks_tagged(job_client, tag)
    content = f"园区,载体名称,载体类型\n{park['id']},{tag}A栋,office\n{10**9},{tag}B栋,office\n".encode()
    officer = officer_of(park["id"])
    response = upload(job_client, "carriers", content, "c.csv", headers=officer, background="true")
    assert response.status_code == 202
    job = finished_job(job_client, response.json()["id"], headers=officer)
    assert job["status"] == "succeeded" and job["report"]["stored"] == 1
    assert [(e["row"], e["field"]) for e in job["report"]["errors"]] == [(3, "park_id")]

    for stranger in (officer_of(park["id"] + 1), {}):
        assert job_client.get(f"/api/v1/imports/jobs/{job['id']}", headers=stranger).status_code == 404
        assert job_client.delete(f"/api/v1/imports/jobs/{job['id']}", headers=stranger).status_code == 404
    assert job_client.get(f"/api/v1/imports/jobs/{job['id']}", headers=ADMIN).status_code == 200
    refused = upload(job_client, "companies", b"name\nx\n", "c.csv", headers=officer, background="true")
    assert refused.status_code == 403


# --- the values officers write --------------------------------------------------------------------


def test_chinese_choices_provinces_and_product_lists(catalog_client: TestClient) -> None:
    tag = unique("企")
    rows = [
        "企业名称,省份,城市,融资阶段,资质,营收规模,主营产品",
        f"{tag}甲,山东,淄博,Ａ轮,高新技术企业、专精特新,2000万–1亿,光刻胶；湿电子化学品、特种气体",
        f"{tag}乙,内蒙,,Pre-A轮,小巨人,100亿以上,",
        f"{tag}丙,火星省,,A轮,,,",
        f"{tag}丁,江苏省,杭州市,,,,",
        f"{tag}戊,江苏省,昆山市,天使轮,,,",
        f"{tag}己,江苏省,,天使,,,",
    ]
    report = imported(catalog_client, "companies", "\n".join(rows).encode(), "officer.csv")
    assert report["stored"] == 3, report["errors"]
    errors = {(e["row"], e["field"]): e["reason"] for e in report["errors"]}
    assert set(errors) == {(4, "province"), (5, "city"), (7, "funding_stage")}
    assert "'火星省' is not a province" in errors[(4, "province")]
    assert "杭州市 is a city of 浙江省" in errors[(5, "city")]
    assert "天使" in errors[(7, "funding_stage")]  # not a label: the schema lists what it accepts

    found = catalog_client.get("/api/v1/companies", params={"q": tag, "sort": "name"}, headers=ADMIN).json()
    by_name = {company["name"]: company for company in found["items"]}
    first = by_name[f"{tag}甲"]
    assert (first["province"], first["city"], first["funding_stage"]) == ("山东省", "淄博市", "a")
    assert first["qualifications"] == ["high_tech_enterprise", "specialised_sme"]
    assert first["revenue_band"] == "20m_100m"
    assert [p["name"] for p in first["products"]] == ["光刻胶", "湿电子化学品", "特种气体"]
    second = by_name[f"{tag}乙"]
    assert (second["province"], second["funding_stage"], second["revenue_band"]) == (
        "内蒙古自治区",
        "pre_a",
        "over_10b",
    )
    assert second["qualifications"] == ["little_giant"]
    assert by_name[f"{tag}戊"]["city"] == "昆山市"  # a county-level city stays as written
    assert by_name[f"{tag}戊"]["funding_stage"] == "angel"


def test_park_and_tenancy_labels(catalog_client: TestClient) -> None:
    tag = unique("园")
    parks = f"园区编码,园区名称,开发区类型,批准级别,省份\n{tag}-1,{tag}高新区,高新区,国家级,山东\n"
    assert imported(catalog_client, "parks", parks.encode(), "p.csv")["stored"] == 1
    (park,) = parks_tagged(catalog_client, tag)
    assert (park["zone_type"], park["approval_level"], park["province"]) == (
        "high_tech",
        "national",
        "山东省",
    )
    company = imported(catalog_client, "companies", f"企业名称\n{tag}注册企业\n".encode(), "c.csv")
    assert company["stored"] == 1
    (stored,) = catalog_client.get("/api/v1/companies", params={"q": tag}, headers=ADMIN).json()["items"]
    tenancy = f"企业id,园区id,入驻方式,状态\n{stored['id']},{park['id']},虚拟,在驻\n"
    assert imported(catalog_client, "tenancies", tenancy.encode(), "t.csv")["stored"] == 1
    (made,) = catalog_client.get("/api/v1/tenancies", params={"park_id": park["id"]}, headers=ADMIN).json()[
        "items"
    ]
    assert (made["kind"], made["status"]) == ("virtual", "active")


def test_a_company_file_reimported_unchanged_creates_nothing(catalog_client: TestClient) -> None:
    """Exported, then imported as it is (no upsert): every row unchanged, by USCC, stock code or
    name + province; with a name + province only, the company is found too."""
    tag = unique("企")
    rows = [
        "企业名称,统一社会信用代码,股票代码,省份,城市,资质,融资阶段",
        f"{tag}甲,{valid_uscc()},,江苏省,苏州市,高新技术企业,A轮",
        f"{tag}乙,,{unique()[:6]},浙江省,杭州市,,",
        f"{tag}丙,,,山东省,,,",
    ]
    assert imported(catalog_client, "companies", "\n".join(rows).encode(), "a.csv")["created"] == 3
    exported = catalog_client.get("/api/v1/exports/companies", params={"q": tag}, headers=ADMIN).content
    for name in ("companies.csv", "again.csv"):
        report = imported(catalog_client, "companies", exported, name)
        assert (report["total_rows"], report["unchanged"], report["created"], report["failed"]) == (
            3,
            3,
            0,
            0,
        )
        assert "3 unchanged" in report["message"]
    by_name = imported(catalog_client, "companies", f"企业名称,省份\n{tag}丙,山东\n".encode(), "b.csv")
    assert (by_name["unchanged"], by_name["created"]) == (1, 0)
    moved = imported(
        catalog_client, "companies", f"企业名称,省份\n{tag}丙,山东,\n{tag}丙,河北\n".encode(), "m.csv"
    )
    assert (moved["unchanged"], moved["created"]) == (1, 1)  # the same name in another province is another
    assert len(catalog_client.get("/api/v1/companies", params={"q": tag}, headers=ADMIN).json()["items"]) == 4


def test_encodings_on_real_chinese_text() -> None:
    """The reference data's names, addresses and products: saved as GBK, every file and every line is
    read as GBK (no Big5 false alarm); every line Big5 can hold, saved as Big5, is refused."""
    data = Settings().reference_data_dir
    files = ["companies/company_registry.csv", "parks/china_development_zones_2018.csv"]
    big5_lines = 0
    for name in files:
        text = (data / name).read_text(encoding="utf-8")
        assert decode_text(text.encode("gbk", errors="replace")) == text.encode(
            "gbk", errors="replace"
        ).decode("gbk")
        header, *lines = text.splitlines()
        for line in lines:
            as_gbk = f"{header}\n{line}".encode("gbk", errors="replace")
            assert decode_text(as_gbk) == as_gbk.decode("gbk")
            try:
                as_big5 = line.encode("big5")
            except UnicodeEncodeError:
                continue
            if any("\u4e00" <= char <= "\u9fff" for char in line):
                big5_lines += 1
                with pytest.raises(AppError, match="Big5"):
                    decode_text(as_big5)
    assert big5_lines > 100


def test_all_or_nothing_and_dry_run_jobs(job_client: TestClient) -> None:
    """An all-or-nothing job is one transaction: a bad row in its last chunk stores none of its rows;
    a dry-run job stores nothing and reports what would be stored."""
    tag = unique("园")
    lines = [park_line(f"{tag}-{i:02d}", tag) for i in range(11)]
    content = park_csv(tag, *lines, park_line(f"{tag}-bad", tag, zone_type="moon"))
    job = upload(job_client, "parks", content, "a.csv", background="true", mode="all-or-nothing").json()
    done = finished_job(job_client, job["id"])
    assert done["status"] == "succeeded" and done["rows_read"] == 12
    assert done["report"]["rolled_back"] and done["report"]["stored"] == 0
    assert [e["row"] for e in done["report"]["errors"]] == [13]
    assert parks_tagged(job_client, tag) == []

    dry = upload(
        job_client, "parks", park_csv(tag, *lines), "d.csv", background="true", dry_run="true"
    ).json()
    done = finished_job(job_client, dry["id"])
    assert done["status"] == "succeeded" and done["report"]["valid"] == 11 and done["report"]["stored"] == 0
    assert parks_tagged(job_client, tag) == []


def test_jobs_and_entities_have_paths_of_their_own(catalog_client: TestClient) -> None:
    """Each import path allows exactly the methods its document lists: a job is under /imports/jobs/,
    an entity is named in lowercase letters and hyphens."""
    job = catalog_client.options("/api/v1/imports/jobs/7", headers=ADMIN)
    assert job.status_code == 405 and job.headers["allow"] == "DELETE, GET, HEAD"
    entity = catalog_client.options("/api/v1/imports/parks", headers=ADMIN)
    assert entity.status_code == 405 and entity.headers["allow"] == "POST"
    assert catalog_client.get("/api/v1/imports/jobs/7", headers=ADMIN).status_code == 404
    numbered = catalog_client.post("/api/v1/imports/7", files={"file": ("p.csv", b"name\n")}, headers=ADMIN)
    assert numbered.status_code == 422
    assert [detail["field"] for detail in numbered.json()["error"]["details"]] == ["path.entity"]
