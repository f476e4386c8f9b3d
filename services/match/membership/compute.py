"""Finding and scoring the companies that work at chain nodes: node by node, or company by company.

A node's candidates are the companies whose products, industry or supply links hold one of the
node name's specific words (found in one pass over all companies' texts), plus the catalog's curated
links. Each candidate is read (``evidence``), its profile vector compared with the node's, and
scored (``model``). A node's vector is the mean of its path's and its name's query embeddings (as in
``companies-for-node``); the cosines are calibrated against the node's 200 closest companies.
Re-reading one company against every node uses the same functions and the nodes' saved vectors
and calibrations, so a company edit costs one company, a chain edit one chain.
"""

import bisect
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

import numpy as np

from services.match.chains.coverage import leaf_nodes, node_path, node_query
from services.match.embedding.encoder import Encoder
from services.match.index import IdFilter, VectorIndex
from services.match.lexical import word_bounds
from services.match.membership.evidence import (
    GENERIC_WORDS,
    industry_evidence,
    product_evidence,
    specific_match,
    supply_evidence,
)
from services.match.membership.model import CURATED_CONFIDENCE, MEMBER_MIN, MODEL, MembershipModel
from services.match.ranking import Calibration, ChannelScores, CompanyProfile, NodeQuery
from services.match.ranking.semantic import mean_direction

Record = Mapping[str, Any]
# Supplier id -> (product, buyer name) of its supply links.
Supplied = Mapping[int, Sequence[tuple[str, str]]]
# Companies a node's cosines are calibrated against (the semantic channel's depth).
SEMANTIC_REFERENCE = 200
ENCODE_BATCH = 64


@dataclass(frozen=True)
class NodeRef:
    """A node companies work at (a leaf of its chain), as membership reads it."""

    id: int
    chain_id: int
    chain: str
    name: str
    path: str
    query: NodeQuery
    curated: frozenset[int]


@dataclass(frozen=True)
class NodeSemantics:
    """The node's query vector and the calibration of its cosines."""

    vector: np.ndarray
    scale: Calibration


@dataclass(frozen=True)
class Member:
    company_id: int
    node_id: int
    chain_id: int
    confidence: float
    # product, industry, supply, semantic: the model's readings; curated: 1.0 for a catalog link.
    factors: dict[str, float]
    evidence: tuple[str, ...]


def node_refs(chain: Record) -> list[NodeRef]:
    """The chain's leaf nodes, each with its query (name, sub-segment, chain) and curated companies."""
    refs = []
    for node in leaf_nodes(chain):
        refs.append(
            NodeRef(
                id=int(node["id"]),
                chain_id=int(chain["id"]),
                chain=chain["name"],
                name=node["name"],
                path=" > ".join(node_path(chain, node)),
                query=node_query(chain, node),
                curated=frozenset(int(c) for c in node.get("company_ids", [])),
            )
        )
    return refs


def supplied_by(supply_links: Iterable[Record], names: Mapping[int, str]) -> dict[int, list[tuple[str, str]]]:
    supplied: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for link in supply_links:
        if link.get("product"):
            buyer = names.get(int(link["buyer_id"]), str(link["buyer_id"]))
            supplied[int(link["supplier_id"])].append((str(link["product"]), buyer))
    return supplied


def encode_nodes(encoder: Encoder, nodes: Sequence[NodeRef]) -> np.ndarray:
    """Each node's query vector: the normalised mean of its texts' embeddings."""
    texts = [node.query.semantic_texts() for node in nodes]
    flat = [text for group in texts for text in group]
    if not flat:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    encoded = np.concatenate(
        [
            np.asarray(encoder.encode_queries(flat[start : start + ENCODE_BATCH]), dtype=np.float32)
            for start in range(0, len(flat), ENCODE_BATCH)
        ]
    )
    rows, start = [], 0
    for group in texts:
        rows.append(mean_direction(encoded[start : start + len(group)]))
        start += len(group)
    return np.stack(rows)


class Finder:
    """Which companies' products, industry or supplied products hold a word (one scan per word)."""

    def __init__(self, profiles: Mapping[int, CompanyProfile], supplied: Supplied) -> None:
        self.ids: list[int] = []
        self.starts: list[int] = []
        parts, offset = [], 0
        for company_id, profile in profiles.items():
            words = [profile.industry_label, *(name for name, _ in profile.main_products)]
            words += [product for product, _ in supplied.get(company_id, ())]
            text = "\t".join(words).lower() + "\n"
            self.ids.append(company_id)
            self.starts.append(offset)
            parts.append(text)
            offset += len(text)
        self.text = "".join(parts)

    def companies(self, *terms: str) -> set[int]:
        """The companies whose texts hold a search word of any of ``terms``."""
        found: set[int] = set()
        for word in {w for term in terms if term for w in search_words(term)}:
            position = self.text.find(word)
            while position >= 0:
                row = bisect.bisect_right(self.starts, position) - 1
                found.add(self.ids[row])
                # skip to the next company: one hit per company is enough
                following = row + 1
                if following >= len(self.starts):
                    break
                position = self.text.find(word, self.starts[following])
        return found


def _segment_evidence(sub_segment: str, profile: CompanyProfile) -> tuple[float, str | None]:
    """A product or the industry covering the node's sub-segment: (strength, evidence line)."""
    industry = industry_evidence(sub_segment, profile, "所属环节")
    if industry:
        return 1.0, industry
    product = product_evidence(sub_segment, profile)
    return (product.strength, product.describe("所属环节")) if product else (0.0, None)


@lru_cache(maxsize=8192)
def search_words(term: str) -> frozenset[str]:
    """The node name whole and its specific words (two characters or more, not generic heads)."""
    lowered = term.strip().lower()
    bounds = word_bounds(lowered)
    words = {lowered[a:b] for a, b in pairwise(bounds)}
    return frozenset({lowered} | {w for w in words if len(w.strip()) > 1 and w not in GENERIC_WORDS})


def _node_level(member: Member) -> bool:
    """Whether the member rests on evidence of the node itself (its product, industry or supply link
    covers the node's name, or the catalog lists it), not only on the node's sub-segment."""
    factors = member.factors
    return any(factors.get(name, 0.0) > 0 for name in ("product", "industry", "supply", "curated"))


def texts_covering(term: str, profile: CompanyProfile) -> frozenset[str]:
    """The company's texts (its 申万 industry, its main products) whose reading covers ``term``."""
    texts = [profile.industry_label, *(name for name, _ in profile.main_products)]
    return frozenset(text for text in texts if text and specific_match(term, text) is not None)


def specific_over_segment(
    members: Iterable[Member], nodes: Mapping[int, NodeRef], profiles: Mapping[int, CompanyProfile]
) -> list[Member]:
    """``members`` without those resting on a sub-segment alone where each text of the company that
    covers the sub-segment places it at a node of that sub-segment by itself: the specific reading of
    a text places the company, not the general one. 思瑞浦's industry (模拟芯片设计) puts it at
    模拟芯片, not also at CPU/GPU and 存储芯片 for sharing 芯片设计 with them; 宁德时代's 储能系统 covers
    储能 and no node of it, so it still places the company at that sub-segment's nodes."""
    found = list(members)
    read: dict[tuple[int, int, str], set[str]] = defaultdict(set)  # texts read at a node, by sub-segment
    for m in found:
        node = nodes[m.node_id]
        if _node_level(m) and (profile := profiles.get(m.company_id)) is not None:
            read[m.company_id, m.chain_id, node.query.sub_segment] |= texts_covering(node.name, profile)

    def placed_elsewhere(m: Member) -> bool:
        sub_segment = nodes[m.node_id].query.sub_segment
        covering = texts_covering(sub_segment, profiles[m.company_id])
        return bool(covering) and covering <= read.get((m.company_id, m.chain_id, sub_segment), set())

    return [m for m in found if _node_level(m) or not placed_elsewhere(m)]


class Reader:
    """Reads companies against nodes and scores what it finds."""

    def __init__(
        self,
        profiles: Mapping[int, CompanyProfile],
        supplied: Supplied,
        index: VectorIndex,
        model: MembershipModel = MODEL,
        min_confidence: float = MEMBER_MIN,
    ) -> None:
        self.profiles = profiles
        self.supplied = supplied
        self.index = index
        self.model = model
        self.min_confidence = min_confidence

    def calibrate(self, vectors: np.ndarray) -> list[Calibration]:
        if not len(vectors):
            return []
        scores, ids = self.index.search(vectors, SEMANTIC_REFERENCE)
        return [
            Calibration.of(
                ChannelScores({int(i): float(s) for i, s in zip(row_ids, row, strict=True) if i >= 0})
            )
            for row, row_ids in zip(scores, ids, strict=True)
        ]

    def cosines(self, vectors: np.ndarray, company_ids: Collection[int]) -> list[dict[int, float]]:
        """Per node vector, the cosine of each of ``company_ids`` (those the index holds)."""
        if not company_ids or not len(vectors):
            return [{} for _ in range(len(vectors))]
        allowed = IdFilter(np.fromiter(company_ids, dtype=np.int64, count=len(company_ids)))
        scores, ids = self.index.search(vectors, len(company_ids), allowed)
        return [
            {int(i): float(s) for i, s in zip(row_ids, row, strict=True) if i >= 0}
            for row, row_ids in zip(scores, ids, strict=True)
        ]

    def member(
        self, node: NodeRef, semantics: NodeSemantics, company_id: int, cosine: float | None
    ) -> Member | None:
        """The company's membership of the node, or None when its evidence does not reach a member."""
        profile = self.profiles.get(company_id)
        if profile is None:
            return None
        term = node.name
        lines: list[str] = []
        product = product_evidence(term, profile)
        if product is not None:
            lines.append(product.describe())
        industry = industry_evidence(term, profile)
        if industry is not None:
            lines.append(industry)
        supply = supply_evidence(term, self.supplied.get(company_id, ()))
        if supply is not None:
            lines.append(supply)
        segment = 0.0
        if not lines and node.query.sub_segment:
            segment, line = _segment_evidence(node.query.sub_segment, profile)
            if line:
                lines.append(line)
        curated = company_id in node.curated
        if curated:
            lines.append(f"产业链图谱将其列为「{node.name}」环节的代表企业")
        if not lines:
            return None
        factors = {
            "product": round(product.strength, 4) if product else 0.0,
            "industry": 1.0 if industry else 0.0,
            "supply": 1.0 if supply else 0.0,
            "segment": round(segment, 4),
            "semantic": round(semantics.scale(cosine), 4) if cosine is not None else 0.0,
        }
        confidence = self.model.confidence(factors)
        if curated:
            confidence = max(confidence, CURATED_CONFIDENCE)
        elif confidence < self.min_confidence:
            return None
        return Member(
            company_id=company_id,
            node_id=node.id,
            chain_id=node.chain_id,
            confidence=round(confidence, 4),
            factors={**factors, "curated": 1.0 if curated else 0.0},
            evidence=tuple(lines),
        )

    def read_nodes(
        self, nodes: Sequence[NodeRef], encoder: Encoder
    ) -> tuple[dict[int, NodeSemantics], dict[int, list[Member]]]:
        """Every node's semantics and members (companies found by the finder, and curated ones)."""
        vectors = encode_nodes(encoder, nodes)
        scales = self.calibrate(vectors)
        finder = Finder(self.profiles, self.supplied)
        semantics: dict[int, NodeSemantics] = {}
        members: dict[int, list[Member]] = {}
        for node, vector, scale in zip(nodes, vectors, scales, strict=True):
            semantics[node.id] = NodeSemantics(vector, scale)
            candidates = finder.companies(node.name, node.query.sub_segment) | (
                node.curated & self.profiles.keys()
            )
            cosines = self.cosines(vector.reshape(1, -1), candidates)[0]
            found = (self.member(node, semantics[node.id], c, cosines.get(c)) for c in sorted(candidates))
            members[node.id] = [m for m in found if m is not None]
        refs = {node.id: node for node in nodes}
        kept = specific_over_segment(
            (m for node_members in members.values() for m in node_members), refs, self.profiles
        )
        by_node: dict[int, list[Member]] = {node.id: [] for node in nodes}
        for member in kept:
            by_node[member.node_id].append(member)
        return semantics, by_node

    def read_companies(
        self, company_ids: Collection[int], nodes: Sequence[NodeRef], semantics: Mapping[int, NodeSemantics]
    ) -> dict[int, list[Member]]:
        """Each company's members over ``nodes`` (whose semantics were computed before)."""
        ids = [c for c in company_ids if c in self.profiles]
        finder = Finder({c: self.profiles[c] for c in ids}, self.supplied)
        # the nodes where one of the companies could have evidence: the finder's test, node by node
        candidates = {
            node.id: hits
            for node in nodes
            if node.id in semantics
            and (hits := finder.companies(node.name, node.query.sub_segment) | (node.curated & set(ids)))
        }
        read = [node for node in nodes if node.id in candidates]
        result: dict[int, list[Member]] = {c: [] for c in company_ids}
        if not read:
            return result
        cosines = self.cosines(np.stack([semantics[node.id].vector for node in read]), ids)
        for node, node_cosines in zip(read, cosines, strict=True):
            for company_id in sorted(candidates[node.id]):
                found = self.member(node, semantics[node.id], company_id, node_cosines.get(company_id))
                if found is not None:
                    result[company_id].append(found)
        refs = {node.id: node for node in read}
        return {
            company_id: specific_over_segment(found, refs, self.profiles)
            for company_id, found in result.items()
        }
