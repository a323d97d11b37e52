"""Forum mode: when STAFF_CHAT_ID is a supergroup with topics, each case is a topic there.

The person's messages are copied into the topic and whatever a consultant writes in the topic
goes to the person (through the outbox). Messages starting with "/" stay in the group: `/note`
for colleagues, `/close [note]`, `/take`, `/reopen`.

Nothing here calls Telegram inside an update's transaction (a rollback would leave an orphaned
topic, and a direct call would bypass the pacer):
- every line and copy into a topic is an outbox row, written in the transaction of the change;
- topics are created after commit by the `ask-forum-topics` job: it claims the case
  (`cases.forum_claim`, so two instances never create two topics), creates the topic with no
  transaction open, then records its id and queues the intro and everything said so far.
  Lines written before the topic exists are not queued: the job's replay carries them.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Filter
from aiogram.types import InlineKeyboardMarkup, Message
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import allowed
from bot.config import Settings
from bot.features import JobContext, job
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
    cases_needing_topic,
    claim_topic,
    get_case,
    held_forum_notices,
    hold_topic_claim,
    messages_of,
    record_topic,
    release_held,
    reopen,
)
from db.queries.outbox import enqueue
from db.queries.users import audit
from db.types import utcnow
from domain.cases import Author, CaseStatus, Event, TransitionError
from domain.roles import Role
from handlers.ask.media import incoming_from
from handlers.ask.notify import PURPOSE, deliver_reply, tell_person_closed, tell_person_taken
from handlers.ask.render import card_kb, destination_label, language_label, topic_label

log = logging.getLogger("jol.ask")

router = Router(name=__name__)

TOPIC_NAME_LIMIT = 128
CONSULTANT = (Role.STAFF, Role.COORDINATOR)
# How long a claim on a case's topic lasts: longer than one createForumTopic request.
TOPIC_CLAIM = timedelta(seconds=60)
# After Telegram refused a topic (the group is no forum, the bot no admin), the next attempt.
TOPIC_RETRY = timedelta(minutes=5)
TOPICS_PER_RUN = 20
TOPIC_JOB_SECONDS = 2


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


def _has_topic(case: Case) -> bool:
    return case.forum_chat_id is not None and case.forum_thread_id is not None


class _Lines:
    """Outbox rows into one case's topic, in the order they are queued (distinct due times
    keep them in order on every database)."""

    def __init__(self, session: AsyncSession, case: Case) -> None:
        self.session = session
        self.case = case
        self.start = utcnow()
        self.count = 0

    async def add(
        self,
        text: str,
        *,
        kind: str = "text",
        markup: InlineKeyboardMarkup | None = None,
        extra: dict[str, object] | None = None,
    ) -> None:
        assert self.case.forum_chat_id is not None
        self.count += 1
        await enqueue(
            self.session,
            self.case.forum_chat_id,
            text,
            kind=kind,
            purpose=PURPOSE,
            due_at=self.start + timedelta(microseconds=self.count),
            reply_markup=markup,
            payload={"message_thread_id": self.case.forum_thread_id, **(extra or {})},
            ref=f"case:{self.case.id}",
            subject_user_id=self.case.user_id,
        )

    async def copy(self, from_chat_id: int, message_id: int) -> None:
        # Copy, not forward: no link to the sender's profile.
        await self.add(
            "", kind="copy", extra={"from_chat_id": from_chat_id, "message_id": message_id}
        )


async def post(
    session: AsyncSession, case: Case, text: str, *, card: Translator | None = None
) -> None:
    """A line from the bot into the case's topic (status changes), through the outbox. Before
    the topic exists nothing is queued: the topic job replays the case when it creates it."""
    if not _has_topic(case):
        return
    markup = card_kb(card, case, forum=True) if card is not None else None
    await _Lines(session, case).add(text, markup=markup)


async def copy_in(session: AsyncSession, case: Case, from_chat_id: int, message_id: int) -> None:
    """Copy the person's message into the topic (through the outbox)."""
    if _has_topic(case):
        await _Lines(session, case).copy(from_chat_id, message_id)


async def mirror_reply(
    session: AsyncSession,
    settings: Settings,
    catalog: Catalog,
    case: Case,
    incoming: Incoming,
    from_chat_id: int,
    message_id: int,
) -> None:
    """An answer given from a private chat, shown in the topic so the topic stays the whole
    conversation. Marked as sent to the person: a bare copy would look like the person's."""
    if settings.staff_chat_id is None or not _has_topic(case):
        return
    t = forum_translator(catalog, settings)
    if incoming.kind == "text":
        await post_said(session, case, t, incoming.text or "")
        return
    lines = _Lines(session, case)
    await lines.add(f"{t('ask-forum-staff-said')}\n{t('ask-kind', kind=incoming.kind)}")
    await lines.copy(from_chat_id, message_id)


async def post_said(session: AsyncSession, case: Case, t: Translator, text: str) -> None:
    """What a consultant sent to the person, whole, in the case's topic."""
    if not _has_topic(case):
        return
    lines = _Lines(session, case)
    for part in framed(t("ask-forum-staff-said"), text):
        await lines.add(part)


# ---------------------------------------------------------------- the topic job


def _intro(t: Translator, case: Case) -> str:
    return t(
        "ask-forum-intro",
        number=str(case.id),
        urgent="yes" if case.urgent else "no",
        topic=topic_label(t, case.topic),
        language=language_label(t, case.locale),
        destination=destination_label(t, case.destination),
    )


async def _replay(session: AsyncSession, t: Translator, case: Case) -> None:
    """A new topic gets the case's card and everything said so far, in order."""
    lines = _Lines(session, case)
    await lines.add(_intro(t, case), markup=card_kb(t, case, forum=True))
    for said in await messages_of(session, case.id):
        source = (said.source_chat_id, said.source_message_id)
        if said.author == Author.PERSON.value:
            if source[0] is not None and source[1] is not None:
                await lines.copy(source[0], source[1])
            elif said.text:
                for part in framed("", said.text):
                    await lines.add(part)
        elif said.author == Author.STAFF.value:
            if said.kind == "text":
                for part in framed(t("ask-forum-staff-said"), said.text or ""):
                    await lines.add(part)
            elif source[0] is not None and source[1] is not None:
                await lines.add(f"{t('ask-forum-staff-said')}\n{t('ask-kind', kind=said.kind)}")
                await lines.copy(source[0], source[1])


async def create_topics(ctx: JobContext) -> int:
    """Create the topics of open cases that have none, after commit; returns how many topics
    were made (their lines are queued). Safe to run in several processes at once."""
    settings = ctx.settings
    chat_id = settings.staff_chat_id
    if chat_id is None:
        return 0
    t = forum_translator(ctx.catalog, settings)
    async with ctx.sessionmaker.begin() as session:
        for notice in await held_forum_notices(session):
            key = str(notice.payload.get("notice") or "")
            release_held(notice, t(key, number=str(notice.payload.get("number") or "")))
        case_ids = await cases_needing_topic(session, chat_id, utcnow(), TOPICS_PER_RUN)
    made = 0
    for case_id in case_ids:
        token = secrets.token_hex(8)
        async with ctx.sessionmaker.begin() as session:
            now = utcnow()
            case = await claim_topic(session, case_id, chat_id, token, now + TOPIC_CLAIM, now)
            name = topic_name(t, case) if case is not None else ""
        if case is None:
            continue  # another process has it
        try:
            topic = await ctx.bot.create_forum_topic(chat_id, name)
        except TelegramAPIError as exc:
            log.warning("forum topic not created", extra={"case": case_id, "error": str(exc)})
            async with ctx.sessionmaker.begin() as session:
                await hold_topic_claim(session, case_id, token, utcnow() + TOPIC_RETRY)
            continue
        async with ctx.sessionmaker.begin() as session:
            recorded = await record_topic(
                session, case_id, token, chat_id, topic.message_thread_id
            )
            if recorded is None:
                log.warning("forum topic claim lost", extra={"case": case_id})
                continue
            await _replay(session, t, recorded)
        made += 1
    return made


JOBS = (
    # Open cases get their topic in the staff forum group, after the update that opened them.
    job(
        "ask-forum-topics",
        lambda settings: IntervalTrigger(seconds=TOPIC_JOB_SECONDS),
        create_topics,
        start_now=True,
    ),
)


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
        await _command(message, text, case, session, roles, t, catalog)
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
    catalog: Catalog,
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
