"""Case queries on both databases: one open case per person, who is alerted, content gaps."""

from __future__ import annotations

import asyncio

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import Counter, UserRole
from db.queries.cases import (
    alert_recipients,
    assign,
    content_gaps,
    create_case,
    months_back,
    record_content_gap,
    set_duty,
)
from db.types import utcnow
from domain.cases import Topic


async def _new_case(session: AsyncSession, user_id: int) -> tuple[int, bool]:
    case, created = await create_case(
        session,
        user_id=user_id,
        topic=Topic.OTHER,
        urgent=False,
        locale="ru",
        destination=None,
        source="menu",
        consent_at=None,
    )
    return case.id, created


async def test_a_double_tap_cannot_open_two_cases(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async def tap() -> tuple[int, bool]:
        async with sessionmaker() as session, session.begin():
            return await _new_case(session, 42)

    results = await asyncio.gather(tap(), tap())
    assert sorted(created for _, created in results) == [False, True]
    assert results[0][0] == results[1][0]
    assert (await tap())[1] is False


async def test_two_consultants_taking_at_once_one_wins(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        case_id, _ = await _new_case(session, 7)

    async def take(staff: int) -> bool:
        async with sessionmaker() as session, session.begin():
            return await assign(session, case_id, staff, only_if_free=True) is not None

    results = await asyncio.gather(take(1), take(2))
    assert sorted(results) == [False, True]


async def test_alert_recipients(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    admins = (900,)
    async with sessionmaker() as session, session.begin():
        assert await alert_recipients(session, admins) == [900]  # nobody else yet
        for uid, role in ((1, "staff"), (2, "coordinator"), (3, "admin")):
            session.add(UserRole(user_id=uid, role=role, granted_by=0, granted_at=utcnow()))
        await session.flush()
        assert await alert_recipients(session, admins) == [1, 2]  # nobody on duty: everyone
        await set_duty(session, 2, True)
        assert await alert_recipients(session, admins) == [2]
        await set_duty(session, 900, True)  # an admin on duty is alerted too
        assert await alert_recipients(session, admins) == [2, 900]


async def test_content_gaps_are_counted_per_month_topic_and_destination(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async def miss(topic: str | None, destination: str | None) -> None:
        async with sessionmaker() as session, session.begin():
            await record_content_gap(session, topic, destination, "ky")

    await asyncio.gather(*(miss(None, "korea") for _ in range(5)))
    await miss("passport-typo", "korea")  # unknown topics count as "other"
    await miss("wages", None)
    async with sessionmaker() as session, session.begin():
        rows = await content_gaps(session, months_back(utcnow(), 2))
        counters = list(await session.scalars(select(Counter)))
    assert [(r.source, r.topic, r.destination, r.count) for r in rows] == [
        ("search", "other", "korea", 6),
        ("search", "wages", "-", 1),
    ]
    assert all("|" in c.bucket for c in counters if c.name == "content_gap")


def test_months_back() -> None:
    from datetime import UTC, datetime

    assert months_back(datetime(2026, 2, 10, tzinfo=UTC), 2) == "2025-12"
    assert months_back(datetime(2026, 11, 10, tzinfo=UTC), 0) == "2026-11"
