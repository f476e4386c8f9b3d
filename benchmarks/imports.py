"""Import speed: `python -m benchmarks.imports [--rows N]`.

Generates N companies (deterministic, marked as generated) as a UTF-8 CSV with Chinese headers, and
imports it through the same code path as the API and the CLI (reading, cell parsing, validation
with CompanyCreate, natural-key checks, bulk insert, change feed, commit) into a fresh SQLite database
and a fresh PostgreSQL database (created on the server of TEST_POSTGRES_ADMIN_URL, default
postgres@127.0.0.1:5432, and dropped afterwards). Prints rows per second for each; `bench_rows()`
returns the same as table rows for `make bench`.
"""

import argparse
import io
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy import func, select
from tqdm import tqdm

from services.catalog.companies.models import Company
from services.catalog.companies.schemas import USCC_CHARSET, uscc_check_character
from services.catalog.imports.commands import catalog_session
from services.catalog.imports.readers import ImportLimits
from services.catalog.imports.registry import ENTITIES
from services.catalog.imports.service import ImportOptions, import_file
from services.catalog.migrate import upgrade
from shared.principal import Principal, Role
from shared.settings import Settings

DEFAULT_ROWS = 100_000
TARGET_ROWS_PER_SECOND = 10_000
POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)

# (province, city): the import checks that a city lies in the row's province.
_PLACES = [
    ("江苏省", "苏州市"),
    ("浙江省", "杭州市"),
    ("广东省", "深圳市"),
    ("山东省", "淄博市"),
    ("上海市", "上海市"),
    ("北京市", "北京市"),
    ("四川省", "成都市"),
    ("湖北省", "武汉市"),
]
_PRODUCTS = ["特种气体", "电子材料", "光伏组件", "锂电池", "工业机器人", "传感器", "原料药", "碳纤维"]
_QUALIFICATIONS = ["high_tech_enterprise", "specialised_sme", "tech_sme", "little_giant"]
_STAGES = ["seed", "angel", "a", "b", "c", "pre_ipo"]
_BANDS = ["under_3m", "3m_20m", "20m_100m", "100m_400m", "400m_1b"]
_HEADER = (
    "企业名称,简称,统一社会信用代码,省份,城市,行业代码,申万行业代码,主营产品,注册资本(万元),"
    "营收规模,员工人数,成立年份,融资阶段,资质,企业性质,简介,是否生成\n"
)


def generate_companies_csv(rows: int, seed: int = 20_240_601) -> bytes:
    """`rows` distinct generated companies with valid USCCs, as the CSV an officer would upload."""
    rng = random.Random(seed)
    out = io.StringIO()
    out.write(_HEADER)
    for i in range(rows):
        head = f"91{rng.randrange(100000, 999999)}" + "".join(rng.choice(USCC_CHARSET) for _ in range(9))
        uscc = head + uscc_check_character(head)
        products = "|".join(f"{name}:{rng.randint(5, 60) / 100}" for name in rng.sample(_PRODUCTS, 2))
        qualifications = "、".join(rng.sample(_QUALIFICATIONS, rng.randint(0, 2)))
        province, city = rng.choice(_PLACES)
        out.write(
            f"生成企业{i}有限公司,企业{i},{uscc},{province},{city},"
            f"C{rng.randint(13, 43)}{rng.randint(10, 99)},{rng.randint(11, 77)}0{rng.randint(1, 9)}0{rng.randint(1, 9)},"
            f"{products},{rng.randint(50, 50_000)},{rng.choice(_BANDS)},{rng.randint(5, 5_000)},"
            f"{rng.randint(1990, 2023)},{rng.choice(_STAGES)},{qualifications},民营企业,生成的演示企业,是\n"
        )
    return out.getvalue().encode()


def run_import_bench(settings: Settings, data: bytes, label: str) -> dict[str, object]:
    upgrade(settings)
    with (
        catalog_session(settings) as session,
        tqdm(total=data.count(b"\n") - 1, unit=" rows", desc=label, file=sys.stderr, leave=False) as bar,
    ):
        started = time.perf_counter()
        report = import_file(
            session,
            Principal(role=Role.admin),
            ENTITIES["companies"],
            io.BytesIO(data),
            "bench-companies.csv",
            ImportOptions(chunk_rows=settings.import_chunk_rows),
            ImportLimits.from_settings(settings),
            bar.update,
            commit_chunks=True,
        )
        session.commit()
        seconds = time.perf_counter() - started
        stored = session.scalar(select(func.count()).select_from(Company))
    if report.failed or stored != report.total_rows:
        raise RuntimeError(f"{label}: the import did not store every row: {report.message}")
    return {
        "benchmark": "import companies (CSV -> validate -> bulk insert + change feed)",
        "database": label,
        "rows": report.total_rows,
        "seconds": round(seconds, 2),
        "rows_per_s": round(report.total_rows / seconds),
        # Context for the figure: the machine's 1-minute load average and its cores.
        "load": f"{os.getloadavg()[0]:.1f}/{os.cpu_count()}",
    }


@contextmanager
def _scratch_postgres() -> Iterator[str]:
    name = f"pm_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench_rows(rows: int = DEFAULT_ROWS) -> list[dict[str, object]]:
    """One table row per database: rows imported, seconds, rows per second."""
    data = generate_companies_csv(rows)
    results = []
    with tempfile.TemporaryDirectory(prefix="pm-bench-") as scratch:
        sqlite = Settings(data_dir=Path(scratch), database_url=None, log_json=False)
        results.append(run_import_bench(sqlite, data, "sqlite"))
    with _scratch_postgres() as url:
        postgres = Settings(data_dir=Path(tempfile.gettempdir()), database_url=url, log_json=False)
        results.append(run_import_bench(postgres, data, "postgresql"))
    return results


def _print_table(results: list[dict[str, object]]) -> None:
    print(f"{'database':<12}{'rows':>10}{'seconds':>10}{'rows/s':>10}{'load/cores':>12}")
    for row in results:
        print(
            f"{row['database']!s:<12}{row['rows']:>10}{row['seconds']:>10}{row['rows_per_s']:>10}{row['load']!s:>12}"
        )
    print(f"target: at least {TARGET_ROWS_PER_SECOND} rows/s on SQLite")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.imports", description=__doc__)
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    args = parser.parse_args(argv)
    results = bench_rows(args.rows)
    _print_table(results)
    sqlite = next(row for row in results if row["database"] == "sqlite")
    return 0 if int(str(sqlite["rows_per_s"])) >= TARGET_ROWS_PER_SECOND else 1


if __name__ == "__main__":
    sys.exit(main())
