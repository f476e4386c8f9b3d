"""`python -m benchmarks.eval` (`make eval`): the companies-for-node benchmark table, then membership
precision and recall on the curated links. `python -m benchmarks.eval membership`: membership only.
`python -m benchmarks.eval radar PARK_ID ...`: each park's six-track radar against its peer median,
as a PNG under var/evaluation/ (from the running match service)."""

import json
import sys
import time

from benchmarks.eval.benchmark import build_benchmark
from benchmarks.eval.membership import evaluate, format_membership
from benchmarks.eval.questions import evaluate as evaluate_questions
from benchmarks.eval.questions import format_questions
from benchmarks.eval.run import format_table, results_path, run
from benchmarks.eval.vectors import passage_vectors
from services.match.embedding.encoder import load_encoder, model_fingerprint
from services.match.evaluation.report import main as draw_radars
from services.match.ranking import profile_text
from shared.settings import Settings

MEMBERSHIP_FILE = "membership.json"


def main() -> None:
    if sys.argv[1:2] == ["radar"]:
        draw_radars(sys.argv[2:])
        return
    settings = Settings()
    started = time.perf_counter()
    encoder = load_encoder(settings)
    if sys.argv[1:] != ["membership"]:
        report = run(settings, encoder)
        print(format_table(report))
        print(f"\nstage timings: {report.timings}")
        print(f"written to {results_path(settings)} in {time.perf_counter() - started:.0f} s\n")
        print(format_questions(evaluate_questions(settings, encoder)))
    benchmark = build_benchmark(settings.reference_data_dir)
    vectors = passage_vectors(
        encoder,
        [profile_text(profile) for profile in benchmark.companies],
        settings.data_dir / "eval" / "cache",
        model_fingerprint(encoder),
    )
    membership = evaluate(benchmark, vectors, encoder)
    print(format_membership(membership))
    path = results_path(settings).with_name(MEMBERSHIP_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(membership.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
