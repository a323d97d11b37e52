"""A bot's queue of pending updates, with Telegram's confirmation rules.

An update stays pending until the bot confirms it by calling getUpdates with an `offset` above
its `update_id` (or, under a webhook, until the webhook accepted it). A negative offset keeps
only the last `-offset` updates. Update types outside `allowed_updates` are never queued, which
is what Telegram does: the setting filters updates as they are created.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

__all__ = ["ALL_UPDATE_TYPES", "DEFAULT_UPDATE_TYPES", "UpdateQueue", "effective_allowed"]

ALL_UPDATE_TYPES = (
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_connection",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
    "message_reaction",
    "message_reaction_count",
    "inline_query",
    "chosen_inline_result",
    "callback_query",
    "shipping_query",
    "pre_checkout_query",
    "purchased_paid_media",
    "poll",
    "poll_answer",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
    "chat_boost",
    "removed_chat_boost",
)
# What a bot receives when allowed_updates was never given or was an empty list.
DEFAULT_UPDATE_TYPES = frozenset(ALL_UPDATE_TYPES) - {
    "chat_member",
    "message_reaction",
    "message_reaction_count",
}


def effective_allowed(allowed: list[str] | None) -> frozenset[str]:
    if not allowed:
        return DEFAULT_UPDATE_TYPES
    return frozenset(allowed)


class UpdateQueue:
    def __init__(self, first_id: int = 1) -> None:
        self.next_id = first_id
        self.pending: list[dict[str, Any]] = []
        self._waiters: set[asyncio.Future[None]] = set()

    def push(self, update_type: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": self.next_id, update_type: payload}
        self.next_id += 1
        self.pending.append(update)
        self._wake()
        return update

    def _wake(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    def confirm(self, offset: int) -> None:
        """Apply getUpdates' `offset`: drop confirmed updates (or all but the last -offset)."""
        if offset > 0:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]
        elif offset < 0:
            self.pending = self.pending[offset:]

    def drop(self, update_id: int) -> None:
        self.pending = [u for u in self.pending if u["update_id"] != update_id]

    def clear(self) -> None:
        self.pending.clear()

    def peek(self, limit: int = 100) -> list[dict[str, Any]]:
        return self.pending[:limit]

    async def wait(self, seconds: float, *also: asyncio.Future[Any]) -> None:
        """Sleep until an update is pushed, one of `also` completes, or `seconds` pass."""
        if self.pending or seconds <= 0:
            return
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        self._waiters.add(waiter)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    asyncio.wait([waiter, *also], return_when=asyncio.FIRST_COMPLETED), seconds
                )
        finally:
            self._waiters.discard(waiter)
            if not waiter.done():
                waiter.cancel()
