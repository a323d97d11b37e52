"""The digest and the reminder planner at fixed instants around DIGEST_HOUR, the quiet hours and
midnight, for people in Bishkek and in a zone with daylight saving time (Berlin; the instants
include the night Berlin moves its clocks forward). Nothing here passes `now`: every path must
read it from the one clock (db/clock.py) that the test sets."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.features import digest_sections_of
from bot.i18n import Catalog
from bot.workers.digest import send_digest
from db.clock import Clock, local_today
from db.models import CampaignAnswer, OutboxMessage
from db.queries.users import grant_role
from domain.roles import Role
from handlers import FEATURES
from handlers.reminders.jobs import plan_pending
from handlers.reminders.planning import PlanContext
from tests.harness import Harness
from tests.reminders.conftest import make_person, reminders_of

CATALOG = Catalog.load()
BISHKEK = ZoneInfo("Asia/Bishkek")
BERLIN = ZoneInfo("Europe/Berlin")
SM = async_sessionmaker[AsyncSession]
COORDINATOR = 7_700_001

# Local times in Bishkek on 2026-03-28/29 (Berlin springs forward at 02:00 on the 29th, which
# is 07:00 in Bishkek): around midnight, DIGEST_HOUR (8), the end (9) and start (21) of quiet
# hours. 08:30 is the hour at which the returnee survey test used to fail.
INSTANTS = [
    datetime(2026, 3, 28, 23, 59, tzinfo=BISHKEK),
    datetime(2026, 3, 29, 0, 1, tzinfo=BISHKEK),
    datetime(2026, 3, 29, 7, 59, tzinfo=BISHKEK),
    datetime(2026, 3, 29, 8, 0, tzinfo=BISHKEK),
    datetime(2026, 3, 29, 8, 30, tzinfo=BISHKEK),
    datetime(2026, 3, 29, 8, 59, tzinfo=BISHKEK),
    datetime(2026, 3, 29, 9, 0, tzinfo=BISHKEK),
    datetime(2026, 3, 29, 20, 59, tzinfo=BISHKEK),
    datetime(2026, 3, 29, 21, 0, tzinfo=BISHKEK),
    datetime(2026, 3, 29, 21, 1, tzinfo=BISHKEK),
]
IDS = [i.strftime("%d-%H%M") for i in INSTANTS]


def next_digest_after(instant: datetime, settings: Settings) -> datetime:
    """The first DIGEST_HOUR:00 in the Center's zone strictly after `instant` (written out by
    hand here, not with the code under test)."""
    local = instant.astimezone(settings.tz)
    at = datetime.combine(local.date(), time(settings.digest_hour), tzinfo=settings.tz)
    return at if at > local else at + timedelta(days=1)


async def digests(sessionmaker: SM) -> list[OutboxMessage]:
    async with sessionmaker() as session:
        stmt = select(OutboxMessage).where(
            OutboxMessage.purpose == "digest", OutboxMessage.chat_id == COORDINATOR
        )
        return list(await session.scalars(stmt.order_by(OutboxMessage.id)))


@pytest.mark.parametrize("now", INSTANTS, ids=IDS)
async def test_digest_counts_an_answer_in_the_window_that_holds_it(
    sessionmaker: SM, settings: Settings, clock: Clock, now: datetime
) -> None:
    await make_person(sessionmaker, COORDINATOR, locale="en")
    async with sessionmaker() as session, session.begin():
        await grant_role(session, COORDINATOR, Role.COORDINATOR, granted_by=0)
        session.add(
            CampaignAnswer(
                user_id=COORDINATOR + 1, campaign="arr-3", question="registered", answer="no",
                needs_attention=True, answered_at=now - timedelta(minutes=1),
            )
        )  # fmt: skip
    due = next_digest_after(now - timedelta(minutes=1), settings)

    clock.freeze(now)
    sent_now = await send_digest(sessionmaker, CATALOG, settings, digest_sections_of(FEATURES))
    # Only at exactly DIGEST_HOUR has the window holding the answer closed already.
    assert sent_now == (1 if due <= now else 0)

    clock.freeze(due)
    await send_digest(sessionmaker, CATALOG, settings, digest_sections_of(FEATURES))
    (digest,) = await digests(sessionmaker)
    assert "Follow-up answers that need attention: 1" in digest.text
    assert str(COORDINATOR + 1) in digest.text

    # The next day's digest has nothing to report: the answer is counted once.
    clock.freeze(due + timedelta(days=1))
    assert await send_digest(sessionmaker, CATALOG, settings, digest_sections_of(FEATURES)) == 0
    assert len(await digests(sessionmaker)) == 1


def quiet(local: datetime, settings: Settings) -> bool:
    return local.hour >= settings.quiet_hours_start or local.hour < settings.quiet_hours_end


@pytest.mark.parametrize("zone", [BISHKEK, BERLIN], ids=["bishkek", "berlin"])
@pytest.mark.parametrize("now", INSTANTS, ids=IDS)
async def test_reminders_keep_local_wall_time_and_quiet_hours(
    sessionmaker: SM, settings: Settings, clock: Clock, now: datetime, zone: ZoneInfo
) -> None:
    clock.freeze(now)
    today = local_today(zone)
    # Turkey: only the check-ins every destination has (Russia adds its own deadlines).
    # Arrived yesterday: "3 days after arrival" is due in two days at 11:00 their time (across
    # Berlin's clock change for the instants before it). Arrived three days ago: due today at
    # 11:00, so depending on the hour it is ahead, sent now (within the grace) or skipped.
    await make_person(
        sessionmaker, 801, situation="abroad", destination="turkey",
        arrival_date=today - timedelta(days=1), timezone=zone.key,
    )  # fmt: skip
    await make_person(
        sessionmaker, 802, situation="abroad", destination="turkey",
        arrival_date=today - timedelta(days=3), timezone=zone.key,
    )  # fmt: skip
    assert await plan_pending(sessionmaker, PlanContext.build(CATALOG, settings)) == 2

    ahead = {r.payload["campaign"]: r for r in await reminders_of(sessionmaker, 801)}
    assert set(ahead) == {"arr-3-contract", "arr-30"}
    local_due = ahead["arr-3-contract"].due_at.astimezone(zone)
    assert (local_due.date(), local_due.time()) == (today + timedelta(days=2), time(11))

    rows = await reminders_of(sessionmaker, 802)
    by_campaign = {r.payload["campaign"]: r for r in rows}
    due_today = datetime.combine(today, time(11), tzinfo=zone)
    grace = timedelta(hours=settings.reminder_grace_hours)
    if now <= due_today:
        assert by_campaign["arr-3-contract"].due_at == due_today
    elif now - due_today <= grace:
        assert by_campaign["arr-3-contract"].due_at == now  # 11:00-17:00 local: never quiet hours
    else:
        assert (
            "arr-3-contract" not in by_campaign
        )  # missed by more than the grace: never sent late

    for row in [*ahead.values(), *rows]:
        local = row.due_at.astimezone(zone)
        assert row.due_at >= now.astimezone(UTC), row.payload["campaign"]
        assert not quiet(local, settings), (row.payload["campaign"], local)
        assert row.expires_at is not None and row.expires_at > row.due_at


def test_the_instants_cover_a_dst_change_in_the_user_zone() -> None:
    offsets = {i.astimezone(BERLIN).utcoffset() for i in INSTANTS}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}
    assert date(2026, 3, 29) in {i.date() for i in INSTANTS}


CATCH_UP_INSTANTS = [INSTANTS[2], INSTANTS[3], INSTANTS[4], INSTANTS[7], INSTANTS[8]]


@pytest.mark.no_background
@pytest.mark.parametrize(
    "now", CATCH_UP_INSTANTS, ids=[i.strftime("%H%M") for i in CATCH_UP_INSTANTS]
)
async def test_an_instance_started_after_the_digest_hour_catches_up_once(
    jol: Harness, clock: Clock, now: datetime
) -> None:
    """Started after DIGEST_HOUR:00 and before the quiet hours, an instance sends today's digest
    at once (a restart missed it); before it, at it (the daily job sends it) and from the quiet
    hours on, not. The tests' own instances never do (DIGEST_CATCH_UP off in make_settings)."""
    from bot.background import start_background

    clock.freeze(now)
    local = now.astimezone(jol.settings.tz)
    expected = time(jol.settings.digest_hour) < local.time() < time(jol.settings.quiet_hours_start)
    for catch_up in (True, False):
        settings = jol.settings.model_copy(update={"digest_catch_up": catch_up})
        background = await start_background(jol.bot, settings, jol.sessionmaker, jol.catalog)
        try:
            scheduled = background.scheduler.get_job("coordinator-digest-catchup") is not None
        finally:
            await background.stop()
        assert scheduled == (expected and catch_up), (local, catch_up)
