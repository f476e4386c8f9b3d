"""The API docs pages (/docs: Swagger UI, /redoc: ReDoc) with their scripts served by the service
itself, so they work on an intranet: the assets come from npm packages copied into the console's
build output (`make console`), under `Settings.console_dir / "docs-assets"`."""

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from shared.errors import error_response
from shared.settings import Settings

DOCS_ASSETS = "docs-assets"
ASSETS_URL = f"/{DOCS_ASSETS}"
SWAGGER_PARAMETERS = {"validatorUrl": None}  # no request to the public validator


def not_built(settings: Settings) -> JSONResponse | None:
    """The 503 answer while the console (and so the docs assets) has not been built."""
    if (settings.console_dir / DOCS_ASSETS).is_dir():
        return None
    return error_response(
        503,
        "console_not_built",
        "the web console and the docs assets are not built: run `make console`",
        [{"field": "console_dir", "reason": f"{settings.console_dir / DOCS_ASSETS} does not exist"}],
    )


def install_docs(app: FastAPI, settings: Settings) -> None:
    """Serve /docs and /redoc from local assets; the app must be made with docs_url=redoc_url=None."""
    app.mount(ASSETS_URL, StaticFiles(directory=settings.console_dir / DOCS_ASSETS, check_dir=False))
    favicon = f"{ASSETS_URL}/favicon-32x32.png"

    @app.get("/docs", include_in_schema=False, response_model=None)
    def swagger_ui() -> HTMLResponse | JSONResponse:
        return not_built(settings) or get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{app.title} — Swagger UI",
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=favicon,
            swagger_ui_parameters=SWAGGER_PARAMETERS,
        )

    @app.get("/redoc", include_in_schema=False, response_model=None)
    def redoc() -> HTMLResponse | JSONResponse:
        return not_built(settings) or get_redoc_html(
            openapi_url="/openapi.json",
            title=f"{app.title} — ReDoc",
            redoc_js_url=f"{ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=favicon,
            with_google_fonts=False,
        )
