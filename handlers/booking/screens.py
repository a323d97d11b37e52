"""Coordinators' screens of a booking: its card, and a decision's outcome shown on it.

`handlers/booking/services.py` decides; this module shows. Coordinators' own words (a decline
reason, a level) are escaped and shortened on the card, which is one message with its buttons;
the person's notice and the CSV carry them whole.
"""

from __future__ import annotations

from html import escape

from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from bot.ui import show
from db.models import Booking, CertificationResult
from db.queries import booking as q
from db.types import utcnow
from domain.booking import Status, coordinator_actions, day_key
from handlers.booking import services as app
from handlers.booking.callbacks import CoCb
from handlers.booking.keyboards import choice_kb
from handlers.booking.render import (
    STATUS_ICONS,
    fmt_when,
    reason_text,
    service_name,
    services,
    status_text,
)

Event = Message | CallbackQuery
# Room for a decline reason or a level on a booking's card, under Telegram's 4,096 characters.
CARD_TEXT_CHARS = 1000


async def show_card(
    event: Event,
    t: Translator,
    session: AsyncSession,
    settings: Settings,
    booking: Booking,
    note: str = "",
) -> None:
    info = services().get(booking.service)
    result = (await q.results_for(session, [booking.id])).get(booking.id)
    text = t(
        "booking-card",
        code=booking.code,
        service=service_name(t, info, booking.service),
        when=fmt_when(t, booking.starts_at, settings.tz),
        name=booking.name,
        phone=booking.phone or "—",
        status=status_text(t, booking.status),
        icon=STATUS_ICONS.get(booking.status, ""),
        created=fmt_when(t, booking.created_at, settings.tz),
    )
    if booking.decline_reason:
        reason = shortened(reason_text(t, booking.decline_reason))
        text += "\n" + t("booking-card-reason") + " " + escape(reason)
    if result is not None:
        text += "\n" + result_line(t, result)
    if note:
        text = note + "\n\n" + text
    actions = coordinator_actions(
        Status(booking.status), booking.starts_at, utcnow(), bool(info and info.certification)
    )
    rows = [[(t("booking-act", action=a.value), CoCb(a=a.value, i=booking.id))] for a in actions]
    back = CoCb(a="day", d=day_key(booking.starts_at.astimezone(settings.tz).date()))
    await show(event, text, choice_kb(rows, t, back))


def result_line(t: Translator, result: CertificationResult) -> str:
    # The level is a coordinator's own words: after the template, escaped.
    line = t(
        "booking-result-line",
        passed="yes" if result.passed else "no",
        number=result.certificate_no or "—",
    )
    return f"{line} {escape(shortened(result.level or '—'))}"


def shortened(text: str) -> str:
    """A coordinator's words on a card (one message with its buttons): whole up to
    CARD_TEXT_CHARS; the person's notice and the CSV always carry them whole."""
    return text if len(text) <= CARD_TEXT_CHARS else text[: CARD_TEXT_CHARS - 1] + "…"


async def show_outcome(
    event: Event,
    t: Translator,
    session: AsyncSession,
    settings: Settings,
    booking: Booking,
    outcome: app.Done | app.Changed | app.TooEarly | app.SlotGone | app.Taken,
) -> None:
    """A coordinator's decision, shown on the booking's card with a note on what happened."""
    match outcome:
        case app.TooEarly():
            note = t("booking-note-too-early", when=fmt_when(t, booking.starts_at, settings.tz))
        case app.Changed():
            note = t("booking-note-changed")
        case app.SlotGone():
            note = t("booking-slot-gone")
        case app.Taken():
            note = t("booking-just-taken")
        case app.Done():
            note = t("booking-note-done")
    await show_card(event, t, session, settings, booking, note)
