"""The licensed-agency check: a person types a name or permit number, Jol looks it up in the
register imported from the Ministry of Labour's list.

What people type is neither stored nor logged: a search for an agency can say a lot about a
person's plans.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, Filter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Catalog, Translator
from bot.ui import answer_parts, framed, show, texts_in_all_locales
from db.clock import local_now
from db.queries import contract as q
from domain.agencies import find, is_demo
from handlers.contract import render
from handlers.contract.callbacks import AgCb

router = Router(name=__name__)

# Longer than any agency's name or permit number: not looked up (fuzzy matching would only
# cost time), answered "not on the list" with the text shown whole.
MAX_QUERY = 100


class AgencySearch(StatesGroup):
    query = State()


class TypedQuery(Filter):
    """Plain typed text: not a command, and not the always-visible Menu / SOS buttons (those
    belong to their own handlers even while the agency search waits for a name)."""

    async def __call__(self, message: Message, catalog: Catalog) -> bool:
        text = message.text
        if not text or text.startswith("/"):
            return False
        keyboard = texts_in_all_locales(catalog, "kb-menu") | texts_in_all_locales(
            catalog, "kb-sos"
        )
        return text not in keyboard


async def leave_search(state: FSMContext) -> None:
    """Navigating elsewhere in the check ends the search, so later text is not taken for a
    name. Other features' states are left alone."""
    if await state.get_state() == AgencySearch.query.state:
        await state.clear()


async def open_search(
    event: Message | CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    await state.set_state(AgencySearch.query)
    updated = await q.register_updated_at(session)
    day = updated.astimezone(settings.tz).date() if updated else None
    demo = any(is_demo(entry) for entry in await q.all_agencies(session))
    await show(event, *render.agency_prompt(t, day, demo))


@router.message(Command("agency"))
async def cmd_agency(
    message: Message, state: FSMContext, session: AsyncSession, t: Translator, settings: Settings
) -> None:
    await open_search(message, state, session, t, settings)


@router.callback_query(AgCb.filter(F.a == "ask"))
async def on_ask(
    query: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    await open_search(query, state, session, t, settings)


@router.message(AgencySearch.query, TypedQuery())
async def on_query(
    message: Message, session: AsyncSession, t: Translator, settings: Settings
) -> None:
    typed = (message.text or "").strip()
    if len(typed) < 2:
        await message.answer(t("contract-agency-too-short"))
        return
    entries = await q.all_agencies(session)
    today = local_now(settings.tz).date()
    again = t("contract-agency-again")
    if not entries:
        # No register loaded: never say "not found" — that would read as "not licensed".
        await message.answer(
            f"{t('contract-agency-empty')}\n\n{again}",
            reply_markup=render.help_kb(t, ministry=True),
        )
        return
    if any(is_demo(entry) for entry in entries):
        # The playground's made-up register: say so above every answer drawn from it.
        again = f"{again}\n\n{t('contract-agency-demo-register')}"
    matches = find(typed, entries) if len(typed) <= MAX_QUERY else []
    exact = [m.entry for m in matches if m.exact]
    similar = [m.entry for m in matches if not m.exact]
    if len(exact) == 1:
        text = render.agency_card(t, exact[0], today)
        if similar:
            text += "\n\n" + t("contract-agency-also")
        await message.answer(f"{text}\n\n{again}", reply_markup=render.help_kb(t, similar))
    elif exact or similar:
        # What the person typed is echoed after the template, escaped, never as a placeable.
        hint = f"{t('contract-agency-candidates-hint')}\n\n{again}"
        await answer_parts(
            message,
            framed(t("contract-agency-candidates"), typed, hint),
            render.help_kb(t, [*exact, *similar]),
        )
    else:
        hint = f"{t('contract-agency-not-found-hint')}\n\n{again}"
        await answer_parts(
            message,
            framed(t("contract-agency-not-found"), typed, hint),
            render.help_kb(t, ministry=True),
        )


@router.message(AgencySearch.query, ~F.text)
async def on_not_text(message: Message, t: Translator) -> None:
    await message.answer(t("contract-agency-not-text"))


@router.callback_query(AgCb.filter(F.a == "show"))
async def on_show(
    query: CallbackQuery,
    callback_data: AgCb,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    entry = await q.get_agency(session, callback_data.id)
    if entry is None:
        # The register was replaced since these buttons were made.
        await query.answer(t("contract-agency-outdated"), show_alert=True)
        return
    today = local_now(settings.tz).date()
    text = render.agency_card(t, entry, today)
    if isinstance(query.message, Message):
        await query.message.answer(
            f"{text}\n\n{t('contract-agency-again')}", reply_markup=render.help_kb(t)
        )
