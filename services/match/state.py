"""Everything the match service holds while it runs, and how it starts, follows and checkpoints.

Start: load the corpus, spaces and membership saved at the last checkpoint (seconds), or copy the
catalog and build them (progress in the log); then catch up with the change feed and keep following
it in the background. Each applied batch is checkpointed: corpus, spaces, membership and feed
position together. Membership is a read-only snapshot: a batch builds the next one (re-reading the
companies and chains it touched) and swaps the reference, so a question never waits on a cold cache.
"""

import asyncio
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from services.match.embedding.encoder import Encoder, load_encoder, model_fingerprint
from services.match.feedback.store import FeedbackStore
from services.match.membership.compute import Reader, supplied_by
from services.match.membership.store import Membership
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
        # Replaced whole by the follower's thread; a question reads the reference once.
        self.membership = Membership()

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
        loaded = Membership.load(self.directory, self.fingerprint) if self.spaces is not None else None
        if self.spaces is None:
            await asyncio.to_thread(self._build)
        if loaded is None:
            await asyncio.to_thread(self._build_membership)
            self.checkpoint()
        else:
            self.membership = loaded
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

    def _build_membership(self) -> None:
        began = time.perf_counter()
        with self._lock:
            self.membership = self._next_membership(Membership(), None)
        self.started["membership_build_seconds"] = round(time.perf_counter() - began, 2)

    def _reader(self) -> Reader:
        assert self.spaces is not None
        companies = self.corpus.of("company")
        names = {i: c.get("short_name") or c.get("name") or str(i) for i, c in companies.items()}
        return Reader(
            self.spaces.profiles,
            supplied_by(self.corpus.of("supply_link").values(), names),
            self.spaces.spaces["company"].index,
        )

    def _next_membership(self, current: Membership, changes: ChangeSet | None) -> Membership:
        """Membership after `changes` (everything when None): the chains and companies they touch."""
        reader = self._reader()
        following = current
        if changes is None or changes.touches("chain"):
            chains = sorted(self.corpus.of("chain").values(), key=lambda chain: chain["id"])
            following = following.with_chains(chains, reader, self.encoder)
        if changes is not None:
            companies = {*changes.upserted.get("company", []), *changes.removed.get("company", [])}
            for link_id in changes.upserted.get("supply_link", []):
                link = self.corpus.get("supply_link", link_id)
                if link is not None:
                    companies |= {int(link["supplier_id"]), int(link["buyer_id"])}
            if changes.removed.get("supply_link"):  # the removed link's companies are gone: re-read suppliers
                companies |= {
                    c
                    for c, nodes in following.by_company.items()
                    if any(m.factors["supply"] for m in nodes.values())
                }
            following = following.with_companies(companies, reader)
        if changes is None or changes.touches("park"):
            parks = self.corpus.of("park").values()
            following = following.with_industries(
                (industry for park in parks for industry in park.get("leading_industries") or []),
                self.encoder,
            )
        return following

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
                self.membership = self._next_membership(self.membership, changes)

        await asyncio.to_thread(apply)

    def checkpoint(self, changes: ChangeSet | None = None) -> None:
        """Save the feed position with the corpus and the indexes `changes` touched (all when None)."""
        with self._lock:
            assert self.spaces is not None
            self.spaces.save(self.directory, self.fingerprint, changes)
            if changes is None or any(
                changes.touches(e) for e in ("company", "chain", "supply_link", "park")
            ):
                self.membership.save(self.directory, self.fingerprint)
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
            "membership": {
                "nodes": len(self.membership.nodes),
                "companies": len(self.membership.by_company),
                "members": sum(len(members) for members in self.membership.by_node.values()),
            },
            **self.started,
        }
