"""Callback data of the contract check, the agency check and the register import."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class CkCb(CallbackData, prefix="ck"):
    # start | resume | restart | dest | ans | back | next | stop | result | share | intro
    a: str
    q: str = ""  # the question the button belongs to (stale buttons are recognised)
    v: str = ""  # an answer or a destination


class AgCb(CallbackData, prefix="agy"):
    a: str  # ask (open the search) | show (one register entry)
    id: int = 0


class AgImpCb(CallbackData, prefix="agimp"):
    a: str  # apply | cancel
    id: int
