"""The booking feature's router, and its deep link and digest section.

Kept apart from `handlers/booking/__init__.py` so that other features can import
`handlers.booking.callbacks` (BookCb) without pulling in every booking handler.
Inside: the person's own bookings and the coordinators' screens first (their commands must
win over the booking steps' typed-text handlers), the booking flow last.
"""

from __future__ import annotations

from aiogram import Router

from handlers import deeplinks
from handlers.booking import digest, flow, hours, mine, review

router = Router(name="handlers.booking")
router.include_routers(mine.router, review.router, hours.router, flow.router)

deeplinks.register("book", flow.open_from_link)

__all__ = ["digest", "router"]
