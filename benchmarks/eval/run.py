"""Run the `companies-for-node` benchmark: each channel alone, plain fusion, and the pipeline.

Every method ranks the corpus for each benchmark node. recall@20 is the share of a node's relevant
companies in its first 20 results, MRR@100 the reciprocal rank of the first relevant one within 100
(0 beyond), both averaged over nodes, reported over all nodes and over two halves of the chains
(alternating in sorted order). The pipeline's relevance model (``ranking.reliability``) is fitted
here on the ``tune`` half only (``Relevance.fit_ranking``): the candidates of every tune node asked
by id and by its English name, one list per node and question, labelled by the curated links.
The committed ``RELEVANCE`` ranks the final pipeline; the refit is printed beside it, and refits
without a factor show what each factor adds. The ``held-out`` half shows what to expect on nodes
the model was not fitted to.
"""

import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from tqdm import tqdm

from benchmarks.eval.benchmark import Benchmark, build_benchmark, read_english_names
from benchmarks.eval.metrics import MRR_DEPTH, RECALL_DEPTH, Score
from benchmarks.eval.vectors import passage_vectors
from services.match.embedding.encoder import Encoder, model_fingerprint
from services.match.index import build_index
from services.match.lexical import Analyzer, LexicalIndex
from services.match.ranking import ChannelScores, CompanyProfile, NodeQuery, candidate_factors, profile_text
from services.match.ranking.channels import CANDIDATES, lexical_channel
from services.match.ranking.reliability import FEATURES, RELEVANCE, Relevance
from services.match.ranking.semantic import mean_direction, query_vector
from services.match.spaces.catalog_spaces import CatalogSpaces
from services.match.spaces.documents import company_text
from services.match.spaces.space import Space
from shared.settings import Settings

RRF_K = 60
RESULT_FILE = "companies_for_node.json"
FINAL = "pipeline (final)"
ENDPOINT = "endpoint: companies-for-node (service's spaces)"


@dataclass(frozen=True)
class MethodResult:
    method: str
    full: Score
    tune: Score
    held_out: Score


@dataclass(frozen=True)
class BenchmarkSummary:
    nodes: int
    companies: int
    nodes_with_representatives: int
    nodes_with_listed_representatives: int
    relevant_pairs: int
    tune_chains: list[str]
    held_out_chains: list[str]
    recall_depth: int = RECALL_DEPTH
    mrr_depth: int = MRR_DEPTH
    candidates_per_channel: int = CANDIDATES


@dataclass
class EvalReport:
    benchmark: BenchmarkSummary
    relevance: Relevance
    refit: Relevance
    methods: list[MethodResult] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)


def results_path(settings: Settings) -> Path:
    return settings.data_dir / "eval" / RESULT_FILE


def split_chains(chains: Sequence[str]) -> tuple[set[str], set[str]]:
    """(tune, held-out): the chains in sorted order, alternately."""
    ordered = sorted(chains)
    return set(ordered[0::2]), set(ordered[1::2])


def reciprocal_rank_fusion(*rankings: Sequence[int], k: int = RRF_K) -> list[int]:
    totals: dict[int, float] = {}
    for ranking in rankings:
        for rank, doc_id in enumerate(ranking, start=1):
            totals[doc_id] = totals.get(doc_id, 0.0) + 1.0 / (k + rank)
    return sorted(totals, key=lambda doc_id: (-totals[doc_id], doc_id))


def score_method(method: str, benchmark: Benchmark, rankings: Sequence[Sequence[int]]) -> MethodResult:
    tune_chains, _ = split_chains(benchmark.chains)
    parts: dict[str, tuple[list[Sequence[int]], list[frozenset[int]]]] = {
        "full": ([], []),
        "tune": ([], []),
        "held_out": ([], []),
    }
    for ranked, node in zip(rankings, benchmark.nodes, strict=True):
        half = "tune" if node.query.chain in tune_chains else "held_out"
        for name in ("full", half):
            parts[name][0].append(ranked)
            parts[name][1].append(node.relevant)
    return MethodResult(method, *(Score.of(*parts[name]) for name in ("full", "tune", "held_out")))


def _timed(timings: dict[str, float], name: str, started: float) -> None:
    timings[name] = round(time.perf_counter() - started, 2)


def _encode_queries(encoder: Encoder, texts: list[str], what: str) -> np.ndarray:
    batches = range(0, len(texts), 64)
    return np.concatenate(
        [
            np.asarray(encoder.encode_queries(texts[start : start + 64]), dtype=np.float32)
            for start in tqdm(batches, desc=f"embedding {what}", unit="batch")
        ]
    )


def _best(ids: np.ndarray, scores: np.ndarray, depth: int) -> list[int]:
    return ids[np.argsort(-scores, kind="stable")[:depth]].tolist()


@dataclass(frozen=True)
class ChannelResults:
    """Per benchmark node: the lexical channel's hits and every company's semantic similarity."""

    ids: np.ndarray
    lexical: list[ChannelScores]
    similarities: np.ndarray

    def semantic(self, position: int) -> ChannelScores:
        """What the vector index returns: the ``CANDIDATES`` most similar companies."""
        row = self.similarities[position]
        best = np.argsort(-row, kind="stable")[:CANDIDATES]
        return ChannelScores(dict(zip(self.ids[best].tolist(), row[best].tolist(), strict=True)))


Candidates = list[dict[int, dict[str, float]]]  # per benchmark node: company -> factors


def _english_candidates(
    benchmark: Benchmark,
    profiles: dict[int, CompanyProfile],
    index: LexicalIndex,
    ids: np.ndarray,
    vectors: np.ndarray,
    encoder: Encoder,
) -> Candidates:
    """Each node asked by its English name, as the service asks it: bridged, both channels."""
    english = read_english_names()
    found = []
    for node in tqdm(benchmark.nodes, desc="English names", unit="node"):
        query = NodeQuery.free_text(english[node.query.node]).bridged(index.frequency)
        similarities = vectors @ query_vector(encoder, query)
        best = np.argsort(-similarities, kind="stable")[:CANDIDATES]
        semantic = ChannelScores(dict(zip(ids[best].tolist(), similarities[best].tolist(), strict=True)))
        found.append(candidate_factors(query, profiles, lexical_channel(index, query), semantic))
    return found


def _pipeline_rankings(
    benchmark: Benchmark,
    profiles: dict[int, CompanyProfile],
    channels: ChannelResults,
    english: Candidates,
    timings: dict[str, float],
) -> tuple[dict[str, list[list[int]]], Relevance]:
    """The pipeline with the committed model and with models refitted on the tune chains' nodes
    asked by id and by English name (all factors; without ``size``; without ``product``; the
    channels alone); and the full refit."""
    started = time.perf_counter()
    candidates = [
        candidate_factors(node.query, profiles, channels.lexical[position], channels.semantic(position))
        for position, node in enumerate(benchmark.nodes)
    ]
    timings["factors_ms_per_node"] = round(1000 * (time.perf_counter() - started) / len(benchmark.nodes), 2)
    tune, _ = split_chains(benchmark.chains)
    lists = [
        [(factors, company in node.relevant) for company, factors in found.items()]
        for asked in (candidates, english)
        for node, found in zip(benchmark.nodes, asked, strict=True)
        if node.query.chain in tune
    ]

    def refit(*left_out: str) -> Relevance:
        return Relevance.fit_ranking(
            lists, [name for name in FEATURES if not set(name.split("*")) & set(left_out)]
        )

    models = {
        "pipeline refit: channels and listing risk only": refit("product", "size"),
        "pipeline refit without size": refit("size"),
        "pipeline refit without product": refit("product"),
        "pipeline refit on the tune chains": refit(),
        FINAL: RELEVANCE,
    }
    rankings = {
        name: [
            sorted(found, key=lambda company: (-model.logit(found[company]), company))[:MRR_DEPTH]
            for found in candidates
        ]
        for name, model in models.items()
    }
    return rankings, models["pipeline refit on the tune chains"]


def _endpoint_rankings(
    benchmark: Benchmark,
    profiles: dict[int, CompanyProfile],
    lexical: LexicalIndex,
    ids: np.ndarray,
    vectors: np.ndarray,
    encoder: Encoder,
) -> list[list[int]]:
    """What POST /api/v1/match/companies-for-node returns: the service's own search spaces (the same
    lexical index, the corpus vectors in the service's vector index) answer every node."""
    spaces = CatalogSpaces({"company": Space("company", company_text, build_index(ids, vectors))}, lexical)
    return [
        [ranked.id for ranked in spaces.rank_companies(node.query, encoder, profiles, None, MRR_DEPTH)]
        for node in tqdm(benchmark.nodes, desc="endpoint", unit="node")
    ]


def run(settings: Settings, encoder: Encoder) -> EvalReport:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    benchmark = build_benchmark(settings.reference_data_dir)
    profiles = {profile.id: profile for profile in benchmark.companies}
    ids = np.fromiter(profiles, dtype=np.int64)
    documents = {doc_id: profile_text(profile) for doc_id, profile in profiles.items()}
    nodes = benchmark.nodes
    _timed(timings, "read_benchmark_s", started)

    started = time.perf_counter()
    index = LexicalIndex()
    index.add(documents)
    _timed(timings, "build_lexical_index_s", started)
    word_index = LexicalIndex(Analyzer(max_n=0, words=True))
    word_index.add(documents)

    started = time.perf_counter()
    cache_dir = settings.data_dir / "eval" / "cache"
    vectors = passage_vectors(encoder, list(documents.values()), cache_dir, model_fingerprint(encoder))
    _timed(timings, "embed_corpus_s (cached after the first run)", started)

    started = time.perf_counter()
    path_vectors = _encode_queries(encoder, [node.query.path for node in nodes], "node paths")
    name_vectors = _encode_queries(encoder, [node.query.node for node in nodes], "node names")
    _timed(timings, "embed_queries_s", started)

    started = time.perf_counter()
    query_vectors = np.stack(
        [mean_direction(np.stack(pair)) for pair in zip(path_vectors, name_vectors, strict=True)]
    )
    channels = ChannelResults(
        ids,
        [lexical_channel(index, node.query) for node in tqdm(nodes, desc="lexical search", unit="node")],
        query_vectors @ vectors.T,
    )
    _timed(timings, "search_channels_s", started)

    lexical_node = [list(channel.scores)[:MRR_DEPTH] for channel in channels.lexical]  # hits in rank order
    semantic_both = [_best(ids, row, MRR_DEPTH) for row in channels.similarities]
    english = _english_candidates(benchmark, profiles, index, ids, vectors, encoder)
    pipeline, refit = _pipeline_rankings(benchmark, profiles, channels, english, timings)
    rankings: dict[str, list[list[int]]] = {
        "lexical: jieba words, path (MODELS.md baseline)": [
            [hit.doc_id for hit in word_index.search(node.query.path, MRR_DEPTH)] for node in nodes
        ],
        "lexical: char 1-2-grams, path": [
            [hit.doc_id for hit in index.search(node.query.path, MRR_DEPTH)] for node in nodes
        ],
        "lexical: char 1-2-grams, node-weighted (channel)": lexical_node,
        "semantic: path (MODELS.md baseline)": [_best(ids, vectors @ q, MRR_DEPTH) for q in path_vectors],
        "semantic: mean of path and node name (channel)": semantic_both,
        "RRF k=60 of the two channels": [
            reciprocal_rank_fusion(a, b)[:MRR_DEPTH] for a, b in zip(lexical_node, semantic_both, strict=True)
        ],
        **pipeline,
        ENDPOINT: _endpoint_rankings(benchmark, profiles, index, ids, vectors, encoder),
    }

    tune, held_out = split_chains(benchmark.chains)
    report = EvalReport(
        benchmark=BenchmarkSummary(
            nodes=len(nodes),
            companies=len(profiles),
            nodes_with_representatives=benchmark.nodes_with_representatives,
            nodes_with_listed_representatives=benchmark.nodes_with_listed_representatives,
            relevant_pairs=sum(len(node.relevant) for node in nodes),
            tune_chains=sorted(tune),
            held_out_chains=sorted(held_out),
        ),
        relevance=RELEVANCE,
        refit=refit,
        methods=[score_method(name, benchmark, ranked) for name, ranked in rankings.items()],
        timings=timings,
    )
    path = results_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report.to_json(), encoding="utf-8")
    return report


def format_table(report: EvalReport) -> str:
    header = f"{'method':52s} {'recall@20':>9s} {'MRR@100':>8s} {'nodes':>5s} {'tune R / MRR':>16s} {'held-out R / MRR':>18s}"
    rows = [header, "-" * len(header)]
    for result in report.methods:
        full, tune, held = result.full, result.tune, result.held_out
        rows.append(
            f"{result.method:52s} {full.recall:9.3f} {full.mrr:8.3f} {full.nodes:5d} "
            f"{tune.recall:9.3f} / {tune.mrr:.3f} {held.recall:11.3f} / {held.mrr:.3f}"
        )
    first = report.methods[0]
    rows.append(f"\ntune chains ({first.tune.nodes} nodes): {'、'.join(report.benchmark.tune_chains)}")
    rows.append(
        f"held-out chains ({first.held_out.nodes} nodes): {'、'.join(report.benchmark.held_out_chains)}"
    )
    rows.append(f"relevance model: {report.relevance}\nrefit on the tune chains: {report.refit}")
    return "\n".join(rows)
