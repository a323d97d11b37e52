"""One structured log line per update: type, handler outcome and duration, a pseudonymous user
reference. Never message text, names or phone numbers."""

from __future__ import annotations

import hmac
import logging
import time
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update

from bot.middleware_types import NextHandler, UpdateData

log = logging.getLogger("jol.updates")


def pseudonym(user_id: int, key: bytes) -> str:
    """A stable short reference for one user in logs that cannot be turned back into the id
    without the key (the bot token)."""
    return hmac.digest(key, str(user_id).encode(), "sha256").hex()[:12]


class UpdateLogMiddleware(BaseMiddleware):
    def __init__(self, key: bytes) -> None:
        self.key = key

    async def __call__(self, handler: NextHandler, event: TelegramObject, data: UpdateData) -> Any:
        assert isinstance(event, Update)
        started = time.perf_counter()
        outcome = "error"
        try:
            result = await handler(event, data)
            outcome = "unhandled" if result is UNHANDLED else "ok"
            return result
        finally:
            tg_user = data.get("event_from_user")
            log.info(
                "update",
                extra={
                    "update_id": event.update_id,
                    "type": event.event_type,
                    "outcome": outcome,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "user": pseudonym(tg_user.id, self.key) if tg_user else None,
                },
            )
