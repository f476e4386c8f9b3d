"""Membership against the curated node–company links: precision, recall, reliability, and the fit.

The benchmark's nodes (``benchmark.build_benchmark``: the nodes of ``strategic_chains_28.csv`` whose
representative companies are listed) are read with the service's own ``membership.compute.Reader``
over the benchmark's companies, with no curated link given (they are what is predicted). A node's
representatives are its positives; every other company with evidence there is a negative.

Chains are split as in the companies-for-node benchmark (``run.split_chains``): the model's
weights and its ``MEMBER_MIN`` (best F2) are fitted on the dev chains only (``fit``), and precision and
recall are reported on the dev chains and on the held-out chains, whole chains apart. Precision is
a lower bound: a node's curated list names a few representatives, not every company that makes it.
"""

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from itertools import pairwise

import numpy as np

from benchmarks.eval.benchmark import Benchmark
from benchmarks.eval.run import split_chains
from services.match.embedding.encoder import Encoder
from services.match.index import build_index
from services.match.membership.compute import NodeRef, Reader
from services.match.membership.model import FEATURES, MEMBER_MIN, MODEL, MembershipModel

F_BETA = 2.0
RELIABILITY_BINS = (0.0, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0001)


@dataclass(frozen=True)
class Pair:
    split: str  # dev | held_out
    node: int
    company: int
    features: tuple[float, ...]
    relevant: bool


@dataclass(frozen=True)
class SplitScore:
    precision: float
    recall: float
    reach: float  # share of the curated links with any evidence at all: the recall no threshold passes
    members: int
    relevant: int
    nodes: int


@dataclass(frozen=True)
class MembershipReport:
    model: MembershipModel
    member_min: float
    dev: SplitScore
    held_out: SplitScore
    refit: MembershipModel
    refit_member_min: float
    # (from, to, pairs, mean confidence, share relevant) on the held-out chains
    reliability: list[tuple[float, float, int, float, float]]

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def candidate_pairs(benchmark: Benchmark, vectors: np.ndarray, encoder: Encoder) -> list[Pair]:
    """Every (node, company with evidence) pair of the benchmark, labelled by the curated links."""
    profiles = {profile.id: profile for profile in benchmark.companies}
    ids = np.fromiter(profiles, dtype=np.int64)
    reader = Reader(profiles, {}, build_index(ids, vectors), min_confidence=0.0)
    dev_chains, _ = split_chains(benchmark.chains)
    chain_ids = {chain: position for position, chain in enumerate(benchmark.chains)}
    refs = [
        NodeRef(
            id=position,
            chain_id=chain_ids[node.query.chain],
            chain=node.query.chain,
            name=node.query.node,
            path=node.query.path,
            query=node.query,
            curated=frozenset(),
        )
        for position, node in enumerate(benchmark.nodes)
    ]
    _, found = reader.read_nodes(refs, encoder)
    pairs = []
    for ref, node in zip(refs, benchmark.nodes, strict=True):
        split = "dev" if node.query.chain in dev_chains else "held_out"
        for member in found[ref.id]:
            features = tuple(member.factors[name] for name in FEATURES)
            pairs.append(Pair(split, ref.id, member.company_id, features, member.company_id in node.relevant))
    return pairs


def fit(pairs: Sequence[Pair], iterations: int = 25, ridge: float = 1e-3) -> MembershipModel:
    """Logistic regression by Newton's method (a small ridge keeps it finite on separable data)."""
    x = np.array([(1.0, *p.features) for p in pairs], dtype=np.float64)
    y = np.array([p.relevant for p in pairs], dtype=np.float64)
    w = np.zeros(x.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -50, 50)))
        gradient = x.T @ (p - y) + ridge * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + ridge * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    return MembershipModel(round(float(w[0]), 3), tuple(round(float(v), 3) for v in w[1:]))


def score(
    pairs: Sequence[Pair], benchmark: Benchmark, split: str, model: MembershipModel, member_min: float
) -> SplitScore:
    dev_chains, _ = split_chains(benchmark.chains)
    nodes = [
        position
        for position, node in enumerate(benchmark.nodes)
        if (node.query.chain in dev_chains) == (split == "dev")
    ]
    relevant = sum(len(benchmark.nodes[position].relevant) for position in nodes)
    members = [p for p in pairs if p.split == split and _confidence(model, p) >= member_min]
    hits = sum(p.relevant for p in members)
    reached = sum(p.relevant for p in pairs if p.split == split)
    return SplitScore(
        precision=round(hits / len(members), 4) if members else 0.0,
        recall=round(hits / relevant, 4) if relevant else 0.0,
        reach=round(reached / relevant, 4) if relevant else 0.0,
        members=len(members),
        relevant=relevant,
        nodes=len(nodes),
    )


def best_threshold(pairs: Sequence[Pair], benchmark: Benchmark, model: MembershipModel) -> float:
    """The ``MEMBER_MIN`` with the best F2 on the dev chains: recall weighs more, because precision
    against curated lists that name a few representatives is only a lower bound."""

    def f2(threshold: float) -> float:
        result = score(pairs, benchmark, "dev", model, threshold)
        total = F_BETA**2 * result.precision + result.recall
        return (1 + F_BETA**2) * result.precision * result.recall / total if total else 0.0

    return max((round(t, 2) for t in np.arange(0.05, 0.95, 0.05)), key=f2)


def reliability(
    pairs: Sequence[Pair], model: MembershipModel
) -> list[tuple[float, float, int, float, float]]:
    rows = []
    held_out = [(_confidence(model, p), p.relevant) for p in pairs if p.split == "held_out"]
    for low, high in pairwise(RELIABILITY_BINS):
        inside = [(c, r) for c, r in held_out if low <= c < high]
        if inside:
            mean = sum(c for c, _ in inside) / len(inside)
            rows.append(
                (
                    low,
                    min(high, 1.0),
                    len(inside),
                    round(mean, 3),
                    round(sum(r for _, r in inside) / len(inside), 3),
                )
            )
    return rows


def _confidence(model: MembershipModel, pair: Pair) -> float:
    return model.confidence(dict(zip(FEATURES, pair.features, strict=True)))


def evaluate(benchmark: Benchmark, vectors: np.ndarray, encoder: Encoder) -> MembershipReport:
    pairs = candidate_pairs(benchmark, vectors, encoder)
    dev = [p for p in pairs if p.split == "dev"]
    refit = fit(dev)
    return MembershipReport(
        model=MODEL,
        member_min=MEMBER_MIN,
        dev=score(pairs, benchmark, "dev", MODEL, MEMBER_MIN),
        held_out=score(pairs, benchmark, "held_out", MODEL, MEMBER_MIN),
        refit=refit,
        refit_member_min=best_threshold(pairs, benchmark, refit),
        reliability=reliability(pairs, MODEL),
    )


def format_membership(report: MembershipReport) -> str:
    rows = [
        f"membership (model {report.model}, member at confidence >= {report.member_min})",
        f"{'chains':10s} {'precision':>9s} {'recall':>7s} {'reach':>6s} {'members':>8s} {'curated':>8s} {'nodes':>6s}",
    ]
    for name, result in (("dev", report.dev), ("held-out", report.held_out)):
        rows.append(
            f"{name:10s} {result.precision:9.3f} {result.recall:7.3f} {result.reach:6.3f} {result.members:8d} {result.relevant:8d} {result.nodes:6d}"
        )
    rows.append("reliability on the held-out chains (confidence bin: pairs, mean confidence, share curated):")
    rows += [
        f"  [{low:.1f}, {high:.1f}): {n:5d}  {mean:.3f}  {rate:.3f}"
        for low, high, n, mean, rate in report.reliability
    ]
    rows.append(f"refit on the dev chains: {report.refit}, best member threshold {report.refit_member_min}")
    return "\n".join(rows)
