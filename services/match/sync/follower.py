"""Follows the catalog's change feed so match results reflect catalog writes within seconds.

A first start loads everything (showing progress); later starts resume from the last sequence
number that was applied and saved. Applying a batch: fetch the changed objects, drop the deleted
ones, hand the change set to the indexes, then checkpoint (corpus + indexes + seq, together).
"""

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from services.match.sync.catalog_client import CHAIN_PARTS, ENTITY_PATHS, CatalogClient, CatalogError
from services.match.sync.corpus import Corpus

log = logging.getLogger(__name__)


@dataclass
class ChangeSet:
    """What moved in the corpus: ids upserted and ids removed, per entity."""

    upserted: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    removed: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def __bool__(self) -> bool:
        return any(self.upserted.values()) or any(self.removed.values())

    def touches(self, entity: str) -> bool:
        return bool(self.upserted.get(entity) or self.removed.get(entity))


ChangeHandler = Callable[[ChangeSet], Awaitable[None]]
Progress = Callable[[str, int], None]


class Follower:
    def __init__(
        self,
        client: CatalogClient,
        corpus: Corpus,
        on_change: ChangeHandler,
        checkpoint: Callable[[ChangeSet], None],
        poll_seconds: float = 2.0,
    ) -> None:
        self.client = client
        self.corpus = corpus
        self.on_change = on_change
        self.checkpoint = checkpoint
        self.poll_seconds = poll_seconds
        self.last_error: str | None = None

    async def load_everything(self, progress: Progress | None = None) -> ChangeSet:
        """Copy the whole catalog. The feed position is read first, so nothing written meanwhile is lost."""
        start = (await self.client.changes(after=0, limit=1))["last_seq"]
        changes = ChangeSet()
        for entity in ENTITY_PATHS:
            items = [item async for item in self.client.iterate(entity)]
            self.corpus.replace(entity, items)
            changes.upserted[entity] = [int(item["id"]) for item in items]
            if progress:
                progress(entity, len(items))
        self.corpus.last_seq = start
        return changes

    async def catch_up(self) -> ChangeSet:
        """Apply every change after the corpus position; returns what moved."""
        moved = ChangeSet()
        while True:
            page = await self.client.changes(after=self.corpus.last_seq, limit=2_000)
            if not page["items"]:
                return moved
            touched: dict[str, set[int]] = defaultdict(set)
            for change in page["items"]:
                entity = "chain" if change["entity"] in CHAIN_PARTS else change["entity"]
                if entity in ENTITY_PATHS:
                    touched[entity].add(int(change["entity_id"]))
            for entity, ids in touched.items():
                await self._refresh(entity, ids, moved)
            self.corpus.last_seq = page["next_after"]

    async def _refresh(self, entity: str, ids: set[int], moved: ChangeSet) -> None:
        if entity == "chain":
            # Node and edge changes carry node ids; chains are few, so reload them whole.
            before = set(self.corpus.of("chain"))
            items = [item async for item in self.client.iterate("chain")]
            self.corpus.replace("chain", items)
            moved.upserted["chain"].extend(int(item["id"]) for item in items)
            moved.removed["chain"].extend(before - {int(item["id"]) for item in items})
            return
        present = await self.client.get_many(entity, sorted(ids))
        moved.upserted[entity].extend(self.corpus.put(entity, present))
        gone = ids - {int(item["id"]) for item in present}
        moved.removed[entity].extend(self.corpus.remove(entity, gone))

    async def sync_once(self) -> ChangeSet:
        moved = await self.catch_up()
        if moved:
            await self.on_change(moved)
            # writing the files takes a while: off the event loop, so questions keep being answered
            await asyncio.to_thread(self.checkpoint, moved)
        return moved

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until `stop` is set; a catalog outage is logged and retried, never fatal."""
        while not stop.is_set():
            try:
                await self.sync_once()
                self.last_error = None
            except CatalogError as exc:
                if self.last_error != str(exc):
                    log.warning("change feed: %s", exc)
                self.last_error = str(exc)
            try:
                await asyncio.wait_for(stop.wait(), timeout=self.poll_seconds)
            except TimeoutError:
                continue
