"""Callback data other features use to offer a booking (e.g. "book a consultation")."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class BookCb(CallbackData, prefix="book"):
    # orientation | consultation | certification | reintegration; "" shows the service list
    service: str = ""
    source: str = "menu"
