"""Staff broadcasts (issue #8): compose per language, preview, target, approve, send through the
outbox at Telegram's pace, follow progress, pause / resume / cancel; /broadcasts history; and
the "turn off news" button recipients see.

Every staff handler checks the role itself (`bot.access.allowed`): callback data is easy to
forge. Delivery is fed to the outbox by `bot/workers/broadcast.py`.
"""

from __future__ import annotations

from aiogram import Router

from handlers.broadcast import audience, compose, history, news, send

router = Router(name=__name__)
router.include_routers(compose.router, audience.router, send.router, history.router, news.router)

__all__ = ["router"]
