"""The catalog service: owns parks, carriers, policies, chains, companies, funds, investments, providers,
tenancies."""

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from services.catalog.api_keys.endpoints import router as api_keys_router
from services.catalog.carriers.endpoints import router as carriers_router
from services.catalog.chains.endpoints import router as chains_router
from services.catalog.changes.endpoints import router as changes_router
from services.catalog.companies.endpoints import router as companies_router
from services.catalog.companies.endpoints import supply_links_router
from services.catalog.db import create_db_engine, create_sessionmaker
from services.catalog.exports.endpoints import router as exports_router
from services.catalog.funds.endpoints import router as funds_router
from services.catalog.imports.endpoints import router as imports_router
from services.catalog.imports.jobs import ImportWorker
from services.catalog.industries.endpoints import router as industries_router
from services.catalog.investments.endpoints import holdings_router
from services.catalog.investments.endpoints import router as investments_router
from services.catalog.kit.dependencies import require_internal_token
from services.catalog.leads.endpoints import router as leads_router
from services.catalog.locator.endpoints import router as locator_router
from services.catalog.parks.endpoints import router as parks_router
from services.catalog.policies.endpoints import router as policies_router
from services.catalog.providers.endpoints import router as providers_router
from services.catalog.saved_searches.endpoints import router as saved_searches_router
from services.catalog.tenancies.endpoints import router as tenancies_router
from shared.app import create_service_app
from shared.errors import error_response
from shared.settings import Settings, get_settings

API_PREFIX = "/api/v1"
# SQLite: "UNIQUE constraint failed: park.code"; PostgreSQL: "Key (code)=(G1) already exists."
_CONSTRAINT_FIELD = re.compile(r"failed: \w+\.(\w+)|Key \((\w+)")


def api_router() -> APIRouter:
    """Every API route, behind the internal token (only /healthz and the docs answer anyone)."""
    router = APIRouter(prefix=API_PREFIX, dependencies=[Depends(require_internal_token)])
    for domain_router in (
        locator_router,
        parks_router,
        changes_router,
        carriers_router,
        companies_router,
        supply_links_router,
        tenancies_router,
        funds_router,
        investments_router,
        holdings_router,
        providers_router,
        industries_router,
        leads_router,
        api_keys_router,
        saved_searches_router,
        imports_router,
        exports_router,
        policies_router,
        chains_router,
    ):
        router.include_router(domain_router)
    return router


async def _integrity_error(_: Request, exc: Exception) -> JSONResponse:
    # The database refused the write (a unique value taken, a reference gone): say so without SQL.
    match = _CONSTRAINT_FIELD.search(str(getattr(exc, "orig", "")))
    field = f"body.{match.group(1) or match.group(2)}" if match else "body"
    return error_response(
        409,
        "conflict",
        "the change conflicts with existing data",
        [{"field": field, "reason": "already taken"}],
    )


async def _stale_data(_: Request, __: Exception) -> JSONResponse:
    return error_response(409, "stale_version", "the object was changed by someone else; reload and retry")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_db_engine(settings)
        app.state.engine = engine
        app.state.sessionmaker = create_sessionmaker(engine)
        app.state.import_worker = ImportWorker(app.state.sessionmaker, settings)
        app.state.import_worker.start()
        yield
        app.state.import_worker.stop()
        engine.dispose()

    app = create_service_app(
        service="catalog",
        title="ParkMatch catalog",
        settings=settings,
        lifespan=lifespan,
        upload_prefix=f"{API_PREFIX}/imports",
        description="Parks, carriers, policies, industry chains, companies, funds, service providers "
        "and tenancies, with a change feed for followers.",
    )
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(StaleDataError, _stale_data)
    app.include_router(api_router())
    return app
