"""All routers, in the order updates try them. Feature routers go between `settings` and the
catch-alls; the catch-alls (`coming soon` menu entries, fallback) must stay last."""

from __future__ import annotations

from aiogram import Router


def build_root_router() -> Router:
    # Imported here so that importing `handlers` has no side effects (tests build many).
    from handlers import errors, fallback, membership, menu, onboarding, privacy, roles, settings
    from handlers.guides import sos_router

    root = Router(name="jol")
    children = [
        errors.router,
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
