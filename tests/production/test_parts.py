"""The pieces of production mode on their own: settings, user locks, metrics exposition."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.fsm.storage.base import StorageKey

from bot.cluster import LocalLocks, build_cluster, user_lock_key
from bot.config import ConfigError, load_settings
from bot.metrics import Metrics


def key(user_id: int) -> StorageKey:
    return StorageKey(bot_id=42, chat_id=user_id, user_id=user_id)


def refused(**values: object) -> str:
    with pytest.raises(ConfigError) as error:
        load_settings(**values)
    return error.value.message


def test_webhook_settings_are_checked() -> None:
    url = "https://bot.example.org/tg"
    assert "WEBHOOK_SECRET is required" in refused(webhook_url=url)
    assert "WEBHOOK_SECRET:" in refused(webhook_url=url, webhook_secret="has space")
    assert "WEBHOOK_SECRET:" in refused(webhook_url=url, webhook_secret="x" * 257)
    assert "WEBHOOK_URL:" in refused(webhook_url="bot.example.org/tg", webhook_secret="ok")
    settings = load_settings(webhook_url=url + "/u", webhook_secret="a-Z_9")
    assert settings.webhook_path == "/tg/u"
    assert load_settings(webhook_url="").webhook_url is None


async def test_local_locks_serialise_one_key_and_forget_it_afterwards() -> None:
    locks = LocalLocks()
    order: list[str] = []
    inside = asyncio.Event()
    release = asyncio.Event()

    async def first() -> None:
        async with locks.hold("u1"):
            order.append("first in")
            inside.set()
            await release.wait()
            order.append("first out")

    async def second() -> None:
        await inside.wait()
        async with locks.hold("u1"):
            order.append("second in")

    async def other() -> None:
        await inside.wait()
        async with locks.hold("u2"):  # another person is not held up
            order.append("other in")
        release.set()

    await asyncio.gather(first(), second(), other())
    assert order == ["first in", "other in", "first out", "second in"]
    assert len(locks) == 0


def test_user_lock_keys_fit_postgres_int4() -> None:
    for uid in (1, 7_400_000_001, 2**52):
        assert -(2**31) <= user_lock_key(key(uid)) < 2**31
    assert user_lock_key(key(1)) != user_lock_key(key(2))


def test_cluster_kind_follows_the_settings() -> None:
    assert build_cluster(load_settings(database_url="sqlite+aiosqlite:///x.db")).kind == "local"
    with_redis = load_settings(redis_url="redis://127.0.0.1:6379/0")
    assert build_cluster(with_redis).kind == "redis"
    postgres = load_settings(database_url="postgresql+asyncpg://jol:jol@127.0.0.1/jol")
    assert build_cluster(postgres).kind == "postgresql"


async def test_metrics_exposition_format() -> None:
    metrics = Metrics()
    metrics.updates.labels(outcome="ok", type="message").inc()
    metrics.updates.labels(outcome="ok", type="message").inc()
    metrics.log_errors.labels(logger='we"ird\\name').inc()
    for seconds in (0.003, 0.02, 40.0):
        metrics.latency.labels(type="callback_query").observe(seconds)
    body = await metrics.render()
    assert "# TYPE jol_updates_total counter" in body
    assert 'jol_updates_total{outcome="ok",type="message"} 2.0' in body
    assert 'jol_log_errors_total{logger="we\\"ird\\\\name"} 1.0' in body
    # Buckets are cumulative; +Inf counts everything.
    assert 'jol_update_handling_seconds_bucket{le="0.005",type="callback_query"} 1.0' in body
    assert 'jol_update_handling_seconds_bucket{le="0.025",type="callback_query"} 2.0' in body
    assert 'jol_update_handling_seconds_bucket{le="30.0",type="callback_query"} 2.0' in body
    assert 'jol_update_handling_seconds_bucket{le="+Inf",type="callback_query"} 3.0' in body
    assert 'jol_update_handling_seconds_count{type="callback_query"} 3.0' in body
    assert "_created" not in body  # no creation-time series beside the counters
    assert body.endswith("\n")


async def test_each_runtime_counts_only_its_own() -> None:
    first, second = Metrics(), Metrics()
    first.webhook.labels(result="ok").inc()
    assert first.sample("jol_webhook_requests_total", result="ok") == 1
    assert second.sample("jol_webhook_requests_total", result="ok") == 0
    assert 'jol_webhook_requests_total{result="ok"}' not in await second.render()
