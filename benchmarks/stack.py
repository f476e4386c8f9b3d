"""The services a benchmark starts: a catalog, a match service and a gateway on free loopback ports.

They share one temporary directory (the SQLite databases, the match service's indexes, each
service's log) and one environment: an internal token of their own, no Redis, rate limits out of
reach, warnings only in the logs. The rest of this process's environment passes through (MODELS_DIR
names the model). Nothing runs until a benchmark serves it, so each serves what it measures.
"""

import os
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from shared.principal import Principal, Role, forward_headers
from shared.serving import Service, free_port, serving
from shared.settings import PROJECT_ROOT

UNREACHED_RATE_LIMIT = str(10**9)


@dataclass(frozen=True)
class Stack:
    """The three services' addresses, their directory and environment; none of them running yet."""

    scratch: Path
    token: str
    catalog: Service
    match: Service
    gateway: Service
    env: dict[str, str]

    @property
    def admin(self) -> dict[str, str]:
        """Headers of an admin's request sent straight to a service, as the gateway forwards it."""
        return forward_headers(Principal(role=Role.admin), self.token)

    def serve(self, service: Service, **settings: str) -> AbstractContextManager[None]:
        """`service` running (with `settings` over the shared environment) until the block ends."""
        return serving(service, {**self.env, **settings}, self.scratch / f"{service.name}.log")

    def catalog_cli(self, *commands: str) -> None:
        """Run `python -m services.catalog.cli` with each command in turn (migrate, seed...)."""
        for command in commands:
            done = subprocess.run(
                [sys.executable, "-m", "services.catalog.cli", command],
                cwd=PROJECT_ROOT,
                env=self.env,
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                output = (done.stderr or done.stdout).strip()[-300:]
                raise RuntimeError(f"catalog {command} failed: {output}")

    def api_key(self) -> str:
        """A new admin API key, created on the running catalog."""
        response = httpx.post(
            f"{self.catalog.url}/api/v1/api-keys", json={"name": "bench", "role": "admin"}, headers=self.admin
        )
        response.raise_for_status()
        key: str = response.json()["key"]
        return key

    def match_status(self) -> dict[str, Any]:
        """The running match service's GET /api/v1/match/status (feed position, start timings, counts)."""
        status: dict[str, Any] = httpx.get(f"{self.match.url}/api/v1/match/status", timeout=10).json()
        return status


@contextmanager
def scratch_stack(prefix: str) -> Iterator[Stack]:
    """A stack in a new temporary directory (its name starts with `prefix`), removed when the block
    ends."""
    catalog, match, gateway = (
        Service(name, f"services.{name}.app", free_port()) for name in ("catalog", "match", "gateway")
    )
    token = secrets.token_urlsafe(24)
    with tempfile.TemporaryDirectory(prefix=prefix) as directory:
        scratch = Path(directory)
        env = {
            **os.environ,
            "DATA_DIR": str(scratch),
            "DATABASE_URL": "",
            "MATCH_DATABASE_URL": "",
            "INDEX_DIR": str(scratch / "indexes"),
            "INTERNAL_TOKEN": token,
            "CATALOG_URL": catalog.url,
            "MATCH_URL": match.url,
            "REDIS_URL": "",
            "RATE_LIMIT_PER_MINUTE": UNREACHED_RATE_LIMIT,
            "ANONYMOUS_RATE_LIMIT_PER_MINUTE": UNREACHED_RATE_LIMIT,
            "LOG_LEVEL": "WARNING",
            "LOG_JSON": "false",
        }
        yield Stack(scratch, token, catalog, match, gateway, env)
