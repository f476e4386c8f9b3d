"""companies-for-node as a user asks it: by node id, by the node's path as free text, by its Chinese
name, by an English translation of the name; and the reliability of its score.

The English names (``ENGLISH_NAMES``, test data) were written by hand by a bilingual engineer from
each benchmark node's Chinese name, the way a reader of English trade press would say it, without
looking at CC-CEDICT, so the bridge is not measured on its own output. The reliability table bins
the returned probabilities of each node's 100 best companies (asked by node id) and sets them
against the share of curated companies, on the tune and on the held-out chains.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from benchmarks.eval.benchmark import Benchmark, BenchmarkNode, build_benchmark, read_english_names
from benchmarks.eval.metrics import MRR_DEPTH, Score
from benchmarks.eval.run import split_chains
from benchmarks.eval.vectors import passage_vectors
from services.match.embedding.encoder import Encoder, model_fingerprint
from services.match.index import build_index
from services.match.lexical import LexicalIndex
from services.match.ranking import NodeQuery, profile_text
from services.match.ranking.reliability import ReliabilityRow, format_reliability, reliability_table
from services.match.spaces.catalog_spaces import CatalogSpaces
from services.match.spaces.documents import company_text
from services.match.spaces.space import Space
from shared.settings import Settings


@dataclass
class QuestionReport:
    # way of asking -> (tune, held-out) scores
    scores: dict[str, tuple[Score, Score]] = field(default_factory=dict)
    reliability: dict[str, list[ReliabilityRow]] = field(default_factory=dict)


def _ways(english: dict[str, str]) -> dict[str, Callable[[BenchmarkNode], NodeQuery]]:
    return {
        "node id": lambda node: node.query,
        "free text: node path": lambda node: NodeQuery.free_text(node.query.path),
        "free text: Chinese node name": lambda node: NodeQuery.free_text(node.query.node),
        "free text: English node name": lambda node: NodeQuery.free_text(english[node.query.node]),
    }


def evaluate(settings: Settings, encoder: Encoder, benchmark: Benchmark | None = None) -> QuestionReport:
    benchmark = benchmark or build_benchmark(settings.reference_data_dir)
    profiles = {profile.id: profile for profile in benchmark.companies}
    documents = {doc_id: profile_text(profile) for doc_id, profile in profiles.items()}
    lexical = LexicalIndex()
    lexical.add(documents)
    vectors = passage_vectors(
        encoder, list(documents.values()), settings.data_dir / "eval" / "cache", model_fingerprint(encoder)
    )
    ids = np.fromiter(profiles, dtype=np.int64)
    spaces = CatalogSpaces({"company": Space("company", company_text, build_index(ids, vectors))}, lexical)
    tune, _ = split_chains(benchmark.chains)
    report = QuestionReport()
    labelled: dict[str, tuple[list[float], list[bool]]] = {"tune": ([], []), "held-out": ([], [])}
    for way, ask in _ways(read_english_names()).items():
        halves: dict[str, tuple[list[list[int]], list[frozenset[int]]]] = {
            "tune": ([], []),
            "held-out": ([], []),
        }
        for node in benchmark.nodes:
            half = "tune" if node.query.chain in tune else "held-out"
            ranked = spaces.rank_companies(ask(node), encoder, profiles, None, MRR_DEPTH)
            halves[half][0].append([company.id for company in ranked])
            halves[half][1].append(node.relevant)
            if way == "node id":
                labelled[half][0].extend(company.score for company in ranked)
                labelled[half][1].extend(company.id in node.relevant for company in ranked)
        report.scores[way] = (Score.of(*halves["tune"]), Score.of(*halves["held-out"]))
    report.reliability = {half: reliability_table(*pairs) for half, pairs in labelled.items()}
    return report


def format_questions(report: QuestionReport) -> str:
    header = f"{'companies-for-node, asked by':34s} {'tune R@20 / MRR':>16s} {'held-out R@20 / MRR':>20s}"
    lines = [header, "-" * len(header)]
    for way, (tune, held_out) in report.scores.items():
        lines.append(
            f"{way:34s} {tune.recall:9.3f} / {tune.mrr:.3f} {held_out.recall:12.3f} / {held_out.mrr:.3f}"
        )
    chinese = report.scores["free text: Chinese node name"]
    english = report.scores["free text: English node name"]
    lines.append(
        "English / Chinese node-name recall@20: "
        f"tune {english[0].recall / chinese[0].recall:.0%}, held-out {english[1].recall / chinese[1].recall:.0%}"
    )
    return "\n".join(lines) + "\n\n" + format_reliability(report.reliability)
