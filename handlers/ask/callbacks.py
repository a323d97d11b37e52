"""Callback data other features use to open "Ask the Center" (search with no match, the
emergency card, a red contract check, the main menu)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class AskCb(CallbackData, prefix="ask"):
    # documents | wages | police | health | contract | return | other; "" lets the person choose
    topic: str = ""
    # where the person came from, for content-gap stats: menu | sos | check | search | guide
    source: str = "menu"
