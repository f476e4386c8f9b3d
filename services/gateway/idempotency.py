"""`Idempotency-Key` on every POST: a retried POST is done once and its first answer is replayed.

A POST that carries `Idempotency-Key` runs once per caller (API key, or address when anonymous) and
key. Its answer is stored with a fingerprint of the request (method, path, query, body) for
`idempotency_ttl_seconds` and replayed, with `Idempotent-Replayed: true`, to a retry with the same
key. The same key on another request is a 422 `idempotency_key_reused`; a retry while the first run is
still going waits for it (up to the route's timeout), then gets 409 `idempotency_key_in_progress`.

A 503 at the route's timeout does not abandon the upstream call: it runs on (up to
`bulk_timeout_seconds`) and its answer is stored, so a retry gets what the first attempt did instead of
doing it again. An outcome that says nothing was written (the upstream could not be reached or answered
5xx, its transaction rolled back) is not stored: a retry runs again.

Entries live in Redis when REDIS_URL is set (every replica sees them), else in the gateway's memory.
If Redis can't be reached, the gateway keeps its own entries and says so in the log.
"""

import asyncio
import base64
import hashlib
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

import httpx
import redis.asyncio as redis
from fastapi import Response
from redis.exceptions import RedisError

from shared.errors import Conflict, UpstreamUnavailable, ValidationFailed
from shared.logging import get_logger

log = get_logger(__name__)

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
POLL_SECONDS = 0.05
MAX_MEMORY_ENTRIES = 100_000


class KeyReused(ValidationFailed):
    code = "idempotency_key_reused"


class KeyInProgress(Conflict):
    code = "idempotency_key_in_progress"


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def response(self, replayed: bool = False) -> Response:
        headers = {**self.headers, REPLAYED_HEADER: "true"} if replayed else self.headers
        return Response(self.body, status_code=self.status, headers=headers)


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    answer: Answer | None  # None while the first run is going

    def dumps(self) -> str:
        answer = self.answer
        return json.dumps(
            {
                "fingerprint": self.fingerprint,
                "answer": None
                if answer is None
                else {
                    "status": answer.status,
                    "headers": answer.headers,
                    "body": base64.b64encode(answer.body).decode(),
                },
            }
        )

    @classmethod
    def loads(cls, raw: str | bytes) -> "Entry":
        data = json.loads(raw)
        stored = data["answer"]
        answer = (
            None
            if stored is None
            else Answer(stored["status"], dict(stored["headers"]), base64.b64decode(stored["body"]))
        )
        return cls(data["fingerprint"], answer)


class Store(Protocol):
    async def claim(self, key: str, entry: Entry, ttl: float) -> Entry | None:
        """Put `entry` under `key` unless one is there: None if claimed, else the entry found."""
        ...

    async def get(self, key: str) -> Entry | None: ...

    async def put(self, key: str, entry: Entry, ttl: float) -> None: ...

    async def delete(self, key: str) -> None: ...

    async def aclose(self) -> None: ...


class MemoryStore:
    def __init__(self) -> None:
        self._entries: dict[str, tuple[float, Entry]] = {}  # key -> (expires at, entry); oldest first

    async def claim(self, key: str, entry: Entry, ttl: float) -> Entry | None:
        return self.claim_now(key, entry, ttl)

    def claim_now(self, key: str, entry: Entry, ttl: float) -> Entry | None:
        found = self.get_now(key)
        if found is not None:
            return found
        self.put_now(key, entry, ttl)
        return None

    async def get(self, key: str) -> Entry | None:
        return self.get_now(key)

    def get_now(self, key: str) -> Entry | None:
        stored = self._entries.get(key)
        if stored is None or stored[0] <= time.monotonic():
            return None
        return stored[1]

    async def put(self, key: str, entry: Entry, ttl: float) -> None:
        self.put_now(key, entry, ttl)

    def put_now(self, key: str, entry: Entry, ttl: float) -> None:
        now = time.monotonic()
        if len(self._entries) >= MAX_MEMORY_ENTRIES:
            self._entries = {k: v for k, v in self._entries.items() if v[0] > now}
            while len(self._entries) >= MAX_MEMORY_ENTRIES:
                del self._entries[next(iter(self._entries))]
        self._entries.pop(key, None)
        self._entries[key] = (now + ttl, entry)

    async def delete(self, key: str) -> None:
        self._entries.pop(key, None)

    async def aclose(self) -> None:
        self._entries.clear()


class RedisStore:
    def __init__(self, url: str, prefix: str) -> None:
        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.prefix = prefix
        self.fallback = MemoryStore()
        self._degraded = False

    def _unreachable(self, exc: Exception) -> None:
        if not self._degraded:
            log.warning(
                "redis unreachable; idempotency keys are per replica until it is back",
                extra={"error": repr(exc)},
            )
            self._degraded = True

    def _reachable(self) -> None:
        if self._degraded:
            log.info("redis reachable again; idempotency keys are shared")
            self._degraded = False

    async def claim(self, key: str, entry: Entry, ttl: float) -> Entry | None:
        try:
            while True:
                if await self.client.set(self.prefix + key, entry.dumps(), nx=True, px=int(ttl * 1000)):
                    self._reachable()
                    return None
                raw = await self.client.get(self.prefix + key)
                if raw is not None:  # else it expired in between: claim again
                    self._reachable()
                    return Entry.loads(raw)
        except (RedisError, OSError) as exc:
            self._unreachable(exc)
            return self.fallback.claim_now(key, entry, ttl)

    async def get(self, key: str) -> Entry | None:
        try:
            raw = await self.client.get(self.prefix + key)
        except (RedisError, OSError) as exc:
            self._unreachable(exc)
            return self.fallback.get_now(key)
        return None if raw is None else Entry.loads(raw)

    async def put(self, key: str, entry: Entry, ttl: float) -> None:
        try:
            await self.client.set(self.prefix + key, entry.dumps(), px=int(ttl * 1000))
        except (RedisError, OSError) as exc:
            self._unreachable(exc)
            self.fallback.put_now(key, entry, ttl)

    async def delete(self, key: str) -> None:
        try:
            await self.client.delete(self.prefix + key)
        except (RedisError, OSError) as exc:
            self._unreachable(exc)
        await self.fallback.delete(key)

    async def aclose(self) -> None:
        await self.client.aclose()


def make_store(redis_url: str | None, prefix: str) -> Store:
    return RedisStore(redis_url, prefix) if redis_url else MemoryStore()


def fingerprint(method: str, target: str, body: bytes) -> str:
    digest = hashlib.sha256(f"{method} {target}\n".encode())
    digest.update(body)
    return digest.hexdigest()


def checked_key(raw: str) -> str:
    if not (0 < len(raw) <= MAX_KEY_LENGTH and raw.isascii() and raw.isprintable()):
        raise ValidationFailed.field(
            f"header.{HEADER}", f"1 to {MAX_KEY_LENGTH} printable ASCII characters are required"
        )
    return raw


Send = Callable[[], Awaitable[httpx.Response]]
AnswerOf = Callable[[httpx.Response], Answer]


class Idempotency:
    def __init__(self, store: Store, ttl_seconds: float, run_seconds: float) -> None:
        self.store = store
        self.ttl_seconds = ttl_seconds
        # How long a first run may take (its entry is held that long, and a little more).
        self.run_seconds = run_seconds
        self._runs: set[asyncio.Task[Answer]] = set()

    async def run(
        self, caller: str, key: str, request_fingerprint: str, send: Send, answer_of: AnswerOf, wait: float
    ) -> Response:
        """The answer to this POST: run once (`send`, which may take up to `run_seconds`), or replayed.
        The caller waits at most `wait` seconds."""
        store_key = f"{caller}:{hashlib.sha256(checked_key(key).encode()).hexdigest()}"
        deadline = time.monotonic() + wait
        found = await self.store.claim(store_key, Entry(request_fingerprint, None), self.run_seconds + 60)
        if found is None:
            task = asyncio.create_task(self._first_run(store_key, request_fingerprint, send, answer_of))
            self._runs.add(task)  # keep a reference: the run outlives this request if it times out
            task.add_done_callback(self._finished)
            try:
                return (await asyncio.wait_for(asyncio.shield(task), wait)).response()
            except TimeoutError:
                raise UpstreamUnavailable(
                    "the upstream has not answered in time; the request may still complete: "
                    f"retry with the same {HEADER} to get its answer",
                    details=[{"field": "upstream", "reason": "timed out"}],
                    headers={"Retry-After": "1"},
                ) from None
        while True:
            if found.fingerprint != request_fingerprint:
                raise KeyReused(
                    f"{HEADER} was used for another request; use a new key for a new request",
                    details=[{"field": f"header.{HEADER}", "reason": "used for another request"}],
                )
            if found.answer is not None:
                return found.answer.response(replayed=True)
            if time.monotonic() + POLL_SECONDS > deadline:
                raise KeyInProgress(
                    f"a request with this {HEADER} is still running; retry shortly",
                    details=[{"field": f"header.{HEADER}", "reason": "still running"}],
                    headers={"Retry-After": "1"},
                )
            await asyncio.sleep(POLL_SECONDS)
            latest = await self.store.get(store_key)
            if latest is None:  # the first run wrote nothing: this one runs instead
                return await self.run(
                    caller, key, request_fingerprint, send, answer_of, max(0.0, deadline - time.monotonic())
                )
            found = latest

    def _finished(self, task: "asyncio.Task[Answer]") -> None:
        self._runs.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # Its caller got the error, or had gone (a 503 at the route's timeout); the key is free.
            log.info("a keyed POST ended without an answer", extra={"error": repr(task.exception())})

    async def _first_run(
        self, store_key: str, request_fingerprint: str, send: Send, answer_of: AnswerOf
    ) -> Answer:
        try:
            answer = answer_of(await send())
        except BaseException:
            await self.store.delete(store_key)
            raise
        if answer.status >= 500:
            await self.store.delete(store_key)
        else:
            await self.store.put(store_key, Entry(request_fingerprint, answer), self.ttl_seconds)
        return answer

    async def aclose(self) -> None:
        for task in list(self._runs):
            task.cancel()
        await self.store.aclose()
