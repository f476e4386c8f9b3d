"""Real company facts and real providers from the reference data, on fresh SQLite and PostgreSQL
databases: the registry's arithmetic on real rows, each known fault of the source handled and visible,
dated financial figures (a zero that means "not reported" is never a real zero), the EIA agencies of
2015, the coverage the seed reports, and a seed that adds nothing twice but follows a changed source."""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from services.catalog.app import create_app
from services.catalog.changes import writes
from services.catalog.changes.models import Change
from services.catalog.companies.models import Company, CompanyFinancial
from services.catalog.db import create_db_engine
from services.catalog.seed.reference import FINANCIALS_FILE, REGISTRY_FILE
from services.catalog.seed.run import SeedReport, run_seed
from services.gateway.dossiers import FINANCIAL_FACTS
from shared.settings import Settings
from tests.conftest import ADMIN, ANONYMOUS_CALLER, fresh_database


@dataclass(frozen=True)
class Seeded:
    settings: Settings
    engine: Engine
    first: SeedReport
    second: SeedReport


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    """The real reference data (no demo data), seeded twice."""
    with fresh_database(request.param, tmp_path_factory.mktemp(f"registry-{request.param}")) as settings:
        engine = create_db_engine(settings)
        first = run_seed(settings, with_demo=False, echo=lambda _: None)
        second = run_seed(settings, with_demo=False, echo=lambda _: None)
        yield Seeded(settings, engine, first, second)
        engine.dispose()


def _company(session: Session, stock_code: str) -> Company:
    return session.scalars(select(Company).where(Company.stock_code == stock_code)).one()


def test_catl_registry_facts_and_latest_financials(seeded: Seeded) -> None:
    """宁德时代 300750: 439,904.12 万元 capital, founded 2011-12-16, 116,055 employees; figures of
    2024-05-13 converted from 亿元 to yuan."""
    with TestClient(create_app(seeded.settings), headers=ANONYMOUS_CALLER) as client:
        [catl] = client.get("/api/v1/companies", params={"stock_code": "300750"}).json()["items"]
    assert catl["registered_capital_yuan"] == 4_399_041_200.0
    assert (catl["founded_on"], catl["founded_year"], catl["headcount"]) == ("2011-12-16", 2011, 116_055)
    assert (catl["province"], catl["city"], catl["website"]) == ("福建省", "宁德市", "www.catl.com")
    assert catl["registered_address"] == "福建省宁德市蕉城区漳湾镇新港路2号"
    assert "Shenzhen Stock Exchange" in catl["registered_address_source"]
    assert "2025-10" in catl["registered_address_source"]
    assert "Tushare stock_company" in catl["registry_source"] and catl["registry_as_of"] == "2024-05-01"
    latest = catl["latest_financials"]
    assert latest["as_of"] == "2024-05-13" and "company_financials.csv" in latest["source"]
    assert latest["total_assets_yuan"] == 731_286_000_000.0  # 7312.86 亿元
    assert latest["liquid_assets_yuan"] == 459_956_000_000.0
    assert (latest["revenue_yoy_pct"], latest["profit_yoy_pct"]) == (-10.41, 7.0)
    assert (latest["eps_yuan"], latest["pe"], latest["pb"], latest["shareholders"]) == (
        2.39,
        20.86,
        4.22,
        250_264,
    )
    assert latest["not_reported"] == [] and latest["is_generated"] is False


def test_registry_faults_are_handled_and_noted(seeded: Seeded) -> None:
    with Session(seeded.engine) as session:
        # founded after listing (1990-12-19): a re-registration, kept as the registry gives it
        reregistered = _company(session, "600656")
        assert reregistered.founded_on == date(2001, 3, 14) and reregistered.founded_year == 2001
        assert any("re-registration" in note and "1990-12-19" in note for note in reregistered.data_notes)
        # empty area in listed_companies.csv: the registry's short province, normalised
        filled = _company(session, "002502")
        assert (filled.province, filled.city) == ("广东省", "汕头市")
        # area 上海 (2021), registry 广东 深圳市 (2024): the registry's province and city, noted
        moved = _company(session, "300890")
        assert (moved.province, moved.city) == ("广东省", "深圳市")
        assert any("上海市" in note and "广东省" in note for note in moved.data_notes)
        # not in the registry at all (a 2021 listing the 2024 dump lacks)
        missing = _company(session, "601728")
        assert missing.registered_capital_yuan is None and missing.registry_source is None
        assert any("not in companies/company_registry.csv" in note for note in missing.data_notes)
        dated = Company.registry_as_of == date(2024, 5, 1)
        assert session.scalar(select(func.count()).select_from(Company).where(dated)) == 4_405
        # in the registry file without its Tushare facts: province, city and website from the SZSE list
        listed_only = _company(session, "301079")
        assert (listed_only.website, listed_only.registry_as_of) == ("www.shaoyecn.com", date(2025, 10, 1))
        assert (
            listed_only.registry_source is not None
            and "Shenzhen Stock Exchange" in listed_only.registry_source
        )
        assert listed_only.headcount is None and any("lacks" in n for n in listed_only.data_notes)
        # an office in Beijing geocoded to Urumqi: the point is left out, the address kept, noted
        wrong_point = _company(session, "002710")
        assert wrong_point.office_address is not None and wrong_point.office_lng_bd09 is None
        assert any("87.5425" in note and "wrong geocode" in note for note in wrong_point.data_notes)
        # one point for offices in 广州, 清远, 佛山 and 深圳: a geocoder's fallback, left out
        fallback = _company(session, "600083")
        assert fallback.office_lng_bd09 is None and any("fallback" in n for n in fallback.data_notes)
        shared_tower = _company(session, "000505")  # four companies in one tower in 海口 keep their point
        assert (shared_tower.office_lng_bd09, shared_tower.office_lat_bd09) == (110.327, 20.0385)
        # hexun addresses are of 2015-16: said on every company that has one
        with_office = session.scalars(select(Company).where(Company.office_address.is_not(None))).all()
        assert with_office and all(any("2015-16" in n for n in c.data_notes) for c in with_office)


def test_zero_figures_are_not_reported_never_real_zeros(seeded: Seeded) -> None:
    with Session(seeded.engine) as session:
        loss = session.scalars(
            select(CompanyFinancial).join(Company).where(Company.stock_code == "002141")
        ).one()
        # the source gives EPS 0 and PE 0 (a loss: PE undefined)
        assert loss.eps_yuan is None and loss.pe is None
        assert set(loss.not_reported) == {"eps_yuan", "pe"}
        assert loss.pb == 0.9 and loss.net_margin_pct == -9.08
        figures = session.scalars(select(CompanyFinancial)).all()
    assert all(getattr(row, name) != 0 for row in figures for name in FINANCIAL_FACTS)
    assert all(getattr(row, name) is None for row in figures for name in row.not_reported)
    assert sum("pe" in row.not_reported for row in figures) == 1_073  # every PE of 0 in the source
    assert all(row.as_of == date(2024, 5, 13) and not row.is_generated for row in figures)


def test_the_report_counts_what_companies_got(seeded: Seeded) -> None:
    coverage = {fact.fact: (fact.companies, fact.of) for fact in seeded.first.coverage}
    assert coverage["registered capital"] == (4_405, 4_586)
    assert coverage["founding date"] == (4_405, 4_586)
    assert coverage["employees"] == (4_402, 4_586)
    assert coverage["any address (registered or office)"] == (3_574, 4_586)
    assert coverage["financials"] == (4_311, 4_586)
    assert coverage["province"] == (4_554, 4_586)
    assert coverage["office point (BD-09)"] == (2_612, 4_586)
    assert any("re-registrations" in finding for finding in seeded.first.findings)


def test_eia_agencies_are_real_dated_providers(seeded: Seeded) -> None:
    with TestClient(create_app(seeded.settings), headers=ANONYMOUS_CALLER) as client:
        page = client.get("/api/v1/providers", params={"category": "environmental_assessment"}).json()
        [songyuan] = client.get("/api/v1/providers", params={"q": "松开市政公用局"}).json()["items"]
        placeholder = client.get("/api/v1/providers", params={"q": "不确定"}).json()
    assert page["total"] == 1_173  # 1,174 rows, one of them named 不确定 (a placeholder)
    assert placeholder["total"] == 0
    for agency in page["items"]:
        assert agency["is_generated"] is False and agency["as_of"] == "2015-10-23"
        assert "eia_agencies_2015.csv" in agency["source"]
        assert any("abolished in 2018-19" in note for note in agency["data_notes"])
        assert agency["certificate_level"] in ("甲级", "乙级", None)
    assert (songyuan["certificate_level"], songyuan["certificate_no"]) == ("甲级", "GZ14")
    assert songyuan["services"] == ["交通运输（甲级）"] and songyuan["industries"] == ["交通运输"]
    assert songyuan["regions"] == ["吉林省"] and songyuan["lng_bd09"] == 124.79229
    assert any("松原" in note for note in songyuan["data_notes"])


def test_financials_endpoint_lists_history_newest_first(seeded: Seeded) -> None:
    with Session(seeded.engine) as session, session.begin():
        catl = _company(session, "300750")
        session.add(
            CompanyFinancial(
                company_id=catl.id,
                as_of=date(2023, 5, 12),
                eps_yuan=1.5,
                not_reported=[],
                source="an older snapshot (test)",
            )
        )
        catl_id = catl.id
    with TestClient(create_app(seeded.settings), headers=ANONYMOUS_CALLER) as client:
        first = client.get(f"/api/v1/companies/{catl_id}/financials", params={"limit": 1}).json()
        second = client.get(
            f"/api/v1/companies/{catl_id}/financials", params={"limit": 1, "cursor": first["next_cursor"]}
        ).json()
        company = client.get(f"/api/v1/companies/{catl_id}").json()
        missing = client.get("/api/v1/companies/999999999/financials")
    assert first["total"] == 2 and [item["as_of"] for item in first["items"]] == ["2024-05-13"]
    assert [item["as_of"] for item in second["items"]] == ["2023-05-12"] and second["next_cursor"] is None
    assert company["latest_financials"]["as_of"] == "2024-05-13"
    assert missing.status_code == 404 and missing.json()["error"]["details"] == [
        {"field": "id", "reason": "not found"}
    ]
    with Session(seeded.engine) as session, session.begin():
        older = select(CompanyFinancial).where(CompanyFinancial.as_of == date(2023, 5, 12))
        session.delete(session.scalars(older).one())


def test_deleting_a_company_deletes_its_financials_and_feeds_it(seeded: Seeded) -> None:
    with Session(seeded.engine) as session, session.begin():
        since = session.scalar(select(func.max(Change.seq)))
        company = Company(name="删除测试股份有限公司", stock_code="T00001")
        writes.create(session, [company])
        figures = CompanyFinancial(company_id=company.id, as_of=date(2024, 5, 13), not_reported=[])
        writes.create(session, [figures])
        company_id, figures_id = company.id, figures.id
    with TestClient(create_app(seeded.settings), headers=ANONYMOUS_CALLER) as client:
        assert client.delete(f"/api/v1/companies/{company_id}", headers=ADMIN).status_code == 204
        assert client.get(f"/api/v1/companies/{company_id}/financials").status_code == 404
    with Session(seeded.engine) as session:
        assert session.get(CompanyFinancial, figures_id) is None
        fed = select(Change.op).where(
            Change.seq > since, Change.entity == "company_financial", Change.entity_id == figures_id
        )
        assert list(session.scalars(fed)) == ["create", "delete"]


def test_second_run_adds_nothing_and_a_changed_source_updates(seeded: Seeded, tmp_path: Path) -> None:
    assert seeded.second.added == 0 and seeded.second.updated == 0
    source = seeded.settings.reference_data_dir
    changed = tmp_path / "data"
    for path in source.rglob("*.csv"):
        target = changed / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.relative_to(source).as_posix() not in (REGISTRY_FILE, FINANCIALS_FILE):
            target.symlink_to(path)
    _rewrite(source / REGISTRY_FILE, changed / REGISTRY_FILE, "300750", "employees", "120000")
    _rewrite(source / FINANCIALS_FILE, changed / FINANCIALS_FILE, "300750", "eps_yuan", "2.5")

    with Session(seeded.engine) as session:
        before = _company(session, "300750").version
        changes = session.scalar(select(func.count()).select_from(Change))
    report = run_seed(seeded.settings, changed, with_demo=False, echo=lambda _: None)
    by_step = {step.entity: step for step in report.steps}
    assert report.added == 0 and by_step["company"].updated == 1 and by_step["company_financial"].updated == 1
    assert report.updated == 2
    with Session(seeded.engine) as session:
        catl = _company(session, "300750")
        assert (catl.headcount, catl.version) == (120_000, before + 1)
        assert catl.latest_financials is not None and catl.latest_financials.eps_yuan == 2.5
        updates = session.execute(select(Change.entity, Change.op).where(Change.seq > changes)).all()
    assert sorted(updates) == [("company", "update"), ("company_financial", "update")]

    restored = run_seed(seeded.settings, with_demo=False, echo=lambda _: None)
    assert restored.updated == 2 and restored.added == 0


def _rewrite(source: Path, target: Path, code: str, column: str, value: str) -> None:
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [{**row, column: value} if row["code"] == code else row for row in reader]
        header = reader.fieldnames or []
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
