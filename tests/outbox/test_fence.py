"""Issue 19: no message is sent twice while an old sender is still alive.

Two sender processes share one PostgreSQL (two runtimes here, each with its own engine and
lock connection). The old leader A loses its lock connection but keeps running, holding rows
that wait for their chat's interval (one message per `send_min_interval_per_chat`). B becomes
the sender and, TAKE_OVER_AFTER_SECONDS later, takes over A's claims and sends them. A must not
send them too: before each send, after every wait, it checks that it saw its lock within
LEADER_FENCE_SECONDS (the fence, `OutboxWorker._leadership_fresh`). Without that check A would
go on sending what it holds and people would get the same messages twice.
"""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import text

from bot.config import Settings
from bot.runtime import build_runtime
from bot.workers.outbox import SENDER_LOCK_ID, OutboxWorker
from tests.conftest import make_settings
from tests.harness import Harness
from tests.outbox.conftest import FAST, person, put
from tests.outbox.helpers import until

ROWS = 3  # per chat
# A holds the next row of each chat (a chat's rows are claimed one at a time) while it waits
# out this spacing after the one before, longer than the fence (LEADER_FENCE_SECONDS = 2 s).
SPACING = 3.0


@pytest.fixture
def db_url(postgres_template: object, db_url: str) -> str:
    if not db_url.startswith("postgresql"):
        pytest.skip("leadership and its fence exist only on PostgreSQL (SQLite: one process)")
    return db_url


@pytest.fixture
def settings(db_url: str) -> Settings:
    # A lease far longer than the take-over: the rows A holds stay A's (by its lease) when B
    # takes them over, as in production (OUTBOX_LEASE_SECONDS=60).
    return make_settings(
        db_url, **{**FAST, "send_min_interval_per_chat": SPACING, "outbox_lease_seconds": 60}
    )


SENDER_LOCK_HOLDERS = text(
    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
    "AND classid = 0 AND objid = :key AND objsubid = 1 AND database = "
    "(SELECT oid FROM pg_database WHERE datname = current_database())"
)


async def cut_lock_connection(jol: Harness) -> None:
    """The old leader's lock connection dies (a network cut, a server restart of that
    backend): PostgreSQL frees the lock, the process itself goes on."""

    async def holders() -> list[int]:
        async with jol.session() as session:
            return list(await session.scalars(SENDER_LOCK_HOLDERS, {"key": SENDER_LOCK_ID}))

    pids = await holders()
    assert len(pids) == 1, pids
    async with jol.session() as session:
        await session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pids[0]})

    async def lock_is_free() -> bool:
        return await holders() == []

    await until(lock_is_free, 10, "the sender lock to be free")


@pytest.mark.no_background
async def test_no_double_send_while_the_old_leader_is_still_alive(
    jol: Harness, settings: Settings
) -> None:
    people = [await person(jol), await person(jol)]
    for n in range(1, ROWS + 1):
        for uid in people:
            await put(jol, uid, f"fence-{n}")

    def runtime() -> object:
        return build_runtime(jol.settings, migrate=False, dispatcher=False, background=False)

    async with runtime() as a_runtime:
        old = (await a_runtime.start_background_work(sender_only=True)).outbox

        async def first_ones_sent() -> bool:
            chats = [await jol.chat(uid) for uid in people]
            return all(any(m.text == "fence-1" for m in chat) for chat in chats)

        await until(first_ones_sent, 15, "the first message to each person")

        async def old_holds_rows() -> bool:
            return sum(len(q) for q in old._queues.values()) >= 2

        await until(old_holds_rows, 10, "the old leader to hold queued rows")
        await cut_lock_connection(jol)

        async with runtime() as b_runtime:
            new = (await b_runtime.start_background_work(sender_only=True)).outbox

            async def everything_sent() -> bool:
                await new.wake()
                for uid in people:
                    bodies = [m.text for m in await jol.chat(uid)]
                    if not all(f"fence-{n}" in bodies for n in range(1, ROWS + 1)):
                        return False
                return True

            await until(everything_sent, 60, "every message to arrive")

            async def old_is_idle() -> bool:
                return not old._queues and old._inflight == 0

            await until(old_is_idle, 30, "the old leader to let go of its queue")

    for uid in people:
        chat = await jol.chat(uid)
        sent = [m.text for m in chat if (m.text or "").startswith("fence-")]
        assert Counter(sent) == Counter({f"fence-{n}": 1 for n in range(1, ROWS + 1)})
        assert sent == [f"fence-{n}" for n in range(1, ROWS + 1)]  # and in their order
    # The fence is what stopped A: it let go of queued rows instead of sending them.
    assert isinstance(old, OutboxWorker) and old.stats["fenced"] >= 1
