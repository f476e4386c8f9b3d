"""Exports: CSV with a UTF-8 BOM and XLSX, the list filters, privacy of company needs, files that import
back unchanged (round trip), and the CLI."""

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from services.catalog.cli import main
from services.catalog.companies.models import CompanyFinancial
from services.catalog.imports.registry import LATEST_FINANCIALS
from tests.catalog.test_companies import create_company, valid_uscc
from tests.catalog.test_imports import cli_settings, imported, park_csv, park_line  # noqa: F401 (a fixture)
from tests.catalog.test_leads import create_lead
from tests.catalog.test_parks import create_park
from tests.conftest import ADMIN, enterprise_of, officer_of, unique

SYSTEM = ("id", "version", "created_at", "updated_at")
FINANCIAL_HEADERS = (
    "财务数据日期",
    "财务数据来源",
    "总资产(元)",
    "营业收入同比增长率(%)",
    "市盈率",
    "股东户数",
    "财务数据未披露项",
)


def csv_rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(content: bytes) -> list[dict[str, Any]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    header, *rows = sheet.iter_rows(values_only=True)
    # A row ends at its last value (write-only mode writes no trailing blank cells).
    return [dict(zip(header, (*row, *[None] * (len(header) - len(row))), strict=True)) for row in rows]


def export(client: TestClient, entity: str, headers: dict[str, str] | None = None, **params: Any) -> bytes:
    response = client.get(
        f"/api/v1/exports/{entity}", params=params, headers=ADMIN if headers is None else headers
    )
    assert response.status_code == 200, response.text
    return response.content


def tricky_companies(client: TestClient, tag: str) -> list[dict[str, Any]]:
    """Companies whose values test every cell format: lists with separators inside, products, needs,
    text that a spreadsheet would take for a formula, numbers, enums and empty fields."""
    return [
        create_company(
            client,
            name=f"=SUM(A1){tag}科技",
            short_name=f"'-{tag}",
            uscc=valid_uscc(),
            stock_code=unique()[:6],
            products=[{"name": "光刻胶, KrF", "share": 0.125}, {"name": "显影液", "share": None}],
            qualifications=["high_tech_enterprise", "little_giant"],
            industry_codes=["3985", "C2661"],
            registered_capital_yuan=123456789.5,
            headcount=0,
            founded_year=1999,
            description="第一行\n第二行, 含逗号",
            source="测试来源",
            needs={"space_m2": 1500, "services_wanted": ["legal", "ip"], "notes": "需要洁净室"},
        ),
        create_company(client, name=f"{tag}最简企业", source="测试来源", products=[], needs={}),
    ]


def test_csv_export_has_a_bom_and_applies_the_list_filters(catalog_client: TestClient) -> None:
    tag = unique("园")
    lines = [park_line(f"{tag}-1", tag), park_line(f"{tag}-2", tag, province="浙江省", city="杭州市")]
    imported(catalog_client, "parks", park_csv(tag, *lines), "p.csv")

    response = catalog_client.get("/api/v1/exports/parks", params={"q": tag, "province": "浙江"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = csv_rows(response.content)
    # The headers and values officers write, as the import reads them.
    assert [row["园区编码"] for row in rows] == [f"{tag}-2"]
    assert list(rows[0])[:3] == ["id", "园区编码", "园区名称"]
    assert rows[0]["主导产业"] == "新能源、集成电路" and rows[0]["批准时间"] == "2001-03-04"
    assert (rows[0]["类型"], rows[0]["批准级别"], rows[0]["虚拟园区"]) == (
        "高新技术产业开发区",
        "国家级",
        "否",
    )
    assert rows[0]["核准面积(公顷)"] == "12.5" and rows[0]["来源"] == "import p.csv"

    bad = catalog_client.get("/api/v1/exports/parks", params={"zone_type": "moon", "format": "pdf"})
    assert bad.status_code == 422
    assert {d["field"] for d in bad.json()["error"]["details"]} == {"query.zone_type", "query.format"}
    assert catalog_client.get("/api/v1/exports/spaceships").status_code == 404


def test_xlsx_export(catalog_client: TestClient) -> None:
    tag = unique("园")
    imported(catalog_client, "parks", park_csv(tag, park_line(f"{tag}-1", tag)), "p.csv")
    content = export(catalog_client, "parks", q=tag, format="xlsx")
    (row,) = xlsx_rows(content)
    assert row["园区编码"] == f"{tag}-1" and row["核准面积(公顷)"] == 12.5 and row["虚拟园区"] is False
    assert row["批准时间"].date().isoformat() == "2001-03-04" and row["类型"] == "高新技术产业开发区"


def add_financials(client: TestClient, company_id: int, as_of: date, **figures: Any) -> None:
    with client.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        session.add(
            CompanyFinancial(company_id=company_id, as_of=as_of, source="financials (test)", **figures)
        )
        session.commit()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exports_import_back_unchanged(catalog_client: TestClient, file_format: str) -> None:
    tag = unique("企")
    originals = tricky_companies(catalog_client, tag)
    # An older and the latest figures: the export shows the latest, with its date and source.
    add_financials(catalog_client, originals[0]["id"], date(2023, 5, 12), revenue_yoy_pct=1.0)
    add_financials(
        catalog_client,
        originals[0]["id"],
        date(2024, 5, 13),
        total_assets_yuan=2.5e9,
        revenue_yoy_pct=-18.3,
        shareholders=41_234,
        not_reported=["pe"],
    )
    originals[0] = catalog_client.get(f"/api/v1/companies/{originals[0]['id']}", headers=ADMIN).json()
    content = export(catalog_client, "companies", q=tag, format=file_format)
    rows = csv_rows(content) if file_format == "csv" else xlsx_rows(content)
    latest: dict[str, Any] = {header: rows[0][header] for header in FINANCIAL_HEADERS}
    if file_format == "csv":
        assert latest == {
            "财务数据日期": "2024-05-13",
            "财务数据来源": "financials (test)",
            "总资产(元)": "2500000000.0",
            "营业收入同比增长率(%)": "-18.3",
            "市盈率": "",
            "股东户数": "41234",
            "财务数据未披露项": "pe",
        }
        assert all(rows[1][header] == "" for header in FINANCIAL_HEADERS)
    else:
        assert latest["财务数据日期"].date() == date(2024, 5, 13) and latest["营业收入同比增长率(%)"] == -18.3
    # Text a spreadsheet would run as a formula is quoted in CSV, and a text cell in XLSX.
    quote = "'" if file_format == "csv" else ""
    assert rows[0]["企业名称"] == f"{quote}=SUM(A1){tag}科技" and rows[0]["简称"] == f"{quote}'-{tag}"
    assert rows[0]["资质"] == '高新技术企业、专精特新"小巨人"' and rows[0]["注册资本(元)"] in (
        "123456789.5",
        123456789.5,
    )

    # The same file over the same data changes nothing...
    report = imported(catalog_client, "companies", content, f"companies.{file_format}", upsert="true")
    assert (report["unchanged"], report["updated"], report["failed"]) == (2, 0, 0), report
    # The financial figures are read-only in a file of companies: reported so, not read, no error.
    assert report["ignored_columns"] == [] and len(report["read_only_columns"]) == len(LATEST_FINANCIALS)
    assert set(FINANCIAL_HEADERS) <= set(report["read_only_columns"])

    # ...and into an empty catalog it recreates the same companies.
    for company in originals:
        assert catalog_client.delete(f"/api/v1/companies/{company['id']}", headers=ADMIN).status_code == 204
    report = imported(catalog_client, "companies", content, f"companies.{file_format}")
    assert report["created"] == 2 and report["failed"] == 0, report
    again = catalog_client.get("/api/v1/companies", params={"q": tag}, headers=ADMIN).json()["items"]

    # Financials come from their own source, never from a file of companies: not recreated.
    assert all(company["latest_financials"] is None for company in again)

    def comparable(company: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in company.items() if key not in (*SYSTEM, "latest_financials")}

    assert sorted(map(comparable, again), key=str) == sorted(map(comparable, originals), key=str)


def test_company_needs_are_exported_only_to_admins_and_services(catalog_client: TestClient) -> None:
    tag = unique("企")
    company = tricky_companies(catalog_client, tag)[0]
    admin_rows = csv_rows(export(catalog_client, "companies", q=tag))
    assert "需要洁净室" in admin_rows[0]["需求"]
    for headers in ({}, officer_of(1), enterprise_of(company["id"])):
        content = export(catalog_client, "companies", headers=headers, q=tag)
        assert "需求" not in csv_rows(content)[0]
        assert "需要洁净室" not in content.decode("utf-8-sig")
        assert (
            "需求"
            not in xlsx_rows(export(catalog_client, "companies", headers=headers, q=tag, format="xlsx"))[0]
        )


@pytest.mark.usefixtures("cli_settings")
def test_cli_export_and_reimport(
    catalog_client: TestClient, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tag = unique("园")
    imported(
        catalog_client,
        "parks",
        park_csv(tag, park_line(f"{tag}-1", tag), park_line(f"{tag}-2", tag)),
        "p.csv",
    )
    for suffix in ("csv", "xlsx"):
        out = tmp_path / f"parks.{suffix}"
        assert main(["export", "parks", "--out", str(out), "--filter", f"q={tag}"]) == 0
        assert f"exported 2 parks to {out}" in capsys.readouterr().out
        assert main(["import", "parks", str(out), "--upsert"]) == 0
        assert "2 unchanged" in capsys.readouterr().out
    assert main(["export", "parks", "--out", str(tmp_path / "x.csv"), "--filter", "zone_type=moon"]) == 2
    assert main(["export", "parks", "--out", str(tmp_path / "x.csv"), "--filter", "nonsense"]) == 2


def test_leads_export_for_the_officer_of_their_park(catalog_client: TestClient) -> None:
    """Leads export (not import): each with the park's and the company's name and the stage in words;
    another park's officer gets none of them."""
    park = create_park(catalog_client)
    park_id = int(str(park["id"]))
    lead = create_lead(catalog_client, park_id, owner="王专员", next_contact_on="2026-12-01")
    company = catalog_client.get(f"/api/v1/companies/{lead['company_id']}").json()
    officer = officer_of(park_id)
    (row,) = csv_rows(export(catalog_client, "leads", headers=officer, park_id=park["id"]))
    assert (row["园区id"], row["园区名称"]) == (str(park["id"]), park["name"])
    assert (row["企业id"], row["企业名称"]) == (str(company["id"]), company["name"])
    assert (row["阶段"], row["负责人"], row["下次联系日期"]) == ("已识别", "王专员", "2026-12-01")
    (xlsx_row,) = xlsx_rows(
        export(catalog_client, "leads", headers=officer, park_id=park["id"], format="xlsx")
    )
    assert xlsx_row["企业名称"] == company["name"] and xlsx_row["阶段"] == "已识别"

    stranger = officer_of(park_id + 10_000)
    assert csv_rows(export(catalog_client, "leads", headers=stranger, park_id=park["id"])) == []
    refused = catalog_client.post(
        "/api/v1/imports/leads", files={"file": ("l.csv", b"park_id\n1\n")}, headers=officer
    )
    assert refused.status_code == 404 and "cannot be imported" in refused.json()["error"]["message"]


def test_reference_names_are_exported_and_not_read_back(catalog_client: TestClient) -> None:
    tag = unique("园")
    imported(catalog_client, "parks", park_csv(tag, park_line(f"{tag}-1", tag)), "p.csv")
    park = catalog_client.get("/api/v1/parks", params={"q": tag}).json()["items"][0]
    carriers = f"园区id,载体名称,载体类型\n{park['id']},{tag}A栋,标准厂房\n"
    imported(catalog_client, "carriers", carriers.encode(), "c.csv")
    content = export(catalog_client, "carriers", q=tag)
    (row,) = csv_rows(content)
    assert (row["园区名称"], row["载体名称"], row["类型"]) == (park["name"], f"{tag}A栋", "标准厂房")
    report = imported(catalog_client, "carriers", content, "c.csv", upsert="true")
    assert (report["unchanged"], report["ignored_columns"]) == (1, [])


def test_a_target_list_exports_the_match_items_with_the_catalogs_companies(
    catalog_client: TestClient,
) -> None:
    tag = unique("企")
    first = create_company(
        catalog_client, name=f"{tag}甲", province="江苏省", city="苏州市", uscc=valid_uscc()
    )
    second = create_company(catalog_client, name=f"{tag}乙")
    items = [
        {
            "id": first["id"],
            "name": "a name the catalog does not hold",
            "score": 0.91,
            "factors": {"chain_fit": 0.95, "region": 0.5},
            "evidence": ["补链: 光刻胶 环节无本园企业", "=注入"],
            "details": {"node": "光刻胶"},
        },
        {"id": second["id"], "name": f"{tag}乙", "score": 0.4},
    ]
    response = catalog_client.post(
        "/api/v1/exports", json={"items": items, "park_id": 7}, headers=officer_of(7)
    )
    assert response.status_code == 200, response.text
    assert "targets-park-7" in response.headers["content-disposition"]
    top, other = csv_rows(response.content)
    assert (top["排名"], top["企业id"], top["企业名称"], top["匹配得分"]) == (
        "1",
        str(first["id"]),
        f"{tag}甲",
        "0.91",
    )
    assert (top["省份"], top["城市"], top["统一社会信用代码"]) == ("江苏省", "苏州市", first["uscc"])
    assert top["各项得分"] == "chain_fit 0.95；region 0.50"
    assert top["依据"] == "补链: 光刻胶 环节无本园企业；=注入"
    assert (other["排名"], other["企业名称"], other["依据"]) == ("2", f"{tag}乙", "")

    xlsx = catalog_client.post("/api/v1/exports", json={"items": items, "format": "xlsx"}, headers=ADMIN)
    assert [row["企业名称"] for row in xlsx_rows(xlsx.content)] == [f"{tag}甲", f"{tag}乙"]

    unknown = catalog_client.post(
        "/api/v1/exports", json={"items": [*items, {"id": 10**9, "score": 1}]}, headers=ADMIN
    )
    assert unknown.status_code == 422
    assert unknown.json()["error"]["details"] == [
        {"field": "body.items.2.id", "reason": f"company {10**9} not found"}
    ]
    empty = catalog_client.post("/api/v1/exports", json={"items": []}, headers=ADMIN)
    assert empty.status_code == 422 and empty.json()["error"]["details"][0]["field"] == "body.items"
    # A factor's score is a number: `false` is not one (nor converted to 0).
    forged = [{"id": first["id"], "score": 0.5, "factors": {"chain_fit": False}}]
    refused = catalog_client.post("/api/v1/exports", json={"items": forged}, headers=ADMIN)
    assert refused.status_code == 422
    assert [detail["field"] for detail in refused.json()["error"]["details"]] == ["body.items.0.factors"]
