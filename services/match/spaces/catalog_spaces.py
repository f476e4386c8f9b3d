"""All the match service searches, built from the corpus and kept current from its change sets.

Vectors for companies, parks, funds and providers; for companies also BM25 and the profiles the
ranking reads. Saved beside the corpus at every checkpoint, with the embedding model's fingerprint:
a different model means a rebuild from the corpus (no catalog round trip).
"""

import json
from collections.abc import Callable, Collection
from pathlib import Path

from services.match.embedding.encoder import Encoder
from services.match.index.errors import IndexLoadError
from services.match.lexical import LexicalIndex
from services.match.ranking import ChannelScores, CompanyProfile, NodeQuery, RankedCompany, rank_companies
from services.match.ranking.channels import CANDIDATES, lexical_channel
from services.match.ranking.semantic import query_vector
from services.match.spaces.documents import TEXT_OF, company_profile, company_text
from services.match.spaces.space import Space
from services.match.sync.corpus import Corpus
from services.match.sync.follower import ChangeSet
from shared.settings import Settings

MANIFEST = "spaces.json"
LEXICAL_DIR = "company-lexical"

Progress = Callable[[str, int, int], None]  # what, done, total


class CatalogSpaces:
    def __init__(
        self, spaces: dict[str, Space], lexical: LexicalIndex, profiles: dict[int, CompanyProfile]
    ) -> None:
        self.spaces = spaces
        self.lexical = lexical
        self.profiles = profiles

    @classmethod
    def build(
        cls, corpus: Corpus, encoder: Encoder, settings: Settings, progress: Progress | None = None
    ) -> "CatalogSpaces":
        spaces = {}
        for entity, text_of in TEXT_OF.items():
            records = list(corpus.of(entity).values())
            report = (
                (lambda done, total, name=entity: progress(f"{name} vectors", done, total))
                if progress
                else None
            )
            spaces[entity] = Space.build(entity, text_of, records, encoder, settings, report)
        companies = corpus.of("company")
        lexical = LexicalIndex()
        lexical.add({company_id: company_text(record) for company_id, record in companies.items()})
        profiles = {company_id: company_profile(record) for company_id, record in companies.items()}
        return cls(spaces, lexical, profiles)

    def apply(self, changes: ChangeSet, corpus: Corpus, encoder: Encoder) -> None:
        for entity, space in self.spaces.items():
            removed = changes.removed.get(entity, [])
            if removed:
                space.remove(removed)
            upserted = [record for i in changes.upserted.get(entity, []) if (record := corpus.get(entity, i))]
            space.upsert(upserted, encoder)
        removed_companies = changes.removed.get("company", [])
        self.lexical.remove(removed_companies)
        for company_id in removed_companies:
            self.profiles.pop(company_id, None)
        changed = {
            int(r["id"]): r for i in changes.upserted.get("company", []) if (r := corpus.get("company", i))
        }
        if changed:
            self.lexical.remove(changed)
            self.lexical.add({company_id: company_text(record) for company_id, record in changed.items()})
            self.profiles.update(
                {company_id: company_profile(record) for company_id, record in changed.items()}
            )

    # --- companies-for-node ------------------------------------------------------------------
    def rank_companies(
        self, query: NodeQuery, encoder: Encoder, allowed: Collection[int] | None, limit: int
    ) -> list[RankedCompany]:
        """Both channels over the allowed companies (filters inside the search), fused and explained."""
        query = query.bridged(self.lexical.frequency)
        lexical = lexical_channel(self.lexical, query, allowed)
        semantic = ChannelScores(
            self.spaces["company"].search(query_vector(encoder, query), CANDIDATES, allowed)
        )
        return rank_companies(query, self.profiles, lexical, semantic, limit=limit)

    # --- persistence -------------------------------------------------------------------------
    def save(self, directory: Path, model_fingerprint: str, changes: ChangeSet | None = None) -> None:
        """Write the spaces `changes` touched (every space when None), then the manifest."""
        directory.mkdir(parents=True, exist_ok=True)
        for entity, space in self.spaces.items():
            if changes is None or changes.touches(entity):
                space.save(directory)
        if changes is None or changes.touches("company"):
            self.lexical.save(directory / LEXICAL_DIR)
        temporary = directory / f".{MANIFEST}.tmp"
        temporary.write_text(json.dumps({"model": model_fingerprint, "entities": sorted(self.spaces)}))
        temporary.replace(directory / MANIFEST)

    @classmethod
    def load(cls, directory: Path, model_fingerprint: str, corpus: Corpus) -> "CatalogSpaces | None":
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
        profiles = {
            company_id: company_profile(record) for company_id, record in corpus.of("company").items()
        }
        return cls(spaces, lexical, profiles)
