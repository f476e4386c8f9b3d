"""Schemathesis against the gateway and the catalog, over real HTTP: every operation of each
service's OpenAPI document, every check, a fixed seed and a bounded number of examples per operation.
A failure of any check fails the test, with schemathesis's report (each failure with a curl line)."""

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.gateway.app import create_app as create_gateway_app
from shared.principal import Principal, Role
from tests.conftest import as_principal, make_settings
from tests.servers import ServerThread

CONFIG = Path(__file__).with_name("schemathesis.toml")
SEED = 20261205
EXAMPLES_PER_OPERATION = 5
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
def gateway_server(
    tmp_path_factory: pytest.TempPathFactory, catalog_server: ServerThread, match_url: str
) -> Iterator[ServerThread]:
    settings = make_settings(
        tmp_path_factory.mktemp("contract-gateway"),
        catalog_url=catalog_server.url,
        match_url=match_url,
        rate_limit_per_minute=1_000_000,
        anonymous_rate_limit_per_minute=1_000_000,
        breaker_failure_threshold=1_000,
    )
    server = ServerThread(create_gateway_app(settings)).start()
    yield server
    server.stop()


def check(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stdout[-20_000:] + result.stderr[-5_000:]


def test_the_catalog_conforms_to_its_document(catalog_server: ServerThread) -> None:
    check(schemathesis(catalog_server.url, as_principal(Principal(role=Role.admin))))


def test_the_gateway_conforms_to_its_document(gateway_server: ServerThread, admin_key: str) -> None:
    check(schemathesis(gateway_server.url, {"Authorization": f"Bearer {admin_key}"}))
