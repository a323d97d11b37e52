"""The "turn off news" button under every broadcast, for the people who receive them.

News only: booking reminders and other notices are not affected. The same message then offers
to turn news back on (settings offer the same switch).
"""

from __future__ import annotations

import contextlib

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, InaccessibleMessage
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from db.models import User
from db.queries import broadcast as q
from db.queries.users import update_profile
from handlers.broadcast.callbacks import NewsCb
from handlers.broadcast.message import news_off_kb, news_on_kb

router = Router(name=__name__)


@router.callback_query(NewsCb.filter())
async def on_news(
    query: CallbackQuery,
    callback_data: NewsCb,
    session: AsyncSession,
    user: User | None,
    t: Translator,
) -> None:
    if user is None or not user.has_consented:
        await query.answer(t("broadcast-news-unknown"), show_alert=True)
        return
    if user.news_enabled != callback_data.on:
        await update_profile(session, user, news_enabled=callback_data.on)
        if callback_data.b:
            await q.count_news_switch(
                session, callback_data.b, user.id, turned_off=not callback_data.on
            )
    if not callback_data.on:
        # Broadcasts already queued for this person are withdrawn too.
        await q.withdraw_for_user(session, user.id)
    await query.answer(t("broadcast-news-changed", news="on" if callback_data.on else "off"))
    message = query.message
    if message is not None and not isinstance(message, InaccessibleMessage):
        shown = news_off_kb if callback_data.on else news_on_kb
        markup = shown(t, callback_data.b)
        # The setting is saved either way; the button is a convenience.
        with contextlib.suppress(TelegramAPIError):
            await message.edit_reply_markup(reply_markup=markup)
