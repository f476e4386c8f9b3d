"""What a `companies-for-node` score means: the probability that a curator would list the company at
the node, and how well that probability holds.

The fused score of the channels (``pipeline``) orders companies but is no probability. A logistic
(Platt) fit maps it to one: on the tune chains of the benchmark (``benchmarks.eval``), each node's
100 best companies are labelled by whether the chain's curators name the company at the node; the fit
minimises the log loss of those labels. The reliability table bins the probabilities and sets each
bin's mean against the share of curated companies in it, on the tune chains and on the held-out ones.
Curated lists are short (a handful of names per node), so the probabilities are modest: they read
"how often such a company is one the curators chose", a lower bound on "makes what the node names".
"""

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

RELIABILITY_EDGES = (0.0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 1.0)


@dataclass(frozen=True)
class Relevance:
    """P(relevant | fused) = 1 / (1 + exp(-(slope * fused + intercept)))."""

    slope: float
    intercept: float

    def __call__(self, fused: float) -> float:
        z = self.slope * fused + self.intercept
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))

    @classmethod
    def fit(cls, fused: Sequence[float], relevant: Sequence[bool], iterations: int = 50) -> "Relevance":
        """Logistic regression of ``relevant`` on ``fused`` (Newton's method, a tiny ridge for safety)."""
        x = np.column_stack([np.asarray(fused, dtype=np.float64), np.ones(len(fused))])
        y = np.asarray(relevant, dtype=np.float64)
        beta = np.zeros(2)
        for _ in range(iterations):
            p = 1.0 / (1.0 + np.exp(-(x @ beta)))
            gradient = x.T @ (y - p) - 1e-6 * beta
            hessian = (x * (p * (1 - p))[:, None]).T @ x + 1e-6 * np.eye(2)
            step = np.linalg.solve(hessian, gradient)
            beta += step
            if np.abs(step).max() < 1e-9:
                break
        return cls(round(float(beta[0]), 4), round(float(beta[1]), 4))


# Fitted by ``fit`` on the tune chains' top-100 lists asked by node id: 8,500 labelled pairs, 115 of
# them curated. Few curated names per node keep the probabilities below about 0.3; ``make eval``
# prints how they hold on the held-out chains.
RELEVANCE = Relevance(slope=8.1412, intercept=-9.1046)


@dataclass(frozen=True)
class ReliabilityRow:
    low: float
    high: float
    count: int
    mean_probability: float
    observed: float


def reliability_table(
    probabilities: Sequence[float], relevant: Sequence[bool], edges: Sequence[float] = RELIABILITY_EDGES
) -> list[ReliabilityRow]:
    """Per probability bin: how many items, their mean probability and the share really relevant."""
    p = np.asarray(probabilities, dtype=np.float64)
    y = np.asarray(relevant, dtype=np.float64)
    rows = []
    for low, high in itertools.pairwise(edges):
        inside = (p >= low) & ((p < high) if high < edges[-1] else (p <= high))
        count = int(inside.sum())
        rows.append(
            ReliabilityRow(
                low,
                high,
                count,
                float(p[inside].mean()) if count else 0.0,
                float(y[inside].mean()) if count else 0.0,
            )
        )
    return rows


def format_reliability(tables: Mapping[str, list[ReliabilityRow]]) -> str:
    """The tables side by side (e.g. tune and held-out), one bin a line."""
    names = list(tables)
    header = f"{'probability':>13s} " + " ".join(f"{name + ': n / mean p / observed':>36s}" for name in names)
    lines = ["companies-for-node score = P(curated at the node); reliability", header]
    first = tables[names[0]]
    for position, row in enumerate(first):
        cells = []
        for name in names:
            other = tables[name][position]
            cells.append(f"{other.count:>16d} / {other.mean_probability:7.3f} / {other.observed:8.3f}")
        lines.append(f"{row.low:5.2f} - {row.high:5.2f} " + " ".join(cells))
    return "\n".join(lines)
