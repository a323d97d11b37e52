"""Staff side: importing the licensed-agency register from a CSV file, and /check_stats.

Two routers, each declaring its role (`bot.access.declare_role`): the import for staff, the
stats for staff and coordinators. The gate refuses a forged confirm button, and a file sent in
a waiting state set before the role was taken away (the state is then cleared).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import declare_role
from bot.config import Settings
from bot.i18n import Translator
from bot.ui import answer_long, show
from content.library import current
from db.clock import local_now
from db.queries import contract as q
from db.queries.users import audit
from domain.agencies import MAX_FILE_BYTES, FileProblem, parse_csv, preview
from domain.roles import Role
from handlers.contract import render
from handlers.contract.callbacks import AgImpCb

import_router = declare_role(
    Router(name=f"{__name__}.import"), Role.STAFF, action="import_agencies"
)
stats_router = declare_role(
    Router(name=f"{__name__}.stats"), Role.STAFF, Role.COORDINATOR, action="check_stats"
)
router = Router(name=__name__)
router.include_routers(import_router, stats_router)
log = logging.getLogger("jol.contract")


class ImportAgencies(StatesGroup):
    file = State()


# ---------------------------------------------------------------- import


@import_router.message(Command("import_agencies"))
async def cmd_import(message: Message, state: FSMContext, t: Translator) -> None:
    await state.set_state(ImportAgencies.file)
    await message.answer(t("contract-import-help"))


@import_router.message(ImportAgencies.file, F.document)
async def on_file(
    message: Message, state: FSMContext, session: AsyncSession, t: Translator, bot: Bot
) -> None:
    assert message.document is not None and message.from_user is not None
    if (message.document.file_size or 0) > MAX_FILE_BYTES:
        await message.answer(t("contract-import-problem", problem=FileProblem.TOO_BIG.value))
        return
    try:
        downloaded = await bot.download(message.document)
    except (TelegramAPIError, OSError):
        log.warning("agency import: download failed")
        await message.answer(t("contract-import-download-failed"))
        return
    data = downloaded.read() if downloaded is not None else b""
    parsed = parse_csv(data)
    if parsed.problem is not None:
        # Keep the state: the next file sent is read again.
        await message.answer(t("contract-import-problem", problem=parsed.problem.value))
        return
    current = await q.all_agencies(session)
    summary = preview(current, parsed)
    job = await q.create_import(
        session, message.from_user.id, parsed, summary, q.fingerprint(current)
    )
    await state.clear()
    text, markup = render.import_preview(t, job.id, summary)
    await answer_long(message, text, markup)


@import_router.message(ImportAgencies.file, ~F.document, ~F.text.startswith("/"))
async def on_not_file(message: Message, t: Translator) -> None:
    await message.answer(t("contract-import-send-file"))


@import_router.callback_query(AgImpCb.filter())
async def on_import_decision(
    query: CallbackQuery, callback_data: AgImpCb, session: AsyncSession, t: Translator
) -> None:
    job = await q.get_import(session, callback_data.id, lock=True)
    if job is None or job.status != "pending":
        await show(query, t("contract-import-gone"))
        return
    if callback_data.a == "cancel":
        job.status = "cancelled"
        await show(query, t("contract-import-cancelled"))
        return
    if callback_data.a != "apply" or not job.rows:
        await show(query, t("contract-import-gone"))
        return
    try:
        count = await q.apply_import(session, job)
    except q.StaleImport:
        job.status = "cancelled"
        await show(query, t("contract-import-stale"))
        return
    await audit(
        session,
        "agencies_imported",
        query.from_user.id,
        target=f"agency_import:{job.id}",
        **{k: v for k, v in job.summary.items() if isinstance(v, int)},
    )
    await show(query, t("contract-import-done", count=count))


# ---------------------------------------------------------------- stats


@stats_router.message(Command("check_stats"))
async def cmd_stats(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    """`/check_stats` (all time) or `/check_stats 30` (the last 30 days)."""
    since = None
    argument = (command.args or "").strip()
    if argument.isdigit() and 0 < int(argument) <= 3650:
        since = local_now(settings.tz).date() - timedelta(days=int(argument) - 1)
    stats = await q.check_stats(session, since=since)
    text = render.stats_text(t, current().questionnaire, stats)
    if since is not None:
        text = t("contract-stats-since", date=since) + "\n" + text
    await answer_long(message, text)
