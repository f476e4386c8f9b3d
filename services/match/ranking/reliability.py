"""What a `companies-for-node` score means: the probability that a curator would list the company at
the node, and how well that probability holds.

The probability is a logistic model of the company's factors (``pipeline``, each in [0, 1]): the two
calibrated channels and their product (a company both channels put near the node is likelier a
maker than one only either does), the share of the node's name a main product covers (weighed by
its revenue share), the listing risk, and the company's size among listed companies times the
semantic channel (a leader of what the node names, not of anything). An English query is asked in
its translation (``lexical.bridge``) and scored by the same model: fitted with a term for English
queries, the model let size outweigh the translated words (photoresist brought large optics and
connector makers before photoresist makers), so there is none. It was fitted
(``Relevance.fit_ranking``, run by ``python -m benchmarks.eval``, which prints the refit beside
these numbers) on the tune chains of the benchmark: for each node asked by id and by its English
name, every company either channel returns, labelled by whether the chain's curators name it at the
node. The weights put each node's curated companies at the top of its list (what MRR and recall@20
reward); a logistic fit of the labels on the weighted sum then scales it to a probability. Curators name the leaders of a trade, so among the companies that make a thing the larger
ones are likelier to be named: size is a prior on being a chain leader, never evidence of making the
thing (it counts only as far as the semantic channel puts the company near the node). The reliability table bins the probabilities and sets
each bin's mean against the share of curated companies in it, on the tune chains and on the held-out
ones. Curated lists are short (a handful of names per node), so the probabilities are modest: they
read "how often such a company is one the curators chose", a lower bound on "makes what the node
names".
"""

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

RELIABILITY_EDGES = (0.0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 1.0)
# A name joining factors with ``*`` is their product.
FEATURES = ("lexical", "semantic", "product", "listing_risk", "size*semantic", "lexical*semantic")
# The L2 penalty of ``Relevance.fit_ranking`` (chosen on the tune chains' MRR), and the small one
# that keeps a weight finite when its factor separates the labels.
RANKING_RIDGE = 0.3
SMALL_RIDGE = 1e-3
Factors = Mapping[str, float]


def feature(factors: Factors, name: str) -> float:
    return math.prod(factors[part] for part in name.split("*"))


@dataclass(frozen=True)
class Relevance:
    """P(relevant | factors) = 1 / (1 + exp(-(intercept + sum of weight * factor)))."""

    intercept: float
    weights: Mapping[str, float]

    def logit(self, factors: Factors) -> float:
        return self.intercept + sum(weight * feature(factors, name) for name, weight in self.weights.items())

    def __call__(self, factors: Factors) -> float:
        return 1.0 / (1.0 + math.exp(-max(min(self.logit(factors), 50.0), -50.0)))

    @classmethod
    def fit(
        cls,
        factors: Sequence[Factors],
        relevant: Sequence[bool],
        features: Sequence[str] = FEATURES,
        iterations: int = 50,
    ) -> "Relevance":
        """Logistic regression of ``relevant`` on ``features`` of ``factors`` (Newton's method, a small
        ridge keeps it finite when a feature separates the labels)."""
        x = np.array([[1.0, *(feature(row, name) for name in features)] for row in factors], dtype=np.float64)
        y = np.asarray(relevant, dtype=np.float64)
        beta = np.zeros(x.shape[1])
        ridge = SMALL_RIDGE * np.eye(x.shape[1])
        for _ in range(iterations):
            p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -50.0, 50.0)))
            gradient = x.T @ (y - p) - ridge @ beta
            hessian = (x * (p * (1 - p))[:, None]).T @ x + ridge
            step = np.linalg.solve(hessian, gradient)
            beta += step
            if np.abs(step).max() < 1e-9:
                break
        weights = {name: round(float(value), 3) for name, value in zip(features, beta[1:], strict=True)}
        return cls(round(float(beta[0]), 3), weights)

    @classmethod
    def fit_ranking(
        cls,
        nodes: Sequence[Sequence[tuple[Factors, bool]]],
        features: Sequence[str] = FEATURES,
        ridge: float = RANKING_RIDGE,
    ) -> "Relevance":
        """The weights that put each node's curated companies first among its candidates, scaled to
        P(curated).

        ``nodes`` holds, per node asked, every candidate's factors and whether it is curated there.
        The weights maximise the sum over nodes of the mean log-probability a softmax over the node's
        candidates gives its curated ones (the top of each list is what is learnt, not the many easy
        negatives), with an L2 penalty ``ridge``; then ``fit`` of the labels on the weighted sum
        turns it into a probability (Platt scaling), which keeps the order.
        """
        lists = [
            (
                np.array([[feature(row, name) for name in features] for row, _ in node], dtype=np.float64),
                np.array([label for _, label in node], dtype=np.float64),
            )
            for node in nodes
        ]
        lists = [(x, y) for x, y in lists if y.any()]
        # Listing risk only gets the small ridge that keeps it finite: so few candidates carry it
        # that the full penalty would all but erase it (no curated company carries it).
        penalty = np.array([SMALL_RIDGE if name == "listing_risk" else ridge for name in features])

        def loss(weights: np.ndarray) -> tuple[float, np.ndarray]:
            value, gradient = 0.5 * float(weights @ (penalty * weights)), penalty * weights
            for x, y in lists:
                scores = x @ weights
                scores -= scores.max()
                log_total = math.log(np.exp(scores).sum())
                value -= float(y @ (scores - log_total)) / y.sum()
                gradient -= x.T @ y / y.sum() - x.T @ np.exp(scores - log_total)
            return value, gradient

        weights = minimize(loss, np.zeros(len(features)), jac=True, method="L-BFGS-B").x
        scores = [{"ranking": float(x_row @ weights)} for x, _ in lists for x_row in x]
        scale = cls.fit(scores, [bool(label) for _, y in lists for label in y], ["ranking"])
        slope = scale.weights["ranking"]
        return cls(
            scale.intercept,
            {name: round(slope * float(value), 3) for name, value in zip(features, weights, strict=True)},
        )


# Fitted by ``Relevance.fit_ranking`` on the tune chains' 85 nodes asked by id and by English name
# (``benchmarks.eval.run``): 170 candidate lists, 54,605 labelled candidates, 244 of them curated.
# At semantic 0.8, a company two standard deviations larger than the median listed one (size 0.85
# against 0.5) gains 1.96 in log-odds; at semantic 0.2, 0.49. A company both channels put high
# (lexical and semantic 0.9) gains 2.71 over the sum of the two alone. ``make eval`` prints the refit
# and how the probabilities hold on the held-out chains.
RELEVANCE = Relevance(
    intercept=-7.166,
    weights={
        "lexical": 0.358,
        "semantic": -1.701,
        "product": 0.657,
        "listing_risk": -6.035,
        "size*semantic": 6.996,
        "lexical*semantic": 3.345,
    },
)


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
