"""The match service on the real data: index build from scratch, load from disk, query latency.

A catalog is migrated and seeded (reference and demo data) on a temporary SQLite database and served
on a free loopback port. The match service then starts twice on one fresh index directory, as under
`make run`: the first start copies the catalog and builds every index, the second loads them from
disk; the timings are the service's own (GET /api/v1/match/status). Last, POST
/api/v1/match/companies-for-node, one request at a time, for the chain nodes of the real data, each
with a province filter.
"""

import http.client
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import cycle
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from shared.principal import SERVICE, forward_headers
from shared.serving import Service, free_port, serving
from shared.settings import PROJECT_ROOT

# The provinces with the most listed companies, asked in turn.
PROVINCES = ("广东省", "浙江省", "江苏省", "北京市", "上海市", "山东省", "四川省", "湖北省")
WARMUP_REQUESTS = 10


@dataclass(frozen=True)
class MatchBench:
    first_start_s: float
    build_s: float
    load_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    counts: dict[str, int]


def catalog_cli(command: str, env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "services.catalog.cli", command],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"catalog {command} failed: {(done.stderr or done.stdout).strip()[-300:]}")


def match_status(service: Service) -> dict[str, Any]:
    status: dict[str, Any] = httpx.get(
        f"http://127.0.0.1:{service.port}/api/v1/match/status", timeout=10
    ).json()
    return status


def _node_ids(catalog: Service, token: str) -> list[int]:
    response = httpx.get(
        f"http://127.0.0.1:{catalog.port}/api/v1/chain-nodes",
        params={"limit": 200},
        headers=forward_headers(SERVICE, token),
        timeout=30,
    )
    response.raise_for_status()
    ids = [int(item["id"]) for item in response.json()["items"]]
    if not ids:
        raise RuntimeError("the seeded catalog holds no chain nodes")
    return ids


def _latencies(match: Service, node_ids: list[int], requests: int, token: str) -> np.ndarray:
    """Milliseconds per request, one request at a time on one keep-alive connection."""
    connection = http.client.HTTPConnection("127.0.0.1", match.port, timeout=60)
    headers = {"content-type": "application/json", **forward_headers(SERVICE, token)}
    questions = zip(cycle(node_ids), cycle(PROVINCES), strict=False)
    samples = []
    try:
        for index in range(WARMUP_REQUESTS + requests):
            node_id, province = next(questions)
            body = json.dumps({"node_id": node_id, "filters": {"province": province}, "limit": 20})
            began = time.perf_counter()
            connection.request("POST", "/api/v1/match/companies-for-node", body, headers)
            response = connection.getresponse()
            payload = response.read()
            elapsed = time.perf_counter() - began
            if response.status != 200:
                raise RuntimeError(f"companies-for-node answered {response.status}: {payload[:300]!r}")
            if index >= WARMUP_REQUESTS:
                samples.append(elapsed * 1000)
    finally:
        connection.close()
    return np.array(samples)


def run(requests: int = 300, progress: Callable[[str], None] = print) -> MatchBench:
    token = secrets.token_urlsafe(24)
    catalog = Service("catalog", "services.catalog.app", free_port())
    match = Service("match", "services.match.app", free_port())
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pm-match-bench-")))
        env = {
            **os.environ,
            "DATA_DIR": str(scratch),
            "DATABASE_URL": "",
            "MATCH_DATABASE_URL": "",
            "INDEX_DIR": str(scratch / "indexes"),
            "INTERNAL_TOKEN": token,
            "CATALOG_URL": f"http://127.0.0.1:{catalog.port}",
            "LOG_LEVEL": "WARNING",
            "LOG_JSON": "false",
        }
        progress("migrating and seeding a catalog (reference + demo data) on a temporary SQLite")
        catalog_cli("migrate", env)
        catalog_cli("seed", env)
        stack.enter_context(serving(catalog, env, scratch / "catalog.log"))
        progress("match, first start: copying the catalog and building every index")
        with serving(match, env, scratch / "match.log"):
            first = match_status(match)
        progress("match, second start: loading the indexes from disk")
        with serving(match, env, scratch / "match.log"):
            second = match_status(match)
            if not second.get("loaded_from_disk"):
                raise RuntimeError("the second start did not load the indexes from disk")
            progress(f"{requests} companies-for-node requests with a province filter")
            samples = _latencies(match, _node_ids(catalog, token), requests, token)
    return MatchBench(
        first_start_s=float(first["seconds"]),
        build_s=float(first["index_build_seconds"]),
        load_s=float(second["seconds"]),
        p50_ms=round(float(np.percentile(samples, 50)), 2),
        p99_ms=round(float(np.percentile(samples, 99)), 2),
        requests=requests,
        counts=dict(first["counts"]),
    )
