"""Everything the match service holds while it runs, and how it starts, follows and checkpoints.

Start: load the catalog copy, indexes, profile vectors and membership saved at the last checkpoint
(seconds), or copy the catalog and build them (progress in the log); then catch up with the change
feed and keep following it in the background.

Concurrency: questions never lock each other out. What a question reads is one read-only
`CatalogSnapshot`, taken once (``state.snapshot``, a FastAPI dependency) and used alone: the follower
builds the next snapshot off the request path, for each applied batch (typed tables, lookups, profile
vectors, membership, then the derived things it warms) and publishes it by swapping one reference.
The vector and BM25 indexes are the exception, by choice: copying them per batch would cost more than
the writes they follow, so they are shared by all snapshots and move on in place, each under its own
readers-writer lock held by a search for the search alone and by an update for the update alone. A
search may then meet an id newer than the question's snapshot (a company created meanwhile): the
question drops every hit its snapshot does not hold, and one removed meanwhile is simply not found.
Checkpoints save the copy, indexes, vectors, membership and feed position together, when the feed is
quiet (``sync.follower``).
"""

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from services.match.embedding.encoder import Encoder, load_encoder, model_fingerprint
from services.match.feedback.store import FeedbackStore
from services.match.membership.store import Membership
from services.match.snapshot import (
    Batch,
    CatalogSnapshot,
    ChangeSet,
    Lookups,
    Reading,
    Tables,
    next_membership,
)
from services.match.spaces.catalog_spaces import CatalogSpaces
from services.match.spaces.profile_vectors import ProfileVectors
from services.match.sync.catalog_client import CatalogClient
from services.match.sync.follower import Follower
from shared.settings import Settings

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

# Called with each snapshot before it is published, in the follower's thread: derived work a question
# would otherwise pay (or start in the background, see ``snapshot.derived``).
Warmer = Callable[[CatalogSnapshot], None]


class MatchState:
    def __init__(self, settings: Settings, client: CatalogClient, encoder: Encoder | None = None) -> None:
        self.settings = settings
        self.client = client
        self.directory = settings.indexes_dir
        self.encoder = encoder or load_encoder(settings)
        self.fingerprint = model_fingerprint(self.encoder)
        self.feedback = FeedbackStore(settings.match_sqlalchemy_url)
        self.follower = Follower(
            client, lambda: self.snapshot.last_seq, self._apply, self.checkpoint, settings.change_poll_seconds
        )
        self.warmers: list[Warmer] = []
        self._snapshot: CatalogSnapshot | None = None
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.started: dict[str, Any] = {}

    @property
    def snapshot(self) -> CatalogSnapshot:
        """The published snapshot. A question reads this once and uses only what it got."""
        if self._snapshot is None:
            raise RuntimeError("match indexes are not built yet")
        return self._snapshot

    def _publish(self, snapshot: CatalogSnapshot) -> None:
        for warm in self.warmers:
            warm(snapshot)
        self._snapshot = snapshot

    # --- lifecycle ---------------------------------------------------------------------------
    async def start(self, follow: bool = True) -> None:
        began = time.perf_counter()
        tables = Tables.load(self.directory)
        spaces = None
        if tables is not None:
            spaces = CatalogSpaces.load(self.directory, self.fingerprint)
            self.started["loaded_from_disk"] = spaces is not None
        else:
            log.info("first start: copying the catalog")
            batch = await self.follower.load_everything(
                lambda entity, n: log.info("copied %s: %d", entity, n)
            )
            tables = Tables().following(batch)[0]
        snapshot, built = await asyncio.to_thread(self._first_snapshot, tables, spaces)
        self._publish(snapshot)
        if built:
            await asyncio.to_thread(self.checkpoint)
        await self.follower.sync_once()
        self.started["seconds"] = round(time.perf_counter() - began, 2)
        log.info("match service ready", extra={"startup": self.started})
        if follow:
            self._task = asyncio.create_task(self.follower.run(self._stop))

    def _first_snapshot(self, tables: Tables, spaces: CatalogSpaces | None) -> tuple[CatalogSnapshot, bool]:
        """The snapshot of the saved (or just copied) tables: what was saved with them loaded, the
        rest built; and whether anything was built."""
        lookups = Lookups().following(tables, None)
        progress = self._progress("building indexes")
        # The other saved files are read only with the saved tables and indexes: a copy of the catalog
        # just taken may be newer than any of them.
        saved = spaces is not None
        membership = Membership.load(self.directory, self.fingerprint) if saved else None
        vectors = ProfileVectors.load(self.directory, self.fingerprint, tables) if saved else None
        if spaces is None:
            spaces = self._timed(
                "index_build_seconds", CatalogSpaces.build, tables, self.encoder, self.settings, progress
            )
        built = vectors is None or membership is None
        if vectors is None:
            vectors = self._timed(
                "profile_vectors_seconds", ProfileVectors.build, tables, self.encoder, progress
            )
        if membership is None:
            reading = Reading(tables, lookups, spaces)
            membership = self._timed(
                "membership_build_seconds", next_membership, Membership(), reading, self.encoder, None
            )
        return CatalogSnapshot(tables, lookups, vectors, spaces, membership), built

    def _timed(self, name: str, build: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        began = time.perf_counter()
        built = build(*args, **kwargs)
        self.started[name] = round(time.perf_counter() - began, 2)
        return built

    @staticmethod
    def _progress(what: str) -> Callable[[str, int, int], None]:
        return lambda entity, done, total: log.info("%s: %s %d/%d", what, entity, done, total)

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task
        if self._snapshot is not None:
            await self.follower.save(force=True)
        await self.client.aclose()
        self.feedback.close()

    async def _apply(self, batch: Batch) -> ChangeSet:
        """Build the snapshot after `batch` off the event loop and publish it."""

        def apply() -> ChangeSet:
            following, changes = self.snapshot.following(batch, self.encoder)
            self._publish(following)
            return changes

        return await asyncio.to_thread(apply)

    def checkpoint(self, changes: ChangeSet | None = None) -> None:
        """Save the feed position with the copy and what `changes` touched (everything when None).

        Runs in the follower's sequence (never beside an apply); the copy is written last, so a
        checkpoint cut short resumes from the position before it.
        """
        snapshot = self.snapshot
        snapshot.spaces.save(self.directory, self.fingerprint, changes)
        snapshot.vectors.save(self.directory, self.fingerprint, changes)
        if changes is None or any(changes.touches(e) for e in ("company", "chain", "supply_link", "park")):
            snapshot.membership.save(self.directory, self.fingerprint)
        snapshot.tables.save(self.directory)

    @property
    def status(self) -> dict[str, Any]:
        snapshot = self.snapshot
        membership = snapshot.membership
        return {
            "last_seq": snapshot.last_seq,
            "follower_error": self.follower.last_error,
            "counts": {
                entity: len(snapshot.tables.of(entity)) for entity in ("company", "park", "fund", "provider")
            },
            "membership": {
                "nodes": len(membership.nodes),
                "companies": len(membership.by_company),
                "members": sum(len(members) for members in membership.by_node.values()),
            },
            **self.started,
        }
