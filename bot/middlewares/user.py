"""Loads the user row (never writes it) and injects `user`, `roles`, `locale`, `t` and `ctx`
(bot/context.py: all of them, with the settings, catalog, session, bot and state)."""

from __future__ import annotations

from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.context import UpdateContext
from bot.i18n import Catalog, pick_locale
from bot.middleware_types import NextHandler, UpdateData
from db.queries.person import Person
from db.queries.users import get_user, roles_of
from domain.roles import Role


class UserMiddleware(BaseMiddleware):
    def __init__(self, catalog: Catalog, settings: Settings) -> None:
        self.catalog = catalog
        self.settings = settings

    async def __call__(self, handler: NextHandler, event: TelegramObject, data: UpdateData) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        session: AsyncSession = data["session"]
        user = None
        roles: set[str] = set()
        person: Person | None = data.pop("jol_person", None)
        if person is not None and tg_user is not None and person.user_id == tg_user.id:
            # Read with the conversation state (bot/middlewares/db.py).
            user, roles = person.user, set(person.roles)
        elif tg_user is not None:
            user = await get_user(session, tg_user.id)
            # The row brings its roles along (selectin); a role can also be granted to an id
            # that never opened the bot, so without a row they are looked up on their own.
            roles = user.role_names if user is not None else await roles_of(session, tg_user.id)
        if tg_user is not None and tg_user.id in self.settings.admin_ids:
            roles.add(Role.ADMIN)
        locale = pick_locale(
            user.locale if user else None,
            tg_user.language_code if tg_user else None,
            self.settings.default_locale,
        )
        data["user"] = user
        data["roles"] = roles
        data["locale"] = locale
        t = data["t"] = self.catalog.translator(locale)
        data["ctx"] = UpdateContext(
            user=user,
            user_id=tg_user.id if tg_user is not None else None,
            roles=frozenset(roles),
            locale=locale,
            t=t,
            settings=self.settings,
            catalog=self.catalog,
            session=session,
            bot=data["bot"],
            fsm=data.get("state"),
        )
        return await handler(event, data)
