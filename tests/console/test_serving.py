"""The gateway serves the built console and the docs pages from its own origin: nothing they load
comes from another host, and the first screen stays under its JavaScript budget. (The browser walk
of each role's flow is test_browser.py.)"""

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from benchmarks.console import FIRST_SCREEN_TARGET_KB, bundle_sizes, first_screen_files
from services.gateway.app import create_app
from shared.settings import PROJECT_ROOT
from tests.conftest import make_settings

DIST = PROJECT_ROOT / "console" / "dist"
LOADED = re.compile(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="([^"]+)"')


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    assert (DIST / "index.html").is_file(), "the console is not built: run `make console`"
    return TestClient(create_app(make_settings(tmp_path_factory.mktemp("console"))))


def loaded_urls(html: str) -> list[str]:
    return LOADED.findall(html)


def test_console_page_and_its_assets_come_from_the_gateway(gateway: TestClient) -> None:
    page = gateway.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-cache"
    urls = loaded_urls(page.text)
    scripts = [url for url in urls if url.endswith(".js")]
    assert scripts, page.text
    for url in urls:
        assert url.startswith("/") or url.startswith("data:"), f"{url} is not on the gateway's origin"
    for url in scripts:
        asset = gateway.get(url)
        assert asset.status_code == 200, url
        assert "javascript" in asset.headers["content-type"]


@pytest.mark.parametrize(
    ("path", "asset"), [("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")]
)
def test_docs_pages_load_local_assets_only(gateway: TestClient, path: str, asset: str) -> None:
    page = gateway.get(path)
    assert page.status_code == 200
    urls = loaded_urls(page.text)
    assert f"/docs-assets/{asset}" in urls
    assert all(url.startswith("/") for url in urls), urls
    assert "fonts.googleapis.com" not in page.text and "cdn." not in page.text
    for url in urls:
        assert gateway.get(url).status_code == 200, url


def test_redoc_copy_shows_no_remote_logo(gateway: TestClient) -> None:
    script = gateway.get("/docs-assets/redoc.standalone.js")
    assert script.status_code == 200
    assert "cdn.redoc.ly" not in script.text


def test_unbuilt_console_answers_503_naming_the_build(tmp_path: Path) -> None:
    client = TestClient(create_app(make_settings(tmp_path, console_dir=tmp_path / "no-dist")))
    for path in ("/", "/docs", "/redoc"):
        response = client.get(path)
        assert response.status_code == 503, path
        error = response.json()["error"]
        assert error["code"] == "console_not_built" and "make console" in error["message"]
        assert error["details"][0]["field"] == "console_dir"


def test_first_screen_javascript_is_under_budget() -> None:
    first = first_screen_files(DIST)
    assert first and all(path.is_file() for path in first)
    sizes = bundle_sizes(DIST)
    assert 0 < sizes.first_screen_kb < FIRST_SCREEN_TARGET_KB
    # The heavy pages (charts, the chain graph) are not on the first screen.
    assert sizes.largest_lazy_kb > 100 and sizes.all_js_kb > 2 * sizes.first_screen_kb
