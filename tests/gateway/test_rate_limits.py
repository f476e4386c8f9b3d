"""Token buckets per key and per anonymous client: in memory, and shared by replicas through Redis."""

import uuid
from collections.abc import Callable, Iterator

import pytest
import redis
from fastapi.testclient import TestClient

from shared.serving import free_port
from tests.gateway.conftest import World
from tests.gateway.test_resilience import metric

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    prefix = f"test:ratelimit:{uuid.uuid4().hex}:"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def statuses(client: TestClient, count: int, headers: dict[str, str] | None = None) -> list[int]:
    return [client.get("/api/v1/parks", headers=headers).status_code for _ in range(count)]


def test_in_memory_buckets_per_key_and_per_anonymous_client(
    world: World, gateway_factory: Callable[..., TestClient]
) -> None:
    gateway = gateway_factory(anonymous_rate_limit_per_minute=3, rate_limit_per_minute=5)
    assert statuses(gateway, 4) == [200, 200, 200, 429]
    refused = gateway.get("/api/v1/parks")
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused.headers["retry-after"]) <= 20  # one token every 20 s
    assert statuses(gateway, 6, world.keys["officer"]) == [200] * 5 + [429]
    assert statuses(gateway, 1, world.keys["fund"]) == [200]  # another key, another bucket
    assert metric(gateway, "gateway_rate_limit_rejections_total", client="anonymous") == 2
    assert metric(gateway, "gateway_rate_limit_rejections_total", client="key") == 1
    # Without Redis, each replica has its own budget.
    other_replica = gateway_factory(anonymous_rate_limit_per_minute=3)
    assert statuses(other_replica, 1) == [200]


def test_replicas_share_the_budget_through_redis(
    world: World, gateway_factory: Callable[..., TestClient], redis_prefix: str
) -> None:
    shared = {"redis_url": REDIS_URL, "rate_limit_redis_prefix": redis_prefix}
    first = gateway_factory(anonymous_rate_limit_per_minute=4, rate_limit_per_minute=3, **shared)
    second = gateway_factory(anonymous_rate_limit_per_minute=4, rate_limit_per_minute=3, **shared)
    assert statuses(first, 2) + statuses(second, 2) == [200] * 4
    assert statuses(first, 1) + statuses(second, 1) == [429, 429]
    assert int(second.get("/api/v1/parks").headers["retry-after"]) in range(1, 16)

    key = world.keys["provider"]
    assert statuses(second, 2, key) + statuses(first, 2, key) == [200, 200, 200, 429]
    stored = redis.Redis.from_url(REDIS_URL).keys(f"{redis_prefix}*")
    assert sorted(k.decode().removeprefix(redis_prefix) for k in stored) == [
        "ip:127.0.0.1",
        f"key:{world.key_ids['provider']}",
    ]


def test_without_redis_each_replica_still_limits(gateway_factory: Callable[..., TestClient]) -> None:
    gateway = gateway_factory(
        redis_url=f"redis://127.0.0.1:{free_port()}/0", anonymous_rate_limit_per_minute=2
    )
    assert statuses(gateway, 3) == [200, 200, 429]


def test_refused_keys_draw_on_the_address_s_budget(gateway_factory: Callable[..., TestClient]) -> None:
    gateway = gateway_factory(anonymous_rate_limit_per_minute=2)
    wrong = {"Authorization": "Bearer pm_000000000000_guess"}
    assert statuses(gateway, 3, wrong) == [401, 401, 429]
    assert statuses(gateway, 1) == [429]
