"""`make run`'s first-run setup: the internal token is written once and then kept."""

import stat
from pathlib import Path

from deploy.local import ensure_internal_token


def tokens(env_file: Path) -> list[str]:
    return [line for line in env_file.read_text().splitlines() if line.startswith("INTERNAL_TOKEN=")]


def test_writes_a_token_once_and_keeps_it(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    ensure_internal_token(env_file)
    first = tokens(env_file)
    assert len(first) == 1
    assert len(first[0].removeprefix("INTERNAL_TOKEN=")) >= 32
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600

    ensure_internal_token(env_file)
    assert tokens(env_file) == first


def test_keeps_the_other_settings_and_an_existing_token(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("DATABASE_URL=postgresql://db/parkmatch\n")
    ensure_internal_token(env_file)
    lines = env_file.read_text().splitlines()
    assert lines[0] == "DATABASE_URL=postgresql://db/parkmatch"
    assert len(tokens(env_file)) == 1

    env_file.write_text("INTERNAL_TOKEN=chosen-by-the-operator\n")
    ensure_internal_token(env_file)
    assert env_file.read_text() == "INTERNAL_TOKEN=chosen-by-the-operator\n"
