"""The trace "active since <day>" reads (the conversation row's `updated_at`) moves once per
day in the Center's zone: not on every step (a statement on nearly every update), never less.

Bishkek is UTC+6 all year, so its midnight is 18:00 UTC: the edges below are the Center's
midnight (a new day there, the same UTC day) and UTC midnight (a new UTC day, the same day
at the Center).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from db.clock import Clock
from db.models import FsmRecord
from db.queries import broadcast as q
from domain.broadcast import Segment
from tests.broadcast.helpers import onboarded
from tests.foundation.helpers import counting
from tests.harness import Harness

BISHKEK = ZoneInfo("Asia/Bishkek")


async def trace(jol: Harness, uid: int) -> datetime:
    async with jol.sessionmaker() as session:
        query = select(FsmRecord.updated_at).where(FsmRecord.user_id == uid)
        return max((await session.scalars(query)).all())


async def active_since(jol: Harness, day: date) -> int:
    async with jol.sessionmaker() as session:
        counted = await q.count_by_language(
            session, Segment(active_since=day), ("ky", "ru", "en"), "ky", BISHKEK
        )
    return sum(counted.values())


async def menu(jol: Harness, uid: int) -> int:
    """/menu; returns the SQL statements it ran."""
    with counting(jol) as counter:
        await jol.send(uid, "/menu")
    assert "Main menu" in ((await jol.last(uid)).text or "")
    return counter.statements


@pytest.mark.no_background  # nothing but the updates touches the database meanwhile
async def test_the_activity_trace_moves_once_per_center_day(jol: Harness, clock: Clock) -> None:
    clock.travel(datetime(2026, 3, 2, 23, 40, tzinfo=BISHKEK))
    uid = await onboarded(jol, "en")
    onboarding_done = await trace(jol, uid)
    assert onboarding_done >= datetime(2026, 3, 2, 23, 40, tzinfo=BISHKEK)

    # Later the same evening: the row already says "today", so the step writes nothing.
    clock.travel(datetime(2026, 3, 2, 23, 59, tzinfo=BISHKEK))
    assert await menu(jol, uid) == 1  # the person's row, roles and state: one statement
    assert await trace(jol, uid) == onboarding_done

    # The Center's midnight (still 2 March in UTC): a new day, so the step is traced.
    clock.travel(datetime(2026, 3, 3, 0, 1, tzinfo=BISHKEK))
    assert await active_since(jol, date(2026, 3, 3)) == 0
    assert await menu(jol, uid) == 2  # + the trace
    moved = await trace(jol, uid)
    assert moved >= datetime(2026, 3, 3, 0, 1, tzinfo=BISHKEK)
    assert await active_since(jol, date(2026, 3, 3)) == 1

    # UTC midnight is not the Center's: the same day there, nothing written.
    clock.travel(datetime(2026, 3, 3, 6, 1, tzinfo=BISHKEK))  # 00:01 UTC, 3 March
    assert await menu(jol, uid) == 1
    assert await trace(jol, uid) == moved
