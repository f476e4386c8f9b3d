"""The gateway: the only public entry to ParkMatch (port 8000).

`/api/v1/...` is proxied to the catalog and the match service under the route table in access.py,
with API keys, roles, rate limits, retries and circuit breakers; the gateway adds aggregate views
(dossiers, alerts), one merged OpenAPI document, Prometheus metrics and health checks.

Start: `uvicorn services.gateway.app:create_app --factory --port 8000` (or `python -m services.gateway`).
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI, Request, Response
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.middleware import Middleware

from services.gateway import alerts, console, dossiers
from services.gateway.core import Gateway
from services.gateway.dependencies import CallDep, GatewayDep
from services.gateway.metrics import Metrics, MetricsMiddleware
from services.gateway.openapi import MergedOpenApi
from services.gateway.upstream import describe
from shared.app import create_service_app
from shared.errors import NotFound, error_response
from shared.middleware import RequestIdMiddleware
from shared.settings import Settings, get_settings

READY_TIMEOUT_SECONDS = 2.0
PROXIED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
DESCRIPTION = """The public API of ParkMatch (园链通): parks, carriers, policies, industry chains,
companies, funds, service providers, leads and saved searches (catalog), and the matchmaking
questions (match), behind one address.

Send an API key as `Authorization: Bearer pm_...`. Public catalog data (parks, carriers, policies,
chains, industries) is readable without one. Errors have one shape:
`{"error": {"code", "message", "details": [{"field", "reason"}], "request_id"}}`; 429 and 503
answers carry `Retry-After`."""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    if not settings.internal_token.get_secret_value():
        raise RuntimeError(
            "INTERNAL_TOKEN is not set: the gateway could not forward callers to the services "
            "(`make run` writes one to .env)"
        )
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        gateway = Gateway(settings, metrics)
        app.state.gateway = gateway
        app.state.openapi = MergedOpenApi(gateway, lambda: own_openapi(app))
        yield
        await gateway.aclose()

    app = create_service_app(
        service="gateway",
        title="ParkMatch API",
        settings=settings,
        lifespan=lifespan,
        upload_prefix="/api/v1/imports",
        description=DESCRIPTION,
    )
    # Count and log inside the request-id middleware, so every access log line has the request id.
    request_ids = next(i for i, m in enumerate(app.user_middleware) if m.cls is RequestIdMiddleware)
    app.user_middleware.insert(request_ids + 1, Middleware(MetricsMiddleware, metrics=metrics))
    if settings.serve_docs:
        # The merged document replaces FastAPI's own at /openapi.json (/docs reads it from there).
        app.router.routes[:] = [
            route for route in app.router.routes if getattr(route, "path", "") != "/openapi.json"
        ]

        @app.get("/openapi.json", include_in_schema=False)
        async def openapi_document(request: Request) -> JSONResponse:
            return JSONResponse(await request.app.state.openapi.document())

    @app.get("/metrics", include_in_schema=False)
    async def prometheus(request: Request, gateway: GatewayDep) -> Response:
        if not gateway.in_networks(gateway.client_address(request), settings.metrics_networks):
            raise NotFound("no route /metrics", details=[{"field": "path", "reason": "not a public route"}])
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    @app.get("/readyz", include_in_schema=False)
    async def readyz(gateway: GatewayDep) -> Any:
        names = list(gateway.upstreams)
        problems = await asyncio.gather(*(unreachable(gateway, name) for name in names))
        down = {name: problem for name, problem in zip(names, problems, strict=True) if problem}
        if down:
            return error_response(
                503,
                "not_ready",
                f"upstreams unreachable: {', '.join(down)}",
                [{"field": name, "reason": problem} for name, problem in down.items()],
            )
        return {"status": "ready", "upstreams": dict.fromkeys(names, "ok")}

    @app.get("/api/v1/me", tags=["me"], summary="Who the gateway takes you for (your key's role and scope)")
    async def me(call: CallDep) -> dict[str, Any]:
        principal = call.principal
        return {
            "role": principal.role.value,
            "park_ids": sorted(principal.park_ids),
            "company_id": principal.company_id,
            "fund_id": principal.fund_id,
            "provider_id": principal.provider_id,
            "key_id": principal.key_id,
        }

    app.include_router(dossiers.router)
    app.include_router(alerts.router)

    @app.api_route("/api/v1/{path:path}", methods=PROXIED_METHODS, include_in_schema=False)
    async def proxy(request: Request, call: CallDep, gateway: GatewayDep) -> Response:
        return await gateway.forward(request, call)

    console.mount(app, settings)
    return app


def own_openapi(app: FastAPI) -> dict[str, Any]:
    return get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)


async def unreachable(gateway: Gateway, name: str) -> str | None:
    """Why an upstream's /healthz can't be reached (bypassing its breaker), or None when it answers."""
    try:
        response = await gateway.upstreams[name].client.get("/healthz", timeout=READY_TIMEOUT_SECONDS)
    except httpx.TransportError as exc:
        return describe(exc)
    return None if response.status_code == 200 else f"/healthz answered {response.status_code}"
