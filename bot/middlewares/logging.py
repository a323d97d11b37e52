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

# Pseudonyms kept per process: people send several updates in a row, and an HMAC costs
# ~15 µs in the loaded process (a few µs alone: its code and tables fall out of the caches
# between updates). Cleared when full, so the dictionary stays small (about 1 MiB).
PSEUDONYMS_KEPT = 10_000


def pseudonym(user_id: int, key: bytes) -> str:
    """A stable short reference for one user in logs that cannot be turned back into the id
    without the key (the bot token)."""
    return hmac.digest(key, str(user_id).encode(), "sha256").hex()[:12]


class UpdateLogMiddleware(BaseMiddleware):
    def __init__(self, key: bytes) -> None:
        self.key = key
        self._pseudonyms: dict[int, str] = {}

    def pseudonym(self, user_id: int) -> str:
        """`pseudonym(user_id, key)`, kept for the next updates of the same person."""
        known = self._pseudonyms.get(user_id)
        if known is None:
            if len(self._pseudonyms) >= PSEUDONYMS_KEPT:
                self._pseudonyms.clear()
            known = self._pseudonyms[user_id] = pseudonym(user_id, self.key)
        return known

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
                    "user": self.pseudonym(tg_user.id) if tg_user else None,
                },
            )
