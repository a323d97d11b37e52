"""Guides by destination, emergency cards, search and the content staff commands.

`sos_router` goes right after the menu's router (the emergency card works inside any
dialogue); `router` goes with the other feature routers; `free_text_router` (search for any
text typed outside a dialogue) must come after all of them.
"""

from __future__ import annotations

from aiogram import Router

from handlers.guides import browse, search, sos

router = Router(name=__name__)
router.include_routers(browse.router, search.router)
free_text_router = search.free_text_router
sos_router = sos.router

__all__ = ["free_text_router", "router", "sos_router"]
