"""The web console (console/: React + Vite) served by the gateway from the same origin: `/` answers
its index page and `/assets/...` its hashed scripts and styles, from `Settings.console_dir` (built by
`make console`). The console's API types are generated from the gateway's merged OpenAPI document,
which `python -m services.gateway.console openapi FILE` writes without any service running.
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import SecretStr

from shared.docs import not_built
from shared.settings import Settings, get_settings

INDEX_HEADERS = {"Cache-Control": "no-cache"}  # the page names the current hashed assets


def mount(app: FastAPI, settings: Settings) -> None:
    dist = settings.console_dir
    app.mount("/assets", StaticFiles(directory=dist / "assets", check_dir=False), name="console-assets")

    @app.get("/", include_in_schema=False, response_model=None)
    def console() -> FileResponse | JSONResponse:
        return not_built(settings) or FileResponse(dist / "index.html", headers=INDEX_HEADERS)


def openapi_document(settings: Settings) -> dict[str, Any]:
    """The document the gateway serves at /openapi.json, built from the apps' own documents."""
    from services.catalog.app import create_app as create_catalog_app
    from services.gateway.access import CATALOG, MATCH, PUBLIC_API
    from services.gateway.app import create_app, own_openapi
    from services.gateway.openapi import merge
    from services.match.app import create_app as create_match_app

    settings = settings.model_copy(update={"internal_token": SecretStr("openapi-document-only")})
    upstreams = {CATALOG: create_catalog_app(settings).openapi(), MATCH: create_match_app(settings).openapi()}
    return merge(own_openapi(create_app(settings)), upstreams, PUBLIC_API)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.gateway.console")
    commands = parser.add_subparsers(dest="command", required=True)
    write = commands.add_parser("openapi", help="write the gateway's merged OpenAPI document (JSON)")
    write.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    document = openapi_document(get_settings())
    args.file.write_text(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
