"""Guides: destination → section → pages, the whole guide as a file, and the staff commands
that publish and audit the content."""

from __future__ import annotations

import asyncio
import html
from datetime import timedelta
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import declare_role
from bot.config import Settings
from bot.context import UpdateContext
from bot.i18n import Translator
from bot.ui import answer_long, show
from content import ContentStore, check_key, parse_deep_link
from content.library import ContentInvalid
from content.model import text_hash
from content.validate import overdue
from db.clock import local_now
from db.models import User
from db.queries.content_checks import latest_check, latest_checks, record_check
from db.queries.content_releases import publish_library
from db.queries.users import audit
from domain.roles import Role
from handlers.guides import render
from handlers.guides.callbacks import GuideCb
from handlers.guides.holder import ContentHolder, holder_from, inject_content
from handlers.menu import MenuCb

router = Router(name=__name__)

#: How far ahead /content_status lists sections coming up for review.
REVIEW_SOON = timedelta(days=30)
#: Problems listed in the reply to a failed /reload_content (the rest are counted).
PROBLEMS_SHOWN = 30

router.message.middleware(inject_content)
router.callback_query.middleware(inject_content)
# The content staff's commands (after the guides' own handlers; `inject_content` above serves
# them too). /content_status is read-only: coordinators see it too (their command menu lists
# it); recording a check and reloading are staff only.
status_router = declare_role(
    Router(name=f"{__name__}.status"), Role.STAFF, Role.COORDINATOR, action="content_status"
)
staff_router = declare_role(Router(name=f"{__name__}.staff"), Role.STAFF)
router.include_routers(status_router, staff_router)


def _preferred(user: User | None) -> str | None:
    return user.destination if user is not None else None


# ---------------------------------------------------------------- browsing


@router.message(Command("guides"))
@router.callback_query(MenuCb.filter(F.item == "guides"))
@router.callback_query(GuideCb.filter(F.a == "list"))
async def on_guides(
    event: Message | CallbackQuery,
    state: FSMContext,
    content: ContentStore,
    t: Translator,
    locale: str,
    user: User | None,
) -> None:
    await state.clear()
    text, markup = render.destinations_screen(content, t, locale, _preferred(user))
    await show(event, text, markup)


@router.callback_query(GuideCb.filter(F.a == "d"))
async def on_destination(
    query: CallbackQuery, callback_data: GuideCb, ctx: UpdateContext, content: ContentStore
) -> None:
    state, t, locale, user = ctx.state, ctx.t, ctx.locale, ctx.user
    await state.clear()
    guide = content.guide(callback_data.d)
    if guide is None:  # forged or from a removed destination
        text, markup = render.destinations_screen(content, t, locale, _preferred(user))
    else:
        text, markup = render.destination_screen(guide, t, locale)
    await show(query, text, markup)


@router.callback_query(GuideCb.filter(F.a == "s"))
async def on_section(
    query: CallbackQuery,
    callback_data: GuideCb,
    callback_answer: CallbackAnswer,
    ctx: UpdateContext,
    content: ContentStore,
) -> None:
    session, settings, t, locale, user = ctx.session, ctx.settings, ctx.t, ctx.locale, ctx.user
    guide = content.guide(callback_data.d)
    section = content.section(callback_data.d, callback_data.s)
    if guide is None:
        text, markup = render.destinations_screen(content, t, locale, _preferred(user))
        await show(query, text, markup)
        return
    if section is None:
        # The content changed since the button was made (section renamed or removed).
        callback_answer.text = t("guides-updated")
        await show(query, *render.destination_screen(guide, t, locale))
        return
    page = callback_data.p
    if callback_data.v and callback_data.v != render.short_version(content):
        page = 0  # page numbers of an older text may point elsewhere now
        callback_answer.text = t("guides-updated")
    key = check_key(guide.dest, section.id)
    check = await latest_check(session, key, settings.tz, text_hash(section))
    await show(query, *render.section_screen(content, guide, section, page, t, locale, check))


@router.callback_query(GuideCb.filter(F.a == "dl"))
async def on_download(
    query: CallbackQuery,
    callback_data: GuideCb,
    callback_answer: CallbackAnswer,
    ctx: UpdateContext,
    content: ContentStore,
) -> None:
    bot, session, settings, t, locale = ctx.bot, ctx.session, ctx.settings, ctx.t, ctx.locale
    guide = content.guide(callback_data.d)
    if guide is None:
        callback_answer.text, callback_answer.show_alert = t("guides-updated"), True
        return
    today = local_now(settings.tz).date()
    checks = await latest_checks(session, settings.tz, content.text_hashes())
    document = render.guide_document(content, guide, t, locale, today, checks)
    await bot.send_document(
        query.from_user.id,
        document,
        caption=t("guides-download-caption", title=guide.title[locale]),
    )
    callback_answer.text = t("guides-download-sent")


# ---------------------------------------------------------------- deep links


async def open_guide_link(message: Message, argument: str, data: dict[str, Any]) -> bool:
    """`g` → all guides, `g_<dest>` → a destination, `g_<dest>_<section>` → its first page."""
    content = holder_from(data).store
    t: Translator = data["t"]
    locale: str = data["locale"]
    if not argument:
        user: User | None = data.get("user")
        text, markup = render.destinations_screen(content, t, locale, _preferred(user))
        await message.answer(text, reply_markup=markup)
        return True
    parsed = parse_deep_link(f"g_{argument}")
    guide = content.guide(parsed[0]) if parsed else None
    if parsed is None or guide is None:
        return False
    if parsed[1] is None:
        text, markup = render.destination_screen(guide, t, locale)
    else:
        section = guide.section(parsed[1])
        if section is None:
            return False
        settings: Settings = data["settings"]
        key = check_key(guide.dest, section.id)
        check = await latest_check(data["session"], key, settings.tz, text_hash(section))
        text, markup = render.section_screen(content, guide, section, 0, t, locale, check)
    await message.answer(text, reply_markup=markup)
    return True


# ---------------------------------------------------------------- staff


@status_router.message(Command("content_status"))
async def cmd_content_status(
    message: Message, ctx: UpdateContext, content: ContentStore, content_holder: ContentHolder
) -> None:
    session, settings, t, locale = ctx.session, ctx.settings, ctx.t, ctx.locale
    today = local_now(settings.tz).date()
    late = overdue(content, today)
    soon = [item for item in overdue(content, today + REVIEW_SOON) if item not in late]
    loaded = content_holder.loaded_at
    loaded_at = loaded.astimezone(settings.tz).strftime("%d.%m.%Y %H:%M") if loaded else "-"
    checks = await latest_checks(session, settings.tz, content.text_hashes())
    library = content_holder.library
    text = render.status_text(
        content, t, locale, loaded_at, late, soon, len(content_holder.last_problems), checks,
        version=library.version if content_holder.release_id is None
        else f"{library.version} #{content_holder.release_id}",
        library=library,
    )  # fmt: skip
    await answer_long(message, text)


@staff_router.message(Command("content_checked"), flags={"action": "content_checked"})
async def cmd_content_checked(
    message: Message,
    command: CommandObject,
    content: ContentStore,
    settings: Settings,
    session: AsyncSession,
    t: Translator,
) -> None:
    """A staff member compared a section with its official page: record who and when."""
    argument = (command.args or "").strip()
    if not argument:
        await message.answer(t("guides-checked-usage"))
        return
    key = render.find_checkable(content, argument)
    if key is None:
        await message.answer(t("guides-checked-unknown", item_key=argument[:64]))
        return
    assert message.from_user is not None  # commands in a chat always have a sender
    staff = message.from_user
    item = dict(content.iter_checkable())[key]
    row = await record_check(
        session, key, staff.id, staff.full_name, content.version, text_hash(item)
    )
    await audit(session, "content_checked", staff.id, target=key, version=content.version)
    checked_on = render.day_month_year(row.checked_at.astimezone(settings.tz).date())
    await message.answer(
        t("guides-checked-ok", item_key=key, name=row.checked_by_name, date=checked_on)
    )


@staff_router.message(Command("reload_content"), flags={"action": "reload_content"})
async def cmd_reload_content(
    message: Message,
    content_holder: ContentHolder,
    settings: Settings,
    session: AsyncSession,
    t: Translator,
) -> None:
    """Reload ALL content from CONTENT_DIR and publish it as a release: this instance serves it
    now, every other instance within CONTENT_POLL_SECONDS (bot/content_releases.py)."""
    assert message.from_user is not None  # commands in a chat always have a sender
    try:
        library = await asyncio.to_thread(content_holder.load_seed)
    except ContentInvalid as exc:
        content_holder.last_problems = exc.problems
        problems = exc.problems
        version = content_holder.library.version
        lines = [t("guides-reload-failed", count=len(problems), version=version), ""]
        lines += [f"• {html.escape(p)}" for p in problems[:PROBLEMS_SHOWN]]
        if len(problems) > PROBLEMS_SHOWN:
            lines.append(t("guides-reload-more", count=len(problems) - PROBLEMS_SHOWN))
        await answer_long(message, "\n".join(lines))
        return
    release = await publish_library(session, library, message.from_user.id, "/reload_content")
    await audit(
        session, "content_published", message.from_user.id, target=str(release.id),
        version=library.version,
    )  # fmt: skip
    content_holder.swap(library, release.id)
    store = library.guides
    today = local_now(settings.tz).date()
    await message.answer(
        t(
            "guides-reload-ok",
            release=release.id,
            version=library.version,
            sections=sum(1 for _ in store.iter_sections()),
            overdue=len(overdue(store, today)),
        )
    )
