"""The booking feature's router, and its deep link, digest section, jobs and personal data.

Kept apart from `handlers/booking/__init__.py` so that other features can import
`handlers.booking.callbacks` (BookCb) without pulling in every booking handler.
Inside: the person's own bookings and the coordinators' screens first (their commands must
win over the booking steps' typed-text handlers), the booking flow last.
"""

from __future__ import annotations

from aiogram import Router

from bot.aiogram_compat import module_router
from bot.features import DeepLink, DigestSection, Feature
from db.queries.booking import PERSONAL_DATA
from handlers.booking import digest, flow, hours, mine, review, worker


def build_router() -> Router:
    router = Router(name="handlers.booking")
    router.include_routers(
        module_router(mine), module_router(review), module_router(hours), module_router(flow)
    )
    return router


FEATURE = Feature(
    name="booking",
    routers=lambda: [build_router()],
    jobs=worker.JOBS,
    deep_links=(DeepLink("book", flow.open_from_link),),
    digest_sections=(DigestSection("bookings", digest.compose_bookings, order=10),),
    personal_data=PERSONAL_DATA,
    text_prefixes=("booking-",),
)

__all__ = ["FEATURE", "build_router"]
