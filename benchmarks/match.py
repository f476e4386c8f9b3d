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
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import cycle

import httpx
import numpy as np

from benchmarks.stack import Stack, scratch_stack
from shared.principal import SERVICE, forward_headers

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


def _node_ids(stack: Stack) -> list[int]:
    response = httpx.get(
        f"{stack.catalog.url}/api/v1/chain-nodes",
        params={"limit": 200},
        headers=forward_headers(SERVICE, stack.token),
        timeout=30,
    )
    response.raise_for_status()
    ids = [int(item["id"]) for item in response.json()["items"]]
    if not ids:
        raise RuntimeError("the seeded catalog holds no chain nodes")
    return ids


def _latencies(stack: Stack, node_ids: list[int], requests: int) -> np.ndarray:
    """Milliseconds per request to the match service, one at a time on one keep-alive connection."""
    connection = http.client.HTTPConnection("127.0.0.1", stack.match.port, timeout=60)
    headers = {"content-type": "application/json", **forward_headers(SERVICE, stack.token)}
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
    with scratch_stack("pm-match-bench-") as stack:
        progress("migrating and seeding a catalog (reference + demo data) on a temporary SQLite")
        stack.catalog_cli("migrate", "seed")
        with stack.serve(stack.catalog):
            progress("match, first start: copying the catalog and building every index")
            with stack.serve(stack.match):
                first = stack.match_status()
            progress("match, second start: loading the indexes from disk")
            with stack.serve(stack.match):
                second = stack.match_status()
                if not second.get("loaded_from_disk"):
                    raise RuntimeError("the second start did not load the indexes from disk")
                progress(f"{requests} companies-for-node requests with a province filter")
                samples = _latencies(stack, _node_ids(stack), requests)
    return MatchBench(
        first_start_s=float(first["seconds"]),
        build_s=float(first["index_build_seconds"]),
        load_s=float(second["seconds"]),
        p50_ms=round(float(np.percentile(samples, 50)), 2),
        p99_ms=round(float(np.percentile(samples, 99)), 2),
        requests=requests,
        counts=dict(first["counts"]),
    )
