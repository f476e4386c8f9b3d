"""`python -m services.match.eval` (`make eval`): the companies-for-node benchmark table."""

import time

from services.match.embedding.encoder import load_encoder
from services.match.eval.questions import evaluate as evaluate_questions
from services.match.eval.questions import format_questions
from services.match.eval.run import format_table, results_path, run
from shared.settings import Settings


def main() -> None:
    settings = Settings()
    started = time.perf_counter()
    encoder = load_encoder(settings)
    report = run(settings, encoder)
    print(format_table(report))
    print(f"\nstage timings: {report.timings}")
    print(f"written to {results_path(settings)} in {time.perf_counter() - started:.0f} s\n")
    print(format_questions(evaluate_questions(settings, encoder)))


if __name__ == "__main__":
    main()
