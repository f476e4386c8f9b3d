"""Gateway tests run against real parts: the real catalog (SQLite) served by uvicorn on a loopback
port, real HTTP from the gateway to it, and real Redis for the shared rate limits. The match service
is served the same way once services/match/app.py exists; until then its address has nothing
listening, so a request the gateway lets through to it answers 503 (and one it refuses never leaves).
"""

import contextlib
import io
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.catalog.app import create_app as create_catalog_app
from services.catalog.migrate import upgrade
from services.gateway import cli
from services.gateway.app import create_app as create_gateway_app
from services.match.app import create_app as create_match_app
from shared.serving import free_port
from shared.settings import Settings
from tests.conftest import make_settings
from tests.servers import ServerThread


@pytest.fixture(scope="session")
def upstream_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = make_settings(tmp_path_factory.mktemp("gateway-catalog"))
    upgrade(settings)
    return settings


@pytest.fixture(scope="session")
def catalog_server(upstream_settings: Settings) -> Iterator[ServerThread]:
    server = ServerThread(create_catalog_app(upstream_settings)).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def match_url(upstream_settings: Settings, catalog_server: ServerThread) -> Iterator[str]:
    settings = upstream_settings.model_copy(update={"catalog_url": catalog_server.url})
    server = ServerThread(create_match_app(settings)).start()
    yield server.url
    server.stop()


@contextlib.contextmanager
def gateways(
    tmp_path_factory: pytest.TempPathFactory, catalog_url: str, match_url: str
) -> Iterator[Callable[..., TestClient]]:
    """Start gateway apps (as TestClients, from `client`'s address) with settings overrides; all are
    closed at the end."""
    stack = contextlib.ExitStack()

    def start(client: tuple[str, int] = ("127.0.0.1", 50000), **overrides: Any) -> TestClient:
        values: dict[str, Any] = {
            "catalog_url": catalog_url,
            "match_url": match_url,
            "rate_limit_per_minute": 100_000,
            "anonymous_rate_limit_per_minute": 100_000,
            "breaker_failure_threshold": 1_000,
            **overrides,
        }
        app = create_gateway_app(make_settings(tmp_path_factory.mktemp("gateway"), **values))
        return stack.enter_context(TestClient(app, raise_server_exceptions=False, client=client))

    with stack:
        yield start


@pytest.fixture(scope="session")
def gateway_factory(
    tmp_path_factory: pytest.TempPathFactory, catalog_server: ServerThread, match_url: str
) -> Iterator[Callable[..., TestClient]]:
    with gateways(tmp_path_factory, catalog_server.url, match_url) as start:
        yield start


@pytest.fixture(scope="session")
def catalog_gateway_factory(
    tmp_path_factory: pytest.TempPathFactory, catalog_server: ServerThread
) -> Iterator[Callable[..., TestClient]]:
    """Gateways in front of the catalog alone (nothing listens at their match address)."""
    with gateways(tmp_path_factory, catalog_server.url, f"http://127.0.0.1:{free_port()}") as start:
        yield start


@pytest.fixture(scope="session")
def gateway(gateway_factory: Callable[..., TestClient]) -> TestClient:
    return gateway_factory()


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture(scope="session")
def admin_key(upstream_settings: Settings) -> str:
    """The first admin key, made the way an operator makes it: the gateway's admin command."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["create-key", "--role", "admin", "--name", "test admin"], upstream_settings) == 0
    return out.getvalue().rsplit(": ", 1)[1].strip()


def unique(prefix: str = "") -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


@dataclass
class World:
    """Objects of two of each tenant — `own` belongs to the role's key, `other` does not — and a key
    per role. Built through the gateway with the admin key."""

    client: TestClient
    admin: dict[str, str]
    ids: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> {"own": id, "other": id}
    keys: dict[str, dict[str, str]] = field(default_factory=dict)  # role -> headers
    key_ids: dict[str, int] = field(default_factory=dict)

    def create(
        self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> dict[str, Any]:
        response = self.client.post(path, json=body, headers=headers or self.admin)
        assert response.status_code == 201, (path, response.text)
        result: dict[str, Any] = response.json()
        return result

    def version(self, path: str) -> int:
        response = self.client.get(path, headers=self.admin)
        assert response.status_code == 200, (path, response.text)
        version: int = response.json()["version"]
        return version

    def make_key(self, role: str, **scope: Any) -> tuple[dict[str, str], int]:
        created = self.create("/api/v1/api-keys", {"name": unique(f"{role} "), "role": role, **scope})
        return bearer(created["key"]), created["id"]


def park_body(**overrides: Any) -> dict[str, Any]:
    return {
        "code": unique("G"),
        "name": unique("测试经济技术开发区"),
        "zone_type": "etdz",
        "approval_level": "national",
        "province": "江苏省",
        "city": "苏州市",
        "leading_industries": ["新能源"],
        **overrides,
    }


def build_world(client: TestClient, admin_key: str) -> World:
    world = World(client=client, admin=bearer(admin_key))
    for kind in ("own", "other"):
        park = world.create("/api/v1/parks", park_body())
        company = world.create("/api/v1/companies", {"name": unique("企业"), "needs": {"space_m2": 800}})
        fund = world.create("/api/v1/funds", {"name": unique("基金")})
        provider = world.create("/api/v1/providers", {"name": unique("律所"), "category": "legal"})
        carrier = world.create(
            "/api/v1/carriers", {"park_id": park["id"], "name": unique("厂房"), "kind": "standard_factory"}
        )
        for name, obj in (("park", park), ("company", company), ("fund", fund), ("provider", provider)):
            world.ids.setdefault(name, {})[kind] = obj["id"]
        world.ids.setdefault("carrier", {})[kind] = carrier["id"]
        policy = world.create(
            "/api/v1/policies",
            {
                "scope": "park",
                "park_id": park["id"],
                "title": unique("租金补贴"),
                "category": "rent",
                "benefit": {"kind": "fixed", "amount_yuan": 50000},
            },
        )
        world.ids.setdefault("policy", {})[kind] = policy["id"]
    own, other = world.ids["park"]["own"], world.ids["park"]["other"]
    world.keys["anonymous"] = {}
    world.keys["admin"] = world.admin
    world.keys["officer"], world.key_ids["officer"] = world.make_key("officer", park_ids=[own])
    world.keys["enterprise"], world.key_ids["enterprise"] = world.make_key(
        "enterprise", company_id=world.ids["company"]["own"]
    )
    world.keys["fund"], world.key_ids["fund"] = world.make_key("fund", fund_id=world.ids["fund"]["own"])
    world.keys["provider"], world.key_ids["provider"] = world.make_key(
        "provider", provider_id=world.ids["provider"]["own"]
    )
    world.key_ids["admin"] = world.client.get("/api/v1/me", headers=world.admin).json()["key_id"]
    for kind, park_id in (("own", own), ("other", other)):
        tenancy = world.create(
            "/api/v1/tenancies",
            {"park_id": park_id, "company_id": world.ids["company"][kind], "kind": "physical"},
        )
        lead = world.create(
            "/api/v1/leads",
            {"park_id": park_id, "company_id": world.ids["company"]["other"], "owner": "张三"},
        )
        investment = world.create(
            "/api/v1/investments",
            {
                "fund_id": world.ids["fund"][kind],
                "company_id": world.ids["company"][kind],
                "round": "a",
                "invested_on": "2021-06-18",
            },
        )
        world.ids.setdefault("tenancy", {})[kind] = tenancy["id"]
        world.ids.setdefault("lead", {})[kind] = lead["id"]
        world.ids.setdefault("investment", {})[kind] = investment["id"]
    own_search = world.create(
        "/api/v1/saved-searches",
        {"name": "储能", "kind": "companies-for-park", "query": {"park_id": own}},
        world.keys["officer"],
    )
    other_search = world.create(
        "/api/v1/saved-searches",
        {"name": "园区", "kind": "parks-for-company", "query": {"company_id": world.ids["company"]["own"]}},
        world.keys["enterprise"],
    )
    world.ids["saved_search"] = {"own": own_search["id"], "other": other_search["id"]}
    return world


@pytest.fixture(scope="session")
def world(gateway: TestClient, admin_key: str) -> World:
    return build_world(gateway, admin_key)
