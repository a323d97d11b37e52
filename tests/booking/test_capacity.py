"""Capacity and the waiting list on the real databases: no double booking under concurrency,
first come first served, offers that lapse, moves, certification counts, personal data."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.features import personal_data_of
from content.services import ServiceInfo
from db.engine import create_engine, create_sessionmaker
from db.models import Booking, BookingSlot, CertificationResult
from db.privacy import erase_user_data, export_user_data
from db.queries import booking as q
from db.types import utcnow
from domain.booking import Status
from emulator.timeouts import scaled
from handlers import FEATURES
from tests.booking.helpers import HOLD, service

ZONE = "Asia/Bishkek"


async def a_free_start(
    sessionmaker: async_sessionmaker[AsyncSession], info: ServiceInfo, days_ahead: int = 3
) -> datetime:
    """A real session of the service at least `days_ahead` days away (so offers and
    reminders are all still ahead)."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(ZONE)
    now = utcnow()
    first = (now + timedelta(days=days_ahead)).astimezone(tz).date()
    async with sessionmaker() as session:
        days = await q.availability(session, info, first, first + timedelta(days=14), tz, now)
    return next(iter(days.values()))[0].starts_at


async def book(
    sessionmaker: async_sessionmaker[AsyncSession],
    info: ServiceInfo,
    start: datetime,
    user_id: int,
    *,
    waitlist: bool = False,
    now: datetime | None = None,
) -> q.BookResult:
    async with sessionmaker() as session, session.begin():
        return await q.book(
            session,
            user_id=user_id,
            info=info,
            starts_at=start,
            name=f"Person {user_id}",
            phone=None,
            draft_key=None,
            now=now or utcnow(),
            hold=HOLD,
            waitlist=waitlist,
        )


async def statuses(sessionmaker: async_sessionmaker[AsyncSession]) -> dict[int, str]:
    async with sessionmaker() as session:
        rows = await session.execute(select(Booking.user_id, Booking.status))
        return {user_id: status for user_id, status in rows}


async def test_fifty_concurrent_attempts_on_the_last_place_book_exactly_once(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Real concurrent transactions, each on its own connection, race for the last of the
    orientation's 20 places: one wins, 49 are told the slot is full."""
    count_holders = q.holders

    async def slow_holders(session: AsyncSession, slot_id: int) -> int:
        # Widen the gap between counting the places and taking one, so that without the slot
        # lock all 50 would count 19 and book (checked: 50 bookings with the lock removed).
        held = await count_holders(session, slot_id)
        await asyncio.sleep(0.02)
        return held

    monkeypatch.setattr(q, "holders", slow_holders)
    engine = create_engine(db_url, **({} if db_url.startswith("sqlite") else {"pool_size": 55}))
    sessionmaker = create_sessionmaker(engine)
    try:
        info = service("orientation")
        start = await a_free_start(sessionmaker, info)
        for n in range(info.capacity - 1):
            assert (await book(sessionmaker, info, start, 100 + n)).booking is not None

        postgres = not db_url.startswith("sqlite")
        gate = asyncio.Event()
        ready: list[int] = []

        async def attempt(user_id: int) -> bool:
            async with sessionmaker() as session, session.begin():
                if postgres:
                    # Connected and inside a transaction before the gate opens, so all 50 hit
                    # the slot at the same moment. (SQLite's BEGIN IMMEDIATE lets one writer in
                    # at a time: there the attempts queue up by design.)
                    await session.execute(text("SELECT 1"))
                ready.append(user_id)
                await gate.wait()
                result = await q.book(
                    session,
                    user_id=user_id,
                    info=info,
                    starts_at=start,
                    name=f"Person {user_id}",
                    phone=None,
                    draft_key=None,
                    now=utcnow(),
                    hold=HOLD,
                )
                return result.booking is not None

        tasks = [asyncio.create_task(attempt(1000 + n)) for n in range(50)]
        if postgres:
            async with asyncio.timeout(scaled(30)):
                while len(ready) < len(tasks):
                    await asyncio.sleep(0.01)
        gate.set()
        results = await asyncio.gather(*tasks)

        assert results.count(True) == 1
        assert results.count(False) == 49
        async with sessionmaker() as session:
            slot = await session.scalar(select(BookingSlot).where(BookingSlot.starts_at == start))
            assert slot is not None
            assert await q.holders(session, slot.id) == info.capacity
            total = await session.scalar(select(func.count(Booking.id)))
            assert total == info.capacity  # the 49 losers left nothing behind
    finally:
        await engine.dispose()


async def test_the_waiting_list_is_first_come_first_served(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    info = service("consultation")
    start = await a_free_start(sessionmaker, info)
    holder = (await book(sessionmaker, info, start, 1)).booking
    assert holder is not None and holder.status == Status.REQUESTED
    assert (await book(sessionmaker, info, start, 2)).booking is None  # full, no waitlist
    first = (await book(sessionmaker, info, start, 2, waitlist=True)).booking
    second = (await book(sessionmaker, info, start, 3, waitlist=True)).booking
    assert first is not None and first.status == Status.WAITING
    assert second is not None and second.status == Status.WAITING

    now = utcnow()
    async with sessionmaker() as session, session.begin():
        booking = await q.get_booking(session, holder.id)
        assert booking is not None
        change = await q.release(session, booking, Status.CANCELLED, now, HOLD)
    assert change is not None
    assert [b.user_id for b in change.offered] == [2]
    assert change.offered[0].offer_expires_at == now + HOLD
    assert await statuses(sessionmaker) == {1: "cancelled", 2: "offered", 3: "waiting"}

    # A newcomer cannot take the place held for the first person waiting.
    assert (await book(sessionmaker, info, start, 4)).booking is None

    # The offer runs out: it passes to the next person.
    later = now + HOLD + timedelta(minutes=1)
    async with sessionmaker() as session, session.begin():
        slot = await q.lock_slot_by_id(session, holder.slot_id)
        change = await q.settle(session, slot, later, HOLD)
    assert [b.user_id for b in change.expired] == [2]
    assert [b.user_id for b in change.offered] == [3]

    # The second person takes it.
    async with sessionmaker() as session, session.begin():
        booking = await q.get_booking(session, second.id)
        assert booking is not None
        taken, _ = await q.take_offer(session, booking, later, HOLD)
    assert taken
    assert await statuses(sessionmaker) == {1: "cancelled", 2: "expired", 3: "requested"}


async def test_waiting_lists_close_when_the_session_is_near(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    info = service("consultation")
    start = await a_free_start(sessionmaker, info)
    holder = (await book(sessionmaker, info, start, 1)).booking
    assert holder is not None
    await book(sessionmaker, info, start, 2, waitlist=True)
    async with sessionmaker() as session, session.begin():
        slot = await q.lock_slot_by_id(session, holder.slot_id)
        change = await q.settle(session, slot, start - timedelta(minutes=90), HOLD)
    assert [b.user_id for b in change.lapsed] == [2]
    assert await statuses(sessionmaker) == {1: "requested", 2: "expired"}


async def test_moving_needs_a_free_place_and_frees_the_old_one(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    info = service("consultation")
    start = await a_free_start(sessionmaker, info)
    later = start + info.duration
    mine = (await book(sessionmaker, info, start, 1)).booking
    other = (await book(sessionmaker, info, later, 2)).booking
    waiting = (await book(sessionmaker, info, start, 3, waitlist=True)).booking
    assert mine and other and waiting and waiting.status == Status.WAITING

    async with sessionmaker() as session, session.begin():
        booking = await q.get_booking(session, mine.id)
        assert booking is not None
        full = await q.move(session, booking, info, later, utcnow(), HOLD, keep_status=False)
    assert not full.moved  # the later session is taken

    free = later + info.duration
    async with sessionmaker() as session, session.begin():
        booking = await q.get_booking(session, mine.id)
        assert booking is not None
        moved = await q.move(session, booking, info, free, utcnow(), HOLD, keep_status=False)
        assert moved.moved and booking.starts_at == free and booking.version == 1
    assert [b.user_id for b in moved.change.offered] == [3]  # the freed place went on


async def test_certified_people_are_counted_once_and_survive_erasure(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(ZONE)
    info = service("certification")
    start = await a_free_start(sessionmaker, info)
    again = await a_free_start(sessionmaker, info, days_ahead=10)
    now = utcnow()
    made = [
        (await book(sessionmaker, info, start, 1)).booking,
        (await book(sessionmaker, info, start, 2)).booking,
        (await book(sessionmaker, info, again, 1)).booking,  # person 1 comes back for a level
    ]
    outcomes = [(True, "2"), (False, None), (True, "3")]
    for booking, (passed, level) in zip(made, outcomes, strict=True):
        assert booking is not None
        async with sessionmaker() as session, session.begin():
            row = await q.get_booking(session, booking.id)
            assert row is not None
            await q.record_result(
                session,
                row,
                passed=passed,
                level=level,
                certificate_no=f"C-{booking.id}" if passed else None,
                by=9,
                now=now,
                tz=tz,
            )

    async with sessionmaker() as session:
        stats = await q.certification_stats(session, now.astimezone(tz).year, tz)
    assert (stats.certified, stats.passed, stats.results) == (1, 2, 3)

    async with sessionmaker() as session, session.begin():
        exported = await export_user_data(session, 1, personal_data_of(FEATURES))
        assert [b["certification"]["level"] for b in exported["bookings"]] == ["2", "3"]
        await erase_user_data(session, 1, personal_data_of(FEATURES))
    async with sessionmaker() as session:
        assert (
            await session.scalar(select(func.count(Booking.id)).where(Booking.user_id == 1)) == 0
        )
        rows = list(await session.scalars(select(CertificationResult)))
        assert len(rows) == 3
        assert all(r.user_id != 1 for r in rows)
        assert all(r.certificate_no is None for r in rows if r.user_id is None)
        stats = await q.certification_stats(session, now.astimezone(tz).year, tz)
    assert (stats.certified, stats.passed, stats.results) == (1, 2, 3)  # the count stays


async def test_the_digest_section_counts_new_bookings(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    from bot.i18n import Catalog
    from bot.workers.digest import DigestWindow
    from handlers.booking.digest import compose_bookings

    info = service("consultation")
    start = await a_free_start(sessionmaker, info)
    now = utcnow()
    await book(sessionmaker, info, start, 1, now=now)
    await book(sessionmaker, info, start, 2, waitlist=True, now=now)  # not a new booking
    t = Catalog.load().translator("en")
    window = DigestWindow(now - timedelta(hours=1), now + timedelta(minutes=1), now.date())
    async with sessionmaker() as session:
        text = await compose_bookings(session, t, window)
        quiet = DigestWindow(now - timedelta(days=3), now - timedelta(days=2), now.date())
        assert await compose_bookings(session, t, quiet) is not None  # one still to approve
    assert text is not None
    assert "1 new" in text and "Individual consultation: 1" in text
    assert "Waiting for approval: 1" in text
