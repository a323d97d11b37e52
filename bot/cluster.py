"""Several Jol processes on one database: one user's updates never overlap.

aiogram takes `events_isolation.lock(key)` around each update of a user (its FSM key), before
it reads the conversation state; whoever holds the lock handles that user. Which lock:

- REDIS_URL set: a Redis lock per user (`RedisUserLock`), expiring after LOCK_SECONDS so a
  killed process cannot hold a user forever;
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
import contextlib
import hashlib
import itertools
import logging
import secrets
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from aiogram.fsm.storage.base import BaseEventIsolation, DefaultKeyBuilder, StorageKey

from bot.config import Settings

log = logging.getLogger("jol.cluster")

# Longest time a Redis user lock survives a process that died while holding it; a live process
# finishes (or times out, WEBHOOK_HANDLER_TIMEOUT) well within it.
LOCK_SECONDS = 60
# How often a waiter polls a Redis lock held by another process.
REDIS_POLL_SECONDS = 0.02
# Longest wait for Redis's answer to one command (redis-py's own default socket timeout).
REDIS_COMMAND_SECONDS = 5.0


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


# Deletes the lock only if it still holds this holder's token: a lock that outlived
# LOCK_SECONDS and was taken by another process stays theirs.
RELEASE_SCRIPT = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) "
    "else return 0 end"
)
# Redis names a script by its SHA-1 (not a security use).
RELEASE_SHA = hashlib.sha1(RELEASE_SCRIPT.encode(), usedforsecurity=False).hexdigest()


class RedisUserLock(LocalIsolation):
    """REDIS_URL set: the in-process lock, then a Redis lock per user.

    The lock is the usual single-instance Redis lock: `SET key token NX PX` takes it (polling
    every REDIS_POLL_SECONDS while another process holds it), a script deletes it only if it
    still holds this holder's token. The key is the one aiogram's `RedisEventIsolation` used
    (`jol:<chat>:<user>:lock`), so processes of the previous release exclude each other
    with these during a rolling restart.

    Why not aiogram's `RedisEventIsolation` (redis-py's `Lock`): it does the same two commands,
    but builds a lock object, a random UUID and a script object per update and goes through
    redis-py's retry wrapper each time. Both commands go through `execute_command` here:
    the lock's share of an update's CPU, 0.29 → 0.14 ms (`bench/hotpath.py` prints it).

    Each command waits at most `command_seconds` for its answer, bounded here with
    `asyncio.timeout` rather than by the client's socket timeout: redis-py sends every command
    of a client that has one through `asyncio.wait_for`, a task of its own and one more turn
    of the event loop, twice per update (`build_cluster` makes the client without one).
    """

    def __init__(
        self,
        redis: Any,
        *,
        prefix: str = "jol",
        lock_seconds: float = LOCK_SECONDS,
        poll_seconds: float = REDIS_POLL_SECONDS,
        command_seconds: float = REDIS_COMMAND_SECONDS,
    ) -> None:
        super().__init__()
        self.redis = redis
        self.keys = DefaultKeyBuilder(prefix=prefix)
        self.lock_ms = int(lock_seconds * 1000)
        self.poll_seconds = poll_seconds
        self.command_seconds = command_seconds
        # Unique across processes (the random part) and within this one (the counter): a
        # holder's release can only ever delete its own lock.
        self._owner = secrets.token_hex(8)
        self._tokens = itertools.count()

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncIterator[None]:
        async with self.local.hold(_local_key(key)):
            name = self.keys.build(key, "lock")
            token = f"{self._owner}:{next(self._tokens)}"
            try:
                # Polling, as redis-py's lock does: the holder is another process, whose
                # release this one cannot be told of (pub/sub would cost a subscription per
                # waiter).
                while not await self.command(  # noqa: ASYNC110
                    "SET", name, token, "NX", "PX", self.lock_ms
                ):
                    await asyncio.sleep(self.poll_seconds)
            except BaseException:
                # Cancelled (a handler's time ran out) or failed while asking: Redis may have
                # taken the lock all the same, and would keep the person waiting for
                # LOCK_SECONDS. Give it back if it is ours; nothing to say if it is not.
                with contextlib.suppress(Exception):
                    await self._release(name, token, expected=False)
                raise
            try:
                yield
            finally:
                await self._release(name, token)

    async def command(self, *args: Any) -> Any:
        """One Redis command, its answer awaited at most `command_seconds`."""
        async with asyncio.timeout(self.command_seconds):
            return await self.redis.execute_command(*args)

    async def _release(self, name: str, token: str, *, expected: bool = True) -> None:
        from redis.exceptions import NoScriptError

        try:
            released = await self.command("EVALSHA", RELEASE_SHA, 1, name, token)
        except NoScriptError:  # a restarted or flushed Redis: EVAL loads the script again
            released = await self.command("EVAL", RELEASE_SCRIPT, 1, name, token)
        if not released and expected:
            # Held longer than LOCK_SECONDS: another process may have handled this person's
            # next update meanwhile. (No key in the line: it holds the person's id.)
            log.warning("a person's lock had expired before its update ended")


@dataclass
class Cluster:
    """What a process needs to share work with other processes."""

    isolation: BaseEventIsolation
    kind: str  # "redis", "postgresql" or "local" (for logs and /readyz)
    redis: Any = None  # redis.asyncio.Redis when REDIS_URL is set

    async def ping(self) -> None:
        """Raise if a shared service this process depends on does not answer."""
        if isinstance(self.isolation, RedisUserLock):  # with Redis, it holds the client
            await self.isolation.command("PING")  # bounded as the lock's own commands

    async def close(self) -> None:
        await self.isolation.close()
        if self.redis is not None:
            await self.redis.aclose()


def build_cluster(settings: Settings) -> Cluster:
    if settings.redis_url:
        # Imported here: Redis is an optional extra (pip install '.[redis]').
        from redis.asyncio import Redis

        # No socket timeout: RedisUserLock bounds each of its commands itself (see there).
        redis = Redis.from_url(settings.redis_url, socket_timeout=None)
        return Cluster(RedisUserLock(redis), "redis", redis)
    if settings.is_sqlite:
        return Cluster(LocalIsolation(), "local")
    return Cluster(TransactionLock(), "postgresql")


__all__ = [
    "Cluster",
    "LocalLocks",
    "RedisUserLock",
    "TransactionLock",
    "build_cluster",
    "user_lock_key",
]
