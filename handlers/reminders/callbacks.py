"""Callback data of the reminders screens and of the survey buttons under reminder messages."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class RemCb(CallbackData, prefix="rem"):
    # list | pause | resume | stop | ans
    action: str
    c: str = ""  # campaign id (ans)
    q: int = 0  # question index (ans)
    a: int = 0  # answer index (ans)
