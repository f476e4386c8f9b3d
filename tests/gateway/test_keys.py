"""API keys seen from the gateway: the admin command, verification through the catalog, the cache."""

import contextlib
import io
import time
from collections.abc import Callable

from fastapi.testclient import TestClient

from services.gateway import cli
from shared.settings import Settings
from tests.gateway.conftest import World, bearer
from tests.gateway.test_resilience import metric


def run_cli(settings: Settings, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = cli.main(list(args), settings)
    return code, out.getvalue()


def test_admin_command_makes_lists_and_revokes_keys(
    world: World, upstream_settings: Settings, gateway_factory: Callable[..., TestClient]
) -> None:
    own, other = world.ids["park"]["own"], world.ids["park"]["other"]
    code, out = run_cli(
        upstream_settings,
        "create-key",
        "--role",
        "officer",
        "--park",
        str(own),
        "--park",
        str(other),
        "--name",
        "双园专员",
    )
    assert code == 0
    key = out.rsplit(": ", 1)[1].strip()
    key_id = int(out.split("#", 1)[1].split(" ", 1)[0])
    me = world.client.get("/api/v1/me", headers=bearer(key)).json()
    assert me == {
        "role": "officer",
        "park_ids": sorted([own, other]),
        "company_id": None,
        "fund_id": None,
        "provider_id": None,
        "key_id": key_id,
    }
    code, listing = run_cli(upstream_settings, "list-keys")
    assert code == 0 and f"#{key_id} " in listing and "双园专员" in listing and key not in listing

    assert run_cli(upstream_settings, "revoke-key", str(key_id))[0] == 0
    fresh_gateway = gateway_factory()  # nothing cached there
    assert fresh_gateway.get("/api/v1/me", headers=bearer(key)).status_code == 401

    code, error = run_cli(upstream_settings, "create-key", "--role", "enterprise", "--name", "x")
    assert code == 2 and "body.company_id" in error
    assert run_cli(upstream_settings, "revoke-key", "999999")[0] == 1


def test_a_key_is_verified_once_per_cache_time(
    world: World, gateway_factory: Callable[..., TestClient]
) -> None:
    gateway = gateway_factory()
    headers, _ = world.make_key("fund", fund_id=world.ids["fund"]["own"])
    for _ in range(5):
        assert gateway.get("/api/v1/me", headers=headers).json()["role"] == "fund"
    assert (
        metric(gateway, "gateway_upstream_request_duration_seconds_count", upstream="catalog", outcome="200")
        == 1
    )


def test_revocation_shows_within_the_cache_time(
    world: World, gateway_factory: Callable[..., TestClient]
) -> None:
    gateway = gateway_factory(api_key_cache_seconds=1.0)
    headers, key_id = world.make_key("enterprise", company_id=world.ids["company"]["own"])
    assert gateway.get("/api/v1/me", headers=headers).json()["key_id"] == key_id
    revoked = world.client.post(f"/api/v1/api-keys/{key_id}/revoke", headers=world.admin)
    assert revoked.status_code == 200
    assert gateway.get("/api/v1/me", headers=headers).status_code == 200  # still cached
    time.sleep(1.1)
    refused = gateway.get("/api/v1/me", headers=headers)
    assert refused.status_code == 401 and refused.json()["error"]["message"] == "invalid or revoked API key"
