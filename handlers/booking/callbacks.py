"""Callback data other features use to offer a booking (e.g. "book a consultation")."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class BookCb(CallbackData, prefix="book"):
    # orientation | consultation | certification | reintegration; "" shows the service list
    service: str = ""
    source: str = "menu"


class BkCb(CallbackData, prefix="bk"):
    """The person's booking screens. Only ids and short values (64-byte limit)."""

    a: str  # action
    s: str = ""  # service key
    d: str = ""  # YYYYMM (a month) or YYYYMMDD (a day)
    t: int = 0  # slot start, minutes since the Unix epoch (UTC)
    i: int = 0  # booking id
    k: str = ""  # draft key: Confirm books once however often it is tapped


class CoCb(CallbackData, prefix="co"):
    """Coordinators' review. Every handler re-checks the role: the data can be forged."""

    a: str
    i: int = 0  # booking id
    d: str = ""  # YYYYMMDD (day list) or YYYYMM (calendar month)
    t: int = 0  # slot start in epoch minutes (reschedule)
    v: str = ""  # a choice: decline reason, result


class HrCb(CallbackData, prefix="hr"):
    """Coordinators' opening hours and closures."""

    a: str
    s: str = ""  # service key; "" = the whole Center (closures)
    w: int = 0  # weekday, 0 = Monday
    i: int = 0  # exception id
