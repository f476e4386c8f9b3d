"""Schemathesis against the gateway and the catalog, over real HTTP: every operation of each
service's OpenAPI document, every check, a fixed seed and a bounded number of examples per operation.
A failure of any check fails the test, with schemathesis's report (each failure with a curl line)."""

import contextlib
import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.catalog.app import create_app as create_catalog_app
from services.catalog.migrate import upgrade
from services.gateway import cli
from services.gateway.app import create_app as create_gateway_app
from shared.principal import Principal, Role
from shared.settings import Settings
from tests.conftest import as_principal, make_settings
from tests.servers import ServerThread

CONFIG = Path(__file__).with_name("schemathesis.toml")
SEED = 20261205
EXAMPLES_PER_OPERATION = 5
UPSTREAM_TIMEOUT_SECONDS = 30.0
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def schemathesis(url: str, headers: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [
        str(SCHEMATHESIS), "--config-file", str(CONFIG), "run", f"{url}/openapi.json",
        "--checks", "all", "--seed", str(SEED), "--max-examples", str(EXAMPLES_PER_OPERATION),
        "--generation-deterministic", "--workers", "1", "--no-color",
        "--phases", "examples,coverage,fuzzing",
    ]  # fmt: skip
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    return subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)


@pytest.fixture(scope="module")
def contract_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A catalog database of its own: the generated calls change and revoke what they find."""
    settings = make_settings(tmp_path_factory.mktemp("contract-catalog"))
    upgrade(settings)
    return settings


@pytest.fixture(scope="module")
def contract_catalog(contract_settings: Settings) -> Iterator[ServerThread]:
    server = ServerThread(create_catalog_app(contract_settings)).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def gateway_server(
    tmp_path_factory: pytest.TempPathFactory, contract_catalog: ServerThread, match_url: str
) -> Iterator[ServerThread]:
    settings = make_settings(
        tmp_path_factory.mktemp("contract-gateway"),
        catalog_url=contract_catalog.url,
        match_url=match_url,
        rate_limit_per_minute=1_000_000,
        anonymous_rate_limit_per_minute=1_000_000,
        breaker_failure_threshold=1_000,
        # This test checks what the answers say, not how fast they come: the upstream services run
        # as threads of this test process, so a slow moment of the match service's follower (the
        # GIL) must not turn a catalog write into a 503 at the production timeout (1.5 s). Latency
        # is measured by `make bench`.
        upstream_timeout_seconds=UPSTREAM_TIMEOUT_SECONDS,
        match_timeout_seconds=UPSTREAM_TIMEOUT_SECONDS,
    )
    server = ServerThread(create_gateway_app(settings)).start()
    yield server
    server.stop()


def check(result: subprocess.CompletedProcess[str]) -> None:
    report = result.stdout[max(0, result.stdout.find("FAILURES")) :]
    assert result.returncode == 0, report[:40_000] + result.stderr[-5_000:]


def test_the_catalog_conforms_to_its_document(contract_catalog: ServerThread) -> None:
    check(schemathesis(contract_catalog.url, as_principal(Principal(role=Role.admin))))


def test_the_gateway_conforms_to_its_document(
    gateway_server: ServerThread, contract_settings: Settings
) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["create-key", "--role", "admin", "--name", "contract"], contract_settings) == 0
    admin_key = out.getvalue().rsplit(": ", 1)[1].strip()
    check(schemathesis(gateway_server.url, {"Authorization": f"Bearer {admin_key}"}))
