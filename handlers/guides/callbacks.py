"""Callback data of the guides feature (ids and enums only: Telegram allows 64 bytes)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class GuideCb(CallbackData, prefix="gd"):
    # a: list (destinations) | d (a destination) | s (a section page) | dl (download)
    #    | q (search prompt)
    a: str
    d: str = ""
    s: str = ""
    p: int = 0
    # first characters of the content version the button was made with (stale detection)
    v: str = ""


class SosCb(CallbackData, prefix="sos"):
    # a destination, "general", or "list" for the choice of country
    key: str
