"""All the match service searches, built from the catalog copy and kept current from its change sets.

Vectors for companies, parks, funds and providers; for companies also BM25. Saved beside the copy at
every checkpoint, with the embedding model's fingerprint: a different model means a rebuild from the
copy (no catalog round trip).

Unlike a snapshot, the indexes are shared by every snapshot and move on in place when the follower
applies a batch: each vector index under its own readers-writer lock (``index.locking``), the BM25
index under this object's. A search holds the read lock for the search alone, and a question drops
the hits its snapshot does not hold (``rank_companies`` ranks only ids with a profile in the
question's snapshot; the other questions look each hit up in their snapshot).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from services.match.embedding.encoder import Encoder
from services.match.index.errors import IndexLoadError
from services.match.index.locking import ReadWriteLock
from services.match.lexical import LexicalIndex
from services.match.ranking import ChannelScores, CompanyProfile, NodeQuery, RankedCompany, rank_companies
from services.match.ranking.channels import CANDIDATES, lexical_channel
from services.match.ranking.semantic import query_vector
from services.match.spaces.documents import TEXT_OF, company_text
from services.match.spaces.space import Space
from shared.settings import Settings

if TYPE_CHECKING:  # the snapshot package imports this module: its types only, when checking
    from services.match.snapshot.tables import ChangeSet, Tables

MANIFEST = "spaces.json"
LEXICAL_DIR = "company-lexical"

Progress = Callable[[str, int, int], None]  # what, done, total


class CatalogSpaces:
    def __init__(self, spaces: dict[str, Space], lexical: LexicalIndex) -> None:
        self.spaces = spaces
        self.lexical = lexical
        self._lexical_lock = ReadWriteLock()

    @classmethod
    def build(
        cls, tables: Tables, encoder: Encoder, settings: Settings, progress: Progress | None = None
    ) -> CatalogSpaces:
        spaces = {}
        for entity, text_of in TEXT_OF.items():
            records = list(tables.of(entity).values())
            report = (
                (lambda done, total, name=entity: progress(f"{name} vectors", done, total))
                if progress
                else None
            )
            spaces[entity] = Space.build(entity, text_of, records, encoder, settings, report)
        lexical = LexicalIndex()
        lexical.add({company_id: company_text(record) for company_id, record in tables.company.items()})
        return cls(spaces, lexical)

    def apply(self, changes: ChangeSet, tables: Tables, encoder: Encoder) -> None:
        """Move the indexes on to `tables` (encoding outside the locks; each index locks its update)."""
        for entity, space in self.spaces.items():
            removed = changes.removed.get(entity, [])
            if removed:
                space.remove(removed)
            table = tables.of(entity)
            space.upsert([table[i] for i in changes.upserted.get(entity, []) if i in table], encoder)
        removed_companies = changes.removed.get("company", [])
        changed = {
            i: company_text(tables.company[i])
            for i in changes.upserted.get("company", [])
            if i in tables.company
        }
        if removed_companies or changed:
            with self._lexical_lock.writing():
                self.lexical.remove([*removed_companies, *changed])
                self.lexical.add(changed)

    def frequency(self, text: str) -> int:
        """How many companies' documents hold the rarest term of `text` (``LexicalIndex.frequency``)."""
        with self._lexical_lock.reading():
            return self.lexical.frequency(text)

    # --- companies-for-node ------------------------------------------------------------------
    def rank_companies(
        self,
        query: NodeQuery,
        encoder: Encoder,
        profiles: Mapping[int, CompanyProfile],
        allowed: Collection[int] | None,
        limit: int,
        vector: np.ndarray | None = None,
    ) -> list[RankedCompany]:
        """Both channels over the allowed companies (filters inside the search), fused and explained;
        only companies of `profiles` (the question's snapshot) are ranked. `vector`: the query's
        semantic vector when it is stored (a chain node's), else it is encoded."""
        query = query.bridged(self.frequency)
        with self._lexical_lock.reading():
            lexical = lexical_channel(self.lexical, query, allowed)
        if vector is None:
            vector = query_vector(encoder, query)
        semantic = ChannelScores(self.spaces["company"].search(vector, CANDIDATES, allowed))
        return rank_companies(query, profiles, lexical, semantic, limit=limit)

    # --- persistence -------------------------------------------------------------------------
    def save(self, directory: Path, model_fingerprint: str, changes: ChangeSet | None = None) -> None:
        """Write the spaces `changes` touched (every space when None), then the manifest."""
        directory.mkdir(parents=True, exist_ok=True)
        for entity, space in self.spaces.items():
            if changes is None or changes.touches(entity):
                space.save(directory)
        if changes is None or changes.touches("company"):
            with self._lexical_lock.writing():  # saving compacts the index first: it runs alone
                self.lexical.save(directory / LEXICAL_DIR)
        temporary = directory / f".{MANIFEST}.tmp"
        temporary.write_text(json.dumps({"model": model_fingerprint, "entities": sorted(self.spaces)}))
        temporary.replace(directory / MANIFEST)

    @classmethod
    def load(cls, directory: Path, model_fingerprint: str) -> CatalogSpaces | None:
        """The saved spaces, or None when there are none or they were built with another model."""
        manifest_path = directory / MANIFEST
        if not manifest_path.exists():
            return None
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("model") != model_fingerprint or set(manifest.get("entities", [])) != set(TEXT_OF):
            return None
        try:
            spaces = {entity: Space.load(entity, text_of, directory) for entity, text_of in TEXT_OF.items()}
            lexical = LexicalIndex.load(directory / LEXICAL_DIR)
        except (IndexLoadError, FileNotFoundError, ValueError):
            return None
        return cls(spaces, lexical)
