"""Booking a place: service → day → time → name → phone (optional) → confirm.

Button steps carry their choice in the callback data and write it to the person's draft row;
only the typed name and the shared contact need an FSM state. Both live in the database, so a
restart in the middle loses nothing. Confirm carries the draft's key: a double tap finds the
booking the first tap made.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.context import UpdateContext
from bot.filters import LocalizedText
from bot.i18n import Translator
from bot.ui import home_keyboard, show
from content.services import ServiceInfo
from db.models import Booking, BookingDraft, User
from db.queries import booking as q
from db.queries.users import record_consent
from db.types import utcnow
from domain.booking import (
    Status,
    bookable,
    booking_window,
    clean_name,
    clean_phone,
    day_key,
    month_key,
    parse_day_key,
    parse_month_key,
    promised_reminders,
)
from handlers.ask.callbacks import AskCb
from handlers.ask.hours import schedule_text
from handlers.booking import services as app
from handlers.booking.callbacks import BkCb, BookCb
from handlers.booking.keyboards import button, calendar_kb, choice_kb, home_row, times_kb
from handlers.booking.render import (
    booking_summary,
    bring_line,
    epoch_minutes,
    fmt_date,
    fmt_when,
    from_epoch_minutes,
    place,
    service_card,
    service_name,
    services,
)
from handlers.menu import MenuCb

router = Router(name=__name__)


class BookingFlow(StatesGroup):
    name = State()
    phone = State()


Event = Message | CallbackQuery


# ---------------------------------------------------------------- screens


async def show_home(event: Event, t: Translator, session: AsyncSession, user: User | None) -> None:
    """The list of services, and the person's own bookings."""
    if not await consented(event, t, user, ""):
        return
    assert user is not None
    upcoming = await q.upcoming_of(session, user.id, utcnow())
    rows: list[list[tuple[str, CallbackData]]] = [
        [(service_name(t, info), BookCb(service=info.key, source="menu"))]
        for info in services().services
    ]
    rows.append([(t("booking-btn-mine", count=len(upcoming)), BkCb(a="my"))])
    # The Center's hours from their one place (center_hours in services.yaml).
    hours = t("booking-center-hours", schedule=schedule_text(t))
    text = f"{t('booking-home', count=len(upcoming))}\n\n{hours}"
    await show(event, text, choice_kb(rows, t))


async def consented(event: Event, t: Translator, user: User | None, service: str) -> bool:
    """Booking keeps a name and phone: only with consent. Otherwise explain, and let the
    person agree right here instead of sending them through settings."""
    if user is not None and user.has_consented:
        return True
    if user is None:
        await show(event, t("booking-need-start"))
        return False
    markup = choice_kb(
        [
            [(t("booking-btn-agree"), BkCb(a="agree", s=service))],
            [(t("booking-btn-privacy"), BkCb(a="privacy"))],
        ],
        t,
    )
    await show(event, t("booking-need-consent"), markup)
    return False


async def open_service(
    event: Event,
    key: str,
    t: Translator,
    session: AsyncSession,
    user: User | None,
    state: FSMContext,
    settings: Settings,
) -> None:
    info = services().get(key)
    if info is None:
        await show_home(event, t, session, user)
        return
    if not await consented(event, t, user, key):
        return
    assert user is not None
    await state.set_state(None)
    existing = await q.open_for_service(session, user.id, key, utcnow())
    if existing is not None:
        await show_existing(event, t, existing, settings)
        return
    await q.start_draft(session, user.id, key)
    await show_calendar(event, t, session, settings, info, None, mode="book")


async def show_existing(event: Event, t: Translator, booking: Booking, settings: Settings) -> None:
    """One open booking per service: offer to move or cancel it instead of a second one."""
    rows = []
    if booking.status in (Status.REQUESTED, Status.CONFIRMED):
        rows.append([(t("booking-btn-reschedule"), BkCb(a="move", i=booking.id))])
    leave = (
        "booking-btn-leave-waitlist" if booking.status == Status.WAITING else "booking-btn-cancel"
    )
    rows.append([(t(leave), BkCb(a="cancel", i=booking.id))])
    rows.append([(t("booking-btn-mine", count=1), BkCb(a="my"))])
    text = t("booking-already") + "\n\n" + booking_summary(t, booking, settings.tz)
    await show(event, text, choice_kb(rows, t))


async def show_calendar(
    event: Event,
    t: Translator,
    session: AsyncSession,
    settings: Settings,
    info: ServiceInfo,
    month: str | None,
    *,
    mode: str,
    note: str = "",
) -> None:
    now = utcnow()
    first, last = booking_window(now, settings.tz)
    days = await q.availability(session, info, first, last, settings.tz, now)
    free_by_day = {day: sum(s.free for s in slots) for day, slots in days.items()}
    parsed = parse_month_key(month) if month else None
    if parsed is None:
        # Open on the first month with a free day, so nobody has to page through an empty one.
        free_days = sorted(d for d, n in free_by_day.items() if n > 0)
        start = free_days[0] if free_days else first
        parsed = (start.year, start.month)
    year, mon = parsed
    in_month = {d: n for d, n in free_by_day.items() if (d.year, d.month) == (year, mon)}
    footer: list[list[InlineKeyboardButton]] = []
    if mode == "book" and any(n == 0 for n in in_month.values()):
        full = BkCb(a="full", s=info.key, d=f"{year:04d}{mon:02d}")
        footer.append([button(t("booking-btn-full-days"), full)])
    if not any(n > 0 for n in free_by_day.values()):
        footer.append([button(t("booking-btn-ask"), AskCb(topic="", source="booking"))])
    footer.append(home_row(t, BkCb(a="home")))
    text = service_card(t, info) + "\n\n"
    text += note + "\n\n" if note else ""
    if any(n > 0 for n in free_by_day.values()):
        text += t("booking-pick-day")
    else:
        text += t("booking-no-days", days=(last - first).days)
    markup = calendar_kb(
        t,
        year,
        mon,
        in_month,
        on_month=lambda ym: BkCb(a="cal", s=info.key, d=ym),
        on_day=lambda d: BkCb(a="day", s=info.key, d=day_key(d)),
        first=first,
        last=last,
        footer=footer,
    )
    await show(event, text, markup)


async def show_day(
    event: Event,
    t: Translator,
    session: AsyncSession,
    settings: Settings,
    info: ServiceInfo,
    day: date,
    *,
    mode: str,
    note: str = "",
) -> None:
    now = utcnow()
    slots = (await q.availability(session, info, day, day, settings.tz, now)).get(day, [])
    footer = [home_row(t, BkCb(a="cal", s=info.key, d=month_key(day)))]
    markup = times_kb(
        t,
        slots,
        settings.tz,
        on_slot=lambda m: BkCb(a="slot", s=info.key, t=m),
        on_full=(lambda m: BkCb(a="wait", s=info.key, t=m)) if mode == "book" else None,
        footer=footer,
    )
    free = any(s.free > 0 for s in slots)
    text = (note + "\n\n" if note else "") + t(
        "booking-pick-time" if free else "booking-day-full",
        service=service_name(t, info),
        day=fmt_date(t, day),
    )
    await show(event, text, markup)


async def ask_name(
    event: Event, t: Translator, session: AsyncSession, state: FSMContext, back: BkCb
) -> None:
    await state.set_state(BookingFlow.name)
    assert event.from_user is not None
    previous = await q.last_name_used(session, event.from_user.id)
    rows = [[(t("booking-btn-same-name", name=previous), BkCb(a="name_last"))]] if previous else []
    await show(event, t("booking-ask-name"), choice_kb(rows, t, back))


def phone_kb(t: Translator, known: bool = False) -> ReplyKeyboardMarkup:
    # request_contact works only on a reply keyboard, which replaces Menu/SOS for this step:
    # both stay on it, so SOS is never more than a tap away. A number shared for an earlier
    # booking is offered first (`known`); sharing another one or none stays one tap away.
    reuse = [[KeyboardButton(text=t("booking-phone-reuse"))]] if known else []
    share = t("booking-phone-share-other" if known else "booking-phone-share")
    return ReplyKeyboardMarkup(
        keyboard=[
            *reuse,
            [KeyboardButton(text=share, request_contact=True)],
            [KeyboardButton(text=t("booking-phone-skip"))],
            [KeyboardButton(text=t("kb-menu")), KeyboardButton(text=t("kb-sos"))],
        ],
        resize_keyboard=True,
        is_persistent=True,
    )


async def ask_phone(
    event: Event, t: Translator, session: AsyncSession, state: FSMContext, problem: str = ""
) -> None:
    """The phone step (or, with `problem`, what was wrong with the answer, same keyboard)."""
    await state.set_state(BookingFlow.phone)
    assert event.from_user is not None
    known = await q.last_phone_used(session, event.from_user.id)
    message = event.message if isinstance(event, CallbackQuery) else event
    if isinstance(message, Message):
        text = t("booking-ask-phone-known", phone=known) if known else t("booking-ask-phone")
        await message.answer(problem or text, reply_markup=phone_kb(t, known=known is not None))


async def show_confirm(
    event: Event, t: Translator, draft: BookingDraft, settings: Settings, session: AsyncSession
) -> None:
    info = services().get(draft.service)
    assert info is not None and draft.starts_at is not None
    back = BkCb(a="cal", s=info.key, d=month_key(draft.starts_at.astimezone(settings.tz).date()))
    rows = [
        [
            (
                t("booking-btn-confirm" if draft.mode != "wait" else "booking-btn-join"),
                BkCb(a="ok", k=draft.key),
            )
        ],
        [(t("booking-btn-other-time"), back)],
        [(t("booking-btn-quit"), BkCb(a="quit"))],
    ]
    when = fmt_when(t, draft.starts_at, settings.tz)
    if draft.mode == "move":
        moving = await q.get_booking(session, draft.reschedule_of or 0)
        text = t(
            "booking-confirm-move",
            code=moving.code if moving else "",
            old=fmt_when(t, moving.starts_at, settings.tz) if moving else "",
            when=when,
            service=service_name(t, info),
        )
    else:
        text = t(
            "booking-confirm",
            mode=draft.mode,
            service=service_name(t, info),
            when=when,
            place=place(t),
            name=draft.name or "",
            phone=draft.phone or "—",
            hours=int(settings.waitlist_offer_hours),
        )
        text += "\n" + bring_line(t, info.key)
    await show(event, text, choice_kb(rows))


async def show_booked(
    event: Event, t: Translator, booking: Booking, settings: Settings, now: datetime
) -> None:
    """The success screen; a repeated Confirm (double tap) shows it again, unchanged."""
    if booking.status == Status.WAITING:
        text = t("booking-done-waiting", code=booking.code)
    else:
        text = t("booking-done", code=booking.code)
        reminders = promised_reminders(booking.starts_at, now)
        text += "\n" + t("booking-done-reminders", reminders=reminders)
    text += (
        "\n\n" + booking_summary(t, booking, settings.tz) + "\n" + bring_line(t, booking.service)
    )
    rows = [[(t("booking-btn-mine", count=1), BkCb(a="my"))]]
    await show(event, text, choice_kb(rows, t))


# ---------------------------------------------------------------- entry points


@router.callback_query(MenuCb.filter(F.item == "booking"))
@router.callback_query(BkCb.filter(F.a == "home"))
async def on_home(
    query: CallbackQuery,
    t: Translator,
    session: AsyncSession,
    user: User | None,
    state: FSMContext,
) -> None:
    await state.set_state(None)
    await show_home(query, t, session, user)


@router.callback_query(BookCb.filter())
async def on_book(query: CallbackQuery, callback_data: BookCb, ctx: UpdateContext) -> None:
    t, session, user, settings = ctx.t, ctx.session, ctx.user, ctx.settings
    state = ctx.state
    assert state is not None
    if not callback_data.service:
        await state.set_state(None)
        await show_home(query, t, session, user)
        return
    await open_service(query, callback_data.service, t, session, user, state, settings)


async def open_from_link(message: Message, argument: str, data: dict[str, Any]) -> bool:
    """Deep link `book` / `book_<service>` (QR posters at the Center)."""
    if argument and services().get(argument) is None:
        return False
    t, session, settings = data["t"], data["session"], data["settings"]
    if not argument:
        await show_home(message, t, session, data.get("user"))
        return True
    await open_service(message, argument, t, session, data.get("user"), data["state"], settings)
    return True


@router.callback_query(BkCb.filter(F.a == "agree"))
async def on_agree(query: CallbackQuery, callback_data: BkCb, ctx: UpdateContext) -> None:
    t, session, user, settings = ctx.t, ctx.session, ctx.user, ctx.settings
    state = ctx.state
    assert state is not None
    if user is None:
        await show(query, t("booking-need-start"))
        return
    await record_consent(session, user, given=True)
    if callback_data.s:
        await open_service(query, callback_data.s, t, session, user, state, settings)
    else:
        await show_home(query, t, session, user)


@router.callback_query(BkCb.filter(F.a == "privacy"))
async def on_privacy(query: CallbackQuery, t: Translator) -> None:
    if isinstance(query.message, Message):
        await query.message.answer(t("privacy-full"))


@router.callback_query(BkCb.filter(F.a == "noop"))
async def on_noop(query: CallbackQuery) -> None:
    """Blank calendar cells and titles: nothing to do (the middleware answers the tap)."""


# ---------------------------------------------------------------- day and time


async def _draft_for(
    session: AsyncSession, user: User | None, service: str
) -> BookingDraft | None:
    """The draft for this service, or a new booking draft (a button from an older screen)."""
    if user is None or not user.has_consented:
        return None
    draft = await q.get_draft(session, user.id)
    if draft is None or draft.service != service or draft.booking_id is not None:
        draft = await q.start_draft(session, user.id, service)
    return draft


@router.callback_query(BkCb.filter(F.a == "cal"))
async def on_month(query: CallbackQuery, callback_data: BkCb, ctx: UpdateContext) -> None:
    t, session, user, settings = ctx.t, ctx.session, ctx.user, ctx.settings
    state = ctx.state
    assert state is not None
    info = services().get(callback_data.s)
    draft = await _draft_for(session, user, callback_data.s)
    if info is None or draft is None:
        await open_service(query, callback_data.s, t, session, user, state, settings)
        return
    await state.set_state(None)
    await show_calendar(query, t, session, settings, info, callback_data.d, mode=draft.mode)


@router.callback_query(BkCb.filter(F.a == "day"))
async def on_day(query: CallbackQuery, callback_data: BkCb, ctx: UpdateContext) -> None:
    t, session, user, settings = ctx.t, ctx.session, ctx.user, ctx.settings
    state = ctx.state
    assert state is not None
    info = services().get(callback_data.s)
    day = parse_day_key(callback_data.d)
    draft = await _draft_for(session, user, callback_data.s)
    if info is None or day is None or draft is None:
        await open_service(query, callback_data.s, t, session, user, state, settings)
        return
    await state.set_state(None)
    await show_day(query, t, session, settings, info, day, mode=draft.mode)


@router.callback_query(BkCb.filter(F.a == "full"))
async def on_full_days(query: CallbackQuery, callback_data: BkCb, ctx: UpdateContext) -> None:
    """Full sessions of the month, to join a waiting list."""
    t, session, user, settings = ctx.t, ctx.session, ctx.user, ctx.settings
    state = ctx.state
    assert state is not None
    info = services().get(callback_data.s)
    parsed = parse_month_key(callback_data.d)
    if info is None or parsed is None or await _draft_for(session, user, info.key) is None:
        await open_service(query, callback_data.s, t, session, user, state, settings)
        return
    now = utcnow()
    first, last = booking_window(now, settings.tz)
    days = await q.availability(session, info, first, last, settings.tz, now)
    full = [
        s for d, slots in days.items() if (d.year, d.month) == parsed for s in slots if s.free == 0
    ]
    rows = [
        [
            (
                fmt_when(t, s.starts_at, settings.tz),
                BkCb(a="wait", s=info.key, t=epoch_minutes(s.starts_at)),
            )
        ]
        for s in full[:30]
    ]
    back = BkCb(a="cal", s=info.key, d=callback_data.d)
    await show(
        query,
        t("booking-full-list", hours=int(settings.waitlist_offer_hours)),
        choice_kb(rows, t, back),
    )


async def _pick(
    query: CallbackQuery,
    callback_data: BkCb,
    t: Translator,
    session: AsyncSession,
    user: User | None,
    state: FSMContext,
    settings: Settings,
    *,
    waitlist: bool,
) -> None:
    info = services().get(callback_data.s)
    starts_at = from_epoch_minutes(callback_data.t)
    draft = await _draft_for(session, user, callback_data.s)
    if info is None or starts_at is None or draft is None:
        await open_service(query, callback_data.s, t, session, user, state, settings)
        return
    local_day = starts_at.astimezone(settings.tz).date()
    if not bookable(starts_at, utcnow()) or not await q.is_offered_slot(
        session, info, starts_at, settings.tz
    ):
        await show_day(
            query,
            t,
            session,
            settings,
            info,
            local_day,
            mode=draft.mode,
            note=t("booking-slot-gone"),
        )
        return
    if draft.mode == "move":
        moving = await q.get_booking(session, draft.reschedule_of or 0)
        if moving is not None and moving.starts_at == starts_at:
            note = t("booking-same-time")
            await show_day(query, t, session, settings, info, local_day, mode="move", note=note)
            return
        draft.starts_at = starts_at
        await show_confirm(query, t, draft, settings, session)
        return
    draft.starts_at = starts_at
    draft.mode = "wait" if waitlist else "book"
    if draft.name:
        await show_confirm(query, t, draft, settings, session)
        return
    await ask_name(query, t, session, state, BkCb(a="day", s=info.key, d=day_key(local_day)))


@router.callback_query(BkCb.filter(F.a.in_({"slot", "wait"})))
async def on_slot(query: CallbackQuery, callback_data: BkCb, ctx: UpdateContext) -> None:
    t, session, user, settings = ctx.t, ctx.session, ctx.user, ctx.settings
    state = ctx.state
    assert state is not None
    await _pick(
        query, callback_data, t, session, user, state, settings, waitlist=callback_data.a == "wait"
    )


# ---------------------------------------------------------------- name and phone


async def _current_draft(session: AsyncSession, user: User | None) -> BookingDraft | None:
    if user is None:
        return None
    draft = await q.get_draft(session, user.id)
    if draft is None or draft.starts_at is None or draft.booking_id is not None:
        return None
    return draft


@router.callback_query(BkCb.filter(F.a == "name_last"))
async def on_same_name(
    query: CallbackQuery,
    t: Translator,
    session: AsyncSession,
    user: User | None,
    state: FSMContext,
) -> None:
    draft = await _current_draft(session, user)
    previous = await q.last_name_used(session, query.from_user.id)
    if draft is None or previous is None:
        await state.set_state(None)
        await show_home(query, t, session, user)
        return
    draft.name = previous
    await ask_phone(query, t, session, state)


def not_command(message: Message) -> bool:
    """Commands (/cancel, /menu) typed mid-step go to their own handlers."""
    return not (message.text or "").startswith("/")


@router.message(BookingFlow.name, F.text, not_command)
async def on_name(
    message: Message,
    t: Translator,
    session: AsyncSession,
    user: User | None,
    state: FSMContext,
) -> None:
    draft = await _current_draft(session, user)
    if draft is None:
        await state.set_state(None)
        await show_home(message, t, session, user)
        return
    name = clean_name(message.text or "")
    if name is None:
        await message.answer(t("booking-name-invalid"))
        return
    draft.name = name
    await ask_phone(message, t, session, state)


@router.message(BookingFlow.name, ~F.text)
async def on_name_not_text(message: Message, t: Translator) -> None:
    await message.answer(t("booking-name-invalid"))


@router.message(BookingFlow.phone, F.contact)
async def on_contact(
    message: Message,
    t: Translator,
    session: AsyncSession,
    user: User | None,
    state: FSMContext,
    settings: Settings,
) -> None:
    contact = message.contact
    assert contact is not None and message.from_user is not None
    if contact.user_id != message.from_user.id:
        # A forwarded card of someone else: their number is not ours to keep.
        await ask_phone(message, t, session, state, t("booking-phone-not-yours"))
        return
    await _after_phone(
        message, t, session, user, state, settings, clean_phone(contact.phone_number)
    )


@router.message(BookingFlow.phone, LocalizedText("booking-phone-skip"))
async def on_skip_phone(
    message: Message,
    t: Translator,
    session: AsyncSession,
    user: User | None,
    state: FSMContext,
    settings: Settings,
) -> None:
    await _after_phone(message, t, session, user, state, settings, None)


@router.message(BookingFlow.phone, LocalizedText("booking-phone-reuse"))
async def on_reuse_phone(
    message: Message,
    t: Translator,
    session: AsyncSession,
    user: User | None,
    state: FSMContext,
    settings: Settings,
) -> None:
    assert message.from_user is not None
    known = await q.last_phone_used(session, message.from_user.id)
    if known is None:  # erased meanwhile (/deletemydata): ask as the first time
        await ask_phone(message, t, session, state)
        return
    await _after_phone(message, t, session, user, state, settings, known)


@router.message(BookingFlow.phone, not_command)
async def on_phone_other(
    message: Message, t: Translator, session: AsyncSession, state: FSMContext
) -> None:
    await ask_phone(message, t, session, state, t("booking-phone-use-button"))


async def _after_phone(
    message: Message,
    t: Translator,
    session: AsyncSession,
    user: User | None,
    state: FSMContext,
    settings: Settings,
    phone: str | None,
) -> None:
    await state.set_state(None)
    draft = await _current_draft(session, user)
    # The Menu/SOS keyboard comes back in place of the share-contact one.
    await message.answer(
        t("booking-phone-saved" if phone else "booking-phone-skipped"),
        reply_markup=home_keyboard(t),
    )
    if draft is None or not draft.name:
        await show_home(message, t, session, user)
        return
    draft.phone = phone
    await show_confirm(message, t, draft, settings, session)


@router.message(StateFilter(None), F.contact)
@router.message(StateFilter(None), LocalizedText("booking-phone-skip"))
@router.message(StateFilter(None), LocalizedText("booking-phone-reuse"))
async def on_stale_phone_keyboard(message: Message, t: Translator) -> None:
    """The share/skip keyboard of an interrupted booking: bring the usual keyboard back."""
    await message.answer(t("booking-phone-stale"), reply_markup=home_keyboard(t))


# ---------------------------------------------------------------- confirm


@router.callback_query(BkCb.filter(F.a == "quit"))
async def on_quit(
    query: CallbackQuery,
    t: Translator,
    session: AsyncSession,
    user: User | None,
    state: FSMContext,
) -> None:
    await state.set_state(None)
    if user is not None:
        draft = await q.get_draft(session, user.id)
        if draft is not None and draft.booking_id is None:
            await session.delete(draft)
    await show(query, t("booking-quit"), choice_kb([], t, BkCb(a="home")))


@router.callback_query(BkCb.filter(F.a == "ok"))
async def on_confirm(query: CallbackQuery, callback_data: BkCb, ctx: UpdateContext) -> None:
    t, session, user, settings, catalog = ctx.t, ctx.session, ctx.user, ctx.settings, ctx.catalog
    state = ctx.state
    assert state is not None
    context = app.Context(session, catalog, settings, query.from_user.id)
    consented = user is not None and user.has_consented
    outcome = await app.confirm(context, callback_data.k, consented=consented)
    await show_confirmed(query, t, session, user, state, settings, outcome)


async def show_confirmed(
    query: CallbackQuery,
    t: Translator,
    session: AsyncSession,
    user: User | None,
    state: FSMContext,
    settings: Settings,
    outcome: app.ConfirmOutcome,
) -> None:
    """The screen for what Confirm did."""
    mine = choice_kb([], t, BkCb(a="my"))
    match outcome:
        case app.Booked(booking, now):
            await show_booked(query, t, booking, settings, now)
        case app.Moved(booking):
            text = t("booking-moved") + "\n\n" + booking_summary(t, booking, settings.tz)
            rows = [[(t("booking-btn-mine", count=1), BkCb(a="my"))]]
            await show(query, text, choice_kb(rows, t))
        case app.AlreadyBooked(existing):
            await show_existing(query, t, existing, settings)
        case app.SlotGone(info, day, mode):
            note = t("booking-slot-gone")
            await show_day(query, t, session, settings, info, day, mode=mode, note=note)
        case app.Taken(info, day, mode):
            note = t("booking-just-taken")
            await show_day(query, t, session, settings, info, day, mode=mode, note=note)
        case app.Restart(service):
            await open_service(query, service, t, session, user, state, settings)
        case app.NotFound():
            await show(query, t("booking-not-found"), mine)
        case app.NotMovable():
            await show(query, t("booking-not-movable"), mine)
        case app.NoDraft():
            await show_home(query, t, session, user)
