"""/mybookings: the person's upcoming bookings and waiting-list places — cancel, reschedule,
take or pass on a place offered from the waiting list. Every action checks the booking is
theirs (callback data can be forged)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.context import UpdateContext
from bot.i18n import Catalog, Translator
from bot.ui import show
from db.models import Booking, User
from db.queries import booking as q
from db.types import utcnow
from domain.booking import Status
from handlers.booking import services as app
from handlers.booking.callbacks import BkCb, BookCb
from handlers.booking.flow import consented, show_calendar
from handlers.booking.keyboards import choice_kb
from handlers.booking.render import booking_summary, fmt_day, fmt_time, services

router = Router(name=__name__)

Event = Message | CallbackQuery


async def show_mine(
    event: Event, t: Translator, session: AsyncSession, user: User | None, settings: Settings
) -> None:
    if not await consented(event, t, user, ""):
        return
    assert user is not None
    upcoming = await q.upcoming_of(session, user.id, utcnow())
    if not upcoming:
        await show(
            event,
            t("booking-mine-empty"),
            choice_kb([[(t("booking-btn-book"), BkCb(a="home"))]], t),
        )
        return
    lines = [t("booking-mine-title")]
    lines += [booking_summary(t, b, settings.tz) for b in upcoming]
    rows = [
        [
            (
                f"{b.code} · {fmt_day(t, b.starts_at.astimezone(settings.tz).date())} "
                f"{fmt_time(b.starts_at, settings.tz)}",
                BkCb(a="open", i=b.id),
            )
        ]
        for b in upcoming[:20]
    ]
    rows.append([(t("booking-btn-book"), BkCb(a="home"))])
    await show(event, "\n\n".join(lines), choice_kb(rows, t))


async def own_booking(
    query: CallbackQuery, booking_id: int, t: Translator, session: AsyncSession
) -> Booking | None:
    booking = await q.get_booking(session, booking_id)
    if booking is None or booking.user_id != query.from_user.id:
        await show(query, t("booking-not-found"), choice_kb([], t, BkCb(a="my")))
        return None
    return booking


@router.message(Command("mybookings"))
async def cmd_mybookings(
    message: Message,
    t: Translator,
    session: AsyncSession,
    user: User | None,
    state: FSMContext,
    settings: Settings,
) -> None:
    await state.set_state(None)
    await show_mine(message, t, session, user, settings)


@router.callback_query(BkCb.filter(F.a == "my"))
async def on_mine(
    query: CallbackQuery,
    t: Translator,
    session: AsyncSession,
    user: User | None,
    state: FSMContext,
    settings: Settings,
) -> None:
    await state.set_state(None)
    await show_mine(query, t, session, user, settings)


@router.callback_query(BkCb.filter(F.a == "open"))
async def on_open(
    query: CallbackQuery,
    callback_data: BkCb,
    t: Translator,
    session: AsyncSession,
    settings: Settings,
) -> None:
    booking = await own_booking(query, callback_data.i, t, session)
    if booking is None:
        return
    rows = []
    status = Status(booking.status)
    if status is Status.OFFERED:
        rows.append([(t("booking-btn-take"), BkCb(a="take", i=booking.id))])
        rows.append([(t("booking-btn-pass"), BkCb(a="pass", i=booking.id))])
    if status in (Status.REQUESTED, Status.CONFIRMED):
        rows.append([(t("booking-btn-reschedule"), BkCb(a="move", i=booking.id))])
    if status in (Status.REQUESTED, Status.CONFIRMED, Status.WAITING):
        key = "booking-btn-leave-waitlist" if status is Status.WAITING else "booking-btn-cancel"
        rows.append([(t(key), BkCb(a="cancel", i=booking.id))])
    await show(query, booking_summary(t, booking, settings.tz), choice_kb(rows, t, BkCb(a="my")))


@router.callback_query(BkCb.filter(F.a == "cancel"))
async def on_cancel(
    query: CallbackQuery,
    callback_data: BkCb,
    t: Translator,
    session: AsyncSession,
    settings: Settings,
) -> None:
    """Ask first: one stray tap must not give away a place that took a week to get."""
    booking = await own_booking(query, callback_data.i, t, session)
    if booking is None:
        return
    rows = [
        [(t("booking-btn-cancel-yes"), BkCb(a="cancel_yes", i=booking.id))],
        [(t("booking-btn-cancel-no"), BkCb(a="open", i=booking.id))],
    ]
    text = t("booking-cancel-ask") + "\n\n" + booking_summary(t, booking, settings.tz)
    await show(query, text, choice_kb(rows))


@router.callback_query(BkCb.filter(F.a.in_({"cancel_yes", "pass"})))
async def on_cancel_yes(
    query: CallbackQuery,
    callback_data: BkCb,
    t: Translator,
    session: AsyncSession,
    settings: Settings,
    catalog: Catalog,
) -> None:
    booking = await own_booking(query, callback_data.i, t, session)
    if booking is None:
        return
    context = app.Context(session, catalog, settings, query.from_user.id)
    if isinstance(await app.cancel(context, booking), app.Changed):
        await show(query, t("booking-already-closed"), choice_kb([], t, BkCb(a="my")))
        return
    key = "booking-passed" if callback_data.a == "pass" else "booking-cancelled"
    rows = [[(t("booking-btn-new-time"), BookCb(service=booking.service, source="cancel"))]]
    await show(query, t(key, code=booking.code), choice_kb(rows, t, BkCb(a="my")))


@router.callback_query(BkCb.filter(F.a == "move"))
async def on_move(query: CallbackQuery, callback_data: BkCb, ctx: UpdateContext) -> None:
    t, session, user, settings = ctx.t, ctx.session, ctx.user, ctx.settings
    state = ctx.state
    assert state is not None
    booking = await own_booking(query, callback_data.i, t, session)
    if booking is None or user is None:
        return
    info = services().get(booking.service)
    if info is None or booking.status not in (Status.REQUESTED, Status.CONFIRMED):
        await show(query, t("booking-not-movable"), choice_kb([], t, BkCb(a="my")))
        return
    await state.set_state(None)
    await q.start_draft(session, user.id, info.key, mode="move", reschedule_of=booking.id)
    note = t("booking-move-note", code=booking.code)
    await show_calendar(query, t, session, settings, info, None, mode="move", note=note)


@router.callback_query(BkCb.filter(F.a == "take"))
async def on_take(
    query: CallbackQuery,
    callback_data: BkCb,
    t: Translator,
    session: AsyncSession,
    settings: Settings,
    catalog: Catalog,
) -> None:
    booking = await own_booking(query, callback_data.i, t, session)
    if booking is None:
        return
    context = app.Context(session, catalog, settings, query.from_user.id)
    if isinstance(await app.take_offer(context, booking), app.Changed):
        rows = [[(t("booking-btn-new-time"), BookCb(service=booking.service, source="waitlist"))]]
        await show(query, t("booking-offer-gone"), choice_kb(rows, t, BkCb(a="my")))
        return
    text = t("booking-offer-taken") + "\n\n" + booking_summary(t, booking, settings.tz)
    await show(query, text, choice_kb([[(t("booking-btn-mine", count=1), BkCb(a="my"))]], t))
