"""Filters shared by features."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import Message

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
