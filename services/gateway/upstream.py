"""One upstream service seen from the gateway: a pooled HTTP client, a deadline per request (the
route's timeout, retries included), retries for idempotent requests, and a circuit breaker that counts
failures and slow calls; a failure becomes a 503 in the common error shape naming the upstream.
"""

import asyncio
import math
import time
from typing import Literal

import httpx
from httpx_aiohttp import AiohttpTransport

from services.gateway.breaker import CircuitBreaker, CircuitOpen
from services.gateway.metrics import Metrics
from shared.errors import UpstreamUnavailable
from shared.logging import get_logger
from shared.settings import Settings

log = get_logger(__name__)

Transport = Literal["aiohttp", "httpx"]
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Answers that say the upstream itself is unwell (not that the request was wrong).
UNHEALTHY = frozenset({502, 503, 504})
CONNECT_TIMEOUT_SECONDS = 2.0
RETRY_BACKOFF_SECONDS = 0.05
# Idle connections are dropped before uvicorn's own keep-alive timeout (5 s) closes them, so a pooled
# connection is not reused just as the upstream closes it (a POST on it could not be retried).
POOL = httpx.Limits(max_connections=200, max_keepalive_connections=100, keepalive_expiry=4.0)


def make_client(base_url: str, transport: Transport, timeout_seconds: float) -> httpx.AsyncClient:
    """A pooled client; `aiohttp` gives httpx aiohttp's connection handling (see encode/httpx#3215)."""
    timeout = httpx.Timeout(timeout_seconds, connect=min(timeout_seconds, CONNECT_TIMEOUT_SECONDS))
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=timeout,
        limits=POOL,
        transport=AiohttpTransport(limits=POOL) if transport == "aiohttp" else None,
        trust_env=False,
    )


def describe(exc: httpx.TransportError) -> str:
    """What went wrong, for the caller (the exception's own text, with addresses, stays in the log)."""
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
        return "cannot connect"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    return "connection failed"


class Upstream:
    def __init__(
        self, name: str, base_url: str, settings: Settings, metrics: Metrics, timeout_seconds: float
    ) -> None:
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.timeout_seconds = timeout_seconds  # for calls that name no timeout of their own
        self.client = make_client(self.base_url, settings.gateway_transport, timeout_seconds)
        self.retries = settings.upstream_retries
        self.slow_call_ratio = settings.breaker_slow_call_ratio
        self.breaker = CircuitBreaker(settings.breaker_failure_threshold, settings.breaker_reset_seconds)
        self.metrics = metrics
        metrics.breaker_state.labels(name).set_function(lambda: float(self.breaker.state))

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str],
        content: bytes | None = None,
        json: object = None,
        timeout: float | None = None,
    ) -> httpx.Response:
        """Send one request (retried when idempotent) and wait at most `timeout` seconds in all; raise
        UpstreamUnavailable when the upstream can't answer in time. Answers of any status, including
        the upstream's own errors, are returned."""
        budget = timeout or self.timeout_seconds
        deadline = time.monotonic() + budget
        attempts = 1 + (self.retries if method in IDEMPOTENT else 0)
        attempt = 0
        while True:
            remaining = deadline - time.monotonic()
            result = await self._send(
                method, url, headers=headers, content=content, json=json, timeout=remaining, budget=budget
            )
            attempt += 1
            backoff = RETRY_BACKOFF_SECONDS * 2 ** (attempt - 1)
            # Each attempt may take all the time left, so a timed-out one is the last.
            final = attempt >= attempts or deadline - time.monotonic() <= backoff
            if isinstance(result, httpx.Response):
                if final or result.status_code not in UNHEALTHY:
                    return result
            elif final:
                raise result
            await asyncio.sleep(backoff)

    async def _send(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str],
        content: bytes | None,
        json: object,
        timeout: float,
        budget: float,
    ) -> httpx.Response | UpstreamUnavailable:
        """One attempt through the breaker: the answer, or the error to raise if it was the last.
        A failure, an unhealthy answer or a call slower than `slow_call_ratio` of the route's
        `budget` counts against the breaker."""
        try:
            self.breaker.acquire()
        except CircuitOpen as exc:
            raise self.unavailable("circuit open", exc.retry_after) from exc
        started = time.perf_counter()
        outcome = "error"
        try:
            # The whole exchange, body included, ends by the deadline: a slow trickle is a timeout too.
            async with asyncio.timeout(timeout):
                response = await self.client.request(
                    method, url, headers=headers, content=content, json=json, timeout=timeout
                )
            outcome = str(response.status_code)
            return response
        except (httpx.TransportError, TimeoutError) as exc:
            # The client learns the kind of failure; the log keeps the details (addresses...).
            log.warning(
                "upstream call failed", extra={"upstream": self.name, "url": url, "reason": repr(exc)}
            )
            reason = "timed out" if isinstance(exc, TimeoutError) else describe(exc)
            return self.unavailable(reason)
        finally:
            elapsed = time.perf_counter() - started
            healthy = outcome != "error" and int(outcome) not in UNHEALTHY
            self.breaker.record(healthy and elapsed <= budget * self.slow_call_ratio)
            self.metrics.upstream_latency.labels(self.name, outcome).observe(elapsed)

    def unavailable(self, reason: str, retry_after: float | None = None) -> UpstreamUnavailable:
        seconds = retry_after if retry_after is not None else self.breaker.reset_seconds
        return UpstreamUnavailable(
            f"the {self.name} service is unavailable; try again shortly",
            details=[{"field": "upstream", "reason": f"{self.name}: {reason}"}],
            headers={"Retry-After": str(max(1, math.ceil(seconds)))},
        )

    async def aclose(self) -> None:
        await self.client.aclose()
