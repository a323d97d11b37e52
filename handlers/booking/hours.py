"""/hours: coordinators set each service's weekly opening hours and the Center's holidays,
closures and short days from the chat — buttons, plus short typed times that are validated.

What is set here replaces the defaults in content/services.yaml. Existing bookings are never
cancelled by a change; the coordinator is told how many there are so they can review them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import declare_role
from bot.config import Settings
from bot.i18n import Translator
from bot.ui import show
from content.services import ServiceInfo
from db.clock import local_now
from db.queries import booking as q
from db.queries.users import audit
from domain.booking import HoursProblem, Window, parse_windows, windows_from_json
from domain.profile import parse_user_date
from domain.roles import Role
from handlers.booking.callbacks import HrCb
from handlers.booking.flow import not_command
from handlers.booking.keyboards import choice_kb
from handlers.booking.render import fmt_date, service_name, services

router = Router(name=__name__)
# Only coordinators set the hours: the gate refuses (and audits) anyone else, forged buttons too.
declare_role(router, Role.COORDINATOR, action="booking.hours")

Event = Message | CallbackQuery
EXCEPTION_MAX_AHEAD = timedelta(days=366)


class HoursInput(StatesGroup):
    day = State()
    exception = State()


async def staff_service(
    query: CallbackQuery,
    callback_data: HrCb,
    t: Translator,
    session: AsyncSession,
    *,
    with_weekday: bool = False,
) -> ServiceInfo | None:
    """The service a coordinator's button names (and a valid weekday, where it carries one).
    None after a refusal, or after showing the list again for a stale or forged button."""
    info = services().get(callback_data.s)
    if info is None or (with_weekday and not 0 <= callback_data.w <= 6):
        await show_services(query, t)
        return None
    return info


def windows_text(t: Translator, windows: tuple[Window, ...] | list[Window]) -> str:
    return ", ".join(str(w) for w in windows) if windows else t("booking-hours-closed")


def weekday_name(t: Translator, weekday: int) -> str:
    return t("booking-weekday", day=weekday)


# ---------------------------------------------------------------- screens


async def show_services(event: Event, t: Translator) -> None:
    rows = [[(service_name(t, info), HrCb(a="svc", s=info.key))] for info in services().services]
    rows.append([(t("booking-btn-closures-all"), HrCb(a="exc", s=""))])
    await show(event, t("booking-hours-title"), choice_kb(rows, t))


async def show_service(
    event: Event, t: Translator, session: AsyncSession, info: ServiceInfo, note: str = ""
) -> None:
    weekly, custom = await q.weekly_hours(session, info)
    lines = [
        t(
            "booking-hours-service",
            service=service_name(t, info),
            custom="yes" if custom else "no",
            minutes=info.minutes,
        )
    ]
    lines += [
        f"{weekday_name(t, day)}: {windows_text(t, weekly.get(day, ()))}" for day in range(7)
    ]
    if note:
        lines.insert(0, note + "\n")
    days = [(weekday_name(t, day), HrCb(a="day", s=info.key, w=day)) for day in range(7)]
    rows = [days[:4], days[4:]]
    rows.append([(t("booking-btn-closures"), HrCb(a="exc", s=info.key))])
    if custom:
        rows.append([(t("booking-btn-hours-reset"), HrCb(a="reset", s=info.key))])
    await show(event, "\n".join(lines), choice_kb(rows, t, HrCb(a="list")))


async def show_exceptions(
    event: Event,
    t: Translator,
    session: AsyncSession,
    settings: Settings,
    service: str,
    note: str = "",
) -> None:
    today = local_now(settings.tz).date()
    rows_db = await q.list_exceptions(session, service, today)
    info = services().get(service)
    scope = service_name(t, info) if info else t("booking-hours-whole-center")
    lines = ([note, ""] if note else []) + [t("booking-closures-title", scope=scope)]
    if not rows_db:
        lines.append(t("booking-closures-none"))
    rows = []
    for row in rows_db[:30]:
        hours = windows_text(t, windows_from_json(row.hours))
        lines.append(f"{fmt_date(t, row.day)}: {hours}")
        rows.append([(f"🗑 {row.day:%d.%m.%Y}", HrCb(a="excdel", s=service, i=row.id))])
    rows.insert(0, [(t("booking-btn-closure-add"), HrCb(a="excadd", s=service))])
    back = HrCb(a="svc", s=service) if info else HrCb(a="list")
    await show(event, "\n".join(lines), choice_kb(rows, t, back))


# ---------------------------------------------------------------- handlers


@router.message(Command("hours"))
async def cmd_hours(
    message: Message, t: Translator, session: AsyncSession, state: FSMContext
) -> None:
    await state.set_state(None)
    await show_services(message, t)


@router.callback_query(HrCb.filter(F.a == "list"))
async def on_list(
    query: CallbackQuery, t: Translator, session: AsyncSession, state: FSMContext
) -> None:
    await state.set_state(None)
    await show_services(query, t)


@router.callback_query(HrCb.filter(F.a == "svc"))
async def on_service(
    query: CallbackQuery,
    callback_data: HrCb,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
) -> None:
    await state.set_state(None)
    info = services().get(callback_data.s)
    if info is None:
        await show_services(query, t)
        return
    await show_service(query, t, session, info)


@router.callback_query(HrCb.filter(F.a == "day"))
async def on_day(
    query: CallbackQuery,
    callback_data: HrCb,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
) -> None:
    info = await staff_service(query, callback_data, t, session, with_weekday=True)
    if info is None:
        return
    await state.set_state(HoursInput.day)
    await state.update_data(service=info.key, weekday=callback_data.w)
    rows = [[(t("booking-btn-day-closed"), HrCb(a="closed", s=info.key, w=callback_data.w))]]
    text = t("booking-hours-ask", day=weekday_name(t, callback_data.w), minutes=info.minutes)
    await show(query, text, choice_kb(rows, t, HrCb(a="svc", s=info.key)))


async def _save_day(
    event: Event,
    t: Translator,
    session: AsyncSession,
    info: ServiceInfo,
    weekday: int,
    windows: tuple[Window, ...],
) -> None:
    assert event.from_user is not None
    await q.set_day_hours(session, info, weekday, windows, event.from_user.id)
    await audit(
        session,
        "booking.hours",
        event.from_user.id,
        target=info.key,
        weekday=weekday,
        hours=[str(w) for w in windows],
    )
    await show_service(event, t, session, info, t("booking-hours-saved"))


@router.callback_query(HrCb.filter(F.a == "closed"))
async def on_day_closed(
    query: CallbackQuery,
    callback_data: HrCb,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
) -> None:
    info = await staff_service(query, callback_data, t, session, with_weekday=True)
    if info is None:
        return
    await state.set_state(None)
    await _save_day(query, t, session, info, callback_data.w, ())


@router.message(HoursInput.day, F.text, not_command)
async def on_day_typed(
    message: Message, t: Translator, session: AsyncSession, state: FSMContext
) -> None:
    data = await state.get_data()
    info = services().get(str(data.get("service")))
    weekday = int(data.get("weekday") or 0)
    if info is None:
        await state.set_state(None)
        await show_services(message, t)
        return
    parsed = parse_windows(message.text or "", info.duration)
    if isinstance(parsed, HoursProblem):
        await message.answer(
            t("booking-hours-problem", problem=parsed.value, minutes=info.minutes)
        )
        return
    await state.set_state(None)
    await _save_day(message, t, session, info, weekday, parsed)


@router.callback_query(HrCb.filter(F.a == "reset"))
async def on_reset(
    query: CallbackQuery,
    callback_data: HrCb,
    t: Translator,
    session: AsyncSession,
) -> None:
    info = await staff_service(query, callback_data, t, session)
    if info is None:
        return
    await q.reset_hours(session, info.key)
    await audit(session, "booking.hours-reset", query.from_user.id, target=info.key)
    await show_service(query, t, session, info, t("booking-hours-saved"))


# ---------------------------------------------------------------- closures and short days


def _scope_ok(service: str) -> bool:
    return service == "" or services().get(service) is not None


@router.callback_query(HrCb.filter(F.a == "exc"))
async def on_exceptions(
    query: CallbackQuery,
    callback_data: HrCb,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    settings: Settings,
) -> None:
    await state.set_state(None)
    if not _scope_ok(callback_data.s):
        await show_services(query, t)
        return
    await show_exceptions(query, t, session, settings, callback_data.s)


@router.callback_query(HrCb.filter(F.a == "excadd"))
async def on_exception_add(
    query: CallbackQuery,
    callback_data: HrCb,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
) -> None:
    if not _scope_ok(callback_data.s):
        await show_services(query, t)
        return
    await state.set_state(HoursInput.exception)
    await state.update_data(service=callback_data.s)
    await show(query, t("booking-closure-ask"), choice_kb([], t, HrCb(a="exc", s=callback_data.s)))


def parse_exception(text: str, today: date) -> tuple[date, tuple[Window, ...]] | str:
    """'31.12.2026' (closed) or '31.12.2026 10:00-13:00' (short day) → (day, hours), or the
    name of what is wrong."""
    first, _, rest = text.strip().partition(" ")
    day = parse_user_date(first, today)
    if day is None:
        return "date"
    if day < today or day - today > EXCEPTION_MAX_AHEAD:
        return "range"
    if not rest.strip():
        return day, ()
    windows = parse_windows(rest)
    if isinstance(windows, HoursProblem):
        return "hours"
    return day, windows


@router.message(HoursInput.exception, F.text, not_command)
async def on_exception_typed(
    message: Message,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    settings: Settings,
) -> None:
    assert message.from_user is not None
    service = str((await state.get_data()).get("service") or "")
    if not _scope_ok(service):
        await state.set_state(None)
        await show_services(message, t)
        return
    today = local_now(settings.tz).date()
    parsed = parse_exception(message.text or "", today)
    if isinstance(parsed, str):
        await message.answer(t("booking-closure-problem", problem=parsed))
        return
    day, windows = parsed
    await state.set_state(None)
    await q.add_exception(session, service, day, windows, message.from_user.id)
    await audit(
        session,
        "booking.closure",
        message.from_user.id,
        target=service or "*",
        day=day.isoformat(),
        hours=[str(w) for w in windows],
    )
    start = datetime.combine(day, datetime.min.time(), tzinfo=settings.tz)
    affected = [
        b
        for b in await q.bookings_between(
            session,
            start,
            start + timedelta(days=1),
            ("requested", "confirmed", "waiting", "offered"),
        )
        if service in ("", b.service)
    ]
    note = t(
        "booking-closure-saved", day=fmt_date(t, day), count=len(affected), date=f"{day:%d.%m.%Y}"
    )
    await show_exceptions(message, t, session, settings, service, note)


@router.callback_query(HrCb.filter(F.a == "excdel"))
async def on_exception_delete(
    query: CallbackQuery,
    callback_data: HrCb,
    t: Translator,
    session: AsyncSession,
    settings: Settings,
) -> None:
    removed = await q.delete_exception(session, callback_data.i)
    if removed is not None:
        await audit(
            session,
            "booking.closure-removed",
            query.from_user.id,
            target=removed.service or "*",
            day=removed.day.isoformat(),
        )
    service = removed.service if removed is not None else callback_data.s
    await show_exceptions(query, t, session, settings, service if _scope_ok(service) else "")
