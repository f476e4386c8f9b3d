"""The `companies-for-node` benchmark, built from the reference data.

Corpus: the 4,586 rows of ``companies/listed_companies.csv``, with their products from
``companies/company_products.csv`` cleaned the way the catalog's seed import cleans them (negative
accounting lines dropped, shares above 1 capped, repeated names kept once), their total assets of
2024-05-13 (``company_financials.csv``) and their headcount (``company_registry.csv``).

Questions: the nodes of ``chains/strategic_chains_28.csv``. A node's ``representative_companies``
(``|``-separated, often with an English name in brackets: ``通威股份（Tongwei）``, ``药明康德 (WuXi
AppTec)``) are matched to listed companies by short name once the brackets are stripped. A node
counts when at least one representative matches a listed company that has products (a company
without products offers no text to find it by). Those companies are the node's relevant set.
"""

import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from services.match.ranking import CompanyProfile, NodeQuery
from shared.settings import PROJECT_ROOT

COMPANIES_FILE = Path("companies/listed_companies.csv")
PRODUCTS_FILE = Path("companies/company_products.csv")
FINANCIALS_FILE = Path("companies/company_financials.csv")
REGISTRY_FILE = Path("companies/company_registry.csv")
HUNDRED_MILLION = 1e8
CHAINS_FILE = Path("chains/strategic_chains_28.csv")

# English names of the benchmark's nodes, written by hand by a bilingual engineer (test data).
ENGLISH_NAMES = PROJECT_ROOT / "tests" / "match" / "data" / "benchmark_nodes_en.csv"

_BRACKETED = re.compile(r"[（(][^（()）]*[）)]")


def strip_english_name(name: str) -> str:
    """``通威股份（Tongwei）`` -> ``通威股份``; both full-width and ASCII brackets."""
    return " ".join(_BRACKETED.sub(" ", name).split())


@dataclass(frozen=True)
class BenchmarkNode:
    query: NodeQuery
    representatives: tuple[str, ...]
    relevant: frozenset[int]


@dataclass(frozen=True)
class Benchmark:
    companies: list[CompanyProfile]
    nodes: list[BenchmarkNode]
    # Nodes with any representative company, and those with one that is listed (products or not).
    nodes_with_representatives: int
    nodes_with_listed_representatives: int

    @property
    def chains(self) -> list[str]:
        return sorted({node.query.chain for node in self.nodes})


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _share(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def read_products(path: Path) -> dict[str, tuple[tuple[str, float | None], ...]]:
    """Stock code -> products in file order; negative shares dropped, shares above 1 capped."""
    products: dict[str, dict[str, float | None]] = defaultdict(dict)
    for row in _rows(path):
        name, share = row["product"].strip(), _share(row["weight_revenue_share"])
        items = products[row["company_code"][:6]]
        if not name or name in items or (share is not None and share < 0):
            continue
        items[name] = None if share is None else min(share, 1.0)
    return {code: tuple(items.items()) for code, items in products.items()}


def _positive(text: str | None) -> float | None:
    value = _share(text or "")
    return value if value is not None and value > 0 else None


def read_sizes(reference_dir: Path) -> tuple[dict[str, float | None], dict[str, int | None]]:
    """Stock code -> total assets in yuan, and -> headcount, as the catalog's seed import stores them."""
    assets = {
        row["code"]: None
        if (value := _positive(row["total_assets_100m_yuan"])) is None
        else value * HUNDRED_MILLION
        for row in _rows(reference_dir / FINANCIALS_FILE)
    }
    headcount = {
        row["code"]: None if (people := _positive(row["employees"])) is None else int(people)
        for row in _rows(reference_dir / REGISTRY_FILE)
    }
    return assets, headcount


def read_listed_companies(reference_dir: Path) -> list[CompanyProfile]:
    """One company per row, ids 1..n in file order."""
    products = read_products(reference_dir / PRODUCTS_FILE)
    assets, headcount = read_sizes(reference_dir)
    return [
        CompanyProfile(
            id=position,
            name=row["full_name"],
            short_name=row["short_name"],
            industry=row["sw2021_industry_name"],
            products=products.get(row["code"], ()),
            province=row["area"],
            total_assets_yuan=assets.get(row["code"]),
            headcount=headcount.get(row["code"]),
        )
        for position, row in enumerate(_rows(reference_dir / COMPANIES_FILE), start=1)
    ]


def read_english_names(path: Path = ENGLISH_NAMES) -> dict[str, str]:
    """Chinese node name -> its English name."""
    with path.open(encoding="utf-8", newline="") as rows:
        return {row["node"]: row["english"] for row in csv.DictReader(rows)}


def build_benchmark(reference_dir: Path) -> Benchmark:
    companies = read_listed_companies(reference_dir)
    by_short_name: dict[str, list[CompanyProfile]] = defaultdict(list)
    for company in companies:
        by_short_name[company.short_name].append(company)
    nodes = []
    with_representatives = with_listed = 0
    for row in _rows(reference_dir / CHAINS_FILE):
        names = tuple(
            strip_english_name(name) for name in row["representative_companies"].split("|") if name.strip()
        )
        if not names:
            continue
        with_representatives += 1
        listed = [profile for name in names for profile in by_short_name.get(name, [])]
        with_listed += bool(listed)
        relevant = frozenset(profile.id for profile in listed if profile.products)
        if relevant:
            query = NodeQuery(
                node=row["node"], chain=row["chain"], segment=row["segment"], sub_segment=row["sub_segment"]
            )
            nodes.append(BenchmarkNode(query, names, relevant))
    return Benchmark(companies, nodes, with_representatives, with_listed)
