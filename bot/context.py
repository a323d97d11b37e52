"""What a handler needs about the update it answers, in one argument: `ctx: UpdateContext`.

Built once per update by `bot/middlewares/user.py` (which loads the person, their roles and
the conversation state in one statement) and injected as `ctx`. Handlers that need several of
these take `ctx` instead of a long list of arguments; the separate names (`user`, `roles`,
`t`, ...) stay injected too, so a handler asks only for what it uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from domain.roles import Role, has_role

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.fsm.context import FSMContext
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.config import Settings
    from bot.i18n import Catalog, Translator
    from db.models import User


@dataclass(frozen=True, slots=True)
class UpdateContext:
    user: User | None  # the person's row; None before /start (or for a role granted by id)
    user_id: int | None  # who sent the update (Telegram id), also without a row
    roles: frozenset[str]  # admins (ADMIN_IDS) included
    locale: str
    t: Translator
    settings: Settings
    catalog: Catalog
    session: AsyncSession  # the update's transaction: committed when the handler returns
    bot: Bot
    state: FSMContext | None  # the conversation state (None for updates without a chat)

    def has_role(self, *needed: Role) -> bool:
        return has_role(self.roles, *needed)


__all__ = ["UpdateContext"]
