"""Filters shared by features."""

from __future__ import annotations

from aiogram import Router
from aiogram.enums import ChatType
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Chat, ChatMemberUpdated, Message, TelegramObject

from bot.config import Settings
from bot.i18n import Catalog
from bot.ui import texts_in_all_locales


class LocalizedText(Filter):
    """Matches a reply-keyboard button's text in any of the three languages."""

    def __init__(self, key: str) -> None:
        self.key = key

    async def __call__(self, message: Message, catalog: Catalog) -> bool:
        return message.text is not None and message.text in texts_in_all_locales(catalog, self.key)


class PlainText(Filter):
    """Typed text that is not a command: what a flow waiting for an answer should take, so that
    /cancel, /menu and other commands keep working in the middle of any flow."""

    async def __call__(self, message: Message) -> bool:
        return bool(message.text) and not (message.text or "").startswith("/")


class ChatScope(Filter):
    """Where a router answers: "private" (a person's own chat with the bot), "staff" (the
    consultants' forum group, STAFF_CHAT_ID) or "group" (any other group or supergroup).
    Channels are never a scope. Updates without a chat (inline callbacks) match no scope.

    Declared on routers in `handlers/__init__.py`, so a personal screen can never be shown
    where other people read along; `tests/foundation/test_chat_scopes.py` walks every handler.
    """

    SCOPES = frozenset({"private", "staff", "group"})

    def __init__(self, *scopes: str) -> None:
        unknown = set(scopes) - self.SCOPES
        if unknown or not scopes:
            raise ValueError(f"unknown chat scopes: {sorted(unknown)}")
        self.scopes = frozenset(scopes)

    async def __call__(self, event: TelegramObject, settings: Settings) -> bool:
        chat = chat_of(event)
        return chat is not None and scope_of(chat, settings.staff_chat_id) in self.scopes

    def __str__(self) -> str:
        return f"ChatScope({', '.join(sorted(self.scopes))})"


def chat_of(event: TelegramObject) -> Chat | None:
    """The chat an update happens in (for a button: the chat of the message it is on)."""
    if isinstance(event, Message | ChatMemberUpdated):
        return event.chat
    if isinstance(event, CallbackQuery) and event.message is not None:
        return event.message.chat
    return None


def scope_of(chat: Chat, staff_chat_id: int | None) -> str | None:
    if chat.type == ChatType.PRIVATE:
        return "private"
    if staff_chat_id is not None and chat.id == staff_chat_id:
        return "staff"
    if chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
        return "group"
    return None  # channels


def declare_scope(router: Router, *scopes: str) -> Router:
    """Let `router` (and its sub-routers) answer only in `scopes`, for every kind of update.
    Idempotent: tests build many dispatchers from the same module-level routers."""
    scope = ChatScope(*scopes)
    for name, observer in router.observers.items():
        if name == "error":
            continue
        if any(isinstance(f.callback, ChatScope) for f in observer._handler.filters or ()):
            continue
        observer.filter(scope)
    return router


def scopes_of(router: Router, observer: str) -> frozenset[str] | None:
    """The scope declared on one of `router`'s observers (None: none declared)."""
    for f in router.observers[observer]._handler.filters or ():
        if isinstance(f.callback, ChatScope):
            return f.callback.scopes
    return None
