"""Search in the guides: /search, the Search button, and any text typed outside a dialogue.

No match is a real answer, not a dead end: the person is offered to ask the Center or book
a consultation.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.context import UpdateContext
from bot.i18n import Translator
from bot.ui import answer_parts, show
from content import ContentStore
from content.search import search
from db.queries.cases import record_content_gap
from handlers.guides import render
from handlers.guides.callbacks import GuideCb
from handlers.guides.holder import inject_content

router = Router(name=__name__)
#: Plain text typed when no dialogue is active. Must be included after every other feature
#: router (see handlers/__init__.py) so that their states and commands win.
free_text_router = Router(name=f"{__name__}.free_text")

for _r in (router, free_text_router):
    _r.message.middleware(inject_content)
    _r.callback_query.middleware(inject_content)

RESULTS = 5


class GuideSearch(StatesGroup):
    query = State()


async def answer_search(
    message: Message, query: str, ctx: UpdateContext, content: ContentStore
) -> None:
    t, locale, user = ctx.t, ctx.locale, ctx.user
    dest = user.destination if user is not None else None
    hits = search(content, query, locale, limit=RESULTS, dest=dest)
    if not hits:
        # An anonymous monthly count (no text, no user) tells editors what is missing.
        await record_content_gap(ctx.session, None, dest, locale, source="search")
    parts, markup = render.results_screen(content, hits, query, t, locale)
    await answer_parts(message, parts, markup)


@router.message(Command("search"))
async def cmd_search(
    message: Message, command: CommandObject, ctx: UpdateContext, content: ContentStore
) -> None:
    await ctx.state.clear()
    if command.args and command.args.strip():
        await answer_search(message, command.args, ctx, content)
        return
    await ctx.state.set_state(GuideSearch.query)
    text, markup = render.search_prompt_screen(ctx.t, "")
    await message.answer(text, reply_markup=markup)


@router.callback_query(GuideCb.filter(F.a == "q"))
async def on_search_button(
    query: CallbackQuery, callback_data: GuideCb, state: FSMContext, t: Translator
) -> None:
    await state.set_state(GuideSearch.query)
    await show(query, *render.search_prompt_screen(t, callback_data.d))


@router.message(GuideSearch.query, F.text)
async def on_search_query(message: Message, ctx: UpdateContext, content: ContentStore) -> None:
    await ctx.state.clear()
    await answer_search(message, message.text or "", ctx, content)


@router.message(GuideSearch.query)
async def on_search_not_text(message: Message, t: Translator) -> None:
    # A photo or sticker: say what to send and keep waiting for the words.
    await message.answer(t("guides-search-not-text"))


@free_text_router.message(StateFilter(None), F.text, ~F.text.startswith("/"))
async def on_free_text(message: Message, ctx: UpdateContext, content: ContentStore) -> None:
    await answer_search(message, message.text or "", ctx, content)
