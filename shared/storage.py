"""Files the services keep on disk: readable by the service's own user alone."""

import os
from pathlib import Path

from sqlalchemy.engine import make_url

PRIVATE_MODE = 0o600


def private_sqlite(url: str) -> None:
    """Make the SQLite database file of `url` (if it is one) private: created, or narrowed, to 0600.
    SQLite creates its -wal and -shm files with the database file's mode."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return
    path = Path(parsed.database)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_MODE))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists():
            file.chmod(PRIVATE_MODE)
