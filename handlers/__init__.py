"""All routers, in the order updates try them. Feature routers go between `settings` and the
catch-alls; the catch-alls (`coming soon` menu entries, fallback) must stay last.

Every router declares where it answers (`bot.filters.declare_scope`): personal routers only in
private chats; Ask the Center also in the staff forum group (its sub-routers narrow it down);
what a group sends ends in `handlers.groups`, which shows nothing personal. Channels: never."""

from __future__ import annotations

from aiogram import Router


def build_root_router() -> Router:
    # Imported here so that importing `handlers` has no side effects (tests build many).
    from bot.filters import declare_scope
    from handlers import (
        ask,
        errors,
        fallback,
        groups,
        membership,
        menu,
        onboarding,
        privacy,
        roles,
        settings,
    )
    from handlers.guides import sos_router

    root = Router(name="jol")
    personal = [
        membership.router,
        menu.router,  # /menu, /cancel, /help: work in the middle of any flow
        sos_router,  # the emergency card too, and without ending the flow
        onboarding.router,
        privacy.router,
        roles.router,
        settings.router,
        *feature_routers(),
        menu.coming_soon_router,
        fallback.router,
    ]
    for router in personal:
        if router is ask.router:
            declare_scope(router, "private", "staff")  # the forum's topic actions too
        else:
            declare_scope(router, "private")
    # Last: what groups send (see handlers/groups.py), and any button nothing else took.
    children = [errors.router, *personal, groups.router]
    for child in children:
        _detach(child)
    root.include_routers(*children)
    return root


def _detach(router: Router) -> None:
    """Module-level routers can have one parent; a test process builds several dispatchers
    (one per database), so a router is moved from its previous tree to the new one."""
    parent = router.parent_router
    if parent is not None:
        parent.sub_routers.remove(router)
        router._parent_router = None


def feature_routers() -> list[Router]:
    """Each capability's router. Add yours here."""
    from handlers import ask, broadcast, contract, guides, reminders
    from handlers.booking.router import router as booking_router

    routers: list[Router] = [
        # First: while a person's case is open, their free text goes to the consultant, not to
        # the guides' search (see handlers/ask/__init__.py).
        ask.router,
        booking_router,
        guides.router,
        contract.router,
        reminders.router,
        broadcast.router,  # staff broadcasts; recipients' "turn off news" button
        # Last: any text typed outside a dialogue becomes a search in the guides.
        guides.free_text_router,
    ]
    return routers
