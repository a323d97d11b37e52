"""Background checks of Ask the Center.

Delivery failures: tell consultants when an answer could not be delivered.

The outbox sender marks a row "dead" (chat gone, message refused) or "dropped" (the person
blocked the bot or erased their data). A consultant who answered must learn that the person
did not get it — otherwise they wait for a reply that can never come. Each failure is told once
(`failure_reported_at`), in the consultant's chat and, in forum mode, in the case's topic.

Run `report_delivery_failures` every few seconds from the process's scheduler.

Quiet cases: a case waiting for the person closes by itself after `ask_auto_close_days`
without a word from either side (`close_quiet_cases`, hourly). The person is told, with a
button to ask again; the consultants see it in the case and its forum topic.
"""

from __future__ import annotations

from datetime import timedelta

from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.features import JobContext, job
from bot.i18n import Catalog
from db.models import Case, User
from db.queries.cases import (
    add_system_note,
    apply_event,
    unreported_failures,
    waiting_quiet_since,
)
from db.queries.outbox import enqueue
from db.queries.users import audit
from db.types import utcnow
from domain.cases import Event, auto_close_due, last_activity
from domain.reminders import QuietHours, out_of_quiet_hours, user_zone_name, zone
from handlers.ask.notify import PURPOSE, ask_again_kb, open_case_kb, translators_for

# Cases closed per run; an hourly job catches up with any backlog quickly.
QUIET_CASES_PER_RUN = 200

ERROR_CHARS = 120


async def _to_forum_topic(
    session: AsyncSession, case: Case, text: str, *, dedupe_key: str
) -> None:
    """A line in the case's topic of the staff forum group, if it has one (forum mode)."""
    if case.forum_chat_id is None or case.forum_thread_id is None:
        return
    await enqueue(
        session,
        case.forum_chat_id,
        text,
        purpose=PURPOSE,
        payload={"message_thread_id": case.forum_thread_id},
        ref=f"case:{case.id}",
        dedupe_key=dedupe_key,
        subject_user_id=case.user_id,
    )


async def report_delivery_failures(
    sessionmaker: async_sessionmaker[AsyncSession], catalog: Catalog, settings: Settings
) -> int:
    """One pass; returns how many failures were reported."""
    async with sessionmaker() as session, session.begin():
        failures = await unreported_failures(session)
        authors = sorted({m.author_id for m, _, _ in failures if m.author_id is not None})
        translators = await translators_for(session, catalog, settings, authors)
        forum_t = catalog.translator(settings.default_locale)
        now = utcnow()
        for message, case, error in failures:
            message.failure_reported_at = now
            short = error[:ERROR_CHARS] or "?"
            if message.author_id is not None and message.author_id in translators:
                t = translators[message.author_id]
                await enqueue(
                    session,
                    message.author_id,
                    t("ask-staff-delivery-failed", number=str(case.id), error=short),
                    purpose=PURPOSE,
                    reply_markup=open_case_kb(t, case.id),
                    ref=f"case:{case.id}",
                    dedupe_key=f"case-failed:{message.id}",
                    subject_user_id=case.user_id,
                )
            await _to_forum_topic(
                session,
                case,
                forum_t("ask-staff-delivery-failed", number=str(case.id), error=short),
                dedupe_key=f"case-failed-forum:{message.id}",
            )
        return len(failures)


async def close_quiet_cases(
    sessionmaker: async_sessionmaker[AsyncSession], catalog: Catalog, settings: Settings
) -> int:
    """One pass; returns how many cases were closed."""
    days = settings.ask_auto_close_days
    if days <= 0:
        return 0
    now = utcnow()
    closed = 0
    async with sessionmaker() as session, session.begin():
        candidates = await waiting_quiet_since(
            session, now - timedelta(days=days), QUIET_CASES_PER_RUN
        )
        staff_t = catalog.translator(settings.default_locale)
        quiet = QuietHours(settings.quiet_hours_start, settings.quiet_hours_end)
        for case in candidates:
            quiet_since = last_activity(
                case.created_at, case.waiting_since, case.last_staff_at, case.last_person_at
            )
            if not auto_close_due(case.status, quiet_since, now, days):
                continue
            note = staff_t("ask-auto-close-note", days=days)
            await apply_event(session, case, Event.CLOSE, None, note)
            await add_system_note(session, case, None, note)
            await audit(session, "case.auto_close", None, target=f"case:{case.id}", days=days)
            t = catalog.translator(case.locale)
            person = await session.get(User, case.user_id)
            tz = zone(
                user_zone_name(
                    person.timezone if person else None,
                    person.situation if person else None,
                    case.destination,
                ),
                settings.timezone,
            )
            await enqueue(
                session,
                case.user_id,
                t("ask-auto-closed", number=str(case.id), days=days),
                purpose=PURPOSE,
                # Nothing urgent: it waits for the person's morning rather than wake them.
                due_at=out_of_quiet_hours(now, tz, quiet),
                reply_markup=ask_again_kb(t),
                ref=f"case:{case.id}",
                dedupe_key=f"case-auto-closed:{case.id}:{now.timestamp():.0f}",
            )
            await _to_forum_topic(
                session,
                case,
                staff_t("ask-forum-closed", number=str(case.id), has_note="yes") + "\n" + note,
                dedupe_key=f"case-auto-closed-forum:{case.id}:{now.timestamp():.0f}",
            )
            closed += 1
    return closed


async def _report_delivery_failures(ctx: JobContext) -> int:
    return await report_delivery_failures(ctx.sessionmaker, ctx.catalog, ctx.settings)


async def _close_quiet_cases(ctx: JobContext) -> int:
    return await close_quiet_cases(ctx.sessionmaker, ctx.catalog, ctx.settings)


JOBS = (
    # A consultant learns when their answer could not reach the person.
    job(
        "ask-delivery-failures",
        lambda settings: IntervalTrigger(seconds=10),
        _report_delivery_failures,
    ),
    # A case left waiting for the person for weeks stops capturing what they type.
    job(
        "ask-close-quiet-cases",
        lambda settings: IntervalTrigger(hours=1),
        _close_quiet_cases,
        start_now=True,
    ),
)
