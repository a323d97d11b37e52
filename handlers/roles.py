"""Admins grant and revoke roles from the chat: /roles, /grant <id> [role], /revoke <id> <role>."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy import select

from bot.access import action_by_detail, declare_role
from bot.commands import clear_chat_commands, set_chat_commands
from bot.context import UpdateContext
from bot.i18n import Translator
from bot.ui import answer_long, show
from db.models import User, UserRole
from db.queries.users import audit, grant_role, revoke_role, roles_of
from domain.roles import GRANTABLE_ROLES, Role

router = Router(name=__name__)
# Admins only: /roles, /grant, /revoke and the grant buttons; audited as "roles.<action>".
declare_role(router, Role.ADMIN, action=action_by_detail("roles"))


class RoleCb(CallbackData, prefix="role"):
    action: str  # grant | revoke
    user_id: int
    role: str


def grant_kb(t: Translator, user_id: int, held: set[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for role in GRANTABLE_ROLES:
        action = "revoke" if role in held else "grant"
        builder.button(
            text=t(f"roles-{action}-button", role=role.value),
            callback_data=RoleCb(action=action, user_id=user_id, role=role.value),
        )
    builder.adjust(1)
    return builder.as_markup()


def parse_target(args: str | None) -> tuple[int | None, str | None]:
    parts = (args or "").split()
    if not parts or not parts[0].lstrip("-").isdigit():
        return None, None
    role = parts[1].lower() if len(parts) > 1 else None
    return int(parts[0]), role


@router.message(Command("roles"), flags={"action": "roles.list"})
async def cmd_roles(message: Message, ctx: UpdateContext) -> None:
    rows = (await ctx.session.execute(select(UserRole).order_by(UserRole.role))).scalars().all()
    t = ctx.t
    if not rows:
        await message.answer(t("roles-none"))
        return
    lines = [t("roles-title")]
    lines += [t("roles-line", user_id=str(r.user_id), role=r.role) for r in rows]
    lines.append(t("roles-help"))
    await answer_long(message, "\n".join(lines))


@router.message(Command("grant", "revoke"))
async def cmd_grant(message: Message, command: CommandObject, ctx: UpdateContext) -> None:
    t = ctx.t
    target, role = parse_target(command.args)
    if target is None:
        await message.answer(t("roles-usage"))
        return
    if role is None:
        held = await roles_of(ctx.session, target)
        await message.answer(
            t("roles-choose", user_id=str(target)), reply_markup=grant_kb(t, target, held)
        )
        return
    if role not in {r.value for r in GRANTABLE_ROLES}:
        await message.answer(t("roles-unknown", role=role))
        return
    assert message.from_user is not None
    await apply_change(ctx, message.from_user.id, command.command, target, role)
    await message.answer(t(f"roles-{command.command}-done", user_id=str(target), role=role))


@router.callback_query(RoleCb.filter())
async def on_role_button(query: CallbackQuery, callback_data: RoleCb, ctx: UpdateContext) -> None:
    t = ctx.t
    if callback_data.role not in {r.value for r in GRANTABLE_ROLES}:
        await query.answer(t("roles-unknown", role=callback_data.role), show_alert=True)
        return
    await apply_change(
        ctx, query.from_user.id, callback_data.action, callback_data.user_id, callback_data.role
    )
    held = await roles_of(ctx.session, callback_data.user_id)
    await show(
        query,
        t(f"roles-{callback_data.action}-done", user_id=str(callback_data.user_id),
          role=callback_data.role),
        grant_kb(t, callback_data.user_id, held),
    )  # fmt: skip


async def apply_change(
    ctx: UpdateContext, actor: int, action: str, target: int, role: str
) -> None:
    session, bot, settings = ctx.session, ctx.bot, ctx.settings
    if action == "grant":
        await grant_role(session, target, role, granted_by=actor)
    else:
        await revoke_role(session, target, role)
    await audit(session, f"role.{action}", actor, target=str(target), role=role)
    # The target's command menu follows their new roles, in their language — also for a
    # colleague granted a role before opening the bot (Telegram refuses only if they never
    # pressed Start; the menu is then set at the next start-up or when they choose a language).
    target_user = await session.get(User, target)
    held = await roles_of(session, target)
    if target in settings.admin_ids:
        held.add(Role.ADMIN)
    chosen = target_user.locale if target_user else None
    if not held and chosen is None:
        await clear_chat_commands(bot, target)
    else:
        locale = chosen or settings.default_locale
        await set_chat_commands(bot, target, ctx.catalog.translator(locale), held)
