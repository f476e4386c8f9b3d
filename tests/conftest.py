"""Fixtures shared by every test: settings pointing at throwaway resources, real databases.

The catalog's tests run on SQLite and on PostgreSQL (a fresh database per test session on the server
named by TEST_POSTGRES_ADMIN_URL, default postgres@127.0.0.1:5432).
"""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from services.catalog.app import create_app
from services.catalog.migrate import upgrade
from shared.principal import ANONYMOUS, Principal, Role, forward_headers
from shared.settings import Settings

INTERNAL_TOKEN = "test-internal-token"
POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def make_settings(data_dir: Path, database_url: str | None = None, **overrides: object) -> Settings:
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        internal_token=INTERNAL_TOKEN,  # type: ignore[arg-type]
        log_json=False,
        log_level="WARNING",
        **overrides,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    name = f"pm_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def fresh_database(engine: str, data_dir: Path) -> Iterator[Settings]:
    """Settings for a database of its own ("sqlite" under data_dir, or "postgres"), dropped after."""
    if engine == "sqlite":
        yield make_settings(data_dir)
        return
    name = f"pm_own_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_settings(data_dir, f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{name}")
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def catalog_settings(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data_dir = tmp_path_factory.mktemp(f"catalog-{request.param}")
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    settings = make_settings(data_dir, url)
    upgrade(settings)
    return settings


@pytest.fixture(scope="session")
def catalog_client(catalog_settings: Settings) -> Iterator[TestClient]:
    with TestClient(
        create_app(catalog_settings), raise_server_exceptions=False, headers=ANONYMOUS_CALLER
    ) as client:
        yield client


def as_principal(principal: Principal) -> dict[str, str]:
    return forward_headers(principal, INTERNAL_TOKEN)


# The catalog answers services only: a request with no caller of its own comes, as from the gateway,
# for an anonymous caller.
ANONYMOUS_CALLER = as_principal(ANONYMOUS)
ADMIN = as_principal(Principal(role=Role.admin))


def officer_of(*park_ids: int) -> dict[str, str]:
    return as_principal(Principal(role=Role.officer, park_ids=frozenset(park_ids)))


def enterprise_of(company_id: int) -> dict[str, str]:
    return as_principal(Principal(role=Role.enterprise, company_id=company_id))


def unique(prefix: str = "") -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"
