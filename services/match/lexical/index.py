"""A BM25 index over short documents, held as sparse matrices.

Every document is a row of term counts. BM25 weights (idf x saturated term frequency) are computed
once per build into a term x document matrix, so scoring a query is a sum of a few matrix rows.
The catalog changes while the service runs: added documents are weighted with the current
statistics into a small delta matrix, removed ones are masked, and the whole index is rebuilt from
the stored counts (no re-tokenising) once the changes since the last build pass a share of the
documents. A filter is applied inside the search, before the top k are taken, so a filtered query
still returns k documents when k match.
"""

import json
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from services.match.lexical.analyzer import Analyzer

_CONFIG_FILE = "lexical.json"
_COUNTS_FILE = "counts.npz"


@dataclass(frozen=True)
class QueryPart:
    """A piece of the query and how much its terms count (a chain node's name above its path)."""

    text: str
    weight: float = 1.0


@dataclass(frozen=True)
class LexicalHit:
    doc_id: int
    score: float


Query = str | Sequence[QueryPart]


class LexicalIndex:
    def __init__(
        self,
        analyzer: Analyzer | None = None,
        *,
        k1: float = 1.2,
        b: float = 0.75,
        rebuild_fraction: float = 0.05,
        rebuild_min_changes: int = 64,
    ) -> None:
        self.analyzer = analyzer or Analyzer()
        self.k1 = k1
        self.b = b
        self.rebuild_fraction = rebuild_fraction
        self.rebuild_min_changes = rebuild_min_changes
        self._vocabulary: dict[str, int] = {}
        self._row_doc: list[int] = []
        self._doc_row: dict[int, int] = {}
        self._live = np.zeros(0, dtype=bool)
        self._lengths = np.zeros(0, dtype=np.float64)
        self._document_frequency = np.zeros(0, dtype=np.int64)
        # Counts of the rows of the last build, and of the rows added since (one Counter per row).
        self._base_counts = sp.csr_matrix((0, 0), dtype=np.float64)
        self._delta_counts: list[Counter[int]] = []
        self._mean_length = 1.0
        self._base_weights = sp.csr_matrix((0, 0), dtype=np.float64)
        self._delta_weights = sp.csr_matrix((0, 0), dtype=np.float64)
        self._changes = 0

    # --- contents ---------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._doc_row)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._doc_row

    @property
    def doc_ids(self) -> list[int]:
        return [doc for row, doc in enumerate(self._row_doc) if self._live[row]]

    def add(self, documents: Mapping[int, str]) -> None:
        """Index the documents, replacing any already indexed under the same id."""
        self.remove([doc_id for doc_id in documents if doc_id in self._doc_row])
        new_rows: list[Counter[int]] = []
        for doc_id, text in documents.items():
            counts = Counter(self._term_id(term) for term in self.analyzer.terms(text))
            self._doc_row[doc_id] = len(self._row_doc)
            self._row_doc.append(doc_id)
            new_rows.append(counts)
        self._grow_frequencies()
        for counts in new_rows:
            self._document_frequency[list(counts)] += 1
        self._delta_counts.extend(new_rows)
        self._live = np.concatenate([self._live, np.ones(len(new_rows), dtype=bool)])
        self._lengths = np.concatenate(
            [self._lengths, np.array([sum(c.values()) for c in new_rows], dtype=np.float64)]
        )
        self._changes += len(new_rows)
        self._refresh()

    def remove(self, doc_ids: Iterable[int]) -> None:
        """Forget the documents; unknown ids are ignored."""
        removed = 0
        for doc_id in doc_ids:
            row = self._doc_row.pop(doc_id, None)
            if row is None:
                continue
            self._live[row] = False
            self._document_frequency[self._row_terms(row)] -= 1
            removed += 1
        if removed:
            self._changes += removed
            self._refresh()

    # --- search -----------------------------------------------------------------------------------
    def search(self, query: Query, k: int, allowed: Collection[int] | None = None) -> list[LexicalHit]:
        """The k best documents with a positive score, among ``allowed`` ids when given."""
        if k <= 0:
            return []
        scores = self._row_scores(query)
        eligible = self._live.copy()
        if allowed is not None:
            mask = np.zeros_like(eligible)
            rows = [self._doc_row[doc_id] for doc_id in allowed if doc_id in self._doc_row]
            mask[rows] = True
            eligible &= mask
        candidates = np.flatnonzero(eligible & (scores > 0))
        if k < len(candidates):
            candidates = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
        ordered = candidates[np.lexsort((candidates, -scores[candidates]))]
        return [LexicalHit(self._row_doc[row], float(scores[row])) for row in ordered]

    def frequency(self, text: str) -> int:
        """How many live documents hold the rarest term of ``text``: at least as many as use ``text``."""
        counts = [
            int(self._document_frequency[position])
            if (position := self._vocabulary.get(term)) is not None
            and position < len(self._document_frequency)
            else 0
            for term in self.analyzer.terms(text)
        ]
        return min(counts, default=0)

    def query_terms(self, query: Query) -> dict[str, float]:
        """The query's indexed terms with their summed weights."""
        parts = [QueryPart(query)] if isinstance(query, str) else query
        weights: dict[str, float] = {}
        for part in parts:
            if part.weight <= 0:
                continue
            for term in self.analyzer.terms(part.text):
                if term in self._vocabulary:
                    weights[term] = weights.get(term, 0.0) + part.weight
        return weights

    # --- persistence ------------------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        """Write the live documents' counts and the settings, rebuilding first if anything changed
        since the last build, so the saved and the loaded index score alike."""
        if self._changes:
            self._compact()
            self._rebuild()
        directory.mkdir(parents=True, exist_ok=True)
        counts = self._base_counts
        config = {
            "analyzer": self.analyzer.to_dict(),
            "k1": self.k1,
            "b": self.b,
            "rebuild_fraction": self.rebuild_fraction,
            "rebuild_min_changes": self.rebuild_min_changes,
            "terms": sorted(self._vocabulary, key=self._vocabulary.__getitem__),
            "doc_ids": self._row_doc,
        }
        sp.save_npz(directory / _COUNTS_FILE, counts)
        temporary = directory / f".{_CONFIG_FILE}.tmp"
        temporary.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
        temporary.replace(directory / _CONFIG_FILE)

    @classmethod
    def load(cls, directory: Path) -> "LexicalIndex":
        config = json.loads((directory / _CONFIG_FILE).read_text(encoding="utf-8"))
        index = cls(
            Analyzer(**config["analyzer"]),
            k1=config["k1"],
            b=config["b"],
            rebuild_fraction=config["rebuild_fraction"],
            rebuild_min_changes=config["rebuild_min_changes"],
        )
        counts = sp.load_npz(directory / _COUNTS_FILE).tocsr().astype(np.float64)
        index._vocabulary = {term: position for position, term in enumerate(config["terms"])}
        index._row_doc = [int(doc_id) for doc_id in config["doc_ids"]]
        index._doc_row = {doc_id: row for row, doc_id in enumerate(index._row_doc)}
        index._live = np.ones(len(index._row_doc), dtype=bool)
        index._lengths = np.asarray(counts.sum(axis=1)).ravel()
        index._document_frequency = np.diff(counts.tocsc().indptr).astype(np.int64)
        index._base_counts = counts
        index._rebuild()
        return index

    # --- internals --------------------------------------------------------------------------------
    def _term_id(self, term: str) -> int:
        return self._vocabulary.setdefault(term, len(self._vocabulary))

    def _grow_frequencies(self) -> None:
        missing = len(self._vocabulary) - len(self._document_frequency)
        if missing > 0:
            self._document_frequency = np.concatenate(
                [self._document_frequency, np.zeros(missing, dtype=np.int64)]
            )

    def _row_terms(self, row: int) -> list[int]:
        base_rows = self._base_counts.shape[0]
        if row < base_rows:
            start, end = self._base_counts.indptr[row], self._base_counts.indptr[row + 1]
            return self._base_counts.indices[start:end].tolist()
        return list(self._delta_counts[row - base_rows])

    def _all_counts(self) -> sp.csr_matrix:
        n_terms = len(self._vocabulary)
        base = self._base_counts
        base = sp.csr_matrix((base.data, base.indices, base.indptr), shape=(base.shape[0], n_terms))
        return sp.vstack([base, self._counts_matrix(self._delta_counts, n_terms)], format="csr")

    @staticmethod
    def _counts_matrix(rows: Sequence[Counter[int]], n_terms: int) -> sp.csr_matrix:
        indptr = np.cumsum([0, *(len(counts) for counts in rows)])
        indices = np.fromiter((t for counts in rows for t in counts), dtype=np.int64, count=indptr[-1])
        data = np.fromiter(
            (n for counts in rows for n in counts.values()), dtype=np.float64, count=indptr[-1]
        )
        return sp.csr_matrix((data, indices, indptr), shape=(len(rows), n_terms))

    def _refresh(self) -> None:
        threshold = max(self.rebuild_min_changes, self.rebuild_fraction * len(self._doc_row))
        if self._base_counts.shape[0] == 0 or self._changes >= threshold:
            self._compact()
            self._rebuild()
        else:
            self._delta_weights = self._weights(
                self._counts_matrix(self._delta_counts, len(self._vocabulary)),
                self._lengths[self._base_counts.shape[0] :],
            )

    def _compact(self) -> None:
        """Drop removed rows, and the terms only they used."""
        rows = np.flatnonzero(self._live)
        used = np.flatnonzero(self._document_frequency > 0)
        self._base_counts = self._all_counts()[rows][:, used]
        terms = sorted(self._vocabulary, key=self._vocabulary.__getitem__)
        self._vocabulary = {terms[old]: new for new, old in enumerate(used.tolist())}
        self._document_frequency = self._document_frequency[used]
        self._row_doc = [self._row_doc[row] for row in rows]
        self._doc_row = {doc_id: row for row, doc_id in enumerate(self._row_doc)}
        self._live = np.ones(len(rows), dtype=bool)
        self._lengths = self._lengths[rows]

    def _rebuild(self) -> None:
        self._delta_counts = []
        self._mean_length = float(self._lengths.mean()) if len(self._lengths) else 1.0
        self._base_weights = self._weights(self._base_counts, self._lengths)
        self._delta_weights = self._weights(self._counts_matrix([], len(self._vocabulary)), self._lengths[:0])
        self._changes = 0

    def _weights(self, counts: sp.csr_matrix, lengths: np.ndarray) -> sp.csr_matrix:
        """BM25 weights, terms x documents, with the current idf and the last build's mean length."""
        n_docs = max(len(self._doc_row), 1)
        frequency = self._document_frequency[: counts.shape[1]]
        idf = np.log1p((n_docs - frequency + 0.5) / (frequency + 0.5))
        coo = counts.tocoo()
        norm = self.k1 * (1 - self.b + self.b * lengths[coo.row] / self._mean_length)
        data = coo.data * (self.k1 + 1) / (coo.data + norm) * idf[coo.col]
        return sp.csr_matrix((data, (coo.col, coo.row)), shape=(counts.shape[1], counts.shape[0]))

    def _row_scores(self, query: Query) -> np.ndarray:
        weights = self.query_terms(query)
        scores = np.zeros(len(self._row_doc), dtype=np.float64)
        if not weights:
            return scores
        terms = np.array([self._vocabulary[t] for t in weights], dtype=np.int64)
        values = np.fromiter(weights.values(), dtype=np.float64, count=len(weights))
        base_rows = self._base_counts.shape[0]
        for matrix, offset in ((self._base_weights, 0), (self._delta_weights, base_rows)):
            known = terms < matrix.shape[0]
            if known.any() and matrix.shape[1]:
                part = matrix[terms[known]].T @ values[known]
                scores[offset : offset + matrix.shape[1]] += np.asarray(part).ravel()
        return scores
