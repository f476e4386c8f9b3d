"""Typed HTTP client for the catalog, used by the match service (httpx, one pooled client)."""

from collections.abc import AsyncIterator, Sequence
from typing import Any

import httpx

from shared.principal import SERVICE, Principal, forward_headers

# The catalog resources the match service follows, by change-feed entity name.
ENTITY_PATHS: dict[str, str] = {
    "park": "/api/v1/parks",
    "carrier": "/api/v1/carriers",
    "company": "/api/v1/companies",
    "tenancy": "/api/v1/tenancies",
    "fund": "/api/v1/funds",
    "investment": "/api/v1/investments",
    "provider": "/api/v1/providers",
    "policy": "/api/v1/policies",
    "chain": "/api/v1/chains",
    "supply_link": "/api/v1/supply-links",
}
# A park's leads are visible to its officers and admins only: asked for on behalf of the caller.
LEADS_PATH = "/api/v1/leads"
# The policy calculator: one company, many parks (at most `CALCULATOR_BATCH` a call).
CALCULATOR_PATH = "/api/v1/policies/evaluate/batch"
CALCULATOR_BATCH = 200
# Changes to these are applied by reloading the chains they belong to.
CHAIN_PARTS = frozenset({"chain", "chain_node", "chain_edge", "node_company"})
BATCH = 200


class CatalogError(Exception):
    """The catalog answered with an error or could not be reached."""


class CatalogClient:
    def __init__(
        self,
        base_url: str,
        internal_token: str,
        *,
        timeout: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.internal_token = internal_token
        self._http = httpx.AsyncClient(
            base_url=base_url,
            timeout=timeout,
            transport=transport,
            headers=forward_headers(SERVICE, internal_token),
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _get(self, path: str, params: Any = None, principal: Principal = SERVICE) -> Any:
        try:
            response = await self._http.get(
                path, params=params, headers=forward_headers(principal, self.internal_token)
            )
        except httpx.HTTPError as exc:
            raise CatalogError(f"catalog unreachable: {exc}") from exc
        if response.status_code != 200:
            raise CatalogError(f"GET {path} -> {response.status_code}: {response.text[:300]}")
        return response.json()

    async def changes(self, after: int, limit: int = 1_000) -> dict[str, Any]:
        page: dict[str, Any] = await self._get("/api/v1/changes", {"after": after, "limit": limit})
        return page

    async def iterate(self, entity: str, page_size: int = 200) -> AsyncIterator[dict[str, Any]]:
        """Every object of `entity`, page by page."""
        async for item in self._pages(ENTITY_PATHS[entity], {}, SERVICE, page_size):
            yield item

    async def leads(self, park_id: int, principal: Principal) -> list[dict[str, Any]]:
        """The park's leads (every stage), as the asking officer sees them: leads are not in the feed."""
        return [item async for item in self._pages(LEADS_PATH, {"park_id": park_id}, principal)]

    async def _pages(
        self, path: str, filters: dict[str, Any], principal: Principal, page_size: int = 200
    ) -> AsyncIterator[dict[str, Any]]:
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {**filters, "limit": page_size}
            if cursor:
                params["cursor"] = cursor
            page = await self._get(path, params, principal)
            for item in page["items"]:
                yield item
            cursor = page.get("next_cursor")
            if not cursor:
                return

    async def get_many(self, entity: str, ids: Sequence[int]) -> list[dict[str, Any]]:
        """The objects that still exist among `ids` (missing ones were deleted)."""
        found: list[dict[str, Any]] = []
        unique_ids = sorted(set(ids))
        for start in range(0, len(unique_ids), BATCH):
            batch = unique_ids[start : start + BATCH]
            page = await self._get(ENTITY_PATHS[entity], {"ids": batch, "limit": len(batch)})
            found.extend(page["items"])
        return found

    async def post(self, path: str, body: dict[str, Any], principal: Principal = SERVICE) -> Any:
        try:
            response = await self._http.post(
                path, json=body, headers=forward_headers(principal, self.internal_token)
            )
        except httpx.HTTPError as exc:
            raise CatalogError(f"catalog unreachable: {exc}") from exc
        if response.status_code >= 400:
            raise CatalogError(f"POST {path} -> {response.status_code}: {response.text[:300]}")
        return response.json()
