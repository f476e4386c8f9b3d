"""Everything the match service holds while it runs, and how it starts, follows and checkpoints.

Start: load the corpus and spaces saved at the last checkpoint (seconds), or copy the catalog and
build them (progress in the log); then catch up with the change feed and keep following it in the
background. Each applied batch is checkpointed: corpus, spaces and feed position together.
"""

import asyncio
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from services.match.embedding.encoder import Encoder, load_encoder, model_fingerprint
from services.match.feedback.store import FeedbackStore
from services.match.ranking import RankedCompany
from services.match.spaces.catalog_spaces import CatalogSpaces
from services.match.sync.catalog_client import CatalogClient
from services.match.sync.corpus import Corpus
from services.match.sync.follower import ChangeSet, Follower
from shared.settings import Settings

log = logging.getLogger(__name__)


class MatchState:
    def __init__(self, settings: Settings, client: CatalogClient, encoder: Encoder | None = None) -> None:
        self.settings = settings
        self.client = client
        self.directory = settings.indexes_dir
        self.encoder = encoder or load_encoder(settings)
        self.fingerprint = model_fingerprint(self.encoder)
        self.corpus = Corpus()
        self.spaces: CatalogSpaces | None = None
        self.feedback = FeedbackStore(settings.match_sqlalchemy_url)
        self.follower = Follower(
            client, self.corpus, self._apply, self.checkpoint, settings.change_poll_seconds
        )
        self._lock = threading.RLock()
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.started: dict[str, Any] = {}
        # node id -> the node's best companies over the whole corpus (see chains.service.node_members)
        self.node_members: dict[int, list[RankedCompany]] = {}
        # chain id -> the embedding of the chain's text (see chains.service.chain_vectors)
        self.chain_vectors: dict[int, np.ndarray] = {}

    # --- lifecycle ---------------------------------------------------------------------------
    async def start(self, follow: bool = True) -> None:
        began = time.perf_counter()
        saved = Corpus.load(self.directory)
        if saved is not None:
            self.corpus = self.follower.corpus = saved
            self.spaces = CatalogSpaces.load(self.directory, self.fingerprint, saved)
            self.started["loaded_from_disk"] = self.spaces is not None
        if saved is None:
            log.info("first start: copying the catalog")
            await self.follower.load_everything(lambda entity, n: log.info("copied %s: %d", entity, n))
        if self.spaces is None:
            await asyncio.to_thread(self._build)
            self.checkpoint()
        await self.follower.sync_once()
        self.started["seconds"] = round(time.perf_counter() - began, 2)
        log.info("match service ready", extra={"startup": self.started})
        if follow:
            self._task = asyncio.create_task(self.follower.run(self._stop))

    def _build(self) -> None:
        began = time.perf_counter()
        spaces = CatalogSpaces.build(
            self.corpus,
            self.encoder,
            self.settings,
            lambda what, done, total: log.info("building indexes: %s %d/%d", what, done, total),
        )
        with self._lock:
            self.spaces = spaces
        self.started["index_build_seconds"] = round(time.perf_counter() - began, 2)

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task
        await self.client.aclose()
        self.feedback.close()

    async def _apply(self, changes: ChangeSet) -> None:
        def apply() -> None:
            with self._lock:
                assert self.spaces is not None
                self.spaces.apply(changes, self.corpus, self.encoder)
                if changes.touches("company") or changes.touches("chain"):
                    self.node_members.clear()
                if changes.touches("chain"):
                    self.chain_vectors.clear()

        await asyncio.to_thread(apply)

    def checkpoint(self, changes: ChangeSet | None = None) -> None:
        """Save the feed position with the corpus and the indexes `changes` touched (all when None)."""
        with self._lock:
            assert self.spaces is not None
            self.spaces.save(self.directory, self.fingerprint, changes)
            self.corpus.save(self.directory)

    @contextmanager
    def reading(self) -> Iterator[CatalogSpaces]:
        """The spaces, held still while one question is answered."""
        with self._lock:
            if self.spaces is None:
                raise RuntimeError("match indexes are not built yet")
            yield self.spaces

    @property
    def status(self) -> dict[str, Any]:
        return {
            "last_seq": self.corpus.last_seq,
            "follower_error": self.follower.last_error,
            "counts": {
                entity: len(self.corpus.of(entity)) for entity in ("company", "park", "fund", "provider")
            },
            **self.started,
        }
