"""A restarted match service loads its indexes and membership from disk and resumes from the last
applied change."""

import asyncio
import shutil
from pathlib import Path

from fastapi.testclient import TestClient

from services.match.state import MatchState
from services.match.sync.catalog_client import CatalogClient
from shared.settings import Settings


def test_restart_resumes_from_disk(
    match_client: TestClient, match_settings: Settings, tmp_path: Path
) -> None:
    status = match_client.get("/api/v1/match/status").json()
    # The running service keeps checkpointing into its directory: restart from a copy of it.
    shutil.copytree(match_settings.indexes_dir, tmp_path / "indexes")
    settings = match_settings.model_copy(update={"index_dir": tmp_path / "indexes"})

    async def restart() -> MatchState:
        client = CatalogClient(settings.catalog_url, settings.internal_token.get_secret_value())
        state = MatchState(settings, client)
        await state.start(follow=False)
        await state.stop()
        return state

    state = asyncio.run(restart())
    assert state.started["loaded_from_disk"] is True
    assert "index_build_seconds" not in state.started
    assert "membership_build_seconds" not in state.started  # membership is loaded, not recomputed
    assert state.status["membership"]["members"] > 0
    assert state.status["membership"]["nodes"] == status["membership"]["nodes"]
    assert state.snapshot.last_seq >= status["last_seq"]
    assert state.status["counts"]["company"] == status["counts"]["company"]
