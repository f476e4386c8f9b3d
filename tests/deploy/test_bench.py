"""`make bench`'s aggregation: one table, targets, and parts that cannot run shown as such."""

import json
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.bench import (
    Measurement,
    Metric,
    Options,
    Outcome,
    Part,
    Target,
    Unavailable,
    draw_chart,
    format_table,
    load,
    number,
    results_document,
    run_part,
)

QUIET = Options(quick=True, progress=lambda message: None)


def measure_twice(options: Options) -> Measurement:
    return Measurement(
        [
            Metric("sqlite import", 12_345.6, "rows/s", Target("at least", 10_000)),
            Metric("p99 at 1,000,000", 61.4, "ms", Target("below", 50)),
            Metric("p50 at 1,000,000", 3.2, "ms"),
        ],
        [{"rows": 100_000}],
    )


def measure_without_database(options: Options) -> Measurement:
    raise RuntimeError("PostgreSQL is not reachable\nsecond line of detail")


def measure_missing_module(options: Options) -> Measurement:
    run = load("services.no_such_bench", "run")
    measurement: Measurement = run(options)
    return measurement


def outcomes() -> list[Outcome]:
    parts = [
        Part("import", "catalog import", measure_twice),
        Part("broken", "a part that fails", measure_without_database),
        Part("missing", "a part not written yet", measure_missing_module),
    ]
    return [run_part(part, QUIET) for part in parts]


def test_targets_say_whether_a_value_meets_them() -> None:
    assert Target("at least", 10_000).met(10_000)
    assert not Target("at least", 0.95).met(0.9499)
    assert Target("below", 50).met(49.9)
    assert not Target("below", 50).met(50)
    assert str(Target("at least", 10_000)) == "≥ 10,000"
    assert str(Target("below", 2)) == "< 2"


def test_numbers_keep_their_meaningful_digits() -> None:
    assert number(12_345.6) == "12,346"
    assert number(61.04) == "61.0"
    assert number(0.99971) == "0.9997"
    assert number(-0.12) == "-0.12"
    assert number(50.0) == "50"


def test_a_failing_part_is_reported_and_the_others_still_run() -> None:
    measured, broken, missing = outcomes()
    assert measured.measurement is not None and len(measured.measurement.metrics) == 3
    assert broken.measurement is None
    assert broken.unavailable == "RuntimeError: PostgreSQL is not reachable"
    assert missing.measurement is None
    assert missing.unavailable is not None
    assert missing.unavailable.startswith("cannot import services.no_such_bench")


def test_load_names_the_missing_function() -> None:
    try:
        load("deploy.local", "no_such_function")
    except Unavailable as exc:
        assert str(exc) == "deploy.local has no no_such_function"
    else:
        raise AssertionError("load() found a function that does not exist")


def test_the_table_puts_values_targets_and_verdicts_in_columns() -> None:
    lines = format_table(outcomes()).splitlines()
    header, rule, *rows = lines
    assert header.split() == ["part", "measure", "value", "target"]
    assert set(rule) == {"-", " "}
    assert rows[0].split("  ")[0] == "import"
    assert "12,346 rows/s" in rows[0] and "≥ 10,000 rows/s" in rows[0] and rows[0].endswith("meets")
    assert "61.4 ms" in rows[1] and "< 50 ms" in rows[1] and rows[1].endswith("MISSES")
    assert rows[2].endswith("3.2 ms")
    # values are right-aligned in one column
    ends = {
        row.index(value) + len(value)
        for row, value in zip(rows[:3], ("12,346 rows/s", "61.4 ms", "3.2 ms"), strict=True)
    }
    assert len(ends) == 1
    assert rows[3] == "broken   not available: RuntimeError: PostgreSQL is not reachable"
    assert rows[4].startswith("missing  not available: cannot import services.no_such_bench")


def test_results_and_chart_are_written(tmp_path: Path) -> None:
    done = outcomes()
    started_at = datetime(2024, 6, 1, tzinfo=UTC)
    document = json.loads(json.dumps(results_document(done, started_at, quick=True, host="2 CPUs")))
    imported = document["parts"][0]
    assert imported["metrics"][0] == {
        "measure": "sqlite import",
        "value": 12_345.6,
        "unit": "rows/s",
        "target": "≥ 10,000",
        "verdict": "meets",
    }
    assert imported["details"] == [{"rows": 100_000}]
    assert document["parts"][1]["unavailable"].startswith("RuntimeError")

    chart = tmp_path / "bench" / "bench.png"
    draw_chart(done, chart, "test run")
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
