"""The coordinators' daily digest, composed of the sections that features declare.

Each section (`bot.features.DigestSection`, in a feature's `FEATURE.digest_sections`) composes
ready Telegram HTML in the coordinator's language (via `t`), or None when it has nothing to
report. The digest covers the 24 hours before today's digest time; it goes through the outbox
with a per-day dedupe key, so running it twice (a restart, two processes) never sends it twice.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.features import DigestSection, DigestWindow
from bot.i18n import Catalog
from db.queries.outbox import enqueue
from db.queries.reminders import DIGEST_PURPOSE, coordinator_recipients
from db.types import utcnow
from domain.reminders import local_to_utc

log = logging.getLogger("jol.digest")


def window_for(now: datetime, settings: Settings) -> DigestWindow:
    """The 24 hours up to the most recent digest time (08:00 in the Center's zone)."""
    local = now.astimezone(settings.tz)
    day = local.date()
    end = local_to_utc(day, time(settings.digest_hour), settings.tz)
    if end > now:
        day -= timedelta(days=1)
        end = local_to_utc(day, time(settings.digest_hour), settings.tz)
    start = local_to_utc(day - timedelta(days=1), time(settings.digest_hour), settings.tz)
    return DigestWindow(start=start, end=end, day=day)


async def send_digest(
    sessionmaker: async_sessionmaker[AsyncSession],
    catalog: Catalog,
    settings: Settings,
    sections: Sequence[DigestSection],
    *,
    now: datetime | None = None,
) -> int:
    """Compose and enqueue today's digest for every coordinator from `sections` (in order);
    returns messages enqueued."""
    window = window_for(now or utcnow(), settings)
    sent = 0
    async with sessionmaker() as session, session.begin():
        recipients = await coordinator_recipients(session, settings.admin_ids)
        for chat_id, locale in recipients:
            t = catalog.translator(locale or settings.default_locale)
            parts: list[str] = []
            for section in sections:
                try:
                    async with session.begin_nested():
                        part = await section.compose(session, t, window)
                except Exception:
                    log.exception("digest section failed", extra={"section": section.name})
                    continue
                if part:
                    parts.append(part)
            if not parts:
                continue  # nothing needs attention: no message at all
            header = t("reminders-digest-header", day=window.day)
            await enqueue(
                session,
                chat_id,
                "\n\n".join([header, *parts]),
                purpose=DIGEST_PURPOSE,
                dedupe_key=f"digest:{window.day.isoformat()}:{chat_id}",
            )
            sent += 1
    return sent


__all__ = ["DigestWindow", "send_digest", "window_for"]
