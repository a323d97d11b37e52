"""Callback data of staff broadcasts and of the "turn off news" button under each broadcast.

Only ids and short codes (64-byte limit). The staff routers declare their role: the data of a
button can be forged by a modified client, and the gate refuses it before a handler runs.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class BcCb(CallbackData, prefix="bc"):
    a: str  # action (see handlers/broadcast/*.py)
    i: int = 0  # broadcast id (or page number for the history list)
    v: str = ""  # a choice: locale, "d-korea" (segment field-value), ...


class NewsCb(CallbackData, prefix="news"):
    """Under every broadcast: turn news off (and, on the same message, back on)."""

    on: bool
    b: int = 0  # the broadcast the button came with (0: none), for its opt-out count
