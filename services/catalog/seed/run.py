"""The seed: bring the catalog to the newest schema, import the real reference data and the generated
demo data, and report what it did.

Every step runs in its own transaction and inserts only the rows whose natural key (park code, stock
code, scheme + code, chain code + node key, park + carrier name...) is not there yet, so a second run
imports nothing twice and an interrupted run picks up where it stopped. Every inserted row is recorded
in the change feed, so followers (the match service's indexes) see the seeded rows.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.catalog.carriers.models import Carrier
from services.catalog.chains.models import Chain, ChainEdge, ChainNode, NodeCompany
from services.catalog.companies.models import Company, SupplyLink
from services.catalog.db import create_db_engine
from services.catalog.funds.models import Fund
from services.catalog.industries.models import Industry
from services.catalog.kit.models import Entity
from services.catalog.migrate import upgrade
from services.catalog.parks.models import Park
from services.catalog.policies.models import Policy
from services.catalog.providers.models import Provider
from services.catalog.seed.bulk import Added
from services.catalog.seed.chains import load_chains
from services.catalog.seed.companies import company_ids, load_companies, load_supply_links
from services.catalog.seed.demo import DEMO_SEED, generate
from services.catalog.seed.demo_load import (
    load_carriers,
    load_funds,
    load_needs,
    load_policies,
    load_providers,
    load_tenancies,
)
from services.catalog.seed.industries import load_industries
from services.catalog.seed.parks import load_parks
from services.catalog.seed.reference import PARKS_FILE, read_reference
from services.catalog.seed.scenario import load_scenario, read_scenario
from services.catalog.tenancies.models import Tenancy
from shared.settings import Settings

COUNTED: tuple[type[Entity], ...] = (
    Park,
    Industry,
    Company,
    SupplyLink,
    Chain,
    ChainNode,
    NodeCompany,
    ChainEdge,
    Carrier,
    Policy,
    Fund,
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


@dataclass(frozen=True)
class Count:
    entity: str
    real: int
    generated: int


@dataclass
class SeedReport:
    steps: list[StepResult]
    findings: list[str]
    counts: list[Count]
    seconds: float

    @property
    def added(self) -> int:
        return sum(step.added for step in self.steps)


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
        ("listed companies", lambda s: {"company": load_companies(s, reference)}),
        ("supply links", lambda s: {"supply_link": load_supply_links(s, reference)}),
        ("chains", lambda s: load_chains(s, reference.chains, company_ids(s))),
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
            ("demo company needs", lambda s: {"company.needs": load_needs(s, demo)}),
        ]

    engine = create_db_engine(settings)
    results: list[StepResult] = []
    try:
        echo(f"  {'step':<30} {'entity':<14} {'added':>9} {'present':>9} {'time':>9}")
        for name, step in steps:
            clock = time.perf_counter()
            with Session(engine) as session, session.begin():
                added = step(session)
            seconds = time.perf_counter() - clock
            for index, (entity, result) in enumerate(added.items()):
                results.append(StepResult(name, entity, result.added, result.present, seconds))
                label, shown = (name, f"{seconds:.2f} s") if index == 0 else ("", "")
                echo(f"  {label:<30} {entity:<14} {result.added:>9,} {result.present:>9,} {shown:>9}")
        with Session(engine) as session:
            counts = _counts(session)
    finally:
        engine.dispose()

    report = SeedReport(results, reference.findings, counts, time.perf_counter() - started)
    echo("found in the reference data (handled, see parks' data_notes):")
    for finding in reference.findings:
        echo(f"  - {finding}")
    echo(f"catalog now holds ({report.added:,} rows added in {report.seconds:.1f} s):")
    echo(f"  {'entity':<14} {'total':>9} {'real':>9} {'generated':>10}")
    for count in counts:
        echo(
            f"  {count.entity:<14} {count.real + count.generated:>9,} {count.real:>9,} {count.generated:>10,}"
        )
    return report


def _counts(session: Session) -> list[Count]:
    counts = []
    for model in COUNTED:
        rows = session.execute(select(model.is_generated, func.count()).group_by(model.is_generated))
        by_kind = dict(rows.all())
        counts.append(Count(model.entity_name, by_kind.get(False, 0), by_kind.get(True, 0)))
    return counts
