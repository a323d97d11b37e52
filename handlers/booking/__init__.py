"""Appointment booking at the Center, and the coordinators' review.

`FEATURE` is defined in `handlers/booking/router.py` and loaded on first access, so that other
features can import `handlers.booking.callbacks` (BookCb) without pulling in every booking
handler.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "FEATURE":
        from handlers.booking.router import FEATURE

        return FEATURE
    raise AttributeError(name)
