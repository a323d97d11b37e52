"""/broadcasts: past and current broadcasts with author, audience, figures and status; a card
per broadcast with who submitted, approved, paused or cancelled it (from the audit trail)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import declare_role
from bot.config import Settings
from bot.i18n import Translator
from bot.ui import show
from db.queries import broadcast as q
from domain.broadcast import Counts, Status
from domain.roles import Role
from handlers.broadcast.callbacks import BcCb
from handlers.broadcast.compose import found
from handlers.broadcast.render import HISTORY_PAGE, card_view, history_kb, history_line

router = Router(name=__name__)
# Staff only (and admins).
declare_role(router, Role.STAFF, action="broadcast.history")


async def history_screen(
    session: AsyncSession, t: Translator, settings: Settings, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    page = max(0, page)
    rows, total = await q.history(session, limit=HISTORY_PAGE, offset=page * HISTORY_PAGE)
    lines = [t("broadcast-history-title", count=total)]
    if not rows:
        lines.append(t("broadcast-history-empty"))
    for row in rows:
        counts: Counts | None = None
        if row.status in (Status.DONE, Status.CANCELLED):
            # Final figures were stored when it ended: no outbox counting for old broadcasts.
            counts = Counts(sent=row.sent, failed=row.failed, blocked=row.blocked)
        elif row.status in (Status.RUNNING, Status.PAUSED):
            counts = await q.delivery_counts(session, row.id)
        lines.append(history_line(t, row, counts, settings.tz))
    return "\n\n".join(lines), history_kb(t, rows, page, total)


@router.message(Command("broadcasts"))
async def cmd_broadcasts(
    message: Message, session: AsyncSession, t: Translator, settings: Settings
) -> None:
    text, markup = await history_screen(session, t, settings, 0)
    await message.answer(text, reply_markup=markup)


@router.callback_query(BcCb.filter(F.a == "list"))
async def on_list(
    query: CallbackQuery,
    callback_data: BcCb,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    text, markup = await history_screen(session, t, settings, callback_data.i)
    await show(query, text, markup)


@router.callback_query(BcCb.filter(F.a == "card"))
async def on_card(
    query: CallbackQuery,
    callback_data: BcCb,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    row = await found(query, session, t, callback_data.i)
    if row is None:
        return
    counts = await q.current_counts(session, row, settings.default_locale, settings.tz)
    trail = [(e.action, e.actor_id, e.at) for e in await q.audit_trail(session, row.id)]
    text, markup = card_view(t, row, counts, trail, settings.tz)
    await show(query, text, markup)
