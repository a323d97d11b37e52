"""Every callback query is answered exactly once.

aiogram's CallbackAnswerMiddleware cannot tell that a handler already called `query.answer()`
itself, answers a second time, gets "query is too old" and turns a good update into an error
(rolling back its transaction). Here the Bot's session notes every answerCallbackQuery it sends
for the update being handled, and the middleware answers only the ones nobody answered — even
when the handler failed, so no button keeps spinning.

In webhook mode the answer to a handled press goes back as the response to Telegram's request
(`Delivery.reply`, bot/web/server.py): Telegram makes the call, and the bot saves a whole Bot
API request on most updates. Its result is never needed: a press too old to answer has nothing
left to fix. A press whose handler failed is still answered by a call of its own.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import CallbackQuery, TelegramObject
from aiogram.utils.callback_answer import CallbackAnswer

from bot.middleware_types import NextHandler, UpdateData

_answered: ContextVar[set[str] | None] = ContextVar("answered_callbacks", default=None)


class TrackCallbackAnswers(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        if isinstance(method, AnswerCallbackQuery):
            answered = _answered.get()
            if answered is not None:
                answered.add(method.callback_query_id)
        return await make_request(bot, method)


class AnswerCallbacks(BaseMiddleware):
    async def __call__(self, handler: NextHandler, event: TelegramObject, data: UpdateData) -> Any:
        if not isinstance(event, CallbackQuery):
            return await handler(event, data)
        answered: set[str] = set()
        token = _answered.set(answered)
        # Handlers may also set the notice declaratively (aiogram's CallbackAnswer object):
        # `callback_answer.text = ...` is sent by the final answer below.
        planned = data["callback_answer"] = CallbackAnswer(answered=False)
        handled = False
        try:
            result = await handler(event, data)
            handled = True
            return result
        finally:
            _answered.reset(token)
            if event.id not in answered and not planned.disabled:
                answer = event.answer(
                    text=planned.text,
                    show_alert=planned.show_alert,
                    url=planned.url,
                    cache_time=planned.cache_time,
                )
                delivery = data.get("jol_delivery")
                if handled and delivery is not None:
                    delivery.reply = answer
                else:
                    # Too late or already answered elsewhere: nothing left to do for this press.
                    with contextlib.suppress(TelegramAPIError):
                        await answer
