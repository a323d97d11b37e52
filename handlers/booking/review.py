"""Coordinators' review: the day list (/bookings), a booking's card with approve / decline /
attended / no-show / reschedule / certification result, and the CSV export (/bookings_csv).

The role is checked inside every handler with `bot.access.allowed` — the callback data of these
buttons can be forged by anyone, so a filter alone would not do.
"""

from __future__ import annotations

import csv
import functools
import io
from datetime import date, datetime, timedelta

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import allowed
from bot.config import Settings
from bot.i18n import Catalog, Translator
from bot.ui import show
from db.clock import local_now
from db.models import Booking, CertificationResult
from db.queries import booking as q
from db.queries.outbox import cancel_by_ref
from db.queries.users import audit
from db.types import utcnow
from domain.booking import (
    Action,
    Status,
    booking_window,
    coordinator_actions,
    day_key,
    month_key,
    parse_day_key,
    session_started,
)
from domain.profile import parse_user_date
from domain.roles import Role
from handlers.booking import notify
from handlers.booking.callbacks import CoCb
from handlers.booking.flow import not_command
from handlers.booking.keyboards import button, calendar_kb, choice_kb, home_row, times_kb
from handlers.booking.render import (
    STATUS_ICONS,
    fmt_date,
    fmt_time,
    fmt_when,
    from_epoch_minutes,
    service_name,
    services,
    staff_line,
    status_text,
)

router = Router(name=__name__)

Event = Message | CallbackQuery
# Shown on the day list; cancelled, declined and lapsed entries only in the CSV.
DAY_LIST_STATUSES = ("requested", "confirmed", "offered", "waiting", "attended", "no_show")
DAY_LIST_MAX_LINES = 40
DAY_LIST_MAX_CHARS = 3800
PRESET_REASONS = ("full", "closed", "other-service")
CSV_MAX_DAYS = 366


class CoInput(StatesGroup):
    reason = State()
    level = State()
    certificate = State()


async def staff_ok(
    event: Event, roles: set[str], t: Translator, session: AsyncSession, action: str
) -> bool:
    return await allowed(event, roles, t, session, f"booking.{action}", Role.COORDINATOR)


def local_day_bounds(day: date, settings: Settings) -> tuple[datetime, datetime]:
    start = datetime.combine(day, datetime.min.time(), tzinfo=settings.tz)
    return start, start + timedelta(days=1)


def parse_day_arg(text: str | None, today: date) -> date | None:
    word = (text or "").strip().lower()
    if word in ("", "today", "сегодня", "бүгүн"):
        return today
    if word in ("tomorrow", "завтра", "эртең"):
        return today + timedelta(days=1)
    if word in ("yesterday", "вчера", "кечээ"):
        return today - timedelta(days=1)
    return parse_user_date(word, today)


def reason_text(t: Translator, stored: str | None) -> str:
    """Preset reasons are stored as '@key' so each reader gets them in their own language."""
    if not stored:
        return ""
    if stored.startswith("@"):
        return t(f"booking-reason-{stored[1:]}")
    return stored


# ---------------------------------------------------------------- day list


async def show_day_list(
    event: Event, t: Translator, session: AsyncSession, settings: Settings, day: date
) -> None:
    start, end = local_day_bounds(day, settings)
    bookings = await q.bookings_between(session, start, end, DAY_LIST_STATUSES)
    lines = [t("booking-day-title", day=fmt_date(t, day), count=len(bookings))]
    size = len(lines[0])
    for shown, booking in enumerate(bookings):
        line = staff_line(t, booking, settings.tz)
        size += len(line) + 1
        if shown == DAY_LIST_MAX_LINES or size > DAY_LIST_MAX_CHARS:
            # One message stays under Telegram's 4096 characters; the CSV has everything.
            lines.append(t("booking-day-more", count=len(bookings) - shown))
            break
        lines.append(line)
    if not bookings:
        lines.append(t("booking-day-empty"))
    rows = [
        [
            button(
                f"{STATUS_ICONS.get(b.status, '')} {fmt_time(b.starts_at, settings.tz)} "
                f"{b.code} {b.name[:20]}",
                CoCb(a="card", i=b.id),
            )
        ]
        for b in bookings[:DAY_LIST_MAX_LINES]
    ]
    rows.append(
        [
            button("◀", CoCb(a="day", d=day_key(day - timedelta(days=1)))),
            button(t("booking-btn-csv"), CoCb(a="csv", d=day_key(day))),
            button("▶", CoCb(a="day", d=day_key(day + timedelta(days=1)))),
        ]
    )
    rows.append(home_row(t))
    await show(event, "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows))


@router.message(Command("bookings"))
async def cmd_bookings(
    message: Message,
    command: CommandObject,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    state: FSMContext,
    settings: Settings,
) -> None:
    if not await staff_ok(message, roles, t, session, "list"):
        return
    await state.set_state(None)
    day = parse_day_arg(command.args, local_now(settings.tz).date())
    if day is None:
        await message.answer(t("booking-day-usage"))
        return
    await show_day_list(message, t, session, settings, day)


@router.callback_query(CoCb.filter(F.a == "day"))
async def on_day_list(
    query: CallbackQuery,
    callback_data: CoCb,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    state: FSMContext,
    settings: Settings,
) -> None:
    if not await staff_ok(query, roles, t, session, "list"):
        return
    await state.set_state(None)
    day = parse_day_key(callback_data.d) or local_now(settings.tz).date()
    await show_day_list(query, t, session, settings, day)


# ---------------------------------------------------------------- a booking's card


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
        text += "\n" + t("booking-card-reason", reason=reason_text(t, booking.decline_reason))
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
    return t(
        "booking-result-line",
        passed="yes" if result.passed else "no",
        level=result.level or "—",
        number=result.certificate_no or "—",
    )


async def staff_booking(
    event: Event,
    booking_id: int,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    action: str,
) -> Booking | None:
    """The role check, then the booking (or a notice that it is gone)."""
    if not await staff_ok(event, roles, t, session, action):
        return None
    booking = await q.get_booking(session, booking_id)
    if booking is None:
        await show(event, t("booking-not-found"), choice_kb([], t, CoCb(a="day")))
    return booking


async def too_early(
    event: Event,
    t: Translator,
    session: AsyncSession,
    settings: Settings,
    booking: Booking,
    now: datetime,
) -> bool:
    """Refuse attendance and results before the session starts (a stale card or a forged
    button), saying from when they can be recorded."""
    if session_started(booking.starts_at, now):
        return False
    note = t("booking-note-too-early", when=fmt_when(t, booking.starts_at, settings.tz))
    await show_card(event, t, session, settings, booking, note)
    return True


@router.callback_query(CoCb.filter(F.a == "card"))
async def on_card(
    query: CallbackQuery,
    callback_data: CoCb,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    state: FSMContext,
    settings: Settings,
) -> None:
    booking = await staff_booking(query, callback_data.i, t, session, roles, "card")
    if booking is None:
        return
    await state.set_state(None)
    await show_card(query, t, session, settings, booking)


@router.callback_query(CoCb.filter(F.a == Action.APPROVE.value))
async def on_approve(
    query: CallbackQuery,
    callback_data: CoCb,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    settings: Settings,
    catalog: Catalog,
) -> None:
    booking = await staff_booking(query, callback_data.i, t, session, roles, "approve")
    if booking is None:
        return
    if await q.decide(session, booking, Status.CONFIRMED, query.from_user.id, utcnow()):
        await audit(session, "booking.approve", query.from_user.id, target=f"booking:{booking.id}")
        await notify.to_person(
            session,
            catalog,
            booking,
            "booking-approved",
            settings.tz,
            markup=functools.partial(notify.manage_kb, booking=booking),
        )
        note = t("booking-note-done")
    else:
        note = t("booking-note-changed")
    await show_card(query, t, session, settings, booking, note)


@router.callback_query(CoCb.filter(F.a.in_({Action.ATTENDED.value, Action.NO_SHOW.value})))
async def on_attendance(
    query: CallbackQuery,
    callback_data: CoCb,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    settings: Settings,
    catalog: Catalog,
) -> None:
    action = Action(callback_data.a)
    booking = await staff_booking(query, callback_data.i, t, session, roles, action.value)
    if booking is None:
        return
    now = utcnow()
    if await too_early(query, t, session, settings, booking, now):
        return
    if action not in coordinator_actions(Status(booking.status), booking.starts_at, now, True):
        await show_card(query, t, session, settings, booking, t("booking-note-changed"))
        return
    status = Status.ATTENDED if action is Action.ATTENDED else Status.NO_SHOW
    if not await q.decide(session, booking, status, query.from_user.id, now):
        await show_card(query, t, session, settings, booking, t("booking-note-changed"))
        return
    await audit(
        session, f"booking.{status.value}", query.from_user.id, target=f"booking:{booking.id}"
    )
    await cancel_by_ref(session, notify.reminder_ref(booking))
    if status is Status.NO_SHOW:
        await notify.to_person(
            session,
            catalog,
            booking,
            "booking-no-show",
            settings.tz,
            markup=functools.partial(
                notify.book_again_kb, service=booking.service, source="noshow"
            ),
        )
    await show_card(query, t, session, settings, booking, t("booking-note-done"))


# ---------------------------------------------------------------- decline


@router.callback_query(CoCb.filter(F.a == Action.DECLINE.value))
async def on_decline(
    query: CallbackQuery,
    callback_data: CoCb,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    state: FSMContext,
) -> None:
    booking = await staff_booking(query, callback_data.i, t, session, roles, "decline")
    if booking is None:
        return
    await state.set_state(CoInput.reason)
    await state.update_data(booking_id=booking.id)
    rows = [
        [(t(f"booking-reason-{key}"), CoCb(a="decl", i=booking.id, v=key))]
        for key in PRESET_REASONS
    ]
    await show(
        query,
        t("booking-decline-ask", code=booking.code),
        choice_kb(rows, t, CoCb(a="card", i=booking.id)),
    )


@router.callback_query(CoCb.filter(F.a == "decl"))
async def on_decline_preset(
    query: CallbackQuery,
    callback_data: CoCb,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    state: FSMContext,
    settings: Settings,
    catalog: Catalog,
) -> None:
    booking = await staff_booking(query, callback_data.i, t, session, roles, "decline")
    if booking is None or callback_data.v not in PRESET_REASONS:
        return
    await state.set_state(None)
    await _decline(query, t, session, settings, catalog, booking, f"@{callback_data.v}")


@router.message(CoInput.reason, F.text, not_command)
async def on_decline_typed(
    message: Message,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    state: FSMContext,
    settings: Settings,
    catalog: Catalog,
) -> None:
    data = await state.get_data()
    booking = await staff_booking(
        message, int(data.get("booking_id") or 0), t, session, roles, "decline"
    )
    if booking is None:
        await state.set_state(None)
        return
    reason = " ".join((message.text or "").split())
    if not 3 <= len(reason) <= 300:
        await message.answer(t("booking-decline-length"))
        return
    await state.set_state(None)
    await _decline(message, t, session, settings, catalog, booking, reason)


async def _decline(
    event: Event,
    t: Translator,
    session: AsyncSession,
    settings: Settings,
    catalog: Catalog,
    booking: Booking,
    reason: str,
) -> None:
    assert event.from_user is not None
    change = await q.release(
        session,
        booking,
        Status.DECLINED,
        utcnow(),
        notify.hold(settings),
        by=event.from_user.id,
        reason=reason,
    )
    if change is None:
        await show_card(event, t, session, settings, booking, t("booking-note-changed"))
        return
    await audit(session, "booking.decline", event.from_user.id, target=f"booking:{booking.id}")
    await cancel_by_ref(session, notify.reminder_ref(booking))
    person_t = await notify.translator_for(session, catalog, booking.user_id)
    await notify.to_person(
        session,
        catalog,
        booking,
        "booking-declined",
        settings.tz,
        markup=functools.partial(notify.book_again_kb, service=booking.service, source="declined"),
        reason=reason_text(person_t, reason),
    )
    await notify.tell_change(session, catalog, settings, change)
    await show_card(event, t, session, settings, booking, t("booking-note-done"))


# ---------------------------------------------------------------- reschedule


@router.callback_query(CoCb.filter(F.a.in_({Action.RESCHEDULE.value, "mvcal"})))
async def on_reschedule(
    query: CallbackQuery,
    callback_data: CoCb,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    settings: Settings,
) -> None:
    booking = await staff_booking(query, callback_data.i, t, session, roles, "reschedule")
    info = services().get(booking.service) if booking else None
    if booking is None or info is None:
        return
    now = utcnow()
    first, last = booking_window(now, settings.tz)
    days = await q.availability(session, info, first, last, settings.tz, now)
    month = callback_data.d or month_key(booking.starts_at.astimezone(settings.tz).date())
    year, mon = int(month[:4]), int(month[4:6])
    free = {d: sum(s.free for s in v) for d, v in days.items() if (d.year, d.month) == (year, mon)}
    markup = calendar_kb(
        t,
        year,
        mon,
        free,
        on_month=lambda ym: CoCb(a="mvcal", i=booking.id, d=ym),
        on_day=lambda d: CoCb(a="mvday", i=booking.id, d=day_key(d)),
        first=first,
        last=last,
        footer=[home_row(t, CoCb(a="card", i=booking.id))],
    )
    await show(query, t("booking-staff-pick-day", code=booking.code), markup)


@router.callback_query(CoCb.filter(F.a == "mvday"))
async def on_reschedule_day(
    query: CallbackQuery,
    callback_data: CoCb,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    settings: Settings,
) -> None:
    booking = await staff_booking(query, callback_data.i, t, session, roles, "reschedule")
    info = services().get(booking.service) if booking else None
    day = parse_day_key(callback_data.d)
    if booking is None or info is None or day is None:
        return
    slots = (await q.availability(session, info, day, day, settings.tz, utcnow())).get(day, [])
    markup = times_kb(
        t,
        slots,
        settings.tz,
        on_slot=lambda m: CoCb(a="mvslot", i=booking.id, t=m),
        on_full=None,
        footer=[home_row(t, CoCb(a="mvcal", i=booking.id, d=month_key(day)))],
    )
    await show(
        query, t("booking-staff-pick-time", code=booking.code, day=fmt_date(t, day)), markup
    )


@router.callback_query(CoCb.filter(F.a == "mvslot"))
async def on_reschedule_slot(
    query: CallbackQuery,
    callback_data: CoCb,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    settings: Settings,
) -> None:
    booking = await staff_booking(query, callback_data.i, t, session, roles, "reschedule")
    starts_at = from_epoch_minutes(callback_data.t)
    if booking is None or starts_at is None:
        return
    rows = [[(t("booking-btn-move-yes"), CoCb(a="mvok", i=booking.id, t=callback_data.t))]]
    text = t(
        "booking-staff-move-ask",
        code=booking.code,
        old=fmt_when(t, booking.starts_at, settings.tz),
        when=fmt_when(t, starts_at, settings.tz),
    )
    await show(query, text, choice_kb(rows, t, CoCb(a="card", i=booking.id)))


@router.callback_query(CoCb.filter(F.a == "mvok"))
async def on_reschedule_ok(
    query: CallbackQuery,
    callback_data: CoCb,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    settings: Settings,
    catalog: Catalog,
) -> None:
    booking = await staff_booking(query, callback_data.i, t, session, roles, "reschedule")
    info = services().get(booking.service) if booking else None
    starts_at = from_epoch_minutes(callback_data.t)
    if booking is None or info is None or starts_at is None:
        return
    now = utcnow()
    if not await q.is_offered_slot(session, info, starts_at, settings.tz):
        await show_card(query, t, session, settings, booking, t("booking-slot-gone"))
        return
    result = await q.move(
        session, booking, info, starts_at, now, notify.hold(settings), keep_status=True
    )
    await notify.tell_change(session, catalog, settings, result.change)
    if not result.moved:
        await show_card(query, t, session, settings, booking, t("booking-just-taken"))
        return
    await audit(session, "booking.reschedule", query.from_user.id, target=f"booking:{booking.id}")
    await notify.schedule_reminders(session, catalog, settings, booking, now)
    await notify.to_person(
        session,
        catalog,
        booking,
        "booking-moved-by-center",
        settings.tz,
        markup=functools.partial(notify.manage_kb, booking=booking),
    )
    await show_card(query, t, session, settings, booking, t("booking-note-done"))


# ---------------------------------------------------------------- certification result


@router.callback_query(CoCb.filter(F.a == Action.RESULT.value))
async def on_result(
    query: CallbackQuery,
    callback_data: CoCb,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    settings: Settings,
) -> None:
    booking = await staff_booking(query, callback_data.i, t, session, roles, "result")
    if booking is None or await too_early(query, t, session, settings, booking, utcnow()):
        return
    rows = [
        [(t("booking-btn-passed"), CoCb(a="resv", i=booking.id, v="pass"))],
        [(t("booking-btn-failed"), CoCb(a="resv", i=booking.id, v="fail"))],
    ]
    await show(
        query,
        t("booking-result-ask", code=booking.code, name=booking.name),
        choice_kb(rows, t, CoCb(a="card", i=booking.id)),
    )


@router.callback_query(CoCb.filter(F.a == "resv"))
async def on_result_value(
    query: CallbackQuery,
    callback_data: CoCb,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    state: FSMContext,
    settings: Settings,
    catalog: Catalog,
) -> None:
    booking = await staff_booking(query, callback_data.i, t, session, roles, "result")
    if booking is None or await too_early(query, t, session, settings, booking, utcnow()):
        return
    if callback_data.v == "pass":
        await state.set_state(CoInput.level)
        await state.update_data(booking_id=booking.id)
        rows = [[(t("booking-btn-no-level"), CoCb(a="lvl0", i=booking.id))]]
        await show(query, t("booking-level-ask"), choice_kb(rows, t, CoCb(a="card", i=booking.id)))
        return
    await _save_result(query, t, session, settings, catalog, booking, None, None, passed=False)


@router.callback_query(CoCb.filter(F.a == "lvl0"))
async def on_no_level(
    query: CallbackQuery,
    callback_data: CoCb,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    state: FSMContext,
) -> None:
    booking = await staff_booking(query, callback_data.i, t, session, roles, "result")
    if booking is None:
        return
    await state.set_state(CoInput.certificate)
    await state.update_data(booking_id=booking.id, level=None)
    await show(query, t("booking-certificate-ask"), choice_kb([], t, CoCb(a="card", i=booking.id)))


@router.message(CoInput.level, F.text, not_command)
async def on_level_typed(
    message: Message,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    state: FSMContext,
) -> None:
    data = await state.get_data()
    booking = await staff_booking(
        message, int(data.get("booking_id") or 0), t, session, roles, "result"
    )
    if booking is None:
        await state.set_state(None)
        return
    level = " ".join((message.text or "").split())
    if not 1 <= len(level) <= 32:
        await message.answer(t("booking-level-ask"))
        return
    await state.set_state(CoInput.certificate)
    await state.update_data(level=level)
    await message.answer(t("booking-certificate-ask"))


@router.message(CoInput.certificate, F.text, not_command)
async def on_certificate_typed(
    message: Message,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    state: FSMContext,
    settings: Settings,
    catalog: Catalog,
) -> None:
    data = await state.get_data()
    booking = await staff_booking(
        message, int(data.get("booking_id") or 0), t, session, roles, "result"
    )
    if booking is None:
        await state.set_state(None)
        return
    number = (message.text or "").strip()
    if not 1 <= len(number) <= 64 or any(ch.isspace() and ch != " " for ch in number):
        await message.answer(t("booking-certificate-invalid"))
        return
    await state.set_state(None)
    await _save_result(
        message, t, session, settings, catalog, booking, data.get("level"), number, passed=True
    )


async def _save_result(
    event: Event,
    t: Translator,
    session: AsyncSession,
    settings: Settings,
    catalog: Catalog,
    booking: Booking,
    level: str | None,
    number: str | None,
    *,
    passed: bool,
) -> None:
    assert event.from_user is not None
    now = utcnow()
    if await too_early(event, t, session, settings, booking, now):
        return
    if booking.status not in (Status.ATTENDED, Status.CONFIRMED, Status.REQUESTED):
        await show_card(event, t, session, settings, booking, t("booking-note-changed"))
        return
    await q.record_result(
        session,
        booking,
        passed=passed,
        level=level,
        certificate_no=number,
        by=event.from_user.id,
        now=now,
        tz=settings.tz,
    )
    await audit(
        session,
        "booking.result",
        event.from_user.id,
        target=f"booking:{booking.id}",
        passed=passed,
    )
    if passed:
        await notify.to_person(
            session,
            catalog,
            booking,
            "booking-result-passed",
            settings.tz,
            level=level or "—",
            number=number or "—",
        )
    else:
        await notify.to_person(
            session,
            catalog,
            booking,
            "booking-result-failed",
            settings.tz,
            markup=functools.partial(
                notify.book_again_kb, service=booking.service, source="retake"
            ),
        )
    await show_card(event, t, session, settings, booking, t("booking-note-done"))


# ---------------------------------------------------------------- CSV export

CSV_COLUMNS = (
    "code",
    "service",
    "date",
    "time",
    "status",
    "name",
    "phone",
    "booked_at",
    "decided_by",
    "decline_reason",
    "passed",
    "level",
    "certificate_no",
)


def _cell(value: object) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: neutralise them."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


async def staff_names(bot: Bot, t: Translator, ids: set[int]) -> dict[int, str]:
    """The names of the coordinators who decided, as Telegram shows them (Jol stores no names);
    one getChat per coordinator, and a plain label when Telegram cannot tell."""
    names: dict[int, str] = {}
    for staff_id in sorted(ids):
        try:
            chat = await bot.get_chat(staff_id)
        except TelegramAPIError:
            chat = None
        full = " ".join(p for p in (chat.first_name, chat.last_name) if p) if chat else ""
        username = chat.username if chat else None
        names[staff_id] = full or username or t("booking-csv-staff-unknown")
    return names


def bookings_csv(
    t: Translator,
    bookings: list[Booking],
    results: dict[int, CertificationResult],
    settings: Settings,
    names: dict[int, str] | None = None,
) -> bytes:
    """The coordinator's export, in their language: headers, services, statuses, yes/no and
    the names of the staff who decided."""
    names = names or {}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([t("booking-csv-column", column=column) for column in CSV_COLUMNS])
    for b in bookings:
        local = b.starts_at.astimezone(settings.tz)
        result = results.get(b.id)
        info = services().get(b.service)
        row = [
            b.code,
            service_name(t, info, b.service),
            f"{local:%Y-%m-%d}",
            f"{local:%H:%M}",
            status_text(t, b.status),
            b.name,
            b.phone,
            f"{b.created_at.astimezone(settings.tz):%Y-%m-%d %H:%M}",
            "" if b.decided_by is None else names.get(b.decided_by, ""),
            reason_text(t, b.decline_reason),
            ""
            if result is None
            else t("booking-csv-passed", passed="true" if result.passed else "false"),
            result.level if result else "",
            result.certificate_no if result else "",
        ]
        writer.writerow([_cell(v) for v in row])
    # A byte-order mark so Excel opens Cyrillic correctly.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


async def send_csv(
    event: Event,
    t: Translator,
    session: AsyncSession,
    settings: Settings,
    bot: Bot,
    first: date,
    last: date,
) -> None:
    start, _ = local_day_bounds(first, settings)
    _, end = local_day_bounds(last, settings)
    bookings = await q.bookings_between(session, start, end)
    results = await q.results_for(session, [b.id for b in bookings])
    names = await staff_names(bot, t, {b.decided_by for b in bookings if b.decided_by})
    data = bookings_csv(t, bookings, results, settings, names)
    message = event.message if isinstance(event, CallbackQuery) else event
    if not isinstance(message, Message):
        return
    await message.answer_document(
        BufferedInputFile(data, filename=f"bookings-{first:%Y-%m-%d}_{last:%Y-%m-%d}.csv"),
        caption=t(
            "booking-csv-caption",
            first=f"{first:%d.%m.%Y}",
            last=f"{last:%d.%m.%Y}",
            count=len(bookings),
        ),
    )


@router.message(Command("bookings_csv"))
async def cmd_bookings_csv(
    message: Message,
    command: CommandObject,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    settings: Settings,
    bot: Bot,
) -> None:
    if not await staff_ok(message, roles, t, session, "csv"):
        return
    today = local_now(settings.tz).date()
    parts = (command.args or "").split()
    if not parts:
        first = today.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    else:
        first_parsed = parse_day_arg(parts[0], today)
        last_parsed = parse_day_arg(parts[1], today) if len(parts) > 1 else first_parsed
        if first_parsed is None or last_parsed is None:
            await message.answer(t("booking-csv-usage"))
            return
        first, last = sorted((first_parsed, last_parsed))
    if (last - first).days >= CSV_MAX_DAYS:
        await message.answer(t("booking-csv-usage"))
        return
    await send_csv(message, t, session, settings, bot, first, last)


@router.callback_query(CoCb.filter(F.a == "csv"))
async def on_csv(
    query: CallbackQuery,
    callback_data: CoCb,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    settings: Settings,
    bot: Bot,
) -> None:
    if not await staff_ok(query, roles, t, session, "csv"):
        return
    day = parse_day_key(callback_data.d) or local_now(settings.tz).date()
    await send_csv(query, t, session, settings, bot, day, day)


# /stats (certification and bookings, with the charts) is the console's: handlers/console.
