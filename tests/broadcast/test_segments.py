"""Who receives a broadcast: the fixed rules, the segments and the counts (DB only)."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import Booking, BookingSlot, FsmRecord, User
from db.models.broadcast import Broadcast
from db.queries import broadcast as q
from db.types import utcnow
from domain.broadcast import Segment

TZ = ZoneInfo("Asia/Bishkek")
ALL = ("ky", "ru", "en")
LONG_AGO = utcnow() - timedelta(days=90)


def person(uid: int, **fields: object) -> User:
    values: dict[str, object] = {
        "locale": "ru",
        "consent_at": LONG_AGO,
        "created_at": LONG_AGO,
        "updated_at": LONG_AGO,
    }
    values.update(fields)
    return User(id=uid, **values)


async def arrange(session: AsyncSession) -> None:
    session.add_all(
        [
            person(1, locale="ky", destination="korea", situation="planning"),
            person(2, locale="ky", destination="russia", situation="abroad"),
            person(3, locale="ru", destination="korea", situation="planning"),
            person(4, locale=None, destination="turkey", situation="returned"),  # default: ky
            person(5, locale="en", destination="europe", situation="abroad"),
            person(6, consent_at=None),  # never agreed: never receives broadcasts
            person(7, blocked_at=utcnow()),  # blocked the bot
            person(8, news_enabled=False),  # turned news off
            person(9, locale="ru", updated_at=utcnow() - timedelta(days=2)),  # active lately
            person(10, locale="ru"),  # active in a dialogue lately (FSM row touched)
        ]
    )
    session.add(FsmRecord(key="k10", user_id=10, state=None, data={}, updated_at=utcnow()))
    slot = BookingSlot(service="orientation", starts_at=utcnow() + timedelta(days=3), capacity=5)
    session.add(slot)
    await session.flush()
    for uid, status, code in ((3, "confirmed", "AAAAAA"), (5, "cancelled", "CCCCCC")):
        session.add(
            Booking(
                code=code,
                user_id=uid,
                service="orientation",
                slot_id=slot.id,
                starts_at=slot.starts_at,
                status=status,
                name="X",
            )
        )


async def counts(
    session: AsyncSession, segment: Segment, languages: tuple[str, ...] = ALL
) -> dict[str, int]:
    return await q.count_by_language(session, segment, languages, "ky", TZ)


async def test_segments_and_counts(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        await arrange(session)
    async with sessionmaker() as session:
        # Consent, not blocked, news on: 6, 7 and 8 never count.
        assert await counts(session, Segment()) == {"ky": 3, "ru": 3, "en": 1}
        assert await counts(session, Segment(), ("ru", "en")) == {"ru": 3, "en": 1}
        assert await counts(session, Segment(destination="korea")) == {"ky": 1, "ru": 1}
        assert await counts(session, Segment(situation="abroad")) == {"ky": 1, "en": 1}
        assert await counts(session, Segment(destination="korea", situation="planning")) == {
            "ky": 1,
            "ru": 1,
        }
        # A cancelled booking is not "booked".
        assert await counts(session, Segment(service="orientation")) == {"ru": 1}
        since = (utcnow() - timedelta(days=7)).astimezone(TZ).date()
        assert await counts(session, Segment(active_since=since)) == {"ru": 2}
        assert await counts(session, Segment(active_since=date(2000, 1, 1))) == {
            "ky": 3,
            "ru": 3,
            "en": 1,
        }


async def test_recipients_are_taken_in_id_order_and_frozen_at_start(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        await arrange(session)
        row = Broadcast(
            author_id=99,
            status="running",
            languages=list(ALL),
            texts={},
            segment={},
            started_at=utcnow(),
            cursor=0,
        )
        session.add(row)
        await session.flush()
        first = await q.next_recipients(session, row, 4, "ky", TZ)
        assert first == [(1, "ky"), (2, "ky"), (3, "ru"), (4, "ky")]
        row.cursor = first[-1][0]
        # Someone who joins after the start is not part of this broadcast.
        session.add(person(11, created_at=utcnow() + timedelta(seconds=5)))
        await session.flush()
        rest = await q.next_recipients(session, row, 10, "ky", TZ)
        assert [uid for uid, _ in rest] == [5, 9, 10]
        assert await q.count_unfed(session, row, "ky", TZ) == 3
        assert await q.count_recipients(session, row, "ky", TZ) == 7
