"""`make bench`: every benchmark of ParkMatch in one table, with the targets beside the figures.

    python -m benchmarks [--quick] [--only PART ...]

import     catalog import speed, SQLite and PostgreSQL              (benchmarks.imports)
index      vector index: filtered top-20 latency, recall, memory    (benchmarks.index)
embedding  encoding speed over the real company profiles            (benchmarks.embedding)
gateway    the gateway's own overhead, and its load at 16 clients   (benchmarks.gateway)
match      the match service on the real data: build, load, query   (benchmarks.match)
questions  each match question through the gateway, warm and after a write; the park
           evaluation's recompute after a write                     (benchmarks.questions)
console    the web console: bundle sizes and first render           (benchmarks.console)

Each part runs on its own: one that cannot run shows as "not available: <reason>" and the others
still run. The table is printed and written with the figures to var/bench/results.json, and drawn
in var/bench/bench.png. `--quick` measures smaller sizes (no 1M-vector index, 10,000 import rows...).
"""

import argparse
import importlib
import json
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from matplotlib.figure import Figure

from shared.settings import get_settings

Details = list[dict[str, Any]]


class Unavailable(Exception):
    """A part cannot run here: its module or function is missing, or what it needs is."""


@dataclass(frozen=True)
class Target:
    comparison: Literal["at least", "below"]
    bound: float

    def met(self, value: float) -> bool:
        return value >= self.bound if self.comparison == "at least" else value < self.bound

    def __str__(self) -> str:
        return f"{'≥' if self.comparison == 'at least' else '<'} {number(self.bound)}"


@dataclass(frozen=True)
class Metric:
    """One measured value: one line of the table, one bar of the chart."""

    measure: str
    value: float
    unit: str
    target: Target | None = None

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        return "meets" if self.target.met(self.value) else "MISSES"


@dataclass(frozen=True)
class Measurement:
    metrics: list[Metric]
    # The part's own rows, as its module gives them, kept in results.json.
    details: Details = field(default_factory=list)


@dataclass(frozen=True)
class Options:
    quick: bool
    progress: Callable[[str], None]


@dataclass(frozen=True)
class Part:
    name: str
    title: str
    measure: Callable[[Options], Measurement]


@dataclass(frozen=True)
class Outcome:
    part: str
    title: str
    seconds: float
    measurement: Measurement | None
    unavailable: str | None = None


def load(module: str, name: str) -> Any:
    """`module.name`, or Unavailable saying which one is missing."""
    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        raise Unavailable(f"cannot import {module} ({exc})") from exc
    if not hasattr(loaded, name):
        raise Unavailable(f"{module} has no {name}")
    return getattr(loaded, name)


def as_details(rows: Sequence[Any]) -> Details:
    return [asdict(row) if is_dataclass(row) and not isinstance(row, type) else dict(row) for row in rows]


# --- the parts -----------------------------------------------------------------------------------


def measure_import(options: Options) -> Measurement:
    bench_rows = load("benchmarks.imports", "bench_rows")
    rows = 10_000 if options.quick else 100_000
    options.progress(f"importing {rows:,} generated companies into SQLite, then PostgreSQL")
    results = bench_rows(rows)
    metrics = [
        Metric(
            f"companies into {'SQLite' if row['database'] == 'sqlite' else 'PostgreSQL'} ({row['rows']:,} rows)",
            float(row["rows_per_s"]),
            "rows/s",
            Target("at least", 10_000) if row["database"] == "sqlite" else None,
        )
        for row in results
    ]
    return Measurement(metrics, as_details(results))


def measure_index(options: Options) -> Measurement:
    run = load("benchmarks.index", "run")
    choose_backend = load("services.match.index.factory", "choose_backend")
    sizes = (10_000, 100_000) if options.quick else (10_000, 100_000, 1_000_000)
    # One OpenMP thread per query: what the service uses.
    rows = run(sizes, queries=100 if options.quick else 200, threads=(1,), progress=options.progress)
    metrics = []
    for row in rows:
        size, backend = int(row["vectors"]), str(row["backend"])
        used = backend == choose_backend(size)
        label = f"{backend}{' (used)' if used else ''}, {size:,} vectors"
        metrics += [
            Metric(f"{label}: p50", float(row["p50_ms"]), "ms"),
            Metric(f"{label}: p99", float(row["p99_ms"]), "ms", Target("below", 50) if used else None),
        ]
        if row["recall_at_20"] is not None:
            metrics.append(
                Metric(
                    f"{label}: recall@20 vs exact", float(row["recall_at_20"]), "", Target("at least", 0.95)
                )
            )
    largest = max(int(row["vectors"]) for row in rows)
    metrics += [
        Metric(f"{row['backend']}, {largest:,} vectors: memory", float(row["bytes_per_vector"]), "B/vector")
        for row in rows
        if row["vectors"] == largest
    ]
    return Measurement(metrics, as_details(rows))


def measure_embedding(options: Options) -> Measurement:
    measure_throughput = load("benchmarks.embedding", "measure_throughput")
    load_encoder = load("services.match.embedding.encoder", "load_encoder")
    company_texts = load("benchmarks.embedding", "company_texts")
    settings = get_settings()
    texts = company_texts(settings)
    if options.quick:
        texts = texts[:500]
    options.progress(f"loading the encoder ({settings.embedding_backend}), encoding {len(texts):,} profiles")
    encoder = load_encoder(settings)
    result = measure_throughput(encoder, texts)
    metric = Metric(
        f"{len(texts):,} company profiles, {encoder.backend}, ≤ {encoder.max_seq_length} tokens",
        float(result["texts_per_second"]),
        "texts/s",
        Target("at least", 150),
    )
    return Measurement([metric], [dict(result, backend=encoder.backend)])


def measure_gateway(options: Options) -> Measurement:
    run = load("benchmarks.gateway", "run")
    target_ms = float(load("benchmarks.gateway", "TARGET_OVERHEAD_P50_MS"))
    sizes = {"requests": 300, "warmup": 50, "load_requests": 500} if options.quick else {}
    options.progress("catalog and two gateways on loopback: sequential requests, then 32 clients")
    rows = run(**sizes)
    metrics = []
    for row in rows:
        if row.overhead_p50_ms is None:
            continue
        metrics += [
            Metric(f"{row.target}: overhead p50", row.overhead_p50_ms, "ms", Target("below", target_ms)),
            Metric(f"{row.target}: overhead p99", row.overhead_p99_ms, "ms"),
            Metric(f"{row.target}: 32 clients", row.load_rps, "req/s"),
        ]
    run_routes = load("benchmarks.gateway", "run_routes")
    options.progress("catalog, match and gateway: 16 clients on a read route, then on a match route")
    loads = run_routes(requests=300 if options.quick else 1000)
    for result in loads:
        metrics += [
            Metric(f"{result.route} @{result.clients}", result.rps, "req/s"),
            Metric(f"{result.route} @{result.clients}: p50", result.p50_ms, "ms"),
            Metric(f"{result.route} @{result.clients}: p99", result.p99_ms, "ms"),
            Metric(
                f"{result.route} @{result.clients}: errors", result.errors, "requests", Target("below", 1)
            ),
        ]
    return Measurement(metrics, as_details([*rows, *loads]))


def measure_match(options: Options) -> Measurement:
    run = load("benchmarks.match", "run")
    result = run(requests=100 if options.quick else 300, progress=options.progress)
    metrics = [
        Metric("first start: copy the catalog, build every index", result.first_start_s, "s"),
        Metric("  of which building the indexes", result.build_s, "s", Target("below", 120)),
        Metric("second start: load the indexes from disk", result.load_s, "s"),
        Metric("companies-for-node, province filter: p50", result.p50_ms, "ms"),
        Metric("companies-for-node, province filter: p99", result.p99_ms, "ms"),
    ]
    return Measurement(metrics, [asdict(result)])


def measure_questions(options: Options) -> Measurement:
    run = load("benchmarks.questions", "run")
    after_write_target = float(load("benchmarks.questions", "AFTER_WRITE_P99_TARGET_MS"))
    refresh_target = float(load("benchmarks.questions", "EVALUATION_REFRESH_TARGET_S"))
    sizes = {"warm": 30, "after_write": 10, "evaluation_refreshes": 1} if options.quick else {}
    result = run(**sizes, progress=options.progress)
    rows = result.questions
    metrics = []
    for row in rows:
        metrics += [
            Metric(f"{row.question}, warm: p50", row.warm_p50_ms, "ms"),
            Metric(f"{row.question}, warm: p99", row.warm_p99_ms, "ms", Target("below", row.warm_target_ms)),
            Metric(f"{row.question}, right after a write: p50", row.after_write_p50_ms, "ms"),
            Metric(
                f"{row.question}, right after a write: p99",
                row.after_write_p99_ms,
                "ms",
                Target("below", after_write_target),
            ),
        ]
    metrics.append(
        Metric(
            "errors (answers other than 200)", sum(row.errors for row in rows), "requests", Target("below", 1)
        )
    )
    metrics.append(
        Metric(
            "park evaluation after a new tenancy: slowest write until the scorecard counts it",
            max(result.evaluation_refresh_s),
            "s",
            Target("below", refresh_target),
        )
    )
    details = [*as_details(rows), {"evaluation_refresh_s": result.evaluation_refresh_s}]
    return Measurement(metrics, details)


def measure_console(options: Options) -> Measurement:
    run = load("benchmarks.console", "run")
    target_kb = float(load("benchmarks.console", "FIRST_SCREEN_TARGET_KB"))
    result = run(progress=options.progress)
    sizes = result.sizes
    metrics = [
        Metric("first screen JavaScript, gzipped", sizes.first_screen_kb, "KB", Target("below", target_kb)),
        Metric("all JavaScript, gzipped (pages load lazily)", sizes.all_js_kb, "KB"),
        Metric(f"largest lazy chunk ({sizes.largest_lazy}), gzipped", sizes.largest_lazy_kb, "KB"),
        Metric(
            "first contentful paint (headless Chromium, loopback)", result.first_contentful_paint_ms, "ms"
        ),
        Metric("sign-in screen shown", result.sign_in_ms, "ms"),
    ]
    return Measurement(metrics, [asdict(result)])


PARTS: dict[str, Part] = {
    part.name: part
    for part in (
        Part("import", "catalog import (CSV -> validation -> bulk insert + change feed)", measure_import),
        Part("index", "vector index, province-filtered top-20, dim 384", measure_index),
        Part("embedding", "embedding throughput, real company profiles", measure_embedding),
        Part(
            "gateway",
            "the gateway's own overhead (GET a park, loopback); load on a read and a match route",
            measure_gateway,
        ),
        Part("match", "match service on the real data", measure_match),
        Part(
            "questions",
            "each match question through the gateway, warm and right after a write; the evaluation's recompute",
            measure_questions,
        ),
        Part("console", "web console: bundle sizes and first render", measure_console),
    )
}


# --- running, table, chart -----------------------------------------------------------------------


def run_part(part: Part, options: Options) -> Outcome:
    began = time.perf_counter()
    try:
        measurement = part.measure(options)
    except Unavailable as exc:
        return Outcome(part.name, part.title, time.perf_counter() - began, None, str(exc))
    except Exception as exc:  # a part that fails is reported; the other parts still run
        traceback.print_exc()
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        return Outcome(part.name, part.title, time.perf_counter() - began, None, reason)
    return Outcome(part.name, part.title, time.perf_counter() - began, measurement)


def number(value: float) -> str:
    if value == int(value) or abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.4g}"


def format_table(outcomes: Sequence[Outcome]) -> str:
    header = ("part", "measure", "value", "target", "")
    lines: list[tuple[str, ...]] = []
    for outcome in outcomes:
        if outcome.measurement is None:
            lines.append((outcome.part, f"not available: {outcome.unavailable}", "", "", ""))
            continue
        for metric in outcome.measurement.metrics:
            unit = f" {metric.unit}" if metric.unit else ""
            target = f"{metric.target}{unit}" if metric.target else ""
            lines.append((outcome.part, metric.measure, number(metric.value) + unit, target, metric.verdict))
    widths = [max(len(line[i]) for line in (header, *lines)) for i in range(len(header))]
    # The measure of an unavailable part may be longer than the others: it gets the rest of the line.
    widths[1] = max(len(line[1]) for line in (header, *lines) if line[2])

    def render(line: tuple[str, ...]) -> str:
        if not line[2]:
            return f"{line[0]:<{widths[0]}}  {line[1]}"
        part, measure, value, target, verdict = line
        return (
            f"{part:<{widths[0]}}  {measure:<{widths[1]}}  {value:>{widths[2]}}  "
            f"{target:<{widths[3]}}  {verdict}"
        ).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([render(header).rstrip(), rule, *(render(line) for line in lines)])


def draw_chart(outcomes: Sequence[Outcome], path: Path, subtitle: str) -> None:
    """One panel per part and unit: a bar per metric, green when it meets its target (the dashed
    line), red when it misses it, grey without one."""
    panels: list[tuple[str, list[Metric] | str]] = []
    for outcome in outcomes:
        if outcome.measurement is None:
            panels.append((outcome.title, f"not available: {outcome.unavailable}"))
            continue
        for unit in dict.fromkeys(metric.unit for metric in outcome.measurement.metrics):
            same_unit = [metric for metric in outcome.measurement.metrics if metric.unit == unit]
            panels.append((f"{outcome.title}{f' ({unit})' if unit else ''}", same_unit))
    bars = [len(content) if isinstance(content, list) else 1 for _, content in panels]
    chart = Figure(figsize=(11, 1.0 + 0.9 * len(panels) + 0.3 * sum(bars)), layout="constrained")
    axes = chart.subplots(len(panels), 1, squeeze=False, height_ratios=[count + 1.5 for count in bars])
    for ax, (title, content) in zip(axes[:, 0], panels, strict=True):
        ax.set_title(title, loc="left", fontsize=10)
        if isinstance(content, str):
            ax.text(0.0, 0.5, content, va="center", fontsize=9, color="tab:red", transform=ax.transAxes)
            ax.axis("off")
        else:
            _draw_bars(ax, content)
    chart.suptitle(f"ParkMatch benchmarks (dashed line: target)\n{subtitle}", fontsize=10)
    path.parent.mkdir(parents=True, exist_ok=True)
    chart.savefig(path, dpi=110)


def _draw_bars(ax: Any, metrics: Sequence[Metric]) -> None:
    colours = {"": "tab:gray", "meets": "tab:green", "MISSES": "tab:red"}
    positions = list(range(len(metrics)))
    values = [metric.value for metric in metrics]
    ax.barh(positions, values, color=[colours[metric.verdict] for metric in metrics], height=0.6)
    ax.set_yticks(positions, [metric.measure for metric in metrics], fontsize=8)
    ax.invert_yaxis()
    for position, metric in zip(positions, metrics, strict=True):
        ax.annotate(f" {number(metric.value)}", (metric.value, position), va="center", fontsize=8)
        if metric.target is not None:
            ax.vlines(metric.target.bound, position - 0.4, position + 0.4, colors="black", linestyles="--")
    if min(values) > 0 and max(values) / min(values) > 50:
        ax.set_xscale("log")
    ax.margins(x=0.08)
    ax.tick_params(axis="x", labelsize=8)


def load_average() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def results_document(
    outcomes: Sequence[Outcome], started_at: datetime, quick: bool, host: str
) -> dict[str, Any]:
    return {
        "started_at": started_at.isoformat(),
        "quick": quick,
        "host": host,
        "parts": [
            {
                "part": outcome.part,
                "title": outcome.title,
                "seconds": round(outcome.seconds, 1),
                "unavailable": outcome.unavailable,
                "metrics": [
                    {
                        **asdict(metric),
                        "target": metric.target and str(metric.target),
                        "verdict": metric.verdict,
                    }
                    for metric in (outcome.measurement.metrics if outcome.measurement else [])
                ],
                "details": outcome.measurement.details if outcome.measurement else [],
            }
            for outcome in outcomes
        ],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="smaller sizes: minutes instead of a quarter hour"
    )
    parser.add_argument(
        "--only", action="append", choices=list(PARTS), metavar="PART", help=f"one of {', '.join(PARTS)}"
    )
    parser.add_argument("--out", type=Path, default=None, help="output directory (default: var/bench)")
    args = parser.parse_args(argv)
    out: Path = args.out or get_settings().data_dir / "bench"
    started_at, began, load_before = datetime.now(UTC), time.perf_counter(), load_average()
    outcomes = []
    for name in args.only or PARTS:

        def progress(message: str, name: str = name) -> None:
            print(f"[{time.perf_counter() - began:5.0f} s] {name}: {message}", file=sys.stderr, flush=True)

        progress(PARTS[name].title)
        outcomes.append(run_part(PARTS[name], Options(quick=args.quick, progress=progress)))
    host = (
        f"{started_at:%Y-%m-%d %H:%M} UTC{', --quick' if args.quick else ''}, {time.perf_counter() - began:.0f} s; "
        f"{os.cpu_count()} CPUs, load average {load_before} at start, {load_average()} at end"
    )
    table = format_table(outcomes)
    print(f"\n{host}\n{table}")
    out.mkdir(parents=True, exist_ok=True)
    document = results_document(outcomes, started_at, args.quick, host)
    (out / "results.json").write_text(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")
    draw_chart(outcomes, out / "bench.png", host)
    print(f"\nwritten: {out / 'results.json'}, {out / 'bench.png'}")
    return 0
