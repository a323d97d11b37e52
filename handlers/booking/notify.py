"""Messages the bot sends on its own initiative about bookings, through the outbox, in each
recipient's language: reminders, offers from the waiting list, coordinators' decisions, alerts
to coordinators. Written in the same transaction as the change that causes them."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Catalog, Translator
from bot.ui import join_html, numbered
from db.models import Booking, User
from db.queries import booking as q
from db.queries.outbox import cancel_by_ref, enqueue, enqueue_parts
from db.queries.reminders import coordinator_recipients
from domain.booking import reminder_times
from handlers.booking.callbacks import BkCb, BookCb, CoCb
from handlers.booking.keyboards import choice_kb
from handlers.booking.render import (
    booking_summary,
    bring_line,
    fmt_time,
    fmt_when,
    service_name,
    services,
)


def hold(settings: Settings) -> timedelta:
    return timedelta(hours=settings.waitlist_offer_hours)


def reminder_ref(booking: Booking) -> str:
    return f"booking:{booking.id}"


async def translator_for(session: AsyncSession, catalog: Catalog, user_id: int) -> Translator:
    user = await session.get(User, user_id)
    return catalog.translator(user.locale if user else None)


def manage_kb(t: Translator, booking: Booking) -> InlineKeyboardMarkup:
    return choice_kb(
        [
            [(t("booking-btn-reschedule"), BkCb(a="move", i=booking.id))],
            [(t("booking-btn-cancel"), BkCb(a="cancel", i=booking.id))],
        ]
    )


def book_again_kb(t: Translator, service: str, source: str) -> InlineKeyboardMarkup:
    return choice_kb([[(t("booking-btn-new-time"), BookCb(service=service, source=source))]])


async def to_person(
    session: AsyncSession,
    catalog: Catalog,
    booking: Booking,
    key: str,
    tz: ZoneInfo,
    *,
    markup: Callable[[Translator], InlineKeyboardMarkup] | None = None,
    said: Callable[[Translator], str] | None = None,
    **args: Any,
) -> None:
    """A notice about `booking` to its owner: the news, then what the booking is — text and
    buttons (`markup` is built with the owner's translator) in the owner's language.

    `said` gives words a coordinator typed (a decline reason, a level) in the owner's language.
    They never pass through a Fluent placeable: they follow the template's last line, escaped,
    and a long text is split into numbered parts (bot.ui.numbered)."""
    t = await translator_for(session, catalog, booking.user_id)
    head = t(key, **args)
    if said is not None:
        head = f"{head}\n{escape(said(t))}"
    parts = numbered(join_html(head, booking_summary(t, booking, tz)))
    ref = f"booking-note:{booking.id}"
    if len(parts) == 1:
        await enqueue(
            session,
            booking.user_id,
            parts[0],
            purpose="booking",
            reply_markup=markup(t) if markup else None,
            ref=ref,
        )
        return
    await enqueue_parts(
        session,
        booking.user_id,
        parts,
        dedupe_key=f"{ref}:{secrets.token_hex(6)}",
        reply_markup=markup(t) if markup else None,
        purpose="booking",
        ref=ref,
    )


async def schedule_reminders(
    session: AsyncSession, catalog: Catalog, settings: Settings, booking: Booking, now: datetime
) -> None:
    """24 h and 2 h before, with Cancel and Reschedule; replaced whenever the booking moves."""
    await cancel_by_ref(session, reminder_ref(booking))
    t = await translator_for(session, catalog, booking.user_id)
    for kind, due in reminder_times(booking.starts_at, now):
        text = "\n".join(
            part
            for part in (
                t(
                    "booking-reminder",
                    day="tomorrow" if kind == "24h" else "today",
                    time=fmt_time(booking.starts_at, settings.tz),
                ),
                booking_summary(t, booking, settings.tz),
                bring_line(t, booking.service),
            )
            if part
        )
        await enqueue(
            session,
            booking.user_id,
            text,
            purpose="booking-reminder",
            due_at=due,
            reply_markup=manage_kb(t, booking),
            ref=reminder_ref(booking),
            dedupe_key=f"booking:{booking.id}:{booking.version}:{kind}",
        )


async def alert_coordinators(
    session: AsyncSession, catalog: Catalog, settings: Settings, booking: Booking, key: str
) -> None:
    """A new or moved booking waits for a coordinator's decision."""
    for chat_id, locale in await coordinator_recipients(session, settings.admin_ids):
        if chat_id == booking.user_id:
            continue
        t = catalog.translator(locale or settings.default_locale)
        info = services().get(booking.service)
        text = t(
            key,
            code=booking.code,
            service=service_name(t, info, booking.service),
            when=fmt_when(t, booking.starts_at, settings.tz),
            name=booking.name,
            phone=booking.phone or "—",
        )
        markup = choice_kb([[(t("booking-btn-open"), CoCb(a="card", i=booking.id))]])
        await enqueue(
            session,
            chat_id,
            text,
            purpose="booking-staff",
            reply_markup=markup,
            ref=f"booking-note:{booking.id}",
            subject_user_id=booking.user_id,
        )


async def after_booked(
    session: AsyncSession,
    catalog: Catalog,
    settings: Settings,
    booking: Booking,
    now: datetime,
    *,
    moved: bool = False,
) -> None:
    """A place is held (new, moved by the person, or taken from the waiting list)."""
    await schedule_reminders(session, catalog, settings, booking, now)
    key = "booking-staff-moved" if moved else "booking-staff-new"
    await alert_coordinators(session, catalog, settings, booking, key)


async def tell_change(
    session: AsyncSession, catalog: Catalog, settings: Settings, change: q.SlotChange | None
) -> None:
    """Tell the people whose waiting-list position a settled slot changed."""
    if change is None:
        return
    for booking in change.offered:
        deadline = booking.offer_expires_at
        assert deadline is not None
        person_t = await translator_for(session, catalog, booking.user_id)
        await to_person(
            session,
            catalog,
            booking,
            "booking-offer",
            settings.tz,
            markup=functools.partial(offer_kb, booking=booking),
            until=fmt_when(person_t, deadline, settings.tz),
        )
    for key, lost in (
        ("booking-offer-expired", change.expired),
        ("booking-waitlist-lapsed", change.lapsed),
    ):
        for booking in lost:
            await to_person(
                session,
                catalog,
                booking,
                key,
                settings.tz,
                markup=functools.partial(
                    book_again_kb, service=booking.service, source="waitlist"
                ),
            )


def offer_kb(t: Translator, booking: Booking) -> InlineKeyboardMarkup:
    return choice_kb(
        [
            [(t("booking-btn-take"), BkCb(a="take", i=booking.id))],
            [(t("booking-btn-pass"), BkCb(a="pass", i=booking.id))],
        ]
    )
