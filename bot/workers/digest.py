"""The coordinators' daily digest, composed of sections that features register.

Each section is a function `(session, t, window) -> str | None` returning ready Telegram HTML in
the coordinator's language (via `t`), or None when it has nothing to report. The digest covers
the 24 hours before today's digest time; it goes through the outbox with a per-day dedupe key,
so running it twice (a restart, two processes) never sends it twice.

Adding a section (e.g. new bookings), at import time of the feature's module:

    from bot.workers.digest import register_section
    register_section("bookings", compose_bookings, order=10)
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Catalog, Translator
from db.queries.outbox import enqueue
from db.queries.reminders import DIGEST_PURPOSE, coordinator_recipients
from db.types import utcnow
from domain.reminders import local_to_utc

log = logging.getLogger("jol.digest")


@dataclass(frozen=True)
class DigestWindow:
    start: datetime  # UTC, inclusive
    end: datetime  # UTC, exclusive
    day: date  # the Center's local date the digest is for


Section = Callable[[AsyncSession, Translator, DigestWindow], Awaitable[str | None]]
_SECTIONS: dict[str, tuple[int, Section]] = {}


def register_section(name: str, compose: Section, order: int = 100) -> None:
    """Add (or replace) a digest section; lower `order` comes first."""
    _SECTIONS[name] = (order, compose)


def sections() -> list[tuple[str, Section]]:
    return [(name, fn) for name, (_, fn) in sorted(_SECTIONS.items(), key=lambda i: i[1][0])]


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
    *,
    now: datetime | None = None,
) -> int:
    """Compose and enqueue today's digest for every coordinator; returns messages enqueued."""
    window = window_for(now or utcnow(), settings)
    sent = 0
    async with sessionmaker() as session, session.begin():
        recipients = await coordinator_recipients(session, settings.admin_ids)
        for chat_id, locale in recipients:
            t = catalog.translator(locale or settings.default_locale)
            parts: list[str] = []
            for name, compose in sections():
                try:
                    async with session.begin_nested():
                        part = await compose(session, t, window)
                except Exception:
                    log.exception("digest section failed", extra={"section": name})
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
