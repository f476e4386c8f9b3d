"""Follows the catalog's change feed so match results reflect catalog writes within seconds.

A first start copies everything (showing progress); later starts resume from the feed position of
the saved copy. Each poll reads every change after the current position into one `Batch` (the
changed objects fetched, the deleted ones noted) and hands it on to be applied (the next snapshot is
built and published).

Checkpoints wait for a quiet feed (``CHECKPOINT_QUIET_S`` without a change, or the oldest unsaved
change ``CHECKPOINT_MAX_AGE_S`` old; and at stop): writing the copy, indexes and membership takes the
CPU of a question, so it is not done right after each write, when the next question comes. A restart
after a crash resumes from the last checkpoint's position and reads the feed again from there.
"""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from services.match.snapshot.tables import Batch, ChangeSet
from services.match.sync.catalog_client import CHAIN_PARTS, ENTITY_PATHS, CatalogClient, CatalogError

log = logging.getLogger(__name__)

# Applies a batch; returns what moved (nothing when the batch changed nothing the copy holds).
BatchHandler = Callable[[Batch], Awaitable[ChangeSet]]
Progress = Callable[[str, int], None]
CHECKPOINT_QUIET_S = 5.0
CHECKPOINT_MAX_AGE_S = 120.0


class Follower:
    def __init__(
        self,
        client: CatalogClient,
        position: Callable[[], int],
        on_batch: BatchHandler,
        checkpoint: Callable[[ChangeSet], None],
        poll_seconds: float = 2.0,
    ) -> None:
        self.client = client
        self.position = position
        self.on_batch = on_batch
        self.checkpoint = checkpoint
        self.poll_seconds = poll_seconds
        self.last_error: str | None = None
        self._unsaved = ChangeSet()
        self._unsaved_since = self._changed_at = 0.0

    async def load_everything(self, progress: Progress | None = None) -> Batch:
        """Copy the whole catalog. The feed position is read first, so nothing written meanwhile is lost."""
        batch = Batch(last_seq=(await self.client.changes(after=0, limit=1))["last_seq"])
        for entity in ENTITY_PATHS:
            items = [item async for item in self.client.iterate(entity)]
            batch.whole[entity] = {int(item["id"]): item for item in items}
            if progress:
                progress(entity, len(items))
        return batch

    async def catch_up(self) -> Batch:
        """Every change after the current position, read into one batch."""
        batch = Batch(last_seq=self.position())
        while True:
            page = await self.client.changes(after=batch.last_seq, limit=2_000)
            if not page["items"]:
                return batch
            touched: dict[str, set[int]] = {}
            for change in page["items"]:
                entity = "chain" if change["entity"] in CHAIN_PARTS else change["entity"]
                if entity in ENTITY_PATHS:
                    touched.setdefault(entity, set()).add(int(change["entity_id"]))
            for entity, ids in touched.items():
                await self._refresh(entity, ids, batch)
            batch.last_seq = page["next_after"]

    async def _refresh(self, entity: str, ids: set[int], batch: Batch) -> None:
        if entity == "chain":
            # Node and edge changes carry node ids; chains are few, so reload them whole.
            batch.whole["chain"] = {int(item["id"]): item async for item in self.client.iterate("chain")}
            return
        present = await self.client.get_many(entity, sorted(ids))
        batch.put(entity, present)
        batch.drop(entity, ids - {int(item["id"]) for item in present})

    async def sync_once(self) -> ChangeSet:
        batch = await self.catch_up()
        if batch.last_seq == self.position():
            return ChangeSet()
        moved = await self.on_batch(batch)
        if moved:
            self._changed_at = time.monotonic()
            if not self._unsaved:
                self._unsaved_since = self._changed_at
            self._unsaved.merge(moved)
        return moved

    async def save(self, force: bool = False) -> None:
        """Checkpoint what moved since the last one, when the feed is quiet (or `force`)."""
        now = time.monotonic()
        due = (
            now - self._changed_at >= CHECKPOINT_QUIET_S or now - self._unsaved_since >= CHECKPOINT_MAX_AGE_S
        )
        if self._unsaved and (force or due):
            unsaved, self._unsaved = self._unsaved, ChangeSet()
            # writing the files takes a while: off the event loop, so questions keep being answered
            await asyncio.to_thread(self.checkpoint, unsaved)

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until `stop` is set; a catalog outage is logged and retried, never fatal."""
        while not stop.is_set():
            try:
                await self.sync_once()
                await self.save()
                self.last_error = None
            except CatalogError as exc:
                if self.last_error != str(exc):
                    log.warning("change feed: %s", exc)
                self.last_error = str(exc)
            try:
                await asyncio.wait_for(stop.wait(), timeout=self.poll_seconds)
            except TimeoutError:
                continue
