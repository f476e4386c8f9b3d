"""Who is calling: an API key (`Authorization: Bearer pm_...` or `X-API-Key`) verified by the catalog,
which owns the keys, through its service-only route; answers are cached for `api_key_cache_seconds`,
so a revoked key stops working within that time. No key: the anonymous principal.
"""

import hashlib
import time
from collections import OrderedDict

from starlette.datastructures import Headers

from services.gateway.upstream import Upstream
from shared.errors import Unauthorized
from shared.principal import ANONYMOUS, SERVICE, Principal, forward_headers

VERIFY_PATH = "/api/v1/api-keys/verify"
MAX_CACHED_KEYS = 10_000


def presented_key(headers: Headers) -> str | None:
    authorization = headers.get("authorization")
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("use 'Authorization: Bearer <API key>'")
        return token.strip()
    return headers.get("x-api-key") or None


class KeyVerifier:
    def __init__(self, catalog: Upstream, internal_token: str, ttl_seconds: float) -> None:
        self.catalog = catalog
        self.internal_token = internal_token
        self.ttl_seconds = ttl_seconds
        # sha256(key) -> (expires at, principal or None for a refused key); oldest first.
        self._cache: OrderedDict[str, tuple[float, Principal | None]] = OrderedDict()

    async def principal(self, headers: Headers, request_id: str | None) -> Principal:
        key = presented_key(headers)
        if key is None:
            return ANONYMOUS
        digest = hashlib.sha256(key.encode()).hexdigest()
        now = time.monotonic()
        cached = self._cache.get(digest)
        if cached is not None and cached[0] > now:
            principal = cached[1]
        else:
            principal = await self._verify(key, request_id)
            self._remember(digest, now + self.ttl_seconds, principal)
        if principal is None:
            raise Unauthorized("invalid or revoked API key")
        return principal

    async def _verify(self, key: str, request_id: str | None) -> Principal | None:
        headers = forward_headers(SERVICE, self.internal_token)
        if request_id:
            headers["X-Request-ID"] = request_id
        response = await self.catalog.request("POST", VERIFY_PATH, headers=headers, json={"key": key})
        if 400 <= response.status_code < 500:
            return None  # unknown, revoked or malformed (too long...): refused
        if response.status_code != 200:
            raise self.catalog.unavailable(f"key verification answered {response.status_code}")
        return Principal.from_header(response.text)

    def _remember(self, digest: str, expires: float, principal: Principal | None) -> None:
        self._cache[digest] = (expires, principal)
        self._cache.move_to_end(digest)
        while len(self._cache) > MAX_CACHED_KEYS:
            self._cache.popitem(last=False)
