"""Forum mode: when STAFF_CHAT_ID is a supergroup with topics, each case is a topic there.

The person's messages are copied into the topic and whatever a consultant writes in the topic
goes to the person (through the outbox). Messages starting with "/" stay in the group: `/note`
for colleagues, `/close [note]`, `/take`, `/reopen`.

The database stays the record: copies into the group are a best-effort mirror made directly
(copyMessage has no outbox kind), and a failed copy never loses the person's message.
"""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Filter
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import allowed
from bot.config import Settings
from bot.i18n import Catalog, Translator
from bot.ui import framed
from db.models import Case
from db.queries.cases import (
    Incoming,
    add_staff_reply,
    add_system_note,
    apply_event,
    assign,
    case_by_thread,
    get_case,
    reopen,
)
from db.queries.users import audit
from domain.cases import CaseStatus, Event, TransitionError
from domain.roles import Role
from handlers.ask.media import incoming_from
from handlers.ask.notify import deliver_reply, tell_person_closed, tell_person_taken
from handlers.ask.render import card_kb, destination_label, language_label, topic_label

log = logging.getLogger("jol.ask")

router = Router(name=__name__)

TOPIC_NAME_LIMIT = 128
CONSULTANT = (Role.STAFF, Role.COORDINATOR)


def forum_translator(catalog: Catalog, settings: Settings) -> Translator:
    """The group is shared, so it gets the bot's default language."""
    return catalog.translator(settings.default_locale)


def topic_name(t: Translator, case: Case) -> str:
    name = t(
        "ask-forum-topic-name",
        number=str(case.id),
        urgent="yes" if case.urgent else "no",
        topic=topic_label(t, case.topic),
        language=case.locale,
        destination=destination_label(t, case.destination),
    )
    return name[:TOPIC_NAME_LIMIT]


async def ensure_topic(bot: Bot, settings: Settings, catalog: Catalog, case: Case) -> int | None:
    """The case's topic, created on first need. None when forum mode is off or Telegram refused
    (the next message of the case tries again)."""
    if settings.staff_chat_id is None:
        return None
    if case.forum_thread_id is not None and case.forum_chat_id == settings.staff_chat_id:
        return case.forum_thread_id
    t = forum_translator(catalog, settings)
    try:
        topic = await bot.create_forum_topic(settings.staff_chat_id, topic_name(t, case))
    except TelegramAPIError as exc:
        log.warning("forum topic not created", extra={"case": case.id, "error": str(exc)})
        return None
    case.forum_chat_id = settings.staff_chat_id
    case.forum_thread_id = topic.message_thread_id
    await post(
        bot,
        case,
        t(
            "ask-forum-intro",
            number=str(case.id),
            urgent="yes" if case.urgent else "no",
            topic=topic_label(t, case.topic),
            language=language_label(t, case.locale),
            destination=destination_label(t, case.destination),
        ),
        card=t,
    )
    return case.forum_thread_id


async def post(bot: Bot, case: Case, text: str, *, card: Translator | None = None) -> None:
    """A line from the bot into the case's topic (status changes, the intro with buttons)."""
    if case.forum_chat_id is None or case.forum_thread_id is None:
        return
    markup = card_kb(card, case, forum=True) if card is not None else None
    try:
        await bot.send_message(
            case.forum_chat_id, text, message_thread_id=case.forum_thread_id, reply_markup=markup
        )
    except TelegramAPIError as exc:
        log.warning("forum post failed", extra={"case": case.id, "error": str(exc)})


async def copy_in(bot: Bot, case: Case, from_chat_id: int, message_id: int) -> None:
    """Copy the person's message into the topic (copy, not forward: no sender profile link)."""
    if case.forum_chat_id is None or case.forum_thread_id is None:
        return
    try:
        await bot.copy_message(
            chat_id=case.forum_chat_id,
            from_chat_id=from_chat_id,
            message_id=message_id,
            message_thread_id=case.forum_thread_id,
        )
    except TelegramAPIError as exc:
        log.warning("forum copy failed", extra={"case": case.id, "error": str(exc)})


async def mirror_reply(
    bot: Bot,
    settings: Settings,
    catalog: Catalog,
    case: Case,
    message: Message,
    incoming: Incoming,
) -> None:
    """An answer given from a private chat, shown in the topic so the topic stays the whole
    conversation. Marked as sent to the person: a bare copy would look like the person's."""
    if settings.staff_chat_id is None or await ensure_topic(bot, settings, catalog, case) is None:
        return
    t = forum_translator(catalog, settings)
    if incoming.kind == "text":
        await post_said(bot, case, t, incoming.text or "")
        return
    label = t("ask-kind", kind=incoming.kind)
    await post(bot, case, f"{t('ask-forum-staff-said')}\n{label}")
    await copy_in(bot, case, message.chat.id, message.message_id)


async def post_said(bot: Bot, case: Case, t: Translator, text: str) -> None:
    """What a consultant sent to the person, whole, in the case's topic."""
    for part in framed(t("ask-forum-staff-said"), text):
        await post(bot, case, part)


class InStaffChat(Filter):
    async def __call__(self, message: Message, settings: Settings) -> bool:
        return settings.staff_chat_id is not None and message.chat.id == settings.staff_chat_id


@router.message(InStaffChat())
async def on_staff_chat(
    message: Message,
    session: AsyncSession,
    roles: set[str],
    t: Translator,
    settings: Settings,
    catalog: Catalog,
    bot: Bot,
) -> None:
    """Everything said in the staff group ends here, so the catch-all fallback never chats in
    it. Only messages inside a case's topic do something."""
    if message.from_user is None or message.from_user.is_bot:
        return
    thread = message.message_thread_id if message.is_topic_message else None
    if thread is None:
        return
    case = await case_by_thread(session, message.chat.id, thread)
    if case is None:
        return
    text = message.text or ""
    if text.startswith("/"):
        await _command(message, text, case, session, roles, t, settings, catalog, bot)
        return
    incoming = incoming_from(message)
    if incoming is None:
        return  # service messages (topic edited, pinned, ...)
    if not await allowed(message, roles, t, session, "cases.reply", *CONSULTANT):
        return
    case = await get_case(session, case.id, lock=True)
    assert case is not None
    if case.status == CaseStatus.CLOSED.value:
        await message.reply(t("ask-staff-reply-closed", number=str(case.id)))
        return
    stored = await add_staff_reply(session, case, message.from_user.id, incoming)
    # No "delivered" note in the topic (one per message would drown it); failures are reported
    # there by the failure job.
    await deliver_reply(session, catalog, case, stored)


async def _command(
    message: Message,
    text: str,
    case: Case,
    session: AsyncSession,
    roles: set[str],
    t: Translator,
    settings: Settings,
    catalog: Catalog,
    bot: Bot,
) -> None:
    head, _, rest = text.partition(" ")
    name = head[1:].split("@", 1)[0].lower()
    if name not in ("note", "close", "take", "reopen"):
        return  # other bots' or colleagues' commands: not ours
    if not await allowed(message, roles, t, session, f"cases.{name}", *CONSULTANT):
        return
    assert message.from_user is not None
    actor = message.from_user.id
    note = rest.strip() or None
    locked = await get_case(session, case.id, lock=True)
    assert locked is not None
    if name == "note":
        if note:
            await add_system_note(session, locked, actor, note)
        return
    if name == "take":
        was_new = locked.status == CaseStatus.NEW.value
        taken = await assign(session, locked.id, actor, only_if_free=True)
        if taken is not None and was_new:
            await tell_person_taken(session, catalog, taken)
        key = "ask-staff-taken" if taken else "ask-staff-already-taken"
        await message.reply(t(key, number=str(locked.id)))
        return
    if name == "reopen":
        ok = await reopen(session, locked, actor)
        await message.reply(
            t("ask-staff-reopened" if ok else "ask-staff-reopen-refused", number=str(locked.id))
        )
        return
    try:
        await apply_event(session, locked, Event.CLOSE, actor, note)
    except TransitionError:
        await message.reply(t("ask-staff-already-closed", number=str(locked.id)))
        return
    await audit(session, "case.close", actor, target=f"case:{locked.id}")
    await tell_person_closed(session, catalog, locked)
    await message.reply(t("ask-staff-closed", number=str(locked.id)))
