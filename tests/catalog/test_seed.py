"""The seed on fresh databases (SQLite and PostgreSQL): the real reference data with exact counts, the
data faults handled and visible, the demo data generated deterministically and marked as generated,
and a second run that imports nothing."""

import hashlib
import os
import random
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import ColumnElement, Engine, func, insert, select
from sqlalchemy.orm import Session

from services.catalog.app import create_app
from services.catalog.carriers.models import Carrier
from services.catalog.carriers.schemas import CarrierRead
from services.catalog.chains.models import Chain, ChainEdge, ChainNode, NodeCompany
from services.catalog.chains.schemas import ChainEdgeRead, ChainNodeRead
from services.catalog.changes.models import Change
from services.catalog.cli import main
from services.catalog.companies.models import Company, CompanyFinancial, SupplyLink
from services.catalog.companies.schemas import CompanyFinancialRead, CompanyRead, SupplyLinkRead
from services.catalog.db import create_db_engine
from services.catalog.funds.models import Fund
from services.catalog.funds.schemas import FundRead
from services.catalog.industries.models import Industry
from services.catalog.industries.schemas import IndustryRead
from services.catalog.investments.models import Investment
from services.catalog.investments.schemas import InvestmentRead
from services.catalog.kit.models import Entity
from services.catalog.parks.models import Park
from services.catalog.parks.schemas import ParkRead
from services.catalog.policies.models import Policy
from services.catalog.policies.schemas import PolicyRead
from services.catalog.providers.models import Provider
from services.catalog.providers.schemas import ProviderRead
from services.catalog.seed.demo import (
    DEMO_AS_OF,
    DEMO_SEED,
    FIRST_INVESTMENT,
    LISTED_ROUNDS,
    LOCK_UP,
    MARK,
    demo_source,
    generate,
)
from services.catalog.seed.reference import PARKS_FILE, Reference, SourceError, read_parks, read_reference
from services.catalog.seed.run import SeedReport, run_seed
from services.catalog.seed.scenario import LOCAL_CHAIN_CODE, VIRTUAL_PARK_CODE
from services.catalog.seed.tenancies import LOCATED, load_located_tenancies
from services.catalog.tenancies.models import Tenancy
from services.catalog.tenancies.schemas import TenancyPlacement, TenancyRead
from shared.settings import PROJECT_ROOT, Settings
from tests.conftest import ADMIN, ANONYMOUS_CALLER, fresh_database

REAL_ONLY = (Industry, Company, CompanyFinancial, SupplyLink, ChainNode, NodeCompany, ChainEdge)
GENERATED_ONLY = (Policy, Fund)


@dataclass(frozen=True)
class Seeded:
    settings: Settings
    engine: Engine
    first: SeedReport
    second: SeedReport
    changes_after_first: int
    changes_after_second: int


def _count(engine: Engine, model: type[Entity] | type[Change], *where: ColumnElement[bool]) -> int:
    with Session(engine) as session:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def _seed_twice(settings: Settings) -> Iterator[Seeded]:
    engine = create_db_engine(settings)
    first = run_seed(settings, echo=lambda _: None)
    after_first = _count(engine, Change)
    second = run_seed(settings, echo=lambda _: None)
    yield Seeded(settings, engine, first, second, after_first, _count(engine, Change))
    engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    """The full seed, run twice, on a fresh database of each engine."""
    with fresh_database(request.param, tmp_path_factory.mktemp(f"seed-{request.param}")) as settings:
        yield from _seed_twice(settings)


@pytest.fixture(scope="module")
def reference() -> Reference:
    return read_reference(Settings().reference_data_dir)


def _park(session: Session, code: str) -> Park:
    return session.scalars(select(Park).where(Park.code == code)).one()


# --- the real reference data -----------------------------------------------------------------------


def test_exact_counts_of_the_reference_data(seeded: Seeded) -> None:
    engine = seeded.engine
    real = Park.is_generated.is_(False)
    assert _count(engine, Park, Park.is_virtual.is_(False), real) == 2_543
    assert _count(engine, Park, Park.approval_level == "national", Park.is_virtual.is_(False)) == 552
    assert _count(engine, Company) == 4_586
    assert _count(engine, Industry, Industry.scheme == "gbt4754") == 1_972
    assert _count(engine, Industry, Industry.scheme == "sw2021") == 511
    assert _count(engine, Chain, Chain.code != LOCAL_CHAIN_CODE) == 29
    with Session(engine) as session:
        levels = dict(
            session.execute(
                select(ChainNode.level, func.count())
                .join(Chain, ChainNode.chain_id == Chain.id)
                .where(Chain.code.not_in(["semiconductor-materials", LOCAL_CHAIN_CODE]))
                .group_by(ChainNode.level)
            ).all()
        )
        semiconductor = session.scalars(select(Chain).where(Chain.code == "semiconductor-materials")).one()
        assert len(semiconductor.nodes) == 58 and {n.stage for n in semiconductor.nodes} == {
            "upstream",
            "midstream",
            "downstream",
        }
        assert len(semiconductor.edges) == 130
    assert levels["node"] == 1_263  # every row of strategic_chains_28.csv is a node
    assert levels["segment"] > 28 and levels["sub_segment"] > levels["segment"]
    assert _count(engine, SupplyLink) == 48


def test_park_faults_are_handled_and_visible(seeded: Seeded) -> None:
    with Session(seeded.engine) as session:
        zichuan, linzi = _park(session, "S377018"), _park(session, "S377018-2")
        assert (zichuan.name, linzi.name) == ("山东淄川经济开发区", "山东临淄经济开发区")
        assert all("S377018" in " ".join(p.data_notes) for p in (zichuan, linzi))

        songjiang = session.scalars(select(Park).where(Park.name == "上海松江出口加工区及B区")).one()
        assert str(songjiang.approved_on) == "2000-04-01"
        assert any("2000.04/2002.12" in note for note in songjiang.data_notes)

        building = list(session.scalars(select(Park).where(Park.code.in_(["G233022", "G653132"]))))
        assert len(building) == 2
        assert all(p.leading_industries == [] and "在建" in " ".join(p.data_notes) for p in building)

        shangzhi = session.scalars(select(Park).where(Park.name == "黑龙江尚志经济开发区")).one()
        assert shangzhi.leading_industries == ["食品", "木制品加工", "医药"]
        assert any("stray" in note for note in shangzhi.data_notes)

        outside = list(session.scalars(select(Park).where(Park.coordinate_quality == "outside_province")))
        assert len(outside) > 100 and all(any("outside" in n for n in p.data_notes) for p in outside)
        assert _count(seeded.engine, Park, Park.coordinate_quality == "shared_point") > 0
        assert _count(seeded.engine, Park, Park.coordinate_quality == "checked") > 2_000

    with TestClient(create_app(seeded.settings), headers=ANONYMOUS_CALLER) as client:
        found = client.get("/api/v1/parks", params={"q": "淄博高新"}).json()
    assert "湽博高新技术产业开发区" in [item["name"] for item in found["items"]]


def test_companies_products_and_provinces(seeded: Seeded) -> None:
    with Session(seeded.engine) as session:
        by_code = {c.stock_code: c for c in session.scalars(select(Company))}
    kehui = by_code["688681"]
    assert (kehui.short_name, kehui.province, kehui.exchange) == ("科汇股份", "山东省", "上海证券交易所")
    assert by_code["688268"].products[0] == {"name": "特种气体", "share": 0.510725}
    assert by_code["300054"].exchange == "深圳证券交易所"  # the source's exchange column holds a date
    assert by_code["000002"].province == "广东省" and by_code["000002"].city == "深圳市"  # area 深圳
    assert by_code["603661"].province == "浙江省"
    # 349 have an empty area in the source; the 2024 registry gives the province of 317 of them
    assert sum(1 for c in by_code.values() if c.province is None) == 32
    assert sum(1 for c in by_code.values() if not c.products) == 754
    shares = [p["share"] for c in by_code.values() for p in c.products]
    assert all(share is None or 0 <= share <= 1 for share in shares)
    assert all(len({p["name"] for p in c.products}) == len(c.products) for c in by_code.values())


def test_chain_members_and_edges(seeded: Seeded) -> None:
    with Session(seeded.engine) as session:
        members = session.execute(
            select(Chain.code, ChainNode.name, Company.short_name, NodeCompany.role)
            .join(ChainNode, NodeCompany.node_id == ChainNode.id)
            .join(Chain, ChainNode.chain_id == Chain.id)
            .join(Company, NodeCompany.company_id == Company.id)
        ).all()
        repeated = session.execute(
            select(ChainNode.name)
            .where(ChainNode.level == "node")
            .group_by(ChainNode.name)
            .having(func.count(func.distinct(ChainNode.chain_id)) > 1)
        ).all()
    assert repeated  # node names repeat across chains, each chain keeps its own node
    by_company = {(code, short): role for code, _, short, role in members}
    assert by_company[("bio-medicine", "药明康德")] == "代表企业"  # `药明康德 (WuXi AppTec)` in the source
    assert "萤石" in (by_company[("semiconductor-materials", "金石资源")] or "")
    # the source's code 603799 (华友钴业) for 嘉元科技 is corrected by the name
    assert ("semiconductor-materials", "嘉元科技") in by_company
    assert _count(seeded.engine, SupplyLink, SupplyLink.confidence > 1) == 0


def test_zibo_virtual_park(seeded: Seeded) -> None:
    with Session(seeded.engine) as session:
        park = _park(session, VIRTUAL_PARK_CODE)
        parent = session.get(Park, park.parent_id)
        assert parent is not None and parent.name == "山东张店经济开发区"
        assert park.is_virtual and park.zone_type == "virtual_park" and not park.is_generated
        assert "工业互联网" in park.leading_industries and park.source and "大众日报" in park.source
        # The description is Chinese; the scenario file's English remarks are the park's data notes.
        assert park.description and not re.search("[A-Za-z]{3,}", park.description)
        assert "注册方式：虚拟注册，实体服务；" in park.description
        assert any("listed_companies.csv" in note for note in park.data_notes)
        carriers = list(session.scalars(select(Carrier).where(Carrier.park_id == park.id)))
        named = {c.name: c.kind for c in carriers if not c.is_generated}
        assert len(named) == 9 and named["齐美大厦"] == "office" and named["青年创业园"] == "incubator"
        assert [c.kind for c in carriers if c.is_generated] == ["virtual_seat"]
        tenants = session.execute(
            select(Company.short_name, Tenancy.kind, Tenancy.status, Tenancy.is_generated)
            .join(Company, Tenancy.company_id == Company.id)
            .where(Tenancy.park_id == park.id)
        ).all()
        assert set(tenants) == {
            ("未名医药", "virtual", "planned", False),
            ("科汇股份", "virtual", "active", True),
        }
        chain = session.scalars(select(Chain).where(Chain.code == LOCAL_CHAIN_CODE)).one()
        assert chain.name == "智能电网设备产业链" and not chain.is_generated


# --- provenance and the demo data ------------------------------------------------------------------


def test_provenance_on_every_row(seeded: Seeded) -> None:
    engine = seeded.engine
    for model in (Park, Carrier, Chain, *REAL_ONLY, *GENERATED_ONLY, Tenancy):
        assert _count(engine, model, model.source.is_(None)) == 0, model.entity_name
    for model in REAL_ONLY:
        assert _count(engine, model, model.is_generated.is_(True)) == 0, model.entity_name
    for model in GENERATED_ONLY:
        assert _count(engine, model, model.is_generated.is_(False)) == 0, model.entity_name
        assert _count(engine, model, model.source != demo_source(DEMO_SEED)) == 0, model.entity_name
        assert _count(engine, model) > 0, model.entity_name
    assert _count(engine, Park, Park.is_generated.is_(True)) == 0
    with Session(engine) as session:
        virtual = _park(session, VIRTUAL_PARK_CODE).id
    # Real carriers are only the reported facts of the virtual park; real tenancies are those or the
    # placements from companies' addresses (changed with the park locator: test_located_tenancies).
    assert _count(engine, Carrier, Carrier.is_generated.is_(False), Carrier.park_id != virtual) == 0
    real_tenancy = Tenancy.is_generated.is_(False), Tenancy.park_id != virtual
    assert _count(engine, Tenancy, *real_tenancy, Tenancy.placement_source.not_in(LOCATED)) == 0
    for model in (Carrier, Tenancy):
        assert _count(engine, model, model.is_generated.is_(True)) > 1_000
    assert (
        _count(engine, Tenancy, Tenancy.is_generated.is_(True), Tenancy.placement_source != "generated") == 0
    )
    generated = Carrier.is_generated.is_(True), Carrier.name.not_like("%（示例）")
    assert _count(engine, Carrier, *generated) == 0
    assert _count(engine, Fund, Fund.name.not_like("%（示例）")) == 0
    generated_providers = Provider.is_generated.is_(True), Provider.source == demo_source(DEMO_SEED)
    assert _count(engine, Provider, *generated_providers) == 300
    assert _count(engine, Provider, Provider.is_generated.is_(True), Provider.name.not_like("%（示例）")) == 0
    # the real providers are the environmental-assessment agencies of 2015, dated
    real_providers = Provider.is_generated.is_(False)
    assert _count(engine, Provider, real_providers, Provider.category != "environmental_assessment") == 0
    assert _count(engine, Provider, real_providers, Provider.as_of != date(2015, 10, 23)) == 0
    assert _count(engine, Policy, Policy.title.not_like("%（示例）")) == 0


def test_every_row_reads_through_the_api_schemas(seeded: Seeded) -> None:
    """What the seed stores is valid for the domains' Read schemas (enums, ranges, benefit shapes)."""
    schemas: list[tuple[type[Entity], type[BaseModel]]] = [
        (Park, ParkRead),
        (Industry, IndustryRead),
        (Company, CompanyRead),
        (CompanyFinancial, CompanyFinancialRead),
        (SupplyLink, SupplyLinkRead),
        (ChainNode, ChainNodeRead),
        (ChainEdge, ChainEdgeRead),
        (Carrier, CarrierRead),
        (Policy, PolicyRead),
        (Fund, FundRead),
        (Provider, ProviderRead),
        (Tenancy, TenancyRead),
        (Investment, InvestmentRead),
    ]
    with Session(seeded.engine) as session:
        for model, schema in schemas:
            for row in session.scalars(select(model)):
                schema.model_validate(row)


def test_generated_records_fit_the_real_ones(seeded: Seeded) -> None:
    with Session(seeded.engine) as session:
        places = session.execute(
            select(
                Company.province,
                Park.province,
                Tenancy.carrier_id,
                Carrier.park_id,
                Tenancy.park_id,
                Company.city.label("company_city"),
                Park.city.label("park_city"),
            )
            .join(Company, Tenancy.company_id == Company.id)
            .join(Park, Tenancy.park_id == Park.id)
            .outerjoin(Carrier, Tenancy.carrier_id == Carrier.id)
            .where(Tenancy.is_generated.is_(True), Park.is_virtual.is_(False))
        ).all()
        assert len(places) > 3_500  # the companies no address places (test_located_tenancies)
        assert all(company == park for company, park, *_ in places)  # a park of the company's province
        assert all(carrier is None or in_park == park for _, _, carrier, in_park, park, *_ in places)
        # ...and of its city, where the city has parks (中南建设 of 南通市 is not a tenant in 昆山).
        cities_with_parks = set(session.scalars(select(Park.city).where(Park.city.is_not(None))))
        own_city = [place for place in places if place.company_city in cities_with_parks]
        assert len(own_city) > 2_500
        assert all(place.company_city == place.park_city for place in own_city)
        per_park = session.execute(
            select(Park.approval_level, func.count(Carrier.id))
            .join(Carrier, Carrier.park_id == Park.id)
            .where(Park.is_virtual.is_(False))
            .group_by(Park.id, Park.approval_level)
        ).all()
        assert {n for level, n in per_park if level == "national"} <= set(range(3, 9))
        assert {n for level, n in per_park if level == "provincial"} <= {1, 2, 3}
        assert len(per_park) == 2_543
        scopes = dict(session.execute(select(Policy.scope, func.count()).group_by(Policy.scope)).all())
        assert set(scopes) == {"national", "province", "city", "park"}
        assert 150 <= _count(seeded.engine, Fund) <= 250 and _count(
            seeded.engine, Fund, Fund.park_id.is_not(None)
        )
        generated = Provider.is_generated.is_(True)
        categories = {c for (c,) in session.execute(select(Provider.category).where(generated).distinct())}
        assert len(categories) == 8 and _count(seeded.engine, Provider, generated) == 300
        needs = [c.needs for c in session.scalars(select(Company).where(Company.version == 2))]
        assert len(needs) > 300 and all("示例" in n["notes"] for n in needs)


def test_generated_investments_fit_their_funds(seeded: Seeded, reference: Reference) -> None:
    """Each fund holds a few to 20 companies of its focus industries and regions, at its stages (a round
    in a listed company, after its lock-up, only for a fund that buys into listed ones), within its ticket
    range, marked 示例; most parks' own funds are guide funds that also take listed companies' 定增 and
    strategic stakes; a park's fund holds some of the park's tenants, which its portfolio and the park's
    view show."""
    with Session(seeded.engine) as session:
        funds = {fund.id: fund for fund in session.scalars(select(Fund))}
        rows = list(session.execute(select(Company.id, Company.province, Company.stock_code)))
        companies = {row.id: row.province for row in rows}
        codes = {row.id: row.stock_code for row in rows}
        investments = list(session.scalars(select(Investment)))
    park_funds_stages = [fund.stages for fund in funds.values() if fund.park_id]
    listed_park_funds = sum("listed" in stages and "pre_ipo" in stages for stages in park_funds_stages)
    assert 0.5 * len(park_funds_stages) <= listed_park_funds < len(park_funds_stages)
    assert 1_000 <= len(investments) <= 3_000
    per_fund = Counter(investment.fund_id for investment in investments)
    assert len(per_fund) >= 0.9 * len(funds) and max(per_fund.values()) <= 20
    listed_rounds = {name for rounds in LISTED_ROUNDS.values() for name in rounds}
    for investment in investments:
        fund = funds[investment.fund_id]
        assert investment.is_generated and investment.source == f"{demo_source(DEMO_SEED)}{MARK}"
        assert "示例" in (investment.note or "")
        assert FIRST_INVESTMENT <= investment.invested_on <= DEMO_AS_OF
        if investment.round in listed_rounds:
            assert "listed" in fund.stages
            assert investment.invested_on >= reference.listed_on[codes[investment.company_id]] + LOCK_UP
        else:
            assert investment.round in fund.stages
        if investment.amount_yuan is not None:
            assert fund.ticket_min_yuan <= investment.amount_yuan <= fund.ticket_max_yuan  # type: ignore[operator]
        if fund.regions:
            assert companies[investment.company_id] in fund.regions
    assert {investment.round for investment in investments} >= listed_rounds | {"angel", "a", "b", "pre_ipo"}
    assert {investment.status for investment in investments} == {"held", "exited"}

    park_funds = sorted(fund_id for fund_id, fund in funds.items() if fund.park_id and per_fund[fund_id])
    with TestClient(create_app(seeded.settings), headers=ADMIN) as client:
        portfolios = [client.get(f"/api/v1/funds/{fund_id}/portfolio").json() for fund_id in park_funds]
        assert sum(portfolio["totals"]["in_fund_park"] for portfolio in portfolios) >= 50
        best = max(portfolios, key=lambda portfolio: portfolio["totals"]["in_fund_park"])
        assert best["totals"]["generated_investments"] == best["totals"]["investments"] > 0
        view = client.get(f"/api/v1/parks/{best['fund']['park_id']}/fund-holdings").json()
    assert best["fund"]["id"] in {fund["id"] for fund in view["funds"]}
    assert view["totals"]["tenants_held_by_park_funds"] >= best["totals"]["in_fund_park"]


def test_located_tenancies(seeded: Seeded) -> None:
    """Listed companies placed in parks from their addresses, each with its source and confidence; the
    generated tenancies are only for companies no address places."""
    with Session(seeded.engine) as session:
        located = session.execute(
            select(
                Tenancy.company_id,
                Tenancy.park_id,
                Tenancy.placement_source,
                Tenancy.confidence,
                Tenancy.address,
            ).where(Tenancy.placement_source.in_(LOCATED))
        ).all()
        generated = set(session.scalars(select(Tenancy.company_id).where(Tenancy.is_generated.is_(True))))
        kunshan = session.scalars(select(Park).where(Park.name == "昆山经济技术开发区")).one()
    assert len({row.company_id for row in located}) == len(located) >= 700
    assert len({row.park_id for row in located}) >= 200
    assert all(0.6 <= row.confidence <= 1 and row.address for row in located)
    assert {row.placement_source for row in located} == set(LOCATED)
    # An office address is trusted more than a registered one.
    by_source = {
        source: max(r.confidence for r in located if r.placement_source == source) for source in LOCATED
    }
    assert by_source[TenancyPlacement.office_address] > by_source[TenancyPlacement.registered_address]
    assert not generated & {row.company_id for row in located}
    assert (kunshan.city, kunshan.county, kunshan.county_code) == ("苏州市", "昆山市", "320583")


def test_second_run_imports_nothing(seeded: Seeded) -> None:
    assert seeded.first.added > 25_000
    assert seeded.second.added == 0 and seeded.second.updated == 0
    assert all(step.added == 0 for step in seeded.second.steps)
    assert seeded.changes_after_second == seeded.changes_after_first
    assert seeded.second.counts == seeded.first.counts


def test_change_feed_holds_every_seeded_row(seeded: Seeded) -> None:
    engine = seeded.engine
    for model in (Park, Company, CompanyFinancial, ChainNode, Carrier, Policy, Provider, Tenancy, Investment):
        fed = _count(engine, Change, Change.entity == model.entity_name, Change.op == "create")
        assert fed == _count(engine, model), model.entity_name
    with_needs = _count(engine, Company, Company.version == 2)
    assert with_needs > 300
    assert _count(engine, Change, Change.entity == "company", Change.op == "update") == with_needs


def test_an_address_replaces_an_older_seeds_generated_tenancy(seeded: Seeded) -> None:
    """A catalog seeded before addresses placed companies: the placed company's generated tenancy goes."""
    with Session(seeded.engine) as session, session.begin():
        company_id, park_id = session.execute(
            select(Tenancy.company_id, Tenancy.park_id).where(Tenancy.placement_source.in_(LOCATED)).limit(1)
        ).one()
        other_park = session.scalars(
            select(Park.id).where(Park.id != park_id, Park.is_virtual.is_(False)).limit(1)
        ).one()
        old = session.execute(
            insert(Tenancy)
            .values(
                company_id=company_id,
                park_id=other_park,
                kind="virtual",
                status="active",
                placement_source="generated",
                review_status="unreviewed",
                version=1,
                source=demo_source(DEMO_SEED),
                is_generated=True,
            )
            .returning(Tenancy.id)
        ).scalar_one()
    with Session(seeded.engine) as session, session.begin():
        result = load_located_tenancies(session)
    assert (result["tenancy"].added, result["tenancy.replaced"].updated) == (0, 1)
    assert _count(seeded.engine, Tenancy, Tenancy.id == old) == 0
    assert (
        _count(
            seeded.engine, Change, Change.entity == "tenancy", Change.entity_id == old, Change.op == "delete"
        )
        == 1
    )


def sample_digest(reference: Reference) -> str:
    """A digest of the demo generated from every sixth park and company (all code paths, less time)."""
    sample = replace(reference, parks=reference.parks[::6], companies=reference.companies[::6])
    return hashlib.sha256(repr(generate(sample)).encode()).hexdigest()


DIGEST_SCRIPT = """
from services.catalog.seed.reference import read_reference
from shared.settings import Settings
from tests.catalog.test_seed import sample_digest
print(sample_digest(read_reference(Settings().reference_data_dir)))
"""


def test_generation_is_deterministic(reference: Reference) -> None:
    """Same output every run, whatever the order of the inputs or the process's hash seed."""
    other_process = subprocess.run(
        [sys.executable, "-c", DIGEST_SCRIPT],
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert other_process.stdout.strip() == sample_digest(reference)
    first = generate(reference)
    shuffled = replace(
        reference,
        parks=random.Random(1).sample(reference.parks, len(reference.parks)),
        companies=list(reversed(reference.companies)),
        chains=list(reversed(reference.chains)),
    )
    assert generate(shuffled) == first
    sample = replace(reference, parks=reference.parks[:50], companies=reference.companies[:200])
    assert generate(sample, seed=DEMO_SEED + 1) != generate(sample)


def test_missing_reference_data_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["seed", "--reference-dir", str(tmp_path), "--skip-demo"]) == 2
    assert f"no reference data in {tmp_path}" in capsys.readouterr().err


def test_an_unknown_value_names_file_line_and_field(tmp_path: Path) -> None:
    source = Settings().reference_data_dir / PARKS_FILE
    header, first, *_ = source.read_text(encoding="utf-8").splitlines()
    (tmp_path / PARKS_FILE).parent.mkdir(parents=True)
    (tmp_path / PARKS_FILE).write_text(f"{header}\n{first.replace('其他类型开发区', '月球基地')}\n", "utf-8")
    with pytest.raises(
        SourceError, match=r"parks/china_development_zones_2018.csv line 2 zone_type: '月球基地'"
    ):
        read_parks(tmp_path, [])
