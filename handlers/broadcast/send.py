"""Sending: confirm, submit (now, at a time, or for approval), approve / reject, and the
progress message's pause, resume and cancel buttons."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.types import CallbackQuery, InaccessibleMessage, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import declare_role
from bot.config import Settings
from bot.i18n import Catalog, Translator
from bot.ui import show
from db.models.broadcast import Broadcast
from db.queries import broadcast as q
from db.types import utcnow
from domain.broadcast import Status, eta_seconds, needs_approval, next_morning, night_check
from domain.reminders import QuietHours
from domain.roles import Role
from handlers.broadcast import lifecycle
from handlers.broadcast.callbacks import BcCb
from handlers.broadcast.compose import draft_screen, editable, found
from handlers.broadcast.render import (
    cancel_confirm_kb,
    confirm_view,
    problem_text,
    problems_of,
    progress_view,
    waiting_view,
)

router = Router(name=__name__)

# What a refusal is audited as, by button: submitting and approving are told apart.
AUDIT_NAMES = {
    "send": "send",
    "morn": "send",
    "go": "send",
    "wd": "send",
    "ok": "approve",
    "no": "approve",
}


def audit_name(data: dict[str, Any]) -> str:
    action = str(getattr(data.get("callback_data"), "a", ""))
    return f"broadcast.{AUDIT_NAMES.get(action, action)}"


# Staff only (and admins): submitting, approving, and the progress message's buttons.
declare_role(router, Role.STAFF, action=audit_name)


async def progress_screen(
    session: AsyncSession, t: Translator, settings: Settings, row: Broadcast
) -> tuple[str, InlineKeyboardMarkup | None]:
    counts = await q.current_counts(session, row, settings.default_locale, settings.tz)
    eta = eta_seconds(counts.remaining, None, settings.send_rate_per_second)
    return progress_view(t, row, counts, eta, settings.tz)


async def refuse(query: CallbackQuery, t: Translator, err: lifecycle.Refused) -> None:
    await query.answer(t("broadcast-refused", reason=err.reason), show_alert=True)


@router.callback_query(BcCb.filter(F.a == "send"))
async def on_confirm(
    query: CallbackQuery,
    callback_data: BcCb,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    row = await editable(query, session, t, callback_data.i)
    if row is None:
        return
    total = await q.count_recipients(session, row, settings.default_locale, settings.tz)
    problems = problems_of(row, total)
    if problems:
        # A missing translation (or nobody to send to) blocks sending until it is resolved.
        await query.answer(problem_text(t, problems[0]), show_alert=True)
        return
    await show_confirm(query, session, t, settings, row, total)


async def show_confirm(
    query: CallbackQuery,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
    row: Broadcast,
    total: int,
) -> None:
    approval = needs_approval(total, settings.broadcast_approval_threshold)
    at = row.send_at or utcnow()
    places = await q.recipient_places(session, row, settings.default_locale, settings.tz)
    night = night_check(at, places, settings.tz, quiet_hours(settings))
    text, markup = confirm_view(t, row, total, approval, settings.tz, night)
    await show(query, text, markup)


def quiet_hours(settings: Settings) -> QuietHours:
    return QuietHours(settings.quiet_hours_start, settings.quiet_hours_end)


@router.callback_query(BcCb.filter(F.a == "morn"))
async def on_schedule_morning(
    query: CallbackQuery,
    callback_data: BcCb,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    """ "Schedule for 09:00" under the quiet-hours warning: the next morning at the Center."""
    row = await editable(query, session, t, callback_data.i)
    if row is None:
        return
    row.send_at = next_morning(row.send_at or utcnow(), settings.tz, quiet_hours(settings))
    total = await q.count_recipients(session, row, settings.default_locale, settings.tz)
    await show_confirm(query, session, t, settings, row, total)


@router.callback_query(BcCb.filter(F.a == "go"))
async def on_submit(
    query: CallbackQuery,
    callback_data: BcCb,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
    catalog: Catalog,
) -> None:
    row = await found(query, session, t, callback_data.i, lock=True)
    if row is None:
        return
    try:
        status = await lifecycle.submit(session, row, query.from_user.id, settings, catalog)
    except lifecycle.Refused as err:
        await refuse(query, t, err)
        return
    if status is Status.APPROVAL:
        text, markup = waiting_view(t, row)
        await show(query, text, markup)
        return
    text, progress_markup = await progress_screen(session, t, settings, row)
    shown = await show(query, text, progress_markup)
    if status is Status.RUNNING and shown is not None:
        # This message becomes the live progress message the worker keeps editing.
        row.progress_chat_id = shown.chat.id
        row.progress_message_id = shown.message_id
        row.progress_at = utcnow()


@router.callback_query(BcCb.filter(F.a == "ok"))
async def on_approve(
    query: CallbackQuery,
    callback_data: BcCb,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
    catalog: Catalog,
) -> None:
    row = await found(query, session, t, callback_data.i, lock=True)
    if row is None:
        return
    try:
        status = await lifecycle.approve(session, row, query.from_user.id, settings, catalog)
    except lifecycle.Refused as err:
        await refuse(query, t, err)
        return
    await show(query, t("broadcast-approved-by-you", id=str(row.id), status=status.value))


@router.callback_query(BcCb.filter(F.a == "no"))
async def on_reject(
    query: CallbackQuery,
    callback_data: BcCb,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
    catalog: Catalog,
) -> None:
    row = await found(query, session, t, callback_data.i, lock=True)
    if row is None:
        return
    try:
        await lifecycle.reject(session, row, query.from_user.id, settings, catalog)
    except lifecycle.Refused as err:
        await refuse(query, t, err)
        return
    await show(query, t("broadcast-rejected-by-you", id=str(row.id)))


@router.callback_query(BcCb.filter(F.a == "wd"))
async def on_withdraw(
    query: CallbackQuery,
    callback_data: BcCb,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    row = await found(query, session, t, callback_data.i, lock=True)
    if row is None:
        return
    try:
        await lifecycle.withdraw(session, row, query.from_user.id)
    except lifecycle.Refused as err:
        await refuse(query, t, err)
        return
    text, markup = await draft_screen(session, t, settings, row)
    await show(query, text, markup)


# ---------------------------------------------------------------- the progress message


@router.callback_query(BcCb.filter(F.a.in_({"pause", "resume", "cancelyes", "prog"})))
async def on_progress_action(
    query: CallbackQuery,
    callback_data: BcCb,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    row = await found(query, session, t, callback_data.i, lock=True)
    if row is None:
        return
    me = query.from_user.id
    try:
        if callback_data.a == "pause":
            await lifecycle.pause(session, row, me)
        elif callback_data.a == "resume":
            await lifecycle.resume(session, row, me)
        elif callback_data.a == "cancelyes":
            await lifecycle.cancel(session, row, me)
    except lifecycle.Refused as err:
        await refuse(query, t, err)
        return
    if row.status == Status.APPROVAL:
        text, markup = waiting_view(t, row)
        await show(query, text, markup)
        return
    text, progress_markup = await progress_screen(session, t, settings, row)
    await show(query, text, progress_markup)
    message = query.message
    if (
        message is not None
        and not isinstance(message, InaccessibleMessage)
        and message.message_id == row.progress_message_id
    ):
        row.progress_at = utcnow()  # just refreshed: the worker's next edit can wait


@router.callback_query(BcCb.filter(F.a == "cancel"))
async def on_cancel_ask(
    query: CallbackQuery,
    callback_data: BcCb,
    session: AsyncSession,
    t: Translator,
) -> None:
    row = await found(query, session, t, callback_data.i)
    if row is None:
        return
    await show(query, t("broadcast-cancel-confirm", id=str(row.id)), cancel_confirm_kb(t, row.id))
