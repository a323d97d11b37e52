"""Who a broadcast goes to: languages, destination, situation, booked service, active since a
day — with the number of recipients shown on every change."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import declare_role
from bot.config import Settings
from bot.i18n import Translator
from bot.ui import show
from content.library import current
from db.models.broadcast import Broadcast
from db.queries import broadcast as q
from domain.broadcast import LOCALES, Segment, ordered_languages, parse_day
from domain.profile import Destination, Situation
from domain.roles import Role
from handlers.broadcast.callbacks import BcCb
from handlers.broadcast.compose import BroadcastFlow, editable, expect_input, typed_draft
from handlers.broadcast.render import audience_view, back_to_draft_kb, pick_kb

router = Router(name=__name__)
# Staff only (and admins): a draft's audience is part of composing it.
declare_role(router, Role.STAFF, action="broadcast.compose")

_FIELDS = {"d": "destination", "s": "situation", "b": "service"}


def service_keys() -> list[str]:
    # The "booked a service" segment reads the booking tables; services come from content.
    return list(current().services.keys)


async def audience_screen(
    session: AsyncSession, t: Translator, settings: Settings, row: Broadcast
) -> tuple[str, InlineKeyboardMarkup]:
    per_language = await q.count_by_language(
        session, Segment.from_json(row.segment), LOCALES, settings.default_locale, settings.tz
    )
    return audience_view(t, row, per_language, service_keys())


@router.callback_query(BcCb.filter(F.a == "aud"))
async def on_audience(
    query: CallbackQuery,
    callback_data: BcCb,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    row = await editable(query, session, t, callback_data.i)
    if row is None:
        return
    await state.clear()
    text, markup = await audience_screen(session, t, settings, row)
    await show(query, text, markup)


@router.callback_query(BcCb.filter(F.a == "lang"))
async def on_language(
    query: CallbackQuery,
    callback_data: BcCb,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    """Include or exclude one language (excluding is how a missing translation is resolved
    without writing it: those people then get nothing)."""
    row = await editable(query, session, t, callback_data.i)
    if row is None or callback_data.v not in LOCALES:
        return
    chosen = set(row.languages or ())
    chosen.symmetric_difference_update({callback_data.v})
    row.languages = list(ordered_languages(chosen))
    text, markup = await audience_screen(session, t, settings, row)
    await show(query, text, markup)


@router.callback_query(BcCb.filter(F.a == "pick"))
async def on_pick(
    query: CallbackQuery,
    callback_data: BcCb,
    session: AsyncSession,
    t: Translator,
) -> None:
    row = await editable(query, session, t, callback_data.i)
    if row is None or callback_data.v not in _FIELDS:
        return
    field = callback_data.v
    markup = pick_kb(t, row, field, service_keys())
    await show(query, t("broadcast-pick", field=_FIELDS[field]), markup)


@router.callback_query(BcCb.filter(F.a == "seg"))
async def on_segment(
    query: CallbackQuery,
    callback_data: BcCb,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    row = await editable(query, session, t, callback_data.i)
    if row is None:
        return
    code, _, value = callback_data.v.partition("-")
    field = _FIELDS.get(code)
    valid = {
        "destination": {d.value for d in Destination},
        "situation": {s.value for s in Situation},
        "service": set(service_keys()),
    }
    if field is None or (value and value not in valid[field]):
        return  # stale or forged data: leave the audience as it is
    segment = Segment.from_json(row.segment).with_(**{field: value or None})
    row.segment = segment.to_json()
    text, markup = await audience_screen(session, t, settings, row)
    await show(query, text, markup)


@router.callback_query(BcCb.filter(F.a == "all"))
async def on_everyone(
    query: CallbackQuery,
    callback_data: BcCb,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    row = await editable(query, session, t, callback_data.i)
    if row is None:
        return
    row.segment = {}
    row.languages = list(LOCALES)
    text, markup = await audience_screen(session, t, settings, row)
    await show(query, text, markup)


@router.callback_query(BcCb.filter(F.a == "since"))
async def on_since_prompt(
    query: CallbackQuery,
    callback_data: BcCb,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
) -> None:
    row = await editable(query, session, t, callback_data.i)
    if row is None:
        return
    if Segment.from_json(row.segment).active_since is not None:
        # A second press clears it (the button shows the current day).
        row.segment = Segment.from_json(row.segment).with_(active_since=None).to_json()
    await expect_input(state, BroadcastFlow.since, row)
    await show(query, t("broadcast-since-prompt"), back_to_draft_kb(t, row.id))


@router.message(BroadcastFlow.since, F.text)
async def on_since(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    row = await typed_draft(message, state, session, t)
    if row is None:
        return
    day = parse_day(message.text or "")
    if day is None:
        await message.answer(t("broadcast-since-unreadable"))
        return
    row.segment = Segment.from_json(row.segment).with_(active_since=day).to_json()
    await state.clear()
    text, markup = await audience_screen(session, t, settings, row)
    await message.answer(text, reply_markup=markup)
