"""Each role's main flow in a real browser: the real catalog (seeded with the real and the demo
data), the match service with the real model and the gateway serving the built console, all on
loopback ports; console/e2e/flows.mjs drives headless Chromium through them (keyboard steps, axe
checks, screenshots, no console errors, no request to another host) and exits non-zero on any failure.

officer: chain map -> gap -> companies that fill it -> add to pipeline -> targets -> move the lead
(by pointer, by keyboard drag with the stage checked through the API, by its menu, to lost) ->
scorecard -> a track -> ranking by it -> benchmark -> the park's funds;
enterprise: parks -> compare -> policy detail; fund: deal flow -> dossier -> curated pool ->
portfolio; provider: clients.
"""

import contextlib
import io
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.gateway import cli
from services.gateway.app import create_app as create_gateway_app
from services.match.app import create_app as create_match_app
from shared.settings import PROJECT_ROOT, Settings
from tests.match.conftest import match_settings, seeded_catalog, seeded_settings  # noqa: F401 (fixtures)
from tests.servers import ServerThread

CONSOLE = PROJECT_ROOT / "console"
CHROMIUM = Path("/usr/bin/chromium")
FLOWS_TIMEOUT_SECONDS = 30 * 60


@pytest.fixture(scope="module")
def console_url(match_settings: Settings) -> Iterator[str]:  # noqa: F811 (the imported fixture)
    assert (CONSOLE / "dist" / "index.html").is_file(), "the console is not built: run `make console`"
    assert CHROMIUM.exists(), "no Chromium at /usr/bin/chromium: run `make chromium`"
    assert shutil.which("node"), "no node on PATH"
    # The first snapshot embeds every company with the real model: minutes on a busy machine.
    match = ServerThread(create_match_app(match_settings)).start(timeout=FLOWS_TIMEOUT_SECONDS)
    # The flows check behaviour, not speed: a busy machine may take long over a first question.
    gateway_settings = match_settings.model_copy(
        update={
            "match_url": match.url,
            "upstream_timeout_seconds": 120.0,
            "match_timeout_seconds": 120.0,
            "rate_limit_per_minute": 100_000,
            "breaker_failure_threshold": 1_000,
        }
    )
    gateway = ServerThread(create_gateway_app(gateway_settings)).start()
    yield gateway.url
    gateway.stop()
    match.stop()


def create_key(settings: Settings, *args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["create-key", *args], settings) == 0
    return out.getvalue().rsplit(": ", 1)[1].strip()


def first_id(client: httpx.Client, path: str, **filters: str) -> int:
    response = client.get(path, params={"limit": 1, **filters})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert items, f"{path} is empty"
    return int(items[0]["id"])


def officer_park(client: httpx.Client) -> int:
    """The park with the most present tenants (as the evaluation counts them) among the parks whose
    chain map has both nodes covered and gaps: the officer walks a real chain, its gaps and targets."""
    parks: list[dict[str, Any]] = []
    params = {"limit": "100"}
    while True:
        response = client.get("/api/v1/evaluation/parks", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        parks += page["items"]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    for park in sorted(parks, key=lambda p: (-p["total_tenants"], p["park_id"])):
        coverage = client.post("/api/v1/match/chain-coverage", json={"park_id": park["park_id"]})
        nodes = coverage.json()["explain"]["nodes"] if coverage.status_code == 200 else {}
        if nodes.get("covered") and (nodes.get("thin") or nodes.get("missing")):
            return int(park["park_id"])
    raise AssertionError("no park has a chain map with covered nodes and gaps")


@pytest.fixture(scope="module")
def keys(console_url: str, seeded_settings: Settings) -> dict[str, str]:  # noqa: F811
    """A key per role, scoped the way a newcomer's would be: the officer's park is a rich one
    (``officer_park``), the enterprise one of its tenants."""
    admin = create_key(seeded_settings, "--role", "admin", "--name", "browser admin")
    with httpx.Client(
        base_url=console_url, headers={"Authorization": f"Bearer {admin}"}, timeout=120
    ) as client:
        park = str(officer_park(client))
        company = str(
            client.get("/api/v1/tenancies", params={"park_id": park, "limit": 1}).json()["items"][0][
                "company_id"
            ]
        )
        # A fund that invests in listed companies and a testing lab: the catalog's companies are listed.
        fund = str(first_id(client, "/api/v1/funds", stage="listed"))
        provider = str(first_id(client, "/api/v1/providers", category="testing"))
    return {
        "officer": create_key(
            seeded_settings, "--role", "officer", "--park", park, "--name", "browser officer"
        ),
        "enterprise": create_key(
            seeded_settings, "--role", "enterprise", "--company", company, "--name", "browser firm"
        ),
        "fund": create_key(seeded_settings, "--role", "fund", "--fund", fund, "--name", "browser fund"),
        "provider": create_key(
            seeded_settings, "--role", "provider", "--provider", provider, "--name", "browser provider"
        ),
    }


def test_each_role_walks_its_main_flow(console_url: str, keys: dict[str, str]) -> None:
    screenshots = PROJECT_ROOT / "var" / "e2e"
    shutil.rmtree(screenshots, ignore_errors=True)
    result = subprocess.run(
        ["node", "e2e/flows.mjs"],
        cwd=CONSOLE,
        env={
            **os.environ,
            "BASE_URL": console_url,
            "KEYS": json.dumps(keys),
            "SCREENSHOTS": str(screenshots),
        },
        capture_output=True,
        text=True,
        timeout=FLOWS_TIMEOUT_SECONDS,
    )
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    for role in ("officer", "enterprise", "fund", "provider"):
        assert f"{role}: ok" in result.stdout
        assert list(screenshots.glob(f"{role}-*.png")), f"no screenshots of {role}"
