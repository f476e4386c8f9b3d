"""The gateway's working parts, built once per app: upstream clients, key verification, rate limits,
the route table and metrics; and the calls every route makes through them."""

from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import Request, Response

from services.gateway.access import PUBLIC_API, Rule
from services.gateway.auth import KeyVerifier
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
            "catalog": Upstream("catalog", settings.catalog_url, settings, metrics),
            "match": Upstream("match", settings.match_url, settings, metrics),
        }
        self.verifier = KeyVerifier(
            self.upstreams["catalog"], self.internal_token, settings.api_key_cache_seconds
        )
        self.buckets: Buckets = make_buckets(settings.redis_url, settings.rate_limit_redis_prefix)

    async def aclose(self) -> None:
        for upstream in self.upstreams.values():
            await upstream.aclose()
        await self.buckets.aclose()

    async def limit(self, principal: Principal, request: Request) -> None:
        """Take a token from the caller's bucket (its key's, or its address's); 429 when empty."""
        if principal.key_id is not None:
            bucket, per_minute, client = f"key:{principal.key_id}", self.settings.rate_limit_per_minute, "key"
        else:
            host = request.client.host if request.client else "unknown"
            bucket, per_minute, client = (
                f"ip:{host}",
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
    ) -> httpx.Response:
        """A request of the gateway's own (dossiers, alerts) to an upstream, as `principal`."""
        url = str(httpx.URL(path, params=params)) if params else path
        return await self.upstreams[upstream].request(
            method, url, headers=self.upstream_headers(principal), json=json
        )

    async def forward(self, request: Request, call: Call) -> Response:
        """Pass the request on to its upstream as the caller, and the answer back."""
        url = request.scope.get("raw_path", request.url.path.encode()).decode("latin-1")
        if request.scope["query_string"]:
            url += "?" + request.scope["query_string"].decode("latin-1")
        body = await request.body()
        response = await self.upstreams[call.rule.upstream].request(
            request.method,
            url,
            headers=self.upstream_headers(call.principal, request.headers),
            content=body or None,
        )
        headers = {k: v for k, v in response.headers.items() if k.lower() in FORWARDED_RESPONSE_HEADERS}
        return Response(response.content, status_code=response.status_code, headers=headers)
