"""One OpenAPI document for the whole public API: the gateway's own routes, plus the upstreams'
operations that the route table exposes (internal routes are left out), with their components merged
and each operation marked with the roles that may call it."""

import asyncio
import copy
import time
from collections.abc import Callable
from typing import Any

from services.gateway.access import ANYONE, RouteTable, Rule, Wait
from services.gateway.core import Gateway
from shared.errors import AppError
from shared.logging import get_logger
from shared.principal import SERVICE

log = get_logger(__name__)

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMA_REF = "#/components/schemas/"
FRESH_SECONDS = 300.0
RETRY_MISSING_SECONDS = 5.0
SECURITY_SCHEME = {
    "ApiKey": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key, `pm_<public id>_<secret>`, as `Authorization: Bearer <key>`",
    }
}


def merge(own: dict[str, Any], upstream_docs: dict[str, dict[str, Any]], table: RouteTable) -> dict[str, Any]:
    merged = copy.deepcopy(own)
    paths: dict[str, Any] = merged.setdefault("paths", {})
    schemas: dict[str, Any] = merged.setdefault("components", {}).setdefault("schemas", {})
    for path, item in paths.items():
        for method, operation in item.items():
            rule = table.find_operation(method.upper(), path)
            if rule is not None:
                _mark(operation, rule)
    for name, doc in upstream_docs.items():
        theirs = doc.get("components", {}).get("schemas", {})
        renames = {
            key: f"{name}_{key}" for key, schema in theirs.items() if schemas.get(key, schema) != schema
        }
        doc = _rename_refs(doc, renames)
        for key, schema in doc.get("components", {}).get("schemas", {}).items():
            schemas[renames.get(key, key)] = schema
        for path, item in doc.get("paths", {}).items():
            for method in HTTP_METHODS:
                rule = table.find_operation(method.upper(), path)
                if method not in item or rule is None or rule.upstream != name:
                    continue
                operation = item[method]
                _mark(operation, rule)
                paths.setdefault(path, {})[method] = operation
    merged["components"]["securitySchemes"] = SECURITY_SCHEME
    merged["paths"] = dict(sorted(paths.items()))
    return merged


def _mark(operation: dict[str, Any], rule: Rule) -> None:
    roles = sorted(role.value for role in rule.roles)
    operation["x-roles"] = roles
    operation["security"] = [{}, {"ApiKey": []}] if rule.roles == ANYONE else [{"ApiKey": []}]
    who = "anyone, no key needed" if rule.roles == ANYONE else ", ".join(roles)
    operation["description"] = f"{operation.get('description', '')}\n\n**Who may call:** {who}.".strip()


def _rename_refs(node: Any, renames: dict[str, str]) -> Any:
    if not renames:
        return node
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(SCHEMA_REF):
                target = value.removeprefix(SCHEMA_REF)
                value = SCHEMA_REF + renames.get(target, target)
            out[key] = _rename_refs(value, renames)
        return out
    if isinstance(node, list):
        return [_rename_refs(value, renames) for value in node]
    return node


class MergedOpenApi:
    """Fetches the upstreams' documents and caches the merge; an upstream that is down is tried again
    after a few seconds and named in `info.x-missing-upstreams` meanwhile."""

    def __init__(self, gateway: Gateway, own: Callable[[], dict[str, Any]]) -> None:
        self.gateway = gateway
        self.own = own
        self._document: dict[str, Any] | None = None
        self._expires = 0.0
        self._lock = asyncio.Lock()

    async def document(self) -> dict[str, Any]:
        async with self._lock:
            if self._document is None or time.monotonic() >= self._expires:
                self._document, fresh_for = await self._build()
                self._expires = time.monotonic() + fresh_for
            return self._document

    async def _build(self) -> tuple[dict[str, Any], float]:
        names = list(self.gateway.upstreams)
        fetched = await asyncio.gather(*(self._fetch(name) for name in names))
        docs = {name: doc for name, doc in zip(names, fetched, strict=True) if doc is not None}
        merged = merge(self.own(), docs, self.gateway.table)
        missing = [name for name in names if name not in docs]
        if missing:
            merged["info"]["x-missing-upstreams"] = missing
            return merged, RETRY_MISSING_SECONDS
        return merged, FRESH_SECONDS

    async def _fetch(self, name: str) -> dict[str, Any] | None:
        try:
            # A large document takes a while to build on a busy upstream's first request.
            response = await self.gateway.call(name, "GET", "/openapi.json", SERVICE, wait=Wait.bulk)
            if response.status_code == 200:
                doc: dict[str, Any] = response.json()
                return doc
            log.warning(
                "upstream has no OpenAPI document", extra={"upstream": name, "status": response.status_code}
            )
        except (AppError, ValueError) as exc:
            log.warning("upstream OpenAPI document unavailable", extra={"upstream": name, "error": repr(exc)})
        return None
