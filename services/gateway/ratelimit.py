"""Token buckets per API key and per anonymous client address.

A bucket holds up to `per_minute` tokens and refills at `per_minute / 60` tokens a second; each request
takes one. In memory by default (one budget per gateway process); with REDIS_URL set, the buckets live
in Redis and are updated by one atomic Lua script, so every replica draws on the same budget. If Redis
can't be reached the gateway keeps limiting with its own buckets and says so in the log.
"""

import math
import time
from typing import Protocol

import redis.asyncio as redis
from redis.exceptions import RedisError

from shared.logging import get_logger

log = get_logger(__name__)


class Buckets(Protocol):
    async def take(self, bucket: str, per_minute: int) -> float:
        """Take a token; 0 if one was there, else the seconds until one will be."""
        ...

    async def aclose(self) -> None: ...


MAX_MEMORY_BUCKETS = 100_000


class MemoryBuckets:
    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}  # bucket -> (tokens, at)

    async def take(self, bucket: str, per_minute: int) -> float:
        return self.take_now(bucket, per_minute)

    def take_now(self, bucket: str, per_minute: int) -> float:
        capacity, per_second = float(per_minute), per_minute / 60.0
        now = time.monotonic()
        if len(self._buckets) > MAX_MEMORY_BUCKETS:
            # Forget buckets idle for a minute: they have refilled, so a fresh one is the same.
            self._buckets = {key: value for key, value in self._buckets.items() if now - value[1] < 60}
        tokens, at = self._buckets.get(bucket, (capacity, now))
        tokens = min(capacity, tokens + (now - at) * per_second)
        if tokens >= 1:
            self._buckets[bucket] = (tokens - 1, now)
            return 0.0
        self._buckets[bucket] = (tokens, now)
        return (1 - tokens) / per_second

    async def aclose(self) -> None:
        self._buckets.clear()


# KEYS[1] bucket; ARGV[1] capacity, ARGV[2] tokens per millisecond. Returns 0 or milliseconds to wait.
# Time comes from the Redis server, so replicas with skewed clocks still agree.
TAKE_SCRIPT = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.ceil((1 - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate) + 1000)
return wait
"""


class RedisBuckets:
    def __init__(self, url: str, prefix: str) -> None:
        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.script = self.client.register_script(TAKE_SCRIPT)
        self.prefix = prefix
        self.fallback = MemoryBuckets()
        self._degraded = False

    async def take(self, bucket: str, per_minute: int) -> float:
        try:
            wait_ms = await self.script(keys=[self.prefix + bucket], args=[per_minute, per_minute / 60_000])
        except (RedisError, OSError) as exc:
            if not self._degraded:
                log.warning(
                    "redis unreachable; rate limits are per replica until it is back",
                    extra={"error": repr(exc)},
                )
                self._degraded = True
            return self.fallback.take_now(bucket, per_minute)
        if self._degraded:
            log.info("redis reachable again; rate limits are shared")
            self._degraded = False
        return int(wait_ms) / 1000.0

    async def aclose(self) -> None:
        await self.client.aclose()


def make_buckets(redis_url: str | None, prefix: str) -> Buckets:
    return RedisBuckets(redis_url, prefix) if redis_url else MemoryBuckets()


def retry_after_header(wait_seconds: float) -> str:
    return str(max(1, math.ceil(wait_seconds)))
