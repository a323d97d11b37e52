"""Role checks, declared once per router: `declare_role(router, Role.STAFF)`.

The gate is an *inner* middleware that `declare_role` installs on every observer of the
router (message, callback_query, ...). aiogram runs a router's inner middlewares for the
handlers of that router and of all its sub-routers, and only AFTER a handler's filters have
matched. So:
- an update only meets the gate when it is about to run one of the router's handlers, never
  when it merely passes by on its way to another feature (a router-level filter would let a
  forged callback fall through to the next router and end in silence or in the fallback);
- the gate refuses *before* the handler runs: a forged callback that matches a staff handler
  is answered with an alert, logged without personal data and audited ("refused", actor,
  action), exactly as `allowed()` did inside each handler.

The action written to the audit log is, in this order: the handler's own flag
(`@router.message(..., flags={"action": "broadcast.preview"})`), the router's `action`
(a string, or `action_by_detail("roles")` for "roles.<command or button action>"), or the
handler function's name.

`tests/foundation/test_declared_roles.py` walks every registered handler and fails when a
staff command, a staff button or a staff dialogue state is reachable without a declared role.

`allowed()` stays for checks that depend on runtime data rather than on the router.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import Any

from aiogram import BaseMiddleware, Router
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.dispatcher.flags import get_flag
from aiogram.filters import StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from bot.middleware_types import NextHandler, UpdateData
from db.queries.users import audit
from domain.roles import Role, has_role

log = logging.getLogger("jol.access")

# The audit name of a refused action: fixed, or computed from the handler data.
ActionName = str | Callable[[dict[str, Any]], str]


async def refuse(event: TelegramObject, t: Translator, session: AsyncSession, action: str) -> None:
    """Say no politely, log (no personal data: the action only) and audit."""
    user = getattr(event, "from_user", None)
    actor = user.id if user is not None else None
    log.warning("privileged action refused", extra={"action": action})
    await audit(session, "refused", actor, target=action)
    if isinstance(event, CallbackQuery):
        await event.answer(t("access-denied"), show_alert=True)
    elif isinstance(event, Message):
        await event.answer(t("access-denied"))


async def allowed(
    event: Message | CallbackQuery,
    roles: set[str] | frozenset[str],
    t: Translator,
    session: AsyncSession,
    action: str,
    *needed: Role,
) -> bool:
    """True when the sender holds one of `needed`; otherwise refuse politely, log and audit.
    For checks a router cannot declare (the role needed depends on the data)."""
    if has_role(roles, *needed):
        return True
    await refuse(event, t, session, action)
    return False


def handler_name(data: dict[str, Any]) -> str:
    handler = data.get("handler")
    callback = handler.callback if isinstance(handler, HandlerObject) else None
    return getattr(callback, "__name__", "?")


def matched_by_state(data: dict[str, Any]) -> bool:
    """Whether the handler about to run was chosen by a conversation state it waits in."""
    handler = data.get("handler")
    filters = handler.filters if isinstance(handler, HandlerObject) else None
    # unwrap: a sync filter may run wrapped (bot/aiogram_compat.py:run_sync_filters_inline).
    callbacks = [inspect.unwrap(f.callback) for f in filters or ()]
    return any(
        isinstance(c, State | StateFilter) or (isinstance(c, type) and issubclass(c, StatesGroup))
        for c in callbacks
    )


def action_by_detail(prefix: str) -> Callable[[dict[str, Any]], str]:
    """ "<prefix>.<detail>": the command's name (/grant → grant), else the button's `action`
    field, else the handler's name."""

    def name(data: dict[str, Any]) -> str:
        command = data.get("command")
        detail = getattr(command, "command", None)
        if detail is None:
            detail = getattr(data.get("callback_data"), "action", None)
        return f"{prefix}.{detail or handler_name(data)}"

    return name


class RoleGate(BaseMiddleware):
    """Lets a handler run only for someone holding one of `roles` (admins hold all)."""

    def __init__(self, roles: frozenset[Role], action: ActionName | None = None) -> None:
        self.roles = roles
        self.action = action

    def action_of(self, data: dict[str, Any]) -> str:
        flagged = get_flag(data, "action")
        if isinstance(flagged, str):
            return flagged
        if callable(self.action):
            return self.action(data)
        return self.action or handler_name(data)

    async def __call__(self, handler: NextHandler, event: TelegramObject, data: UpdateData) -> Any:
        if has_role(data.get("roles") or (), *self.roles):
            return await handler(event, data)
        await refuse(event, data["t"], data["session"], self.action_of(data))
        state = data.get("state")
        if data.get("raw_state") is not None and matched_by_state(data) and state is not None:
            # A step of a staff dialogue, begun before the role was taken away: leave it.
            await state.clear()
        return None

    def __str__(self) -> str:
        return f"RoleGate({', '.join(sorted(self.roles))})"


def declare_role(router: Router, *roles: Role, action: ActionName | None = None) -> Router:
    """Let only holders of one of `roles` (or admins) run the handlers of `router` and of its
    sub-routers; anyone else is refused, logged and audited. Idempotent (a module-level router
    is declared once, at import, like its handlers)."""
    if not roles:
        raise ValueError("declare_role needs at least one role")
    gate = RoleGate(frozenset(roles), action)
    for name, observer in router.observers.items():
        if name in ("error", "update"):
            continue
        declared = [m for m in observer.middleware if isinstance(m, RoleGate)]
        if declared and declared[0].roles != gate.roles:
            raise ValueError(f"{router.name} already declares {declared[0]}, not {gate}")
        if not declared:
            observer.middleware(gate)
    return router


def declared_roles(router: Router, observer: str) -> frozenset[Role] | None:
    """The roles `router` itself declares for `observer`'s handlers (None: none declared)."""
    for middleware in router.observers[observer].middleware:
        if isinstance(middleware, RoleGate):
            return middleware.roles
    return None


__all__ = [
    "ActionName",
    "RoleGate",
    "action_by_detail",
    "allowed",
    "declare_role",
    "declared_roles",
    "refuse",
]
