"""The emergency card: one tap from anywhere (/sos, the 🆘 keyboard button, the menu, a QR).

This router is included right after the menu's, before every dialogue: someone in danger
must get the card even in the middle of onboarding or a booking. It never clears the
dialogue's state, so nothing typed so far is lost.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from bot.context import UpdateContext
from bot.filters import LocalizedText
from bot.ui import show
from content import ContentStore, check_key
from content.model import SOS_KEY, text_hash
from db.models import User
from db.queries.content_checks import latest_check
from handlers.guides import render
from handlers.guides.callbacks import SosCb
from handlers.guides.holder import holder_from, inject_content
from handlers.menu import MenuCb

router = Router(name=__name__)
router.message.middleware(inject_content)
router.callback_query.middleware(inject_content)


@router.message(Command("sos"))
@router.message(LocalizedText("kb-sos"))
@router.callback_query(MenuCb.filter(F.item == "sos"))
async def on_sos(
    event: Message | CallbackQuery, ctx: UpdateContext, content: ContentStore
) -> None:
    """The card for the person's destination (the general one if unknown)."""
    session, settings, t, locale, user = ctx.session, ctx.settings, ctx.t, ctx.locale, ctx.user
    card = content.emergency(user.destination if user is not None else None)
    check = await latest_check(session, check_key(SOS_KEY, card.key), settings.tz, text_hash(card))
    await show(event, *render.sos_screen(card, t, locale, check, render.center_line(t, settings)))


@router.callback_query(SosCb.filter())
async def on_sos_card(
    query: CallbackQuery, callback_data: SosCb, ctx: UpdateContext, content: ContentStore
) -> None:
    session, settings, t, locale = ctx.session, ctx.settings, ctx.t, ctx.locale
    if callback_data.key == "list":
        await show(query, *render.sos_list_screen(content, t, locale))
        return
    card = content.emergency(callback_data.key)
    check = await latest_check(session, check_key(SOS_KEY, card.key), settings.tz, text_hash(card))
    await show(query, *render.sos_screen(card, t, locale, check, render.center_line(t, settings)))


async def open_sos_link(message: Message, argument: str, data: dict[str, Any]) -> bool:
    """`sos` → the person's card, `sos_<dest>` → that destination's card (QR at the Center)."""
    content = holder_from(data).store
    user: User | None = data.get("user")
    if argument and argument not in content.cards:
        return False
    key = argument or (user.destination if user is not None else None)
    card = content.emergency(key)
    settings: Settings = data["settings"]
    check = await latest_check(
        data["session"], check_key(SOS_KEY, card.key), settings.tz, text_hash(card)
    )
    center = render.center_line(data["t"], settings)
    text, markup = render.sos_screen(card, data["t"], data["locale"], check, center)
    await message.answer(text, reply_markup=markup)
    return True
