"""Membership as the service holds it: one read-only snapshot, replaced whole when something changes.

A change (a company edit, a chain edit, a park's new leading industries) builds the next snapshot
from the current one, re-reading only what moved, and the state swaps the reference; a question
takes the snapshot once and reads it without locks. Saved beside the indexes at each checkpoint
(the nodes, their vectors and calibrations, the members, the embeddings of parks' leading
industries), so a restart loads it instead of recomputing.
"""

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import orjson

from services.match.embedding.encoder import Encoder
from services.match.membership.compute import Member, NodeRef, NodeSemantics, Reader, node_refs
from services.match.membership.evidence import GENERIC_WORDS
from services.match.membership.model import MEMBER_MIN, MODEL
from services.match.ranking import Calibration, NodeQuery
from services.match.ranking.evidence import KIND_HEADS, WEAK_EVIDENCE_SHARE
from shared.contract import ChainRecord

STATE_FILE = "membership.json"
VECTORS_FILE = "membership-vectors.npz"


# The revision of the reading rules written as code (evidence.py, ranking/evidence.py, compute.py):
# raise it with a change to them, so a membership saved under the old rules is recomputed at start.
# 2: weak evidence counts part of a match; a sub-segment alone does not place a company where its
# own evidence places it at a node of that sub-segment.
RULES_REVISION = 2


def rules_fingerprint(model_fingerprint: str) -> str:
    """Changes with the embedding model and with the rules membership is read by (the model, the
    threshold, the word lists, ``RULES_REVISION``): a saved membership made under other rules is
    recomputed at start."""
    rules = [
        model_fingerprint,
        MODEL.intercept,
        MODEL.weights,
        MEMBER_MIN,
        sorted(GENERIC_WORDS),
        sorted(KIND_HEADS),
        WEAK_EVIDENCE_SHARE,
        RULES_REVISION,
    ]
    return hashlib.sha1(orjson.dumps(rules)).hexdigest()


def chain_fingerprint(chain: ChainRecord) -> str:
    """Changes with anything of the chain a membership reads (names, structure, curated links)."""
    return hashlib.sha1(orjson.dumps(chain, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _index(members: Iterable[Member]) -> tuple[dict[int, dict[int, Member]], dict[int, dict[int, Member]]]:
    by_node: dict[int, dict[int, Member]] = {}
    by_company: dict[int, dict[int, Member]] = {}
    for member in members:
        by_node.setdefault(member.node_id, {})[member.company_id] = member
        by_company.setdefault(member.company_id, {})[member.node_id] = member
    return by_node, by_company


@dataclass(frozen=True)
class Membership:
    nodes: Mapping[int, NodeRef] = field(default_factory=dict)
    semantics: Mapping[int, NodeSemantics] = field(default_factory=dict)
    by_node: Mapping[int, Mapping[int, Member]] = field(default_factory=dict)
    by_company: Mapping[int, Mapping[int, Member]] = field(default_factory=dict)
    chains: Mapping[int, str] = field(default_factory=dict)  # chain id -> fingerprint
    industries: Mapping[str, np.ndarray] = field(default_factory=dict)  # text -> query embedding

    # --- reading -------------------------------------------------------------------------------
    def members(self, node_id: int, min_confidence: float = MEMBER_MIN) -> list[Member]:
        """The node's members, most confident first."""
        found = [m for m in self.by_node.get(node_id, {}).values() if m.confidence >= min_confidence]
        return sorted(found, key=lambda m: (-m.confidence, m.company_id))

    def nodes_of(self, company_id: int) -> list[Member]:
        return sorted(self.by_company.get(company_id, {}).values(), key=lambda m: (-m.confidence, m.node_id))

    def chain_nodes(self, chain_id: int) -> list[NodeRef]:
        return [node for node in self.nodes.values() if node.chain_id == chain_id]

    def chain_vector(self, chain_id: int) -> np.ndarray | None:
        """The normalised mean of the chain's node vectors."""
        vectors = [self.semantics[n.id].vector for n in self.chain_nodes(chain_id) if n.id in self.semantics]
        if not vectors:
            return None
        mean = np.mean(vectors, axis=0)
        return mean / (np.linalg.norm(mean) or 1.0)

    def node_fit(self, node_id: int, industry: str) -> float:
        """Cosine of the node's embedding to a leading industry's (0 when either is unknown)."""
        semantics, vector = self.semantics.get(node_id), self.industries.get(industry)
        return float(semantics.vector @ vector) if semantics is not None and vector is not None else 0.0

    # --- the next snapshot ---------------------------------------------------------------------
    def with_chains(self, chains: Sequence[ChainRecord], reader: Reader, encoder: Encoder) -> "Membership":
        """After a chain change: re-read the chains whose content changed; drop the deleted ones."""
        current = {int(chain["id"]): chain for chain in chains}
        fingerprints = {chain_id: chain_fingerprint(chain) for chain_id, chain in current.items()}
        moved = {c for c, fp in fingerprints.items() if self.chains.get(c) != fp} | (
            set(self.chains) - set(current)
        )
        if not moved:
            return self
        kept_nodes = {i: n for i, n in self.nodes.items() if n.chain_id not in moved}
        new_nodes = [ref for chain_id in sorted(moved & set(current)) for ref in node_refs(current[chain_id])]
        semantics, found = reader.read_nodes(new_nodes, encoder)
        members = [m for m in self._members() if m.chain_id not in moved]
        members += [m for node_members in found.values() for m in node_members]
        by_node, by_company = _index(members)
        return replace(
            self,
            nodes={**kept_nodes, **{n.id: n for n in new_nodes}},
            semantics={**{i: s for i, s in self.semantics.items() if i in kept_nodes}, **semantics},
            by_node=by_node,
            by_company=by_company,
            chains=fingerprints,
        )

    def with_companies(self, company_ids: Iterable[int], reader: Reader) -> "Membership":
        """After company or supply-link changes: re-read those companies (a deleted one has none)."""
        ids = set(company_ids)
        if not ids:
            return self
        found = reader.read_companies(ids, list(self.nodes.values()), self.semantics)
        members = [m for m in self._members() if m.company_id not in ids]
        members += [m for company_members in found.values() for m in company_members]
        by_node, by_company = _index(members)
        return replace(self, by_node=by_node, by_company=by_company)

    def with_industries(self, texts: Iterable[str], encoder: Encoder) -> "Membership":
        """Embeds the leading industries not seen yet (a park's stated industries, as queries)."""
        missing = sorted({t for t in texts if t and t not in self.industries})
        if not missing:
            return self
        vectors = np.concatenate(
            [encoder.encode_queries(missing[start : start + 256]) for start in range(0, len(missing), 256)]
        )
        return replace(self, industries={**self.industries, **dict(zip(missing, vectors, strict=True))})

    def _members(self) -> list[Member]:
        return [m for node_members in self.by_node.values() for m in node_members.values()]

    # --- persistence ---------------------------------------------------------------------------
    def save(self, directory: Path, model_fingerprint: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        node_ids = sorted(self.semantics)
        industries = sorted(self.industries)
        body = {
            "rules": rules_fingerprint(model_fingerprint),
            "chains": {str(k): v for k, v in self.chains.items()},
            "nodes": [
                {
                    "id": n.id,
                    "chain_id": n.chain_id,
                    "chain": n.chain,
                    "name": n.name,
                    "path": n.path,
                    "query": [n.query.node, n.query.chain, n.query.segment, n.query.sub_segment],
                    "curated": sorted(n.curated),
                }
                for n in self.nodes.values()
            ],
            "scales": {
                str(i): [self.semantics[i].scale.center, self.semantics[i].scale.spread] for i in node_ids
            },
            "members": [
                [m.company_id, m.node_id, m.chain_id, m.confidence, m.factors, list(m.evidence)]
                for m in self._members()
            ],
            "industries": industries,
        }
        dim = next(iter(self.semantics.values())).vector.shape[0] if self.semantics else 0
        temporary = directory / f".{VECTORS_FILE}.tmp.npz"
        np.savez(
            temporary,
            node_ids=np.array(node_ids, dtype=np.int64),
            nodes=np.stack([self.semantics[i].vector for i in node_ids]) if node_ids else np.zeros((0, dim)),
            industries=np.stack([self.industries[t] for t in industries])
            if industries
            else np.zeros((0, dim)),
        )
        temporary.replace(directory / VECTORS_FILE)
        state = directory / f".{STATE_FILE}.tmp"
        state.write_bytes(orjson.dumps(body))
        state.replace(directory / STATE_FILE)

    @classmethod
    def load(cls, directory: Path, model_fingerprint: str) -> "Membership | None":
        """The saved membership, or None when there is none or it was made under other rules."""
        if not (directory / STATE_FILE).exists() or not (directory / VECTORS_FILE).exists():
            return None
        body = orjson.loads((directory / STATE_FILE).read_bytes())
        if body.get("rules") != rules_fingerprint(model_fingerprint):
            return None
        with np.load(directory / VECTORS_FILE) as arrays:
            node_vectors = dict(
                zip(arrays["node_ids"].tolist(), arrays["nodes"].astype(np.float32), strict=True)
            )
            industry_vectors = arrays["industries"].astype(np.float32)
        nodes = {
            int(n["id"]): NodeRef(
                id=int(n["id"]),
                chain_id=int(n["chain_id"]),
                chain=n["chain"],
                name=n["name"],
                path=n["path"],
                query=NodeQuery(*n["query"]),
                curated=frozenset(n["curated"]),
            )
            for n in body["nodes"]
        }
        semantics = {
            int(i): NodeSemantics(node_vectors[int(i)], Calibration(center, spread))
            for i, (center, spread) in body["scales"].items()
        }
        members = [
            Member(company, node, chain, confidence, factors, tuple(evidence))
            for company, node, chain, confidence, factors, evidence in body["members"]
        ]
        by_node, by_company = _index(members)
        return cls(
            nodes=nodes,
            semantics=semantics,
            by_node=by_node,
            by_company=by_company,
            chains={int(k): v for k, v in body["chains"].items()},
            industries=dict(zip(body["industries"], industry_vectors, strict=True)),
        )
