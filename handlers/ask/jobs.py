"""Background check: tell consultants when an answer could not be delivered.

The outbox sender marks a row "dead" (chat gone, message refused) or "dropped" (the person
blocked the bot or erased their data). A consultant who answered must learn that the person
did not get it — otherwise they wait for a reply that can never come. Each failure is told once
(`failure_reported_at`), in the consultant's chat and, in forum mode, in the case's topic.

Run `report_delivery_failures` every few seconds from the process's scheduler.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Catalog
from db.queries.cases import unreported_failures
from db.queries.outbox import enqueue
from db.types import utcnow
from handlers.ask.notify import PURPOSE, open_case_kb, translators_for

ERROR_CHARS = 120


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
                )
            if case.forum_chat_id is not None and case.forum_thread_id is not None:
                await enqueue(
                    session,
                    case.forum_chat_id,
                    forum_t("ask-staff-delivery-failed", number=str(case.id), error=short),
                    purpose=PURPOSE,
                    payload={"message_thread_id": case.forum_thread_id},
                    ref=f"case:{case.id}",
                    dedupe_key=f"case-failed-forum:{message.id}",
                )
        return len(failures)
