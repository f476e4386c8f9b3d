"""`python -m services.match.eval` (`make eval`): the companies-for-node benchmark table."""

import time

from services.match.embedding.encoder import load_encoder
from services.match.eval.run import format_table, results_path, run
from shared.settings import Settings


def main() -> None:
    settings = Settings()
    started = time.perf_counter()
    report = run(settings, load_encoder(settings))
    print(format_table(report))
    print(f"\nstage timings: {report.timings}")
    print(f"written to {results_path(settings)} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
