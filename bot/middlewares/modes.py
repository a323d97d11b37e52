"""Modes are explicit: a command or a main-menu tap always ends "what I type goes to X".

Free-text modes (writing to an open question, search, dates, an agency name, a broadcast text, a
consultant's answer, …) take whatever the person types next. A person who runs /mydata or taps
the menu has moved on; if the mode stayed, the next thing they typed ("патент", meant for the
search) would be swallowed by it. So before any handler is chosen, such an update ends the mode
— the FSM state — and handlers see the person in no mode. What the modes refer to is stored
elsewhere and stays (an open question stays open; only the writing ends).

A first onboarding is left alone: it is a gate with its own resume logic (a command such as /sos
still answers in the middle of it, and the step waits). Once a person is onboarded, its steps
reopened later (/language) are ordinary modes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.i18n import Catalog
from bot.ui import texts_in_all_locales
from db.models import User

# The main menu's own callback prefix (handlers.menu.MenuCb); a string here so that this
# process-level module does not import a feature package.
MENU_PREFIX = "m:"
ONBOARDING_PREFIX = "Onboarding:"
MENU_BUTTON_KEYS = ("kb-menu", "kb-sos")

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


def leaves_mode(event: TelegramObject, catalog: Catalog) -> bool:
    """A command, a reply-keyboard menu button or a main-menu button."""
    if isinstance(event, Message):
        text = event.text or ""
        if text.startswith("/"):
            return True
        return any(text in texts_in_all_locales(catalog, key) for key in MENU_BUTTON_KEYS)
    if isinstance(event, CallbackQuery):
        return (event.data or "").startswith(MENU_PREFIX)
    return False


def _in_first_onboarding(raw_state: str, user: User | None) -> bool:
    return raw_state.startswith(ONBOARDING_PREFIX) and (user is None or user.onboarded_at is None)


class LeaveModes(BaseMiddleware):
    """Outer middleware for messages and callback queries (runs before the filters)."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        state: FSMContext | None = data.get("state")
        raw = data.get("raw_state")
        if (
            state is not None
            and raw is not None
            and not _in_first_onboarding(str(raw), data.get("user"))
            and leaves_mode(event, data["catalog"])
        ):
            await state.set_state(None)
            data["raw_state"] = None  # StateFilter reads this, not the storage
        return await handler(event, data)
