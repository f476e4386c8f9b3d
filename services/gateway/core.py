"""The gateway's working parts, built once per app: upstream clients, key verification, rate limits,
the route table and metrics; and the calls every route makes through them."""

import ipaddress
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network
from typing import Any

import httpx
from fastapi import Request, Response

from services.gateway.access import PUBLIC_API, Rule, Wait
from services.gateway.auth import KeyVerifier
from services.gateway.idempotency import HEADER as IDEMPOTENCY_HEADER
from services.gateway.idempotency import Answer, Idempotency, fingerprint, make_store
from services.gateway.metrics import Metrics
from services.gateway.ratelimit import Buckets, make_buckets, retry_after_header
from services.gateway.upstream import Upstream
from shared.errors import AppError, RateLimited
from shared.logging import request_id_var
from shared.principal import Principal, forward_headers
from shared.settings import Settings

# Request headers a caller may pass on to an upstream; everything else (X-Principal and
# X-Internal-Token above all) is dropped.
FORWARDED_REQUEST_HEADERS = ("content-type", "accept", "accept-language")
FORWARDED_RESPONSE_HEADERS = frozenset(
    {"content-type", "content-disposition", "location", "retry-after", "allow", "cache-control", "etag"}
)


class UpstreamAnswer(AppError):
    """An upstream's error answer, carried on as it was (status, code, message, details)."""

    def __init__(self, status: int, code: str, message: str, details: list[dict[str, Any]]) -> None:
        super().__init__(message, details=details)
        self.status_code = status
        self.code = code


def answer_error(response: httpx.Response, upstream: str) -> UpstreamAnswer:
    """The error an upstream answered with, in the common shape (or a plain one if it sent another)."""
    try:
        error = response.json()["error"]
        return UpstreamAnswer(
            response.status_code, str(error["code"]), str(error["message"]), list(error.get("details") or [])
        )
    except (ValueError, KeyError, TypeError):
        return UpstreamAnswer(
            response.status_code, "upstream_error", f"{upstream} answered {response.status_code}", []
        )


@dataclass(frozen=True)
class Call:
    """A request that passed the guard: its rule, path parameters and caller."""

    rule: Rule
    params: dict[str, str]
    principal: Principal


class Gateway:
    def __init__(self, settings: Settings, metrics: Metrics) -> None:
        self.settings = settings
        self.metrics = metrics
        self.table = PUBLIC_API
        self.internal_token = settings.internal_token.get_secret_value()
        self.upstreams = {
            "catalog": Upstream(
                "catalog", settings.catalog_url, settings, metrics, settings.upstream_timeout_seconds
            ),
            "match": Upstream("match", settings.match_url, settings, metrics, settings.match_timeout_seconds),
        }
        self.timeouts = {
            Wait.quick: settings.upstream_timeout_seconds,
            Wait.match: settings.match_timeout_seconds,
            Wait.bulk: settings.bulk_timeout_seconds,
        }
        self.verifier = KeyVerifier(
            self.upstreams["catalog"], self.internal_token, settings.api_key_cache_seconds
        )
        self.buckets: Buckets = make_buckets(settings.redis_url, settings.rate_limit_redis_prefix)
        self.idempotency = Idempotency(
            make_store(settings.redis_url, settings.idempotency_redis_prefix),
            ttl_seconds=settings.idempotency_ttl_seconds,
            run_seconds=settings.bulk_timeout_seconds,
        )

    async def aclose(self) -> None:
        await self.idempotency.aclose()
        for upstream in self.upstreams.values():
            await upstream.aclose()
        await self.buckets.aclose()

    def client_address(self, request: Request) -> str:
        """The caller's address: the connection's, or, behind a trusted proxy, the nearest address in
        X-Forwarded-For that is not a trusted proxy itself."""
        peer = request.client.host if request.client else "unknown"
        hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
        address = peer
        while self.in_networks(address, self.settings.trusted_proxies) and hops:
            address = hops.pop()
        return address

    @staticmethod
    def in_networks(address: str, networks: list[IPv4Network | IPv6Network]) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in networks)

    async def limit(self, principal: Principal, request: Request) -> None:
        """Take a token from the caller's bucket (its key's, or its address's); 429 when empty."""
        if principal.key_id is not None:
            bucket, per_minute, client = f"key:{principal.key_id}", self.settings.rate_limit_per_minute, "key"
        else:
            bucket, per_minute, client = (
                f"ip:{self.client_address(request)}",
                self.settings.anonymous_rate_limit_per_minute,
                "anonymous",
            )
        wait = await self.buckets.take(bucket, per_minute)
        if wait > 0:
            self.metrics.rate_limited.labels(client).inc()
            raise RateLimited(
                f"rate limit of {per_minute} requests a minute reached; retry in {wait:.1f}s",
                details=[{"field": "rate_limit", "reason": f"{per_minute} requests a minute per {client}"}],
                headers={"Retry-After": retry_after_header(wait)},
            )

    def upstream_headers(self, principal: Principal, incoming: Any = None) -> dict[str, str]:
        headers = forward_headers(principal, self.internal_token)
        request_id = request_id_var.get()
        if request_id:
            headers["X-Request-ID"] = request_id
        if incoming is not None:
            for name in FORWARDED_REQUEST_HEADERS:
                value = incoming.get(name)
                if value is not None:
                    headers[name] = value
        return headers

    async def call(
        self,
        upstream: str,
        method: str,
        path: str,
        principal: Principal,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        wait: Wait | None = None,
    ) -> httpx.Response:
        """A request of the gateway's own (dossiers, alerts, the merged document) to an upstream, as
        `principal`; it waits as long as the upstream's routes do unless `wait` says otherwise."""
        url = str(httpx.URL(path, params=params)) if params else path
        return await self.upstreams[upstream].request(
            method,
            url,
            headers=self.upstream_headers(principal),
            json=json,
            timeout=self.timeouts[wait] if wait is not None else None,
        )

    async def forward(self, request: Request, call: Call) -> Response:
        """Pass the request on to its upstream as the caller, and the answer back; a POST with an
        Idempotency-Key runs once and its answer is replayed to retries (idempotency.py)."""
        url = request.scope.get("raw_path", request.url.path.encode()).decode("latin-1")
        if request.scope["query_string"]:
            url += "?" + request.scope["query_string"].decode("latin-1")
        body = await request.body()
        upstream = self.upstreams[call.rule.upstream]
        timeout = self.timeouts[call.rule.wait]
        headers = self.upstream_headers(call.principal, request.headers)
        key = request.headers.get(IDEMPOTENCY_HEADER)
        if request.method != "POST" or key is None:
            response = await upstream.request(
                request.method, url, headers=headers, content=body or None, timeout=timeout
            )
            return answer_of(response).response()

        async def send() -> httpx.Response:
            # The first run may outlast the caller's wait: its answer is kept for the retry.
            return await upstream.request(
                "POST", url, headers=headers, content=body or None, timeout=self.timeouts[Wait.bulk]
            )

        caller = (
            f"key:{call.principal.key_id}"
            if call.principal.key_id is not None
            else f"ip:{self.client_address(request)}"
        )
        return await self.idempotency.run(
            caller, key, fingerprint("POST", url, body), send, answer_of, wait=timeout
        )


def answer_of(response: httpx.Response) -> Answer:
    """An upstream's answer as the gateway passes it on (only the headers a caller may see)."""
    headers = {k: v for k, v in response.headers.items() if k.lower() in FORWARDED_RESPONSE_HEADERS}
    return Answer(response.status_code, headers, response.content)
