"""The gateway's own cost: `python -m benchmarks.gateway` (and part of `make bench`).

Starts on loopback ports, each as its own uvicorn process: the catalog (SQLite in a temporary
directory, one park) and two gateways in front of it, one on httpx's default transport and one on
httpx-aiohttp. Then, in one run:

1. latency: the same request (GET /api/v1/parks/{id}, anonymous) sent straight to the catalog and
   through each gateway, one at a time and interleaved, so all three see the same conditions;
   the gateway's overhead is its p50 / p99 minus the direct p50 / p99;
2. load: 32 concurrent clients against each target, requests per second and p99.

`run_routes` (`--routes`) measures the load the whole gateway holds instead: 16 concurrent clients on
a read route (GET a park, anonymous) and on a match route (companies-for-node with an API key), the
catalog (a park, 40 companies) and the match service (the real model) behind it: requests per
second, p50 / p99 and errors.

The machine is shared and small, so the numbers move from run to run; compare within one table.
"""

import argparse
import asyncio
import http.client
import statistics
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass

import aiohttp
import httpx

from benchmarks.stack import Stack, scratch_stack
from shared.principal import ANONYMOUS, forward_headers
from shared.serving import Service, free_port

TARGET_OVERHEAD_P50_MS = 2.0
LOAD_CLIENTS = 16
# What the companies-for-node route is asked under load, and what the catalog holds for it.
MATCH_QUESTION = {"text": "锂电池正极材料", "limit": 10}
BENCH_PRODUCTS = ("锂电池正极材料", "光伏组件", "工业机器人", "集成电路封装", "生物医药原料药")
# The one park the catalog holds here: what the read route asks for.
BENCH_PARK = {
    "code": "BENCH1",
    "name": "基准测试经济技术开发区",
    "zone_type": "etdz",
    "approval_level": "national",
    "province": "江苏省",
}


@dataclass(frozen=True)
class Target:
    name: str
    port: int
    # Headers of every request (a direct call to the catalog comes, as from the gateway, for an
    # anonymous caller).
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Load:
    """What `clients` concurrent keep-alive clients got from one route."""

    route: str
    clients: int
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # answers other than 200, and failed connections


@dataclass(frozen=True)
class Row:
    target: str
    p50_ms: float
    p99_ms: float
    overhead_p50_ms: float | None
    overhead_p99_ms: float | None
    load_rps: float
    load_p99_ms: float


def percentile(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]
    )


def sequential_latencies(
    targets: list[Target], path: str, requests: int, warmup: int
) -> dict[str, list[float]]:
    """Milliseconds per request, one request at a time per target, the targets interleaved."""
    connections = {t.name: http.client.HTTPConnection("127.0.0.1", t.port, timeout=10) for t in targets}
    samples: dict[str, list[float]] = {t.name: [] for t in targets}
    try:
        for index in range(warmup + requests):
            for target in targets:
                connection = connections[target.name]
                started = time.perf_counter()
                connection.request("GET", path, headers=dict(target.headers))
                response = connection.getresponse()
                response.read()
                elapsed = (time.perf_counter() - started) * 1000
                if response.status != 200:
                    raise RuntimeError(f"{target.name} answered {response.status} to GET {path}")
                if index >= warmup:
                    samples[target.name].append(elapsed)
    finally:
        for connection in connections.values():
            connection.close()
    return samples


async def load(
    target: Target, method: str, path: str, clients: int, requests: int, body: object = None
) -> Load:
    """`requests` requests to `path` from `clients` concurrent keep-alive clients."""
    latencies: list[float] = []
    errors = 0
    remaining = requests
    url = f"http://127.0.0.1:{target.port}{path}"

    async def client(session: aiohttp.ClientSession) -> None:
        nonlocal remaining, errors
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            try:
                async with session.request(method, url, json=body, headers=dict(target.headers)) as response:
                    await response.read()
                    errors += response.status != 200
            except aiohttp.ClientError:
                errors += 1
            latencies.append((time.perf_counter() - started) * 1000)

    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(client(session) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return Load(
        route=f"{method} {path}",
        clients=clients,
        requests=len(latencies),
        rps=len(latencies) / elapsed,
        p50_ms=percentile(latencies, 50),
        p99_ms=percentile(latencies, 99),
        errors=errors,
    )


def create_park(stack: Stack) -> int:
    """Create `BENCH_PARK` on the running catalog; its id."""
    response = httpx.post(f"{stack.catalog.url}/api/v1/parks", json=BENCH_PARK, headers=stack.admin)
    response.raise_for_status()
    return int(response.json()["id"])


def run(requests: int = 2000, warmup: int = 200, clients: int = 32, load_requests: int = 3000) -> list[Row]:
    """Measure direct vs. through each gateway transport; returns one row per target."""
    with scratch_stack("gateway-bench-") as stack, ExitStack() as running:
        anonymous = tuple(forward_headers(ANONYMOUS, stack.token).items())
        catalog = Target("catalog (direct)", stack.catalog.port, anonymous)
        gateways = [Target("gateway, httpx", free_port()), Target("gateway, httpx-aiohttp", free_port())]
        stack.catalog_cli("migrate")
        running.enter_context(stack.serve(stack.catalog))
        path = f"/api/v1/parks/{create_park(stack)}"
        for target, transport in zip(gateways, ("httpx", "aiohttp"), strict=True):
            gateway = Service(f"gateway-{transport}", "services.gateway.app", target.port)
            running.enter_context(stack.serve(gateway, GATEWAY_TRANSPORT=transport))
        targets = [catalog, *gateways]
        samples = sequential_latencies(targets, path, requests, warmup)
        loads = {t.name: asyncio.run(load(t, "GET", path, clients, load_requests)) for t in targets}
        for name, result in loads.items():
            if result.errors:
                raise RuntimeError(f"{name}: {result.errors} of {result.requests} requests failed under load")
    direct_p50, direct_p99 = percentile(samples[catalog.name], 50), percentile(samples[catalog.name], 99)
    rows = []
    for target in targets:
        p50, p99 = percentile(samples[target.name], 50), percentile(samples[target.name], 99)
        is_gateway = target is not catalog
        rows.append(
            Row(
                target=target.name,
                p50_ms=p50,
                p99_ms=p99,
                overhead_p50_ms=p50 - direct_p50 if is_gateway else None,
                overhead_p99_ms=p99 - direct_p99 if is_gateway else None,
                load_rps=loads[target.name].rps,
                load_p99_ms=loads[target.name].p99_ms,
            )
        )
    return rows


def run_routes(clients: int = LOAD_CLIENTS, requests: int = 1000) -> list[Load]:
    """The load the gateway holds on a read route and a match route, with every service behind it."""
    with scratch_stack("gateway-routes-bench-") as stack, ExitStack() as running:
        stack.catalog_cli("migrate")
        running.enter_context(stack.serve(stack.catalog))
        read = f"/api/v1/parks/{create_park(stack)}"
        for index in range(40):
            product = BENCH_PRODUCTS[index % len(BENCH_PRODUCTS)]
            httpx.post(
                f"{stack.catalog.url}/api/v1/companies",
                json={"name": f"基准测试企业{index}", "products": [{"name": product, "share": 1.0}]},
                headers=stack.admin,
            ).raise_for_status()
        key = stack.api_key()
        running.enter_context(stack.serve(stack.match))
        running.enter_context(stack.serve(stack.gateway))
        anonymous = Target("gateway", stack.gateway.port)
        signed_in = Target("gateway", stack.gateway.port, (("Authorization", f"Bearer {key}"),))
        question = "/api/v1/match/companies-for-node"
        asyncio.run(load(signed_in, "POST", question, clients, clients * 2, MATCH_QUESTION))  # warm up
        return [
            asyncio.run(load(anonymous, "GET", read, clients, requests)),
            asyncio.run(load(signed_in, "POST", question, clients, requests, MATCH_QUESTION)),
        ]


def routes_table(loads: list[Load]) -> str:
    lines = [f"{'route':<44}{'clients':>8}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>9}"]
    for row in loads:
        lines.append(
            f"{row.route:<44}{row.clients:>8}{row.rps:>9.0f}{row.p50_ms:>9.1f}{row.p99_ms:>9.1f}"
            f"{f'{row.errors}/{row.requests}':>9}"
        )
    return "\n".join(lines)


def table(rows: list[Row], requests: int, clients: int) -> str:
    def ms(value: float | None) -> str:
        return "" if value is None else f"{value:+.2f}" if value < 0 else f"{value:.2f}"

    header = (
        f"{'target':<24}{'p50 ms':>9}{'p99 ms':>9}{'overhead p50':>14}{'overhead p99':>14}"
        f"{f'req/s @{clients}':>12}{f'p99 @{clients}':>12}"
    )
    lines = [
        f"gateway overhead: {requests} sequential GETs per target, interleaved; then {clients} concurrent clients",
        header,
    ]
    for row in rows:
        lines.append(
            f"{row.target:<24}{row.p50_ms:>9.2f}{row.p99_ms:>9.2f}{ms(row.overhead_p50_ms):>14}"
            f"{ms(row.overhead_p99_ms):>14}{row.load_rps:>12.0f}{row.load_p99_ms:>12.1f}"
        )
    best = min(
        (row for row in rows if row.overhead_p50_ms is not None), key=lambda row: row.overhead_p50_ms or 0
    )
    verdict = "meets" if (best.overhead_p50_ms or 0) < TARGET_OVERHEAD_P50_MS else "misses"
    lines.append(
        f"best: {best.target}, overhead p50 {best.overhead_p50_ms:.2f} ms ({verdict} the {TARGET_OVERHEAD_P50_MS} ms target)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.gateway", description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="sequential requests per target")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients in the load part")
    parser.add_argument(
        "--load-requests", type=int, default=3000, help="requests per target in the load part"
    )
    parser.add_argument(
        "--routes",
        action="store_true",
        help=f"the load the gateway holds on a read and a match route ({LOAD_CLIENTS} clients) instead",
    )
    args = parser.parse_args(argv)
    if args.routes:
        print(routes_table(run_routes(requests=args.load_requests)))
        return 0
    rows = run(requests=args.requests, clients=args.clients, load_requests=args.load_requests)
    print(table(rows, args.requests, args.clients))
    return 0


if __name__ == "__main__":
    sys.exit(main())
