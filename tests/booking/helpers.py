"""People, coordinators and booking steps for the booking tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from bot.i18n import Translator
from content.services import ServiceInfo, service_catalog
from db.models import Booking, OutboxMessage, UserRole
from db.queries import booking as q
from db.types import utcnow
from emulator import ChatMessage
from tests.ask.helpers import LANGUAGE_BUTTON, onboard
from tests.harness import Harness

__all__ = ["LANGUAGE_BUTTON", "onboard"]

HOLD = timedelta(hours=3)


def tr(jol: Harness, lang: str) -> Translator:
    return jol.catalog.translator(lang)


def service(key: str) -> ServiceInfo:
    info = service_catalog().get(key)
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


async def pick_first_day(jol: Harness, u: int) -> str:
    message = await last_with(jol, u, "bk:day:")
    data = data_with(message, "bk:day:")[0]
    await click_data(jol, u, data)
    return data


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
    await pick_first_day(jol, u)
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


async def outbox_to(jol: Harness, chat_id: int) -> list[OutboxMessage]:
    async with jol.session() as session:
        rows = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.chat_id == chat_id)
            .order_by(OutboxMessage.id)
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
