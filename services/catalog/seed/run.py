"""The seed: bring the catalog to the newest schema, import the real reference data and the generated
demo data, and report what it did.

Every step runs in its own transaction and inserts only the rows whose natural key (park code, stock
code, scheme + code, chain code + node key, park + carrier name...) is not there yet, so a second run
imports nothing twice and an interrupted run picks up where it stopped. Companies' registry fields,
their dated financial figures and the EIA agencies also follow the source: a value the source has
changed since the last run updates the row. Every inserted or updated row is recorded in the change
feed, so followers (the match service's indexes) see the seeded rows.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from services.catalog.carriers.models import Carrier
from services.catalog.chains.models import Chain, ChainEdge, ChainNode, NodeCompany
from services.catalog.companies.models import Company, CompanyFinancial, SupplyLink
from services.catalog.db import create_db_engine
from services.catalog.funds.models import Fund
from services.catalog.industries.models import Industry
from services.catalog.investments.models import Investment
from services.catalog.kit.models import Entity
from services.catalog.migrate import upgrade
from services.catalog.parks.models import Park
from services.catalog.policies.models import Policy
from services.catalog.providers.models import Provider
from services.catalog.seed.bulk import Added
from services.catalog.seed.chains import load_chains
from services.catalog.seed.companies import company_ids, load_companies, load_financials, load_supply_links
from services.catalog.seed.demo import DEMO_SEED, generate
from services.catalog.seed.demo_load import (
    load_carriers,
    load_funds,
    load_investments,
    load_needs,
    load_policies,
    load_providers,
    load_tenancies,
)
from services.catalog.seed.industries import load_industries
from services.catalog.seed.parks import load_parks
from services.catalog.seed.providers import load_agencies
from services.catalog.seed.reference import PARKS_FILE, read_reference
from services.catalog.seed.scenario import load_scenario, read_scenario
from services.catalog.seed.tenancies import load_located_tenancies
from services.catalog.tenancies.models import Tenancy
from shared.settings import Settings

COUNTED: tuple[type[Entity], ...] = (
    Park,
    Industry,
    Company,
    CompanyFinancial,
    SupplyLink,
    Chain,
    ChainNode,
    NodeCompany,
    ChainEdge,
    Carrier,
    Policy,
    Fund,
    Investment,
    Provider,
    Tenancy,
)

Step = Callable[[Session], dict[str, Added]]


class ReferenceDataMissing(Exception):
    pass


@dataclass(frozen=True)
class StepResult:
    step: str
    entity: str
    added: int
    present: int
    seconds: float
    updated: int = 0


@dataclass(frozen=True)
class Count:
    entity: str
    real: int
    generated: int


@dataclass(frozen=True)
class Coverage:
    """How many of the companies have one kind of fact."""

    fact: str
    companies: int
    of: int

    @property
    def share(self) -> float:
        return self.companies / self.of if self.of else 0.0


@dataclass
class SeedReport:
    steps: list[StepResult]
    findings: list[str]
    counts: list[Count]
    coverage: list[Coverage]
    seconds: float

    @property
    def added(self) -> int:
        return sum(step.added for step in self.steps)

    @property
    def updated(self) -> int:
        return sum(step.updated for step in self.steps)


def run_seed(
    settings: Settings,
    reference_dir: Path | None = None,
    *,
    with_demo: bool = True,
    seed: int = DEMO_SEED,
    echo: Callable[[str], None] = print,
) -> SeedReport:
    started = time.perf_counter()
    directory = reference_dir or settings.reference_data_dir
    if not (directory / PARKS_FILE).is_file():
        raise ReferenceDataMissing(f"no reference data in {directory}: {PARKS_FILE} is missing")
    echo(f"seed: reference data from {directory}{'' if with_demo else ' (no demo data)'}")

    clock = time.perf_counter()
    upgrade(settings)
    echo(f"  {'migrate':<30} database at the newest schema {time.perf_counter() - clock:>22.2f} s")
    clock = time.perf_counter()
    reference = read_reference(directory)
    echo(
        f"  {'read reference data':<30} {len(reference.parks):,} parks, {len(reference.companies):,} "
        f"companies, {len(reference.chains)} chains {time.perf_counter() - clock:>9.2f} s"
    )

    steps: list[tuple[str, Step]] = [
        ("industries gbt4754", lambda s: {"industry": load_industries(s, reference.industries, "gbt4754")}),
        ("industries sw2021", lambda s: {"industry": load_industries(s, reference.industries, "sw2021")}),
        ("parks", lambda s: {"park": load_parks(s, reference.parks)}),
        ("listed companies, registry", lambda s: {"company": load_companies(s, reference)}),
        ("company financials", lambda s: {"company_financial": load_financials(s, reference)}),
        ("supply links", lambda s: {"supply_link": load_supply_links(s, reference)}),
        ("EIA agencies (2015)", lambda s: {"provider": load_agencies(s, reference.agencies)}),
        ("chains", lambda s: load_chains(s, reference.chains, company_ids(s))),
        ("tenancies from addresses", load_located_tenancies),
    ]
    if with_demo:
        clock = time.perf_counter()
        demo = generate(reference, seed)
        scenario = read_scenario(directory, reference.companies)
        echo(f"  {'generate demo data':<30} seed {seed} {time.perf_counter() - clock:>41.2f} s")
        steps += [
            ("Zibo virtual park (news)", lambda s: load_scenario(s, scenario, seed)),
            ("demo carriers", lambda s: {"carrier": load_carriers(s, demo, seed)}),
            ("demo policies", lambda s: {"policy": load_policies(s, demo, seed)}),
            ("demo funds", lambda s: {"fund": load_funds(s, demo, seed)}),
            ("demo service providers", lambda s: {"provider": load_providers(s, demo, seed)}),
            ("demo tenancies", lambda s: {"tenancy": load_tenancies(s, demo, seed)}),
            ("demo investments", lambda s: {"investment": load_investments(s, demo, seed)}),
            ("demo company needs", lambda s: {"company.needs": load_needs(s, demo)}),
        ]

    engine = create_db_engine(settings)
    results: list[StepResult] = []
    try:
        echo(f"  {'step':<30} {'entity':<17} {'added':>9} {'updated':>9} {'present':>9} {'time':>9}")
        for name, step in steps:
            clock = time.perf_counter()
            with Session(engine) as session, session.begin():
                added = step(session)
            seconds = time.perf_counter() - clock
            for index, (entity, result) in enumerate(added.items()):
                results.append(
                    StepResult(name, entity, result.added, result.present, seconds, result.updated)
                )
                label, shown = (name, f"{seconds:.2f} s") if index == 0 else ("", "")
                echo(
                    f"  {label:<30} {entity:<17} {result.added:>9,} {result.updated:>9,} "
                    f"{result.present:>9,} {shown:>9}"
                )
        with Session(engine) as session:
            counts = _counts(session)
            coverage = company_coverage(session)
    finally:
        engine.dispose()

    report = SeedReport(results, reference.findings, counts, coverage, time.perf_counter() - started)
    echo("found in the reference data (handled; see the records' data_notes):")
    for finding in reference.findings:
        echo(f"  - {finding}")
    echo(
        f"catalog now holds ({report.added:,} rows added, {report.updated:,} updated in {report.seconds:.1f} s):"
    )
    echo(f"  {'entity':<17} {'total':>9} {'real':>9} {'generated':>10}")
    for count in counts:
        echo(
            f"  {count.entity:<17} {count.real + count.generated:>9,} {count.real:>9,} {count.generated:>10,}"
        )
    echo("real companies with each fact:")
    for fact in coverage:
        echo(f"  {fact.fact:<36} {fact.companies:>6,} of {fact.of:,} ({fact.share:.1%})")
    return report


def company_coverage(session: Session) -> list[Coverage]:
    """How many real companies have capital, founding date, employees, an address, financials..."""
    real = Company.is_generated.is_(False)
    total = session.scalar(select(func.count()).select_from(Company).where(real)) or 0
    with_financials = select(CompanyFinancial.company_id)
    facts = {
        "registered capital": Company.registered_capital_yuan.is_not(None),
        "founding date": Company.founded_on.is_not(None),
        "employees": Company.headcount.is_not(None),
        "any address (registered or office)": or_(
            Company.registered_address.is_not(None), Company.office_address.is_not(None)
        ),
        "registered address": Company.registered_address.is_not(None),
        "office address": Company.office_address.is_not(None),
        "office point (BD-09)": Company.office_lng_bd09.is_not(None),
        "province": Company.province.is_not(None),
        "financials": Company.id.in_(with_financials),
    }
    return [
        Coverage(
            fact, session.scalar(select(func.count()).select_from(Company).where(real, where)) or 0, total
        )
        for fact, where in facts.items()
    ]


def _counts(session: Session) -> list[Count]:
    counts = []
    for model in COUNTED:
        rows = session.execute(select(model.is_generated, func.count()).group_by(model.is_generated))
        by_kind = dict(rows.all())
        counts.append(Count(model.entity_name, by_kind.get(False, 0), by_kind.get(True, 0)))
    return counts
