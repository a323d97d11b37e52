"""The features, in one explicit list, and the root router built from them.

`FEATURES` is read at start-up by `bot/runtime.py:build_runtime`: their routers, jobs, deep
links, digest sections and personal data reach the bot only through it. A new feature is a
package `handlers/<feature>/` exposing `FEATURE` (bot/features.py) plus one line here.

Router order: updates try the stages in order (`bot.features.Stage`: errors, front, features,
free text, catch-all, groups), and within a stage the features' routers in `FEATURES` order.
So: Ask the Center before every other feature (a person's open case takes their free text);
the guides' search after every feature; the "coming soon" menu entries and the fallback last.

Every router declares where it answers (`Feature.scopes`, `bot.filters.declare_scope`):
personal routers only in private chats; Ask the Center also in the staff forum group (its
sub-routers narrow it down); what a group sends ends in `handlers.groups`, which shows nothing
personal. Channels: never.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiogram import Router

from bot.aiogram_compat import module_router
from bot.features import DeepLink, Feature, Stage
from bot.filters import declare_scope
from bot.routing import gate_routers
from handlers import (
    ask,
    booking,
    broadcast,
    console,
    contract,
    errors,
    fallback,
    groups,
    guides,
    membership,
    menu,
    onboarding,
    privacy,
    reminders,
    roles,
    settings,
)


def _one(module: object, stage: Stage = Stage.FRONT) -> Feature:
    """A feature that is a single module with one router (no jobs, links or tables)."""
    name = getattr(module, "__name__", "?").rpartition(".")[2]
    return Feature(name=name, routers=lambda: {stage: [module_router(module)]})  # type: ignore[arg-type]


FEATURES: tuple[Feature, ...] = (
    Feature(
        name="errors",
        routers=lambda: {Stage.ERRORS: [module_router(errors)]},
        scopes=(),  # sees no updates: errors only
    ),
    _one(membership),
    Feature(
        name="menu",
        routers=lambda: {
            # /menu, /cancel, /help: work in the middle of any flow.
            Stage.FRONT: [module_router(menu)],
            # Main-menu items nobody handles (yet).
            Stage.CATCH_ALL: [module_router(menu, "coming_soon_router")],
        },
        text_prefixes=("menu-",),
    ),
    ask.FEATURE,
    booking.FEATURE,
    guides.FEATURE,
    _one(onboarding),
    Feature(
        name="privacy",
        routers=lambda: {Stage.FRONT: [module_router(privacy)]},
        deep_links=(DeepLink("privacy", privacy.open_privacy),),
        text_prefixes=("mydata-", "erase-", "privacy-"),
    ),
    Feature(
        name="roles",
        routers=lambda: {Stage.FRONT: [module_router(roles)]},
        text_prefixes=("roles-",),
    ),
    Feature(
        name="settings",
        routers=lambda: {Stage.FRONT: [module_router(settings)]},
        text_prefixes=("settings-",),
    ),
    contract.FEATURE,
    reminders.FEATURE,
    broadcast.FEATURE,  # staff broadcasts; recipients' "turn off news" button
    console.FEATURE,  # the staff console: /console sign-in links, /stats, the web pages
    _one(fallback, Stage.CATCH_ALL),
    Feature(
        name="groups",
        # Last: what groups send (see handlers/groups.py), and any button nothing else took.
        routers=lambda: {Stage.GROUPS: [module_router(groups)]},
        scopes=(),  # declares its own
        deep_links=(DeepLink(groups.DEEP_LINK, groups.open_from_group),),
        text_prefixes=("groups-",),
    ),
)


def build_root_router(features: Sequence[Feature] = FEATURES) -> Router:
    """A fresh tree of routers for one dispatcher (a test process builds many)."""
    staged: dict[Stage, list[Router]] = {stage: [] for stage in Stage}
    for feature in features:
        for stage, routers in feature.staged_routers().items():
            for router in routers:
                if feature.scopes:
                    declare_scope(router, *feature.scopes)
                staged[stage].append(router)
    root = Router(name="jol")
    root.include_routers(*(router for stage in Stage for router in staged[stage]))
    gate_routers(root)  # a press or a typed message skips the routers that cannot take it
    return root


__all__ = ["FEATURES", "build_root_router"]
