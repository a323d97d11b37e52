"""The sender lock stays confirmed while the main loop is busy (issue 17 throughput, issue 19
fence).

Before each send the sender checks that it saw its lock within LEADER_FENCE_SECONDS (the fence,
see test_fence.py). Its own task confirms the lock every LOCK_CONFIRM_SECONDS, whatever the main
loop is doing; if only the main loop confirmed it, a main loop stuck in a claim or a flush (a
slow database, a loaded machine) would let the fence lapse while the lock is fine, and every
row it then meant to send would be fenced, given back and claimed again.

Here the main loop is held in its outcome flush: the test keeps the outbox table locked
(EXCLUSIVE: reads pass, writes wait) while the rows already claimed go out one a second,
well past the fence. None of them may be fenced.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from sqlalchemy import text

from bot.config import Settings
from bot.runtime import build_runtime
from bot.workers.outbox import LEADER_FENCE_SECONDS, OutboxWorker
from tests.conftest import make_settings
from tests.harness import Harness
from tests.outbox.conftest import FAST, person, put
from tests.outbox.helpers import until

PEOPLE = 6
# One send a second: the last of the claimed rows goes out well after the fence would lapse.
RATE = 1
assert PEOPLE / RATE > 2 * LEADER_FENCE_SECONDS


@pytest.fixture
def db_url(postgres_template: object, db_url: str) -> str:
    if not db_url.startswith("postgresql"):
        pytest.skip("the sender lock exists only on PostgreSQL (SQLite: one process)")
    return db_url


@pytest.fixture
def settings(db_url: str) -> Settings:
    return make_settings(
        db_url, **{**FAST, "send_rate_per_second": RATE, "outbox_lease_seconds": 60}
    )


@asynccontextmanager
async def sender_process(jol: Harness) -> AsyncIterator[OutboxWorker]:
    """Another process's runtime on the test's database, only sending (as `python -m
    bot.workers.run_sender`): its outbox worker."""
    async with build_runtime(
        jol.settings, migrate=False, dispatcher=False, background=False
    ) as runtime:
        worker = (await runtime.start_background_work(sender_only=True)).outbox
        assert isinstance(worker, OutboxWorker)
        yield worker


@pytest.mark.no_background
async def test_lock_stays_confirmed_while_the_main_loop_waits(jol: Harness) -> None:
    people = [await person(jol) for _ in range(PEOPLE)]
    for uid in people:
        await put(jol, uid, "keeper")

    async with sender_process(jol) as worker:

        async def all_claimed() -> bool:
            return worker.stats["claimed"] >= PEOPLE

        await until(all_claimed, 15, "the sender to claim every row")
        keeper = worker._lock_keeper
        assert keeper is not None and not keeper.done()

        async with jol.session() as session:
            # Held until every claimed row was tried: the worker's next write (its flush of
            # the first outcome) waits for it, and so does its main loop.
            await session.execute(text("LOCK TABLE outbox IN EXCLUSIVE MODE"))

            async def all_tried() -> bool:
                return worker.stats["sent"] + worker.stats["fenced"] >= PEOPLE

            await until(all_tried, 60, "every claimed row to be sent or fenced")
            await session.rollback()

        async def everything_sent() -> bool:
            await worker.wake()
            for uid in people:
                if not any(m.text == "keeper" for m in await jol.chat(uid)):
                    return False
            return True

        await until(everything_sent, 60, "every message to arrive")
        assert worker.stats["fenced"] == 0, dict(worker.stats)
        assert worker.stats["claimed"] == PEOPLE  # nothing given back and claimed again

    assert keeper.done() and worker._lock_keeper is None  # stopping the worker stops it
    for uid in people:
        sent = [m.text for m in await jol.chat(uid) if m.text == "keeper"]
        assert Counter(sent) == Counter({"keeper": 1})


@pytest.mark.no_background
async def test_becoming_the_sender_holds_the_outbox_not_the_replies(jol: Harness) -> None:
    """A process that wins the sender's lock holds its outbox for one pacing window (the
    previous sender may have filled the current second), but not people's replies: as a ban,
    it had made every reply wait at every start, the first answers after a deploy ~0.8 s."""
    async with sender_process(jol) as worker:

        async def leading() -> bool:
            return worker._lock_keeper is not None

        await until(leading, 15, "the sender's lock")
        assert worker.pacer.banned_for == 0  # what a reply waits out (bot/sender.py)
        assert worker.pacer._held_until > 0  # the outbox's own first window
