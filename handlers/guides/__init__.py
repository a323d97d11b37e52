"""Guides by destination, emergency cards, search and the content staff commands.

Three places in the root router: the emergency card right after the menu's router (it works
inside any dialogue), the guides with the other features, and the search for any text typed
outside a dialogue after all of them.
"""

from __future__ import annotations

from aiogram import Router

from bot.aiogram_compat import module_router
from bot.features import DeepLink, Feature, Stage
from db.queries import content_checks, content_releases
from handlers.guides import browse, search, sos


def build_router() -> Router:
    router = Router(name=__name__)
    router.include_routers(module_router(browse), module_router(search))
    return router


def build_routers() -> dict[Stage, list[Router]]:
    return {
        Stage.FRONT: [module_router(sos)],
        Stage.FEATURES: [build_router()],
        Stage.FREE_TEXT: [module_router(search, "free_text_router")],
    }


FEATURE = Feature(
    name="guides",
    routers=build_routers,
    deep_links=(DeepLink("g", browse.open_guide_link), DeepLink("sos", sos.open_sos_link)),
    personal_data=(*content_checks.PERSONAL_DATA, *content_releases.PERSONAL_DATA),
    text_prefixes=("guides-",),
)

__all__ = ["FEATURE", "build_router", "build_routers"]
