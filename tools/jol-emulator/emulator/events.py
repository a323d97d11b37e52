"""An append-only, numbered event log with waiters.

Everything a UI or a test may want to react to (a bot message appears, is edited or deleted, a
callback is answered, a chat action is shown) is published here. Consumers read events after
a sequence number, either by long polling or over Server-Sent Events, so they never miss an
event that happened between two reads and never need a fixed sleep.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from typing import Any

__all__ = ["EventLog"]


class EventLog:
    """Events are dicts with `seq` (1, 2, ...), `type`, `time` plus type-specific fields."""

    def __init__(self, capacity: int = 20_000) -> None:
        self._events: deque[dict[str, Any]] = deque(maxlen=capacity)
        self._seq = 0
        self._waiters: set[asyncio.Future[None]] = set()

    @property
    def last_seq(self) -> int:
        return self._seq

    def publish(self, event_type: str, time: float, **fields: Any) -> dict[str, Any]:
        self._seq += 1
        event = {"seq": self._seq, "type": event_type, "time": time, **fields}
        self._events.append(event)
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()
        return event

    def after(
        self, seq: int, *, chat_id: int | None = None, bot_id: int | None = None, limit: int = 1000
    ) -> list[dict[str, Any]]:
        """Events with a sequence number above `seq`, optionally for one chat and/or bot."""
        result = []
        for event in self._events:
            if event["seq"] <= seq:
                continue
            if chat_id is not None and event.get("chat_id") != chat_id:
                continue
            if bot_id is not None and event.get("bot_id") not in (None, bot_id):
                continue
            result.append(event)
            if len(result) >= limit:
                break
        return result

    async def wait(self, seq: int, seconds: float, **filters: Any) -> list[dict[str, Any]]:
        """Return events after `seq` as soon as there are some, or [] after `seconds`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while True:
            events = self.after(seq, **filters)
            remaining = deadline - loop.time()
            if events or remaining <= 0:
                return events
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.add(waiter)
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(waiter, remaining)
            finally:
                self._waiters.discard(waiter)

    def clear(self) -> None:
        """Forget the events but keep numbering, so a client's cursor stays meaningful."""
        self._events.clear()
