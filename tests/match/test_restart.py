"""A restarted match service loads its indexes and membership from disk and resumes from the last
applied change; without the saved tables it copies the catalog again and builds everything anew."""

import asyncio
import shutil
from pathlib import Path

import httpx
import numpy as np
from fastapi.testclient import TestClient

from services.catalog.app import create_app as create_catalog_app
from services.catalog.migrate import upgrade
from services.match.embedding.encoder import Encoder
from services.match.snapshot.tables import TABLES_FILE
from services.match.spaces.documents import company_profile_text
from services.match.state import MatchState
from services.match.sync.catalog_client import CatalogClient
from shared.settings import Settings
from tests.conftest import ADMIN, make_settings
from tests.servers import ServerThread


def _start_and_stop(settings: Settings, encoder: Encoder | None = None) -> MatchState:
    async def run() -> MatchState:
        client = CatalogClient(settings.catalog_url, settings.internal_token.get_secret_value())
        state = MatchState(settings, client, encoder)
        await state.start(follow=False)
        await state.stop()
        return state

    return asyncio.run(run())


def test_restart_resumes_from_disk(
    match_client: TestClient, match_settings: Settings, tmp_path: Path
) -> None:
    status = match_client.get("/api/v1/match/status").json()
    # The running service keeps checkpointing into its directory: restart from a copy of it.
    shutil.copytree(match_settings.indexes_dir, tmp_path / "indexes")
    settings = match_settings.model_copy(update={"index_dir": tmp_path / "indexes"})

    state = _start_and_stop(settings)
    assert state.started["loaded_from_disk"] is True
    assert "index_build_seconds" not in state.started
    assert "membership_build_seconds" not in state.started  # membership is loaded, not recomputed
    assert state.status["membership"]["members"] > 0
    assert state.status["membership"]["nodes"] == status["membership"]["nodes"]
    assert state.snapshot.last_seq >= status["last_seq"]
    assert state.status["counts"]["company"] == status["counts"]["company"]


def test_a_checkpoint_without_its_tables_is_rebuilt_from_the_catalog(tmp_path: Path) -> None:
    """The tables file is what a restart resumes from (one saved under another name, as before it was
    `tables.json`, is not found): the catalog is copied again and nothing saved beside it is reused,
    not even a profile vector of a company edited since."""
    settings = make_settings(tmp_path, index_dir=tmp_path / "indexes")
    upgrade(settings)
    catalog = ServerThread(create_catalog_app(settings)).start()
    try:
        settings = settings.model_copy(update={"catalog_url": catalog.url})
        with httpx.Client(base_url=catalog.url, headers=ADMIN, timeout=30) as client:
            body = {
                "name": "示例储能科技有限公司",
                "description": "锂离子电池储能系统集成",
                "products": [{"name": "储能电池系统", "share": 1.0}],
                "is_generated": True,
            }
            created = client.post("/api/v1/companies", json=body)
            assert created.status_code == 201, created.text
            company = created.json()
            first = _start_and_stop(settings)
            saved = settings.indexes_dir / TABLES_FILE
            assert saved.is_file()
            saved.rename(saved.with_name("corpus.json"))  # the name the tables file had before
            edited = client.patch(
                f"/api/v1/companies/{company['id']}",
                json={"version": company["version"], "description": "创新药临床试验外包服务"},
            )
            assert edited.status_code == 200, edited.text
        second = _start_and_stop(settings, first.encoder)
    finally:
        catalog.stop()

    assert "loaded_from_disk" not in second.started  # the catalog was copied, the indexes built
    assert "index_build_seconds" in second.started
    record = second.snapshot.tables.company[company["id"]]
    assert record["description"] == "创新药临床试验外包服务"
    expected = second.encoder.encode_queries([company_profile_text(record)])[0]
    assert not np.allclose(first.snapshot.vectors.of("company", company["id"]), expected, atol=1e-3)
    assert np.allclose(second.snapshot.vectors.of("company", company["id"]), expected, atol=1e-3)
    assert saved.is_file()  # and saved under the tables file's name
