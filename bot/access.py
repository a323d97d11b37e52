"""Role checks, done inside every privileged handler (a filter alone can be bypassed by a
forged callback that matches another handler's data)."""

from __future__ import annotations

import logging

from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from db.queries.users import audit
from domain.roles import Role, has_role

log = logging.getLogger("jol.access")


async def allowed(
    event: Message | CallbackQuery,
    roles: set[str],
    t: Translator,
    session: AsyncSession,
    action: str,
    *needed: Role,
) -> bool:
    """True when the sender holds one of `needed`; otherwise refuse politely, log and audit."""
    if has_role(roles, *needed):
        return True
    actor = event.from_user.id if event.from_user else None
    log.warning("privileged action refused", extra={"action": action})
    await audit(session, "refused", actor, target=action)
    if isinstance(event, CallbackQuery):
        await event.answer(t("access-denied"), show_alert=True)
    else:
        await event.answer(t("access-denied"))
    return False
