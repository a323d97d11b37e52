"""The person's lock in Redis (bot/cluster.py:RedisUserLock), on a real Redis: two holders
standing for two processes, each with its own in-process locks; and what it costs an update,
counted through the real dispatcher."""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey
from aiogram.fsm.storage.redis import RedisEventIsolation
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cluster import LOCK_SECONDS, RELEASE_SHA, RedisUserLock, build_cluster
from bot.config import load_settings
from tests.conftest import make_settings
from tests.foundation.helpers import press
from tests.harness import running_jol


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


def person() -> StorageKey:
    """A person no other test (or parallel run) uses."""
    user_id = 10**12 + secrets.randbelow(10**12)
    return StorageKey(bot_id=42, chat_id=user_id, user_id=user_id)


async def test_two_processes_take_turns_and_other_people_do_not_wait(redis: Redis) -> None:
    first, second = RedisUserLock(redis, poll_seconds=0.005), RedisUserLock(redis)
    someone, other = person(), person()
    order: list[str] = []
    inside, release = asyncio.Event(), asyncio.Event()

    async def holder() -> None:
        async with first.lock(someone):
            order.append("first in")
            inside.set()
            await release.wait()
            order.append("first out")

    async def waiter() -> None:
        await inside.wait()
        async with second.lock(someone):
            order.append("second in")

    async def another_person() -> None:
        await inside.wait()
        async with second.lock(other):
            order.append("other in")
        await asyncio.sleep(0.05)  # the waiter has polled and found the lock held meanwhile
        release.set()

    await asyncio.gather(holder(), waiter(), another_person())
    assert order == ["first in", "other in", "first out", "second in"]
    assert await redis.exists(first.keys.build(someone, "lock")) == 0  # released


async def test_the_key_is_aiogram_s_and_the_lock_expires(redis: Redis) -> None:
    lock, someone = RedisUserLock(redis), person()
    name = f"jol:{someone.chat_id}:{someone.user_id}:lock"  # no bot id: aiogram's default
    assert name == DefaultKeyBuilder(prefix="jol").build(someone, "lock")
    async with lock.lock(someone):
        assert await redis.exists(name) == 1
        assert 0 < await redis.pttl(name) <= LOCK_SECONDS * 1000


async def test_a_process_of_the_previous_release_is_excluded_too(
    redis: Redis, caplog: pytest.LogCaptureFixture
) -> None:
    """During a rolling restart the old processes lock with aiogram's RedisEventIsolation."""
    old = RedisEventIsolation(
        redis, key_builder=DefaultKeyBuilder(prefix="jol"), lock_kwargs={"timeout": 60}
    )
    new, someone = RedisUserLock(redis, poll_seconds=0.005), person()
    caplog.set_level(logging.WARNING, "jol.cluster")
    # Held in a name: a lock's context manager dropped after entering is closed by the garbage
    # collector in a task of its own, which would release the lock behind the test's back and
    # could fail (with "Task exception was never retrieved") after this test's Redis is closed.
    entering = new.lock(someone)
    async with old.lock(someone):
        taken = asyncio.create_task(entering.__aenter__())
        await asyncio.sleep(0.05)
        assert not taken.done()
    await asyncio.wait_for(taken, 2)
    assert await redis.exists(new.keys.build(someone, "lock")) == 1
    await entering.__aexit__(None, None, None)
    assert await redis.exists(new.keys.build(someone, "lock")) == 0
    assert caplog.records == []  # released once, by its holder


async def test_an_expired_lock_taken_by_another_process_is_left_to_it(
    redis: Redis, caplog: pytest.LogCaptureFixture
) -> None:
    slow = RedisUserLock(redis, lock_seconds=0.05)
    fast, someone = RedisUserLock(redis), person()
    name = slow.keys.build(someone, "lock")
    caplog.set_level(logging.WARNING, "jol.cluster")
    async with slow.lock(someone):
        await asyncio.sleep(0.15)  # held past its expiry: the other process gets it
        entered = fast.lock(someone)
        await asyncio.wait_for(entered.__aenter__(), 2)
        theirs = await redis.get(name)
    # The slow holder's release left the other process's lock alone, and said so.
    assert await redis.get(name) == theirs
    [record] = [r for r in caplog.records if r.name == "jol.cluster"]
    assert record.getMessage() == "a person's lock had expired before its update ended"
    await entered.__aexit__(None, None, None)
    assert await redis.exists(name) == 0


async def test_release_works_after_redis_forgot_the_script(redis: Redis) -> None:
    lock, someone = RedisUserLock(redis), person()
    async with lock.lock(someone):
        await redis.script_flush()
    assert await redis.exists(lock.keys.build(someone, "lock")) == 0
    # EVAL loaded it under the hash the next releases call it by (else each would need two calls).
    assert await redis.script_exists(RELEASE_SHA) == [True]


class _AnswerLost:
    """The real client, except that the first SET's answer never arrives (the caller is
    cancelled, as when a handler's time runs out), though Redis has done it."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self.lost = False

    async def execute_command(self, *args: object) -> object:
        result = await self.redis.execute_command(*args)
        if args[0] == "SET" and not self.lost:
            self.lost = True
            raise asyncio.CancelledError
        return result


async def test_a_lock_taken_as_the_asker_was_cancelled_is_given_back(
    redis: Redis, caplog: pytest.LogCaptureFixture
) -> None:
    client, someone = _AnswerLost(redis), person()
    lock = RedisUserLock(client)
    caplog.set_level(logging.WARNING, "jol.cluster")
    with pytest.raises(asyncio.CancelledError):
        async with lock.lock(someone):
            pytest.fail("entered without the lock's answer")
    # Not left to expire after LOCK_SECONDS: the person's next update gets it at once.
    assert await redis.exists(lock.keys.build(someone, "lock")) == 0
    async with asyncio.timeout(2), RedisUserLock(redis).lock(someone):
        pass
    assert caplog.records == []


async def test_a_redis_that_stops_answering_fails_the_update_in_bounded_time() -> None:
    """The client `build_cluster` makes has no socket timeout (redis-py would put each command
    through a task of its own); the lock bounds every command itself, and /readyz's ping too."""

    async def swallow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # reads what it is sent, never answers

    server = await asyncio.start_server(swallow, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    settings = load_settings(
        bot_token="123456:TEST-token",
        database_url="sqlite+aiosqlite:///:memory:",
        redis_url=f"redis://127.0.0.1:{port}/0",
    )
    cluster = build_cluster(settings)
    lock = cluster.isolation
    assert isinstance(lock, RedisUserLock)
    lock.command_seconds = 0.2  # the ping's bound too

    async def take_lock() -> None:
        async with lock.lock(person()):
            pytest.fail("entered without Redis's answer")

    try:
        # The test's own bound, far longer: without the lock's, the attempt is still waiting.
        for attempt in (take_lock(), cluster.ping()):
            task = asyncio.ensure_future(attempt)
            done, _ = await asyncio.wait({task}, timeout=10)
            if not done:
                task.cancel()
                pytest.fail("waited on a Redis that does not answer, with no bound")
            assert isinstance(task.exception(), TimeoutError)
    finally:
        await cluster.close()
        server.close()


@pytest.mark.no_background
async def test_each_update_asks_redis_exactly_twice(
    db_url: str, sessionmaker: async_sessionmaker[AsyncSession], redis_url: str
) -> None:
    """The person's lock costs two Redis round trips an update, whatever the screen: `SET NX`
    takes it, the release script gives it back. Redis holds nothing else, so a change that
    adds a command to every update (a lock object per update, as aiogram's
    `RedisEventIsolation` makes, or anything kept in Redis) fails here, as an added SQL
    statement fails tests/foundation/test_statement_budget.py. Counted, never timed."""
    settings = make_settings(db_url, redis_url=redis_url)
    async with running_jol(settings, sessionmaker, background=False) as jol:
        assert jol.runtime is not None
        client = jol.runtime.cluster.redis
        sent: list[str] = []
        ask = client.execute_command

        async def counted(*args: Any, **options: Any) -> Any:
            answer = await ask(*args, **options)  # not counted if Redis refuses it (below)
            sent.append(str(args[0]).upper())
            return answer

        client.execute_command = counted
        user = await jol.user("en", user_id=10**12 + secrets.randbelow(10**12))
        steps: list[tuple[str, Callable[[], Awaitable[None]]]] = [
            ("/start", lambda: jol.start(user)),
            ("language", lambda: press(jol, user, "lang:en")),
            ("consent", lambda: press(jol, user, "ob:consent:yes")),
            ("/menu", lambda: jol.send(user, "/menu")),
            ("menu: guides", lambda: press(jol, user, "m:guides")),
            ("guides: a destination", lambda: press(jol, user, "gd:d:")),
            ("guides: a section", lambda: press(jol, user, "gd:s:")),
            ("home", lambda: press(jol, user, "m:home")),
            ("menu: booking", lambda: press(jol, user, "m:booking")),
            ("search typed as text", lambda: jol.send(user, "patent")),
        ]
        measured = {}
        for name, step in steps:
            sent.clear()
            await step()
            # A Redis that had forgotten the release script (a fresh one, or another test's
            # SCRIPT FLUSH) refuses EVALSHA, and the release goes as EVAL once: one release.
            measured[name] = ["EVALSHA" if command == "EVAL" else command for command in sent]
        print("\nRedis commands per update:", measured)
        assert measured == {name: ["SET", "EVALSHA"] for name, _ in steps}
