"""What a handler needs about the update it answers, in one argument: `ctx: UpdateContext`.

Built once per update by `bot/middlewares/user.py` (which loads the person, their roles and
the conversation state in one statement) and injected as `ctx`. Handlers that need several of
these take `ctx` instead of a long list of arguments; the separate names (`user`, `roles`,
`t`, ...) stay injected too, so a handler asks only for what it uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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
    # The conversation state; None only for updates without a chat (`state` raises then).
    fsm: FSMContext | None

    @property
    def state(self) -> FSMContext:
        """The conversation state: always there for a message or a button in a chat."""
        if self.fsm is None:
            raise LookupError("this update has no conversation state (no chat)")
        return self.fsm

    def has_role(self, *needed: Role) -> bool:
        return has_role(self.roles, *needed)

    def as_data(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """`data` (the handler data) with this context's values under their own names, for
        code that reads handler data by name (deep-link openers) after a handler replaced the
        context (`dataclasses.replace`, e.g. a new language chosen in this update)."""
        return {
            **data,
            "ctx": self,
            "user": self.user,
            "roles": set(self.roles),
            "locale": self.locale,
            "t": self.t,
            "settings": self.settings,
            "catalog": self.catalog,
            "session": self.session,
            "bot": self.bot,
            "state": self.fsm,
        }


__all__ = ["UpdateContext"]
