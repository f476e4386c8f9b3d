"""The FastAPI application factory every service starts from: errors, request ids, size limits, health."""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import FastAPI

from shared.docs import install_docs
from shared.errors import ERROR_RESPONSES, install_error_handlers
from shared.logging import configure_logging
from shared.middleware import BodySizeLimitMiddleware, RequestIdMiddleware, SecurityHeadersMiddleware
from shared.settings import Settings

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]] | Callable[[FastAPI], AsyncIterator[None]]


def create_service_app(
    *,
    service: str,
    title: str,
    settings: Settings,
    lifespan: Any = None,
    upload_prefix: str = "",
    version: str = "1.0.0",
    description: str = "",
) -> FastAPI:
    configure_logging(service, settings.log_level, settings.log_json)
    docs = settings.serve_docs
    app = FastAPI(
        title=title,
        version=version,
        description=description,
        lifespan=lifespan,
        openapi_url="/openapi.json" if docs else None,
        docs_url=None,
        redoc_url=None,
        responses=ERROR_RESPONSES,
    )
    if docs:
        install_docs(app, settings)
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        upload_max_bytes=settings.max_upload_bytes,
        upload_prefix=upload_prefix,
    )
    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, content_security_policy=settings.content_security_policy)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok", "service": service}

    return app
