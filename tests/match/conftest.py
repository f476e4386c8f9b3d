"""Match tests run on real parts: a catalog seeded with the real reference data and the demo data
(SQLite), served by uvicorn on a loopback port, followed over HTTP by a match service that uses the
real embedding model. Built once per test session.
"""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from services.catalog.app import create_app as create_catalog_app
from services.catalog.migrate import upgrade
from services.catalog.seed.run import run_seed
from services.match.app import create_app as create_match_app
from shared.settings import Settings
from tests.conftest import ANONYMOUS_CALLER, make_settings
from tests.servers import ServerThread


@pytest.fixture(scope="session")
def seeded_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data_dir = tmp_path_factory.mktemp("match-catalog")
    settings = make_settings(data_dir, change_poll_seconds=0.2, index_dir=data_dir / "indexes")
    upgrade(settings)
    run_seed(settings, None, with_demo=True)
    return settings


@pytest.fixture(scope="session")
def seeded_catalog(seeded_settings: Settings) -> Iterator[ServerThread]:
    server = ServerThread(create_catalog_app(seeded_settings)).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def match_settings(seeded_settings: Settings, seeded_catalog: ServerThread) -> Settings:
    return seeded_settings.model_copy(update={"catalog_url": seeded_catalog.url})


@pytest.fixture(scope="session")
def match_client(match_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_match_app(match_settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="session")
def seeded_catalog_client(seeded_settings: Settings, seeded_catalog: ServerThread) -> Iterator[TestClient]:
    """The same seeded catalog, for the writes a test makes (the match service sees them via the feed)."""
    with TestClient(
        create_catalog_app(seeded_settings), raise_server_exceptions=False, headers=ANONYMOUS_CALLER
    ) as client:
        yield client
