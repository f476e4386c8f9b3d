"""Benchmark of the vector index backends: `python -m benchmarks.index [--sizes N ...]`.

For each size: generated clustered unit vectors (dim 384, see `synthetic`), each with one of 31
provinces in a skewed distribution. Every query asks for the top 20 within one province, drawn
uniformly so that small provinces (down to 0.2% of rows) are measured as often as large ones
(up to 14%); the province filters are built once, as the service caches them. Queries run one at a
time, with faiss using 1 and then 2 OpenMP threads per query. Recall@20 of the approximate
backend is measured against the exact backend's results under the same filter.

Latency is wall-clock (what a caller waits) and CPU time (what the query costs): on a shared
machine the wall-clock tail also counts time spent waiting for a core.
"""

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from benchmarks.synthetic import PROVINCES, Mixture, provinces
from services.match.index.base import VectorIndex
from services.match.index.factory import BACKENDS
from services.match.index.filters import IdFilter

DIM = 384
K = 20
SIZES = (10_000, 100_000, 1_000_000)
_WARMUP_QUERIES = 5

Row = dict[str, str | int | float | None]


@dataclass(frozen=True, slots=True)
class _Dataset:
    ids: np.ndarray
    vectors: np.ndarray
    queries: np.ndarray
    query_filters: list[IdFilter]


def run(
    sizes: Sequence[int] = SIZES,
    *,
    queries: int = 200,
    threads: Sequence[int] = (1, 2),
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> list[Row]:
    """Measure every backend at every size; one row per (size, backend, OpenMP threads)."""
    rows: list[Row] = []
    for size in sizes:
        data = _dataset(size, queries, seed)
        truth: list[np.ndarray] = []
        for backend in sorted(BACKENDS, key=lambda name: name != "exact"):
            if progress:
                progress(f"{size:,} vectors: building {backend}")
            began = time.perf_counter()
            index = BACKENDS[backend](DIM)
            index.add(data.ids, data.vectors)
            build_seconds = time.perf_counter() - began
            for count in threads:
                if progress:
                    progress(f"{size:,} vectors: querying {backend} with {count} thread(s)")
                found, wall, cpu = _query(index, data, count)
                if backend == "exact" and not truth:
                    truth = found
                rows.append(
                    {
                        "vectors": size,
                        "backend": backend,
                        "build_s": round(build_seconds, 2),
                        "bytes_per_vector": round(index.nbytes / len(index), 1),
                        "omp_threads": count,
                        "p50_ms": _percentile(wall, 50),
                        "p99_ms": _percentile(wall, 99),
                        "cpu_p50_ms": _percentile(cpu, 50),
                        "cpu_p99_ms": _percentile(cpu, 99),
                        "recall_at_20": None if backend == "exact" else _recall(found, truth),
                    }
                )
            del index
            gc.collect()
        del data
        gc.collect()
    return rows


def _dataset(size: int, queries: int, seed: int) -> _Dataset:
    rng = np.random.default_rng(seed)
    mixture = Mixture.random(DIM, rng)
    vectors = mixture.sample(size, rng)
    ids = rng.permutation(size).astype(np.int64) + 1  # catalogue-like keys, in no particular order
    province_of = provinces(size, rng)
    filters = [IdFilter(ids[province_of == province]) for province in range(len(PROVINCES))]
    asked = rng.integers(0, len(PROVINCES), queries)
    return _Dataset(ids, vectors, mixture.sample(queries, rng), [filters[p] for p in asked])


def _query(
    index: VectorIndex, data: _Dataset, threads: int
) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Run the queries one by one; return their result ids and wall / CPU milliseconds."""
    index.search_threads = threads
    for i in range(min(_WARMUP_QUERIES, len(data.queries))):
        index.search(data.queries[i : i + 1], K, data.query_filters[i])
    found, wall, cpu = [], [], []
    for i, allowed in enumerate(data.query_filters):
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        _, ids = index.search(data.queries[i : i + 1], K, allowed)
        wall.append(time.perf_counter() - wall_start)
        cpu.append(time.process_time() - cpu_start)
        found.append(ids[0])
    return found, np.array(wall) * 1e3, np.array(cpu) * 1e3


def _percentile(milliseconds: np.ndarray, q: float) -> float:
    return round(float(np.percentile(milliseconds, q)), 2)


def _recall(found: list[np.ndarray], truth: list[np.ndarray]) -> float:
    hits = [
        np.intersect1d(f[f >= 0], t[t >= 0]).size / max(1, int((t >= 0).sum()))
        for f, t in zip(found, truth, strict=True)
    ]
    return round(float(np.mean(hits)), 4)


_COLUMNS = (
    ("vectors", "vectors", "{:,}"),
    ("backend", "backend", "{}"),
    ("build_s", "build s", "{:.1f}"),
    ("bytes_per_vector", "B/vector", "{:.0f}"),
    ("omp_threads", "omp", "{}"),
    ("p50_ms", "p50 ms", "{:.2f}"),
    ("p99_ms", "p99 ms", "{:.2f}"),
    ("cpu_p50_ms", "cpu p50", "{:.2f}"),
    ("cpu_p99_ms", "cpu p99", "{:.2f}"),
    ("recall_at_20", "recall@20", "{:.4f}"),
)


def format_table(rows: Sequence[Row]) -> str:
    cells = [[title for _, title, _ in _COLUMNS]]
    cells += [["-" if row[key] is None else fmt.format(row[key]) for key, _, fmt in _COLUMNS] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(_COLUMNS))]
    lines = ["  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True)) for line in cells]
    return "\n".join([lines[0], "  ".join("-" * width for width in widths), *lines[1:]])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    rows = run(
        args.sizes, queries=args.queries, progress=lambda line: print(line, file=sys.stderr, flush=True)
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"top-{K}, province filter, dim {DIM}, {os.cpu_count()} CPUs (load average {load})")
    print(format_table(rows))
    print(f"total {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
