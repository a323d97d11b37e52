"""Staff broadcasts (issue #8): compose per language, preview, target, approve, send through the
outbox at Telegram's pace, follow progress, pause / resume / cancel; /broadcasts history; and
the "turn off news" button recipients see.

The staff modules (compose, audience, send, history) each declare the STAFF role on their
router (`bot.access.declare_role`): a forged button is refused before any handler runs. The
recipients' `news` router stays open to everyone. Delivery is fed to the outbox by
`handlers/broadcast/jobs.py`.
"""

from __future__ import annotations

from aiogram import Router

from bot.aiogram_compat import module_router
from bot.features import Feature
from db.queries.broadcast import PERSONAL_DATA
from handlers.broadcast import audience, compose, history, jobs, news, send


def build_router() -> Router:
    router = Router(name=__name__)
    router.include_routers(*(module_router(m) for m in (compose, audience, send, history, news)))
    return router


FEATURE = Feature(
    name="broadcast",
    routers=lambda: [build_router()],
    jobs=jobs.JOBS,
    personal_data=PERSONAL_DATA,
    text_prefixes=("broadcast-",),
)

__all__ = ["FEATURE", "build_router"]
