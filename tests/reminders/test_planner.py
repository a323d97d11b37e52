"""The campaign planner on both databases: what is planned, when, and re-planning on change."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

from sqlalchemy import update

from bot.config import Settings
from bot.features import personal_data_of
from db.models import OutboxMessage, ReminderPlan, User
from db.queries.users import set_blocked
from domain.reminders import zone
from handlers import FEATURES
from handlers.reminders.jobs import plan_pending
from tests.reminders.conftest import change, make_person, reminders_of
from tests.reminders.helpers import (
    BISHKEK,
    SM,
    ctx,
    local_noon_today,
    plan_korea_leaver,
    plan_person,
)


async def test_plans_the_countdown_in_local_time(sessionmaker: SM, settings: Settings) -> None:
    now = local_noon_today()
    departure = now.astimezone(BISHKEK).date() + timedelta(days=70)
    await make_person(
        sessionmaker, 501, situation="planning", destination="russia", departure_date=departure
    )
    assert await plan_pending(sessionmaker, ctx(settings), now=now) == 1

    rows = await reminders_of(sessionmaker, 501)
    assert [r.payload["campaign"] for r in rows] == [
        "dep-60-ru", "dep-30", "dep-14", "dep-3", "dep-0-ru",
    ]  # fmt: skip
    local = [r.due_at.astimezone(BISHKEK) for r in rows]
    assert [d.date() for d in local] == [departure - timedelta(days=n) for n in (60, 30, 14, 3, 0)]
    assert [d.time() for d in local] == [time(10), time(10), time(10), time(10), time(9)]
    assert all(r.expires_at is not None and r.expires_at > r.due_at for r in rows)
    first = rows[0]
    assert "migrant.kg" in first.text and "До отъезда в Россию" in first.text  # Russian text
    buttons = [b["text"] for row in first.payload["reply_markup"]["inline_keyboard"] for b in row]
    assert "⏰ Настройки напоминаний" in buttons


async def test_changing_the_date_reschedules(sessionmaker: SM, settings: Settings) -> None:
    now, _ = await plan_korea_leaver(sessionmaker, settings, 502)
    today = now.astimezone(BISHKEK).date()
    before = {r.payload["campaign"]: r.due_at for r in await reminders_of(sessionmaker, 502)}

    await change(sessionmaker, 502, departure_date=today + timedelta(days=10))
    assert await plan_pending(sessionmaker, ctx(settings), now=now) == 1
    after = {r.payload["campaign"]: r.due_at for r in await reminders_of(sessionmaker, 502)}
    assert set(before) == {"dep-30", "dep-14", "dep-3", "dep-0"}
    assert set(after) == {"dep-3", "dep-0"}  # the 30- and 14-day ones are past: skipped
    assert after["dep-3"].astimezone(BISHKEK).date() == today + timedelta(days=7)


async def test_situation_change_switches_campaigns(sessionmaker: SM, settings: Settings) -> None:
    now = local_noon_today()
    today = now.astimezone(BISHKEK).date()
    await plan_person(
        sessionmaker, settings, now, 503, situation="planning", destination="turkey",
        departure_date=today + timedelta(days=20),
    )  # fmt: skip
    await change(
        sessionmaker, 503, situation="abroad", arrival_date=today - timedelta(days=1),
        timezone="Europe/Istanbul",
    )  # fmt: skip
    await plan_pending(sessionmaker, ctx(settings), now=now)
    rows = await reminders_of(sessionmaker, 503)
    assert [r.payload["campaign"] for r in rows] == ["arr-3-contract", "arr-30"]
    istanbul = zone("Europe/Istanbul")
    assert rows[0].due_at.astimezone(istanbul).replace(tzinfo=None) == datetime.combine(
        today + timedelta(days=2), time(11)
    )
    assert "reply_markup" in rows[0].payload  # the survey's answer buttons


async def test_no_reminders_without_consent_when_blocked_or_paused(
    sessionmaker: SM, settings: Settings
) -> None:
    now = local_noon_today()
    departure = now.astimezone(BISHKEK).date() + timedelta(days=40)
    profile = {"situation": "planning", "destination": "korea", "departure_date": departure}
    await make_person(sessionmaker, 504, consent=False, **profile)
    await make_person(sessionmaker, 505, **profile)
    await make_person(sessionmaker, 506, reminders_paused=True, **profile)
    async with sessionmaker() as session, session.begin():
        await set_blocked(session, 505, True)
    await plan_pending(sessionmaker, ctx(settings), now=now)
    for uid in (504, 505, 506):
        assert await reminders_of(sessionmaker, uid) == []

    # Unblocking brings them back (what was dropped while blocked is planned again).
    async with sessionmaker() as session, session.begin():
        await set_blocked(session, 505, False)
    await plan_pending(sessionmaker, ctx(settings), now=now)
    assert len(await reminders_of(sessionmaker, 505)) == 4


async def test_untouched_people_are_not_replanned(sessionmaker: SM, settings: Settings) -> None:
    now, planned = await plan_korea_leaver(sessionmaker, settings, 507)
    assert planned == 1
    assert await plan_pending(sessionmaker, ctx(settings), now=now) == 0
    ids = [r.id for r in await reminders_of(sessionmaker, 507)]
    await change(sessionmaker, 507, news_enabled=False)  # touches the row, changes nothing
    assert await plan_pending(sessionmaker, ctx(settings), now=now) == 0
    assert [r.id for r in await reminders_of(sessionmaker, 507)] == ids
    async with sessionmaker() as session:
        plan = await session.get(ReminderPlan, 507)
        user = await session.get(User, 507)
        assert plan is not None and user is not None
        assert plan.user_updated_at == user.updated_at


async def test_what_was_sent_is_never_sent_again(sessionmaker: SM, settings: Settings) -> None:
    now, _ = await plan_korea_leaver(sessionmaker, settings, 508)
    first = (await reminders_of(sessionmaker, 508))[0]
    async with sessionmaker() as session, session.begin():
        await session.execute(
            update(OutboxMessage).where(OutboxMessage.id == first.id).values(status="sent")
        )
    await change(sessionmaker, 508, timezone="Asia/Almaty")  # re-plan with the same date
    await plan_pending(sessionmaker, ctx(settings), now=now)
    pending = await reminders_of(sessionmaker, 508)
    assert first.payload["campaign"] not in {r.payload["campaign"] for r in pending}
    assert len(await reminders_of(sessionmaker, 508, status=None)) == 4


async def test_language_change_rerenders(sessionmaker: SM, settings: Settings) -> None:
    now, _ = await plan_korea_leaver(sessionmaker, settings, 509)
    async with sessionmaker() as session, session.begin():
        user = await session.get(User, 509)
        assert user is not None
        user.locale = "ky"
    await plan_pending(sessionmaker, ctx(settings), now=now)
    rows = await reminders_of(sessionmaker, 509)
    assert rows[0].text.startswith("<b>Жолго бир ай калды</b>")


async def test_a_finished_pause_resumes_from_now(sessionmaker: SM, settings: Settings) -> None:
    now, _ = await plan_korea_leaver(sessionmaker, settings, 510, reminders_paused=True)
    async with sessionmaker() as session, session.begin():
        await session.execute(
            update(ReminderPlan)
            .where(ReminderPlan.user_id == 510)
            .values(paused_until=now + timedelta(days=14))
        )
    assert await reminders_of(sessionmaker, 510) == []
    later = now + timedelta(days=15)  # the pause ran out; the 30-day note is now in the past
    await plan_pending(sessionmaker, ctx(settings), now=later)
    async with sessionmaker() as session:
        user = await session.get(User, 510)
        assert user is not None and user.reminders_paused is False
    assert [r.payload["campaign"] for r in await reminders_of(sessionmaker, 510)] == [
        "dep-14", "dep-3", "dep-0",
    ]  # fmt: skip


async def test_new_campaign_file_replans_everyone(sessionmaker: SM, settings: Settings) -> None:
    now, _ = await plan_korea_leaver(sessionmaker, settings, 511)
    edited = ctx(settings)
    edited = replace(edited, campaigns=replace(edited.campaigns, version="edited"))
    assert await plan_pending(sessionmaker, edited, now=now) == 1


async def test_erasure_removes_plans_and_answers(sessionmaker: SM, settings: Settings) -> None:
    from db.privacy import erase_user_data, export_user_data
    from db.queries.reminders import save_answer

    now = local_noon_today()
    await make_person(
        sessionmaker, 512, situation="returned", destination="russia",
        return_date=now.astimezone(BISHKEK).date() - timedelta(days=2),
    )  # fmt: skip
    await plan_pending(sessionmaker, ctx(settings), now=now)
    async with sessionmaker() as session, session.begin():
        await save_answer(session, 512, "ret-1w", "work", "looking", False)
        exported = await export_user_data(session, 512, personal_data_of(FEATURES))
    assert exported["reminders"]["survey_answers"][0]["answer"] == "looking"
    async with sessionmaker() as session, session.begin():
        await erase_user_data(session, 512, personal_data_of(FEATURES))
    async with sessionmaker() as session:
        assert await session.get(ReminderPlan, 512) is None
    assert await reminders_of(sessionmaker, 512, status=None) == []
