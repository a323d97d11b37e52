"""Button presses go straight to the routers that can take them.

aiogram tries a callback query on every router in order, and on each router every handler's
filters, until one matches. With ~130 button handlers that was up to ~90 filter checks (each
parsing the button's data, most failing with an exception) before a reminders button found its
handler; aiogram's routing machinery was about a tenth of the bot's CPU in `bench/updates.py`.

Each button handler here filters on a `CallbackData` class, so a router's handlers can only
take data whose first part is one of their classes' prefixes. `gate_buttons` gives every such
router a root filter that lets through only data with one of the prefixes of the router and
its sub-routers: the other routers are passed over with one set lookup. A router with any
button handler that is not known this way (a catch-all such as the fallback) gets no gate,
nor do the routers above it, so the order of handling and what answers a press never change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any, cast

from aiogram import Router
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.types import CallbackQuery, TelegramObject


class ButtonPrefixes(Filter):
    """True for a press whose data starts with one of the prefixes (per separator)."""

    def __init__(self, prefixes: dict[str, frozenset[str]]) -> None:
        self.prefixes = prefixes

    async def __call__(self, query: CallbackQuery) -> bool:
        return self.admits(query)

    def admits(self, query: CallbackQuery) -> bool:
        data = query.data
        if data is None:
            return False
        return any(data.split(sep, 1)[0] in heads for sep, heads in self.prefixes.items())

    def __str__(self) -> str:
        heads = sorted(h for heads in self.prefixes.values() for h in heads)
        return f"ButtonPrefixes({', '.join(heads)})"


def _prefixes(router: Router) -> dict[str, set[str]] | None:
    """The prefixes (by separator) of every button `router` and its sub-routers can take;
    None when one of them could take any data."""
    found: dict[str, set[str]] = defaultdict(set)
    for handler in router.callback_query.handlers:
        known = [
            f.callback.callback_data
            for f in handler.filters or ()
            if isinstance(f.callback, CallbackQueryFilter)
        ]
        if not known:
            return None
        data_class = known[0]
        found[data_class.__separator__].add(data_class.__prefix__)
    for sub in router.sub_routers:
        below = _prefixes(sub)
        if below is None:
            return None
        for sep, heads in below.items():
            found[sep] |= heads
    return found


def gate_buttons(router: Router) -> None:
    """Give `router` and every router below it the gate its handlers allow (idempotent)."""
    found = _prefixes(router)
    observer = router.callback_query
    filters = observer._handler.filters or []
    # Module-level routers are reused by every dispatcher a test process builds.
    filters[:] = [f for f in filters if not isinstance(f.callback, ButtonPrefixes)]
    router.__dict__.pop("propagate_event", None)
    if found is not None:
        gate = ButtonPrefixes({sep: frozenset(h) for sep, h in found.items()})
        observer.filter(gate)
        if not observer.outer_middleware._middlewares:
            router.propagate_event = _passing_over(router, gate)  # type: ignore[method-assign,assignment]
    for sub in router.sub_routers:
        gate_buttons(sub)


def _passing_over(router: Router, gate: ButtonPrefixes) -> Callable[..., Awaitable[Any]]:
    """`router.propagate_event` that turns a press the gate would refuse away at the door.

    Refused there, aiogram still copied the update's data (some 30 entries) into a new call,
    wrapped the router's middlewares and ran its root filters (the chat scope, then the gate)
    before passing on: for the dozen or more routers a press passes on its way, a tenth of a
    millisecond of CPU per update. The answer is the same, UNHANDLED, and nothing of the
    router's ran: its callback observer has no outer middleware (else no shortcut is set) and
    root filters have no effects."""
    propagate = Router.propagate_event.__get__(router)

    async def propagate_event(update_type: str, event: TelegramObject, **kwargs: Any) -> Any:
        if update_type == "callback_query" and not gate.admits(cast(CallbackQuery, event)):
            return UNHANDLED
        return await propagate(update_type, event, **kwargs)

    return propagate_event


def gate_of(router: Router) -> ButtonPrefixes | None:
    for f in router.callback_query._handler.filters or ():
        if isinstance(f.callback, ButtonPrefixes):
            return f.callback
    return None


__all__ = ["ButtonPrefixes", "gate_buttons", "gate_of"]
