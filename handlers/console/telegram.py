"""The console's commands in the bot: /console sends a one-time sign-in link, /stats the main
charts as one image (for coordinators on their phones)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, LinkPreviewOptions, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import declare_role
from bot.config import Settings
from bot.i18n import Translator
from db.clock import local_today
from db.queries import booking as bookings
from db.queries import console as q
from db.types import utcnow
from domain.booking import Status, percent
from domain.figures import parse_range
from domain.roles import Role
from handlers.console.charts import BY_NAME, STATS_CHARTS, Labels, render_stats_png


def login_url(settings: Settings, token: str) -> str:
    return f"{settings.console_url}/login/{token}"


async def cmd_console(
    message: Message,
    t: Translator,
    session: AsyncSession,
    settings: Settings,
) -> None:
    assert message.from_user is not None
    token = await q.issue_link_token(session, message.from_user.id)
    minutes = int(q.LINK_VALID.total_seconds() // 60)
    await message.answer(
        t("console-link", url=login_url(settings, token), minutes=minutes),
        # No preview: Telegram would fetch the page (harmless: only the POST spends it).
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )


async def cmd_stats(
    message: Message,
    t: Translator,
    session: AsyncSession,
    settings: Settings,
) -> None:
    """The main charts of the last 12 weeks as one tall PNG, with the certification and
    booking figures as its caption."""
    today = local_today(settings.tz)
    period = parse_range(None, None, today, settings.tz)
    panels = []
    for name in STATS_CHARTS:
        chart = BY_NAME[name]
        panels.append((chart, await chart.load(session, period, settings)))
    title = Labels(t)("console-stats-title", start=period.first, end=period.last)
    png = await asyncio.to_thread(render_stats_png, panels, Labels(t), title)
    await message.answer_photo(
        BufferedInputFile(png, filename=f"jol-stats-{today:%Y%m%d}.png"),
        caption=await stats_caption(session, t, settings),
    )


async def stats_caption(session: AsyncSession, t: Translator, settings: Settings) -> str:
    year = local_today(settings.tz).year
    certified = await bookings.certification_stats(session, year, settings.tz)
    target = settings.certification_target
    now = utcnow()
    week = await bookings.bookings_between(
        session, now, now + timedelta(days=7), ("requested", "confirmed")
    )
    return t(
        "booking-stats",
        year=str(year),
        certified=certified.certified,
        target=target,
        progress=min(100, percent(certified.certified, target)),
        passed=certified.passed,
        results=certified.results,
        rate=percent(certified.passed, certified.results),
        week=len(week),
        pending=sum(1 for b in week if b.status == Status.REQUESTED),
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_console, Command("console"), flags={"action": "console"})
    router.message.register(cmd_stats, Command("stats"), flags={"action": "stats"})
    # Staff and coordinators only (admins hold every role); anyone else is refused and audited.
    return declare_role(router, Role.STAFF, Role.COORDINATOR)


__all__ = ["build_router", "login_url"]
