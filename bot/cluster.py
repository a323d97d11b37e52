"""Several Jol processes on one database: one user's updates never overlap.

aiogram takes `events_isolation.lock(key)` around each update of a user (its FSM key), before
it reads the conversation state; whoever holds the lock handles that user. Which lock:

- REDIS_URL set: aiogram's `RedisEventIsolation` (a Redis lock per user, expiring after
  LOCK_SECONDS so a killed process cannot hold a user forever);
- PostgreSQL without Redis: `TransactionLock`, a transaction-level advisory lock keyed by the
  user, taken by the update's own transaction in the message that begins it
  (`db/person_lock.py`): no round trip, connection or expiry of its own;
- SQLite (one process): in-process locks only.

In every case an in-process lock comes first, so a process queues a user's updates in arrival
order and keeps at most one of them waiting on Redis or PostgreSQL.

The conversation state itself stays in the database (`db/fsm_storage.py`) even with Redis: it
is already shared by every process, it rolls back with the update's transaction, and
/mydata and /deletemydata read and erase it there.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey

from bot.config import Settings

# Longest time a Redis user lock survives a process that died while holding it; a live process
# finishes (or times out, WEBHOOK_HANDLER_TIMEOUT) well within it.
LOCK_SECONDS = 60
# How often a waiter polls a Redis lock held by another process.
REDIS_POLL_SECONDS = 0.02


class LocalLocks:
    """asyncio locks per key, forgotten once nobody holds or waits for them (aiogram's
    SimpleEventIsolation keeps one per user ever seen)."""

    def __init__(self) -> None:
        self._locks: dict[Hashable, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, key: Hashable) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)


def _local_key(key: StorageKey) -> tuple[Hashable, ...]:
    return (key.bot_id, key.chat_id, key.user_id, key.thread_id, key.business_connection_id)


def user_lock_key(key: StorageKey) -> int:
    """A signed 32-bit number for the user in this chat; two users sharing one only wait for
    each other now and then."""
    raw = ":".join(str(part) for part in _local_key(key)).encode()
    return int.from_bytes(hashlib.blake2b(raw, digest_size=4).digest(), "big", signed=True)


class LocalIsolation(BaseEventIsolation):
    """One process (SQLite): in-process locks."""

    def __init__(self) -> None:
        self.local = LocalLocks()

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncIterator[None]:
        async with self.local.hold(_local_key(key)):
            yield

    async def close(self) -> None:
        return None


class TransactionLock(LocalIsolation):
    """PostgreSQL without Redis: the in-process lock here; the lock between processes is taken
    by the update's own transaction as it begins (`db/person_lock.py`, called by
    `bot/middlewares/db.py:UpdateTransaction`), so it needs no connection or round trip of its
    own and ends with the transaction."""


class RedisUserLock(LocalIsolation):
    def __init__(self, inner: BaseEventIsolation) -> None:
        super().__init__()
        self.inner = inner

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncIterator[None]:
        async with self.local.hold(_local_key(key)), self.inner.lock(key):
            yield

    async def close(self) -> None:
        await self.inner.close()


@dataclass
class Cluster:
    """What a process needs to share work with other processes."""

    isolation: BaseEventIsolation
    kind: str  # "redis", "postgresql" or "local" (for logs and /readyz)
    redis: Any = None  # redis.asyncio.Redis when REDIS_URL is set

    async def ping(self) -> None:
        """Raise if a shared service this process depends on does not answer."""
        if self.redis is not None:
            await self.redis.ping()

    async def close(self) -> None:
        await self.isolation.close()
        if self.redis is not None:
            await self.redis.aclose()


def build_cluster(settings: Settings) -> Cluster:
    if settings.redis_url:
        # Imported here: Redis is an optional extra (pip install '.[redis]').
        from aiogram.fsm.storage.base import DefaultKeyBuilder
        from aiogram.fsm.storage.redis import RedisEventIsolation
        from redis.asyncio import Redis

        redis = Redis.from_url(settings.redis_url)
        inner = RedisEventIsolation(
            redis,
            key_builder=DefaultKeyBuilder(prefix="jol"),
            lock_kwargs={"timeout": LOCK_SECONDS, "sleep": REDIS_POLL_SECONDS},
        )
        return Cluster(RedisUserLock(inner), "redis", redis)
    if settings.is_sqlite:
        return Cluster(LocalIsolation(), "local")
    return Cluster(TransactionLock(), "postgresql")


__all__ = ["Cluster", "LocalLocks", "TransactionLock", "build_cluster", "user_lock_key"]
