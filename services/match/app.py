"""The match service: ranks companies, parks, funds and providers for each other; finds chain gaps."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from services.match.chains.endpoints import router as chains_router
from services.match.dependencies import StateDep
from services.match.evaluation.endpoints import router as evaluation_router
from services.match.evaluation.endpoints import warm as warm_evaluation
from services.match.feedback.endpoints import router as feedback_router
from services.match.funds.endpoints import router as funds_router
from services.match.membership.endpoints import router as membership_router
from services.match.parks.endpoints import router as parks_router
from services.match.providers.endpoints import router as providers_router
from services.match.search.endpoints import router as search_router
from services.match.search.names import warm as warm_names
from services.match.state import MatchState
from services.match.sync.catalog_client import CatalogClient
from shared.app import create_service_app
from shared.settings import Settings, get_settings

API_PREFIX = "/api/v1/match"


def api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX)
    for question in (
        chains_router,
        parks_router,
        funds_router,
        providers_router,
        search_router,
        feedback_router,
        membership_router,
    ):
        router.include_router(question)

    @router.get("/status", summary="Index sizes, feed position, startup timings")
    def status(state: StateDep) -> dict[str, object]:
        return state.status

    return router


def create_app(settings: Settings | None = None, state: MatchState | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        match_state = state or MatchState(
            settings, CatalogClient(settings.catalog_url, settings.internal_token.get_secret_value())
        )
        # derived work each snapshot gets before it is published, not on a question's path
        match_state.warmers.append(warm_names)
        await match_state.start()
        # the first park evaluation index: later ones are computed when asked, the previous answering
        warm_evaluation(match_state.snapshot, settings)
        app.state.match = match_state
        yield
        await match_state.stop()

    app = create_service_app(
        service="match",
        title="ParkMatch match",
        settings=settings,
        lifespan=lifespan,
        description="Ranks companies, parks, funds and service providers for each other, explained "
        "factor by factor; finds chain gaps (建链/延链/补链/强链) and the companies that fill them.",
    )
    app.include_router(api_router())
    app.include_router(evaluation_router)
    return app
