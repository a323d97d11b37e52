"""A Bot API call made while handling someone's update waits out a 429 and is made again.

Telegram's rule is to wait `retry_after` and then send (engineering notes). The outbox does
that for what it sends (bot/sender.py: the row goes again after the ban). A handler's own
call, answering the person in front of it, used to fail instead: the update failed and the
person got no answer at all. In the mixed broadcast bench (a broadcast at 1,000/s while
people press buttons) 79 of 3,235 presses failed this way; now none do, and those replies
come about a second later. Such a call waits and is made once more if the wait is short
enough for someone looking at their phone; a longer ban still fails at once, as before.
"""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType

from bot.sender import REPLY_WAITS_OUT_BANS_UP_TO, in_paced_send

log = logging.getLogger("jol.flood")

# Longer than this, the person would rather be told to try again than wait.
MAX_WAIT_SECONDS = REPLY_WAITS_OUT_BANS_UP_TO


class RetryAfterOnce(BaseRequestMiddleware):
    def __init__(self, max_wait: float = MAX_WAIT_SECONDS) -> None:
        self.max_wait = max_wait

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        try:
            return await make_request(bot, method)
        except TelegramRetryAfter as exc:
            # The outbox's sends have their own policy (their row goes again after the ban).
            if in_paced_send() or exc.retry_after > self.max_wait:
                raise
            log.warning(
                "flood control on a reply: waiting",
                extra={"method": method.__api_method__, "retry_after": exc.retry_after},
            )
            await asyncio.sleep(exc.retry_after)
            return await make_request(bot, method)
