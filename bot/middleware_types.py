"""The shape of an aiogram middleware, named once: `__call__(self, handler, event, data)`.

aiogram's `BaseMiddleware.__call__` takes the next handler in the chain, the event and the
update's data dict; every middleware in Jol (and the test harness and benches) repeats it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.types import TelegramObject

# What the dispatcher passes along an update: aiogram's own values and what middlewares add.
UpdateData = dict[str, Any]
# The rest of the chain: the next middleware, or the handler itself.
NextHandler = Callable[[TelegramObject, UpdateData], Awaitable[Any]]

__all__ = ["NextHandler", "UpdateData"]
