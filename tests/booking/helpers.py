"""People, coordinators and booking steps for the booking tests."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.factory import create_dispatcher
from bot.i18n import Catalog, Translator
from content.library import ContentLibrary
from content.services import ServiceInfo
from db.clock import local_today
from db.models import Booking, UserRole
from db.queries import booking as q
from db.types import utcnow
from domain.booking import parse_day_key
from emulator import ChatMessage
from emulator.timeouts import scaled
from tests.ask.helpers import LANGUAGE_BUTTON, onboard
from tests.harness import Harness

__all__ = ["LANGUAGE_BUTTON", "onboard"]

HOLD = timedelta(hours=3)


def tr(jol: Harness, lang: str) -> Translator:
    return jol.catalog.translator(lang)


def service(key: str) -> ServiceInfo:
    info = ContentLibrary.load().services.get(key)
    assert info is not None
    return info


async def coordinator(jol: Harness, lang: str = "ru", role: str = "coordinator") -> int:
    uid = await jol.user(lang, "Coordinator")
    async with jol.session() as session:
        session.add(UserRole(user_id=uid, role=role, granted_by=0, granted_at=utcnow()))
    await jol.start(uid)
    await jol.reply(uid, lambda m: LANGUAGE_BUTTON[lang] in m.button_texts)
    await jol.click(uid, LANGUAGE_BUTTON[lang])
    await jol.click(uid, tr(jol, lang)("consent-decline"))
    return uid


def data_with(message: ChatMessage, prefix: str) -> list[str]:
    return [d for d in message.callback_data if d.startswith(prefix)]


async def last_with(jol: Harness, u: int, prefix: str) -> ChatMessage:
    """The latest bot message carrying a button whose callback data starts with `prefix`."""
    for message in reversed(await jol.chat(u)):
        if data_with(message, prefix):
            return message
    raise AssertionError(f"no message with a {prefix!r} button")


async def click_data(jol: Harness, u: int, data: str) -> None:
    await jol.click(u, callback_data=data)


async def open_day(jol: Harness, u: int, data: str) -> None:
    """Tap the calendar button `data`, paging forward when its day is in a later month (the
    calendar opens on the first month with a free day, which depends on today's date)."""
    for _ in range(3):
        message = await last_with(jol, u, "bk:")
        if data in message.callback_data:
            await click_data(jol, u, data)
            return
        nxt = [d for d in message.callback_data if d.split(":")[1] in ("cal", "mvcal")]
        await click_data(jol, u, nxt[-1])  # ▶ is the last month button
    raise AssertionError(f"no calendar button {data}")


async def pick_day(jol: Harness, u: int, *, ahead: int = 2, prefix: str = "bk:day:") -> date:
    """Tap the first calendar day at least `ahead` days from today (paging months if
    needed), so that both reminders of a booking are still in the future."""
    earliest = local_today(jol.settings.tz) + timedelta(days=ahead)
    for _ in range(3):
        message = await last_with(jol, u, prefix)
        for data in data_with(message, prefix):
            day = next(d for d in (parse_day_key(p) for p in data.split(":")) if d)
            if day >= earliest:
                await click_data(jol, u, data)
                return day
        nxt = [d for d in message.callback_data if d.split(":")[1] in ("cal", "mvcal")]
        await click_data(jol, u, nxt[-1])  # ▶ is the last month button
    raise AssertionError("no free day")


async def pick_first_time(jol: Harness, u: int, prefix: str = "bk:slot:") -> str:
    message = await last_with(jol, u, prefix)
    data = data_with(message, prefix)[0]
    await click_data(jol, u, data)
    return data


async def to_confirm(
    jol: Harness, u: int, lang: str, key: str, *, name: str = "Айгүл Асанова", phone: bool = True
) -> None:
    """From the main menu to the confirm screen of the first free time of `key`."""
    t = tr(jol, lang)
    await jol.click(u, t("menu-booking"))
    await jol.click(u, service(key).name[lang])
    await pick_day(jol, u)
    await pick_first_time(jol, u)
    await jol.send(u, name)
    if phone:
        await jol.press_reply(u, t("booking-phone-share"))
    else:
        await jol.press_reply(u, t("booking-phone-skip"))


async def bookings_of(jol: Harness, user_id: int) -> list[Booking]:
    async with jol.session() as session:
        rows = await session.scalars(
            select(Booking).where(Booking.user_id == user_id).order_by(Booking.id)
        )
        return list(rows)


async def first_free_start(jol: Harness, key: str, *, after: datetime | None = None) -> datetime:
    """The first bookable session of a service (after `after`), as the calendar offers it."""
    info = service(key)
    tz = jol.settings.tz
    now = utcnow()
    async with jol.session() as session:
        days = await q.availability(
            session, info, now.astimezone(tz).date(), (now + timedelta(days=60)).date(), tz, now
        )
    for slots in days.values():
        for slot in slots:
            if slot.free > 0 and (after is None or slot.starts_at > after):
                return slot.starts_at
    raise AssertionError("no free session")


async def restart(jol: Harness) -> None:
    """Stop the bot and start a new dispatcher on the same database and chat, as a redeploy
    does: nothing held in memory survives."""
    await jol.dispatcher.stop_polling()
    if jol._polling is not None:
        await jol._polling
    jol.dispatcher = create_dispatcher(
        jol.settings, jol.sessionmaker, Catalog.load(), observers=[jol.processed]
    )
    jol._polling = asyncio.create_task(
        jol.dispatcher.start_polling(
            jol.bot, handle_signals=False, close_bot_session=False, polling_timeout=1
        )
    )


async def book_directly(
    session: AsyncSession,
    user_id: int,
    key: str,
    start: datetime,
    *,
    name: str = "Other Person",
    waitlist: bool = False,
    now: datetime | None = None,
) -> q.BookResult:
    """A booking made by someone else meanwhile (straight through the query layer)."""
    return await q.book(
        session,
        user_id=user_id,
        info=service(key),
        starts_at=start,
        name=name,
        phone=None,
        draft_key=None,
        now=now or utcnow(),
        hold=HOLD,
        waitlist=waitlist,
    )


async def delivered(jol: Harness, u: int, fragment: str, timeout: float = 10.0) -> ChatMessage:
    """The message containing `fragment` in the person's chat, once the outbox sender has
    delivered it (looks at the whole chat, so several people's messages can arrive in any
    order)."""
    async with asyncio.timeout(scaled(timeout)):
        while True:
            for message in reversed(await jol.chat(u)):
                if fragment in (message.text or message.caption or ""):
                    return message
            await asyncio.sleep(0.05)


def plain(text: str) -> str:
    """Telegram shows text without the HTML tags we send."""
    for tag in ("<b>", "</b>", "<i>", "</i>", "<code>", "</code>"):
        text = text.replace(tag, "")
    return text
