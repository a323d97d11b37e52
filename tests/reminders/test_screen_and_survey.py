"""Through the emulator: /reminders (pause, resume, turn off) and follow-up surveys (answers
stored, coordinators alerted through the outbox, a booking offered, the daily digest)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.features import digest_sections_of
from bot.workers.digest import send_digest
from content.library import ContentLibrary
from db.clock import Clock, local_now, local_today
from db.models import CampaignAnswer, OutboxMessage, ReminderPlan, User
from db.queries.users import grant_role, record_consent, update_profile
from db.types import utcnow
from domain.reminders import zone
from domain.roles import Role
from handlers import FEATURES
from handlers.reminders.jobs import plan_pending
from handlers.reminders.planning import PlanContext
from handlers.reminders.render import reminder_message
from tests.harness import Harness
from tests.outbox.conftest import person, put, settle
from tests.reminders.conftest import reminders_of

BISHKEK = zone("Asia/Bishkek")


async def onboarded(jol: Harness, language: str = "ru", **profile: Any) -> int:
    uid = await person(jol, language)
    async with jol.session() as session:
        user = await session.get(User, uid)
        assert user is not None
        await record_consent(session, user, True)
        await update_profile(session, user, **profile)
    # Plan now, so the background planner finds the plan current: re-planning clears unsent
    # reminders, which would race with a test's own reminder (`put`) under load.
    await plan_pending(jol.sessionmaker, PlanContext.build(jol.catalog, jol.settings))
    return uid


async def coordinator(jol: Harness, language: str = "en") -> int:
    uid = await person(jol, language)
    async with jol.session() as session:
        await grant_role(session, uid, Role.COORDINATOR, granted_by=0)
    return uid


def today() -> Any:
    return local_today(BISHKEK)


async def test_reminders_screen_pause_resume_and_turn_off(jol: Harness) -> None:
    departure = today() + timedelta(days=40)
    uid = await onboarded(
        jol, situation="planning", destination="korea", departure_date=departure,
        timezone="Asia/Bishkek",
    )  # fmt: skip
    await jol.send(uid, "/reminders")
    screen = await jol.reply_containing(uid, "Мои напоминания")
    rows = await reminders_of(jol.sessionmaker, uid)
    assert len(rows) == 4
    first_local = rows[0].due_at.astimezone(BISHKEK).strftime("%d.%m.%Y %H:%M")
    assert f"• {first_local} — До отъезда месяц" in (screen.text or "")
    assert "Бишкек" in (screen.text or "")  # times are in the person's zone, named

    await jol.click(uid, "⏸ Пауза на 14 дней")
    paused = await jol.reply_containing(uid, "На паузе до")
    assert "▶️ Включить напоминания" in paused.button_texts
    assert await reminders_of(jol.sessionmaker, uid) == []
    async with jol.session() as session:
        user = await session.get(User, uid)
        plan = await session.get(ReminderPlan, uid)
        assert user is not None and user.reminders_paused
        assert plan is not None and plan.paused_until is not None
        assert plan.paused_until - utcnow() > timedelta(days=13)

    await jol.click(uid, "▶️ Включить напоминания")
    await jol.reply_containing(uid, "До отъезда месяц")
    assert len(await reminders_of(jol.sessionmaker, uid)) == 4

    await jol.click(uid, "⏹ Выключить")
    await jol.reply_containing(uid, "Напоминания выключены")
    assert await reminders_of(jol.sessionmaker, uid) == []
    async with jol.session() as session:
        plan = await session.get(ReminderPlan, uid)
        assert plan is not None and plan.paused_until is None  # off until turned on again


async def test_reminders_from_the_main_menu_and_without_consent(jol: Harness) -> None:
    uid = await onboarded(
        jol, "en", situation="returned", destination="russia",
        return_date=today() - timedelta(days=1),
    )  # fmt: skip
    await jol.send(uid, "/menu")
    await jol.click(uid, "⏰ My reminders")
    screen = await jol.reply_containing(uid, "My reminders")
    assert "One week back home" in (screen.text or "")

    stranger = await person(jol, "en")
    await jol.send(stranger, "/reminders")
    reply = await jol.reply_containing(stranger, "consent")
    assert "🧭 My situation and dates" in reply.button_texts


async def test_a_no_answer_alerts_coordinators_and_offers_a_consultation(jol: Harness) -> None:
    boss = await coordinator(jol, "en")
    uid = await onboarded(
        jol, situation="abroad", destination="russia", arrival_date=today() - timedelta(days=60),
        timezone="Europe/Moscow",
    )  # fmt: skip
    # Russia's day-21 question (KG citizens have 30 days to register there).
    campaign = ContentLibrary.load().campaigns.get("ru-arr-21")
    assert campaign is not None
    text, markup = reminder_message(campaign, "ru", jol.catalog.translator("ru"))
    payload = {"campaign": "ru-arr-21"}
    await put(jol, uid, text, reply_markup=markup, purpose="reminder", payload=payload)
    await jol.reply_containing(uid, "осталось 9 дней", "Вы встали на учёт")

    await jol.click(uid, "❌ Нет")
    second = await jol.reply_containing(uid, "медосвидетельствование и дактилоскопию")
    assert "✔️ Вы встали на учёт" in (second.text or "")

    alert = await jol.reply_containing(boss, "needs attention", str(uid), timeout=15)
    assert "Russia" in (alert.text or "") and "❌ No" in (alert.text or "")

    await jol.click(uid, "✅ Да")
    final = await jol.reply_containing(uid, "Спасибо! Ответы сохранены.")
    assert "Координатор Центра увидит ваш ответ" in (final.text or "")
    assert "book:consultation:followup" in final.callback_data

    async with jol.session() as session:
        answers = {
            a.question: (a.answer, a.needs_attention)
            for a in await session.scalars(
                select(CampaignAnswer).where(CampaignAnswer.user_id == uid)
            )
        }
    assert answers == {"registered": ("no", True), "medical": ("yes", False)}


async def test_returnee_survey_support_and_skills(jol: Harness, clock: Clock) -> None:
    # 08:30 in Bishkek: after DIGEST_HOUR, before 09:00, the hour at which this test used to
    # fail (its "next morning" was 09:00, past the end of the digest's window).
    clock.travel(datetime(2026, 3, 10, 8, 30, tzinfo=BISHKEK))
    boss = await coordinator(jol, "ru")
    uid = await onboarded(
        jol, "ky", situation="returned", destination="turkey",
        return_date=today() - timedelta(days=200),
    )  # fmt: skip
    campaign = ContentLibrary.load().campaigns.get("ret-1m")
    assert campaign is not None
    text, markup = reminder_message(campaign, "ky", jol.catalog.translator("ky"))
    await put(jol, uid, text, reply_markup=markup, purpose="reminder")
    await jol.reply_containing(uid, "Азыр иштеп жатасызбы?")
    await jol.click(uid, "🔎 Иш издеп жатам")
    await jol.click(uid, "✅ Ооба, кызыгам")
    await jol.click(uid, "🙋 Ооба, керек")
    final = await jol.reply_containing(uid, "Рахмат!")
    assert set(final.callback_data) >= {
        "book:certification:followup",
        "book:reintegration:followup",
    }
    alert = await jol.reply_containing(boss, "требует внимания", str(uid), timeout=15)
    assert "Турция" in (alert.text or "")

    # The next digest lists it, once however often it runs: the first DIGEST_HOUR in the
    # Center's zone after the answer (the digest covers the 24 hours before that time).
    answered = local_now(jol.settings.tz)
    next_digest = datetime.combine(
        answered.date(), time(jol.settings.digest_hour), tzinfo=jol.settings.tz
    )
    if next_digest <= answered:
        next_digest += timedelta(days=1)
    for _ in range(2):
        assert await send_digest(
            jol.sessionmaker,
            jol.catalog,
            jol.settings,
            digest_sections_of(FEATURES),
            now=next_digest.astimezone(UTC),
        ) in (0, 1)
    async with jol.session() as session:
        digests = list(
            await session.scalars(select(OutboxMessage).where(OutboxMessage.purpose == "digest"))
        )
    assert len(digests) == 1 and digests[0].chat_id == boss
    assert "Ответы на опросы, требующие внимания: 1" in digests[0].text
    assert str(uid) in digests[0].text and "Борбордун колдоосу керекпи?" not in digests[0].text
    assert "Нужна ли вам поддержка Центра?" in digests[0].text  # in the coordinator's language
    await settle(jol, [digests[0].id])
    await jol.reply_containing(boss, "Сводка за день")


async def test_an_answer_to_a_removed_question_is_refused_politely(jol: Harness) -> None:
    uid = await onboarded(jol, situation="planning", destination="korea")
    await put(jol, uid, "old survey", reply_markup=None)
    await jol.reply_containing(uid, "old survey")
    await jol.click(uid, callback_data="rem:ans:gone:0:0", forged=True)
    answer = await jol.emu.wait_for_callback_answer()
    assert "больше не задаётся" in answer["text"] and answer["show_alert"]


async def test_a_button_of_the_old_day_3_registration_question_is_not_misread(
    jol: Harness,
) -> None:
    """The day-3 check-in used to ask "did you register?" first (campaign arr-3, question 0).
    Its buttons on messages already sent must not count as answers to the new questions."""
    uid = await onboarded(
        jol, situation="abroad", destination="turkey", arrival_date=today() - timedelta(days=5),
        timezone="Europe/Istanbul",
    )  # fmt: skip
    await put(jol, uid, "Как устроились? Вы встали на учёт?", reply_markup=None)
    await jol.reply_containing(uid, "Как устроились?")
    await jol.click(uid, callback_data="rem:ans:arr-3:0:1", forged=True)  # "❌ Нет"
    answer = await jol.emu.wait_for_callback_answer()
    assert "больше не задаётся" in answer["text"] and answer["show_alert"]
    async with jol.session() as session:
        stored = list(await session.scalars(select(CampaignAnswer)))
    assert stored == []  # nothing recorded, so no coordinator is alerted either


@pytest.mark.no_background
async def test_background_jobs_have_fixed_ids_and_sane_misfire_settings(jol: Harness) -> None:
    from bot.background import start_background

    background = await start_background(jol.bot, jol.settings, jol.sessionmaker, jol.catalog)
    try:
        jobs = {job.id: job for job in background.scheduler.get_jobs()}
        assert {"outbox-wake", "campaign-planner", "coordinator-digest"} <= set(jobs)
        for job in jobs.values():
            assert job.coalesce is True and job.max_instances == 1
        assert jobs["coordinator-digest"].misfire_grace_time == 3600
        trigger = jobs["coordinator-digest"].trigger
        assert str(trigger.timezone) == "Asia/Bishkek" and "hour='8'" in str(trigger)
        # Starting again replaces the jobs instead of piling them up.
        background.add_job("outbox-wake", background.outbox.wake, "interval", seconds=5)
        assert len([j for j in background.scheduler.get_jobs() if j.id == "outbox-wake"]) == 1
    finally:
        await background.stop()
    assert not background.scheduler.running
