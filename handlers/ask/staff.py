"""Consultants' side, from their phones: /cases, a case's card and thread, reply, ready answers,
take / give to a colleague, status, close with a note, on-duty switch; /content_gaps.

The router is for consultants (`declare_role` below): the gate refuses, logs and audits anyone
else before a handler runs — forged buttons included — so the handlers trust the role.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import action_by_detail, declare_role
from bot.config import Settings
from bot.context import UpdateContext
from bot.i18n import Catalog, Translator, escape
from bot.ui import answer_long, answer_parts, join_html, numbered, show
from content import check_key
from content.library import ContentHolder, current
from db.models import Case, User
from db.queries.cases import (
    QUEUE_VIEWS,
    Incoming,
    add_staff_reply,
    apply_event,
    case_topics,
    consultants,
    content_gaps,
    count_messages,
    delivery_states,
    get_case,
    messages_of,
    months_back,
    on_duty,
    queue,
    reopen,
    set_duty,
)
from db.queries.users import audit
from db.types import utcnow
from domain.cases import CaseStatus, Event, TransitionError
from domain.roles import Role
from handlers.ask import forum
from handlers.ask import services as app
from handlers.ask.callbacks import CaseCb
from handlers.ask.media import incoming_from, resend
from handlers.ask.notify import (
    deliver_reply,
    reply_receipt,
)
from handlers.ask.person import PlainInput
from handlers.ask.render import (
    LIST_PAGE,
    back_to_case_kb,
    card_kb,
    card_text,
    destination_label,
    language_label,
    list_kb,
    list_line,
    thread_lines,
    topic_label,
)

log = logging.getLogger("jol.ask")

router = Router(name=__name__)

CONSULTANT = (Role.STAFF, Role.COORDINATOR)
# Audited as "cases.<button action>"; the commands and typed steps carry their own names.
declare_role(router, *CONSULTANT, action=action_by_detail("cases"))
THREAD_LAST = 30
CLOSE_NOTE_LIMIT = 1000


class StaffFlow(StatesGroup):
    replying = State()  # the consultant's next messages go to the case in `staff_case`
    closing = State()  # the next text is the closing note


# ---------------------------------------------------------------- the list


async def list_screen(
    session: AsyncSession, t: Translator, me: int, view: str, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    view = view if view in QUEUE_VIEWS else "open"
    cases, total = await queue(session, view, me, limit=LIST_PAGE, offset=page * LIST_PAGE)
    now = utcnow()
    lines = [t("ask-staff-list-title", view=view, count=total)]
    if not cases:
        lines.append(t("ask-staff-list-empty"))
    lines += [list_line(t, c, now, me) for c in cases]
    duty = me in await on_duty(session)
    return "\n".join(lines), list_kb(t, cases, view, page, total, duty)


@router.message(Command("cases"), flags={"action": "cases.list"})
async def cmd_cases(
    message: Message, state: FSMContext, session: AsyncSession, t: Translator
) -> None:
    assert message.from_user is not None
    if await state.get_state() in (StaffFlow.replying.state, StaffFlow.closing.state):
        await state.set_state(None)
    text, markup = await list_screen(session, t, message.from_user.id, "open", 0)
    await message.answer(text, reply_markup=markup)


# ---------------------------------------------------------------- card and actions


async def case_card(
    session: AsyncSession, t: Translator, settings: Settings, case: Case, me: int
) -> str:
    messages = await messages_of(session, case.id)
    keys = [m.delivery_key for m in messages if m.delivery_key]
    states = await delivery_states(session, keys)
    failed = sum(1 for status, _ in states.values() if status in ("dead", "dropped"))
    person = await session.get(User, case.user_id)
    return card_text(
        t,
        case,
        now=utcnow(),
        zone=settings.tz,
        me=me,
        count=len([m for m in messages if m.author != "system"]),
        failed=failed,
        situation=person.situation if person is not None and person.has_consented else None,
    )


def in_forum(query: CallbackQuery, settings: Settings) -> bool:
    message = query.message
    return (
        settings.staff_chat_id is not None
        and message is not None
        and message.chat.id == settings.staff_chat_id
    )


async def show_card(
    query: CallbackQuery,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
    case: Case,
    callback_data: CaseCb,
    notice: str | None = None,
) -> None:
    text = await case_card(session, t, settings, case, query.from_user.id)
    if notice:
        text = f"{notice}\n\n{text}"
    forum_mode = in_forum(query, settings)
    view = callback_data.arg if callback_data.arg in QUEUE_VIEWS else "open"
    await show(query, text, card_kb(t, case, forum=forum_mode, view=view, page=callback_data.page))


@router.callback_query(CaseCb.filter())
async def on_case_action(query: CallbackQuery, callback_data: CaseCb, ctx: UpdateContext) -> None:
    session, t, settings, catalog = ctx.session, ctx.t, ctx.settings, ctx.catalog
    state = ctx.state
    assert state is not None
    action = callback_data.action
    me = query.from_user.id
    if await state.get_state() in (StaffFlow.replying.state, StaffFlow.closing.state):
        # Any other button ends "what I type goes to the person" (reply and close set it anew).
        await state.set_state(None)
    if action in ("list", "duty"):
        if action == "duty":
            await set_duty(session, me, callback_data.arg == "on")
            await query.answer(t("ask-staff-duty-changed", on=callback_data.arg))
        text, markup = await list_screen(session, t, me, callback_data.arg, callback_data.page)
        await show(query, text, markup)
        return
    case = await get_case(session, callback_data.case_id, lock=True)
    if case is None:
        await notice(query, t("ask-staff-case-gone"))
        return
    handler = _ACTIONS.get(action)
    if handler is None:
        await notice(query, t("button-outdated"))
        return
    await handler(_Ctx(query, callback_data, state, session, t, settings, catalog, ctx.bot, case))


async def notice(query: CallbackQuery, text: str) -> None:
    """An alert on the button press (the callback middleware then leaves it answered)."""
    await query.answer(text, show_alert=True)


class _Ctx:
    """One consultant action's inputs, so each action is a small function."""

    def __init__(
        self,
        query: CallbackQuery,
        data: CaseCb,
        state: FSMContext,
        session: AsyncSession,
        t: Translator,
        settings: Settings,
        catalog: Catalog,
        bot: Bot,
        case: Case,
    ) -> None:
        self.query = query
        self.data = data
        self.state = state
        self.session = session
        self.t = t
        self.settings = settings
        self.catalog = catalog
        self.bot = bot
        self.case = case
        self.me = query.from_user.id

    async def card(self, notice: str | None = None) -> None:
        await show_card(
            self.query, self.session, self.t, self.settings, self.case, self.data, notice
        )

    def number(self) -> str:
        return str(self.case.id)

    def context(self) -> app.Context:
        return app.Context(self.session, self.catalog, self.settings, self.me)


async def _view(c: _Ctx) -> None:
    await c.card()


async def _thread(c: _Ctx) -> None:
    """The conversation, oldest first: text lines grouped, each file shown again in its place."""
    message = c.query.message
    if not isinstance(message, Message):
        return
    items = await messages_of(c.session, c.case.id, last=THREAD_LAST)
    keys = [m.delivery_key for m in items if m.delivery_key]
    states = await delivery_states(c.session, keys)
    lines = thread_lines(c.t, items, c.settings.tz, states, c.me)
    header = c.t(
        "ask-staff-thread-title",
        number=c.number(),
        shown=len(items),
        total=await count_messages(c.session, c.case.id),
    )
    pending: list[str] = [header]
    for item, line in zip(items, lines, strict=True):
        pending.append(line)
        if item.kind != "text" and (item.file_id or item.source_message_id):
            await _flush(message, pending)
            if not await resend(c.bot, me_chat(c), item):
                await message.answer(c.t("ask-staff-file-gone"))
    await _flush(message, pending)
    text = await case_card(c.session, c.t, c.settings, c.case, c.me)
    await message.answer(text, reply_markup=card_kb(c.t, c.case, forum=False))


def me_chat(c: _Ctx) -> int:
    message = c.query.message
    return message.chat.id if message is not None else c.me


async def _flush(message: Message, pending: list[str]) -> None:
    if not pending:
        return
    await answer_parts(message, numbered(join_html(*pending)))
    pending.clear()


async def _reply(c: _Ctx) -> None:
    if c.case.status == CaseStatus.CLOSED.value:
        await c.card(c.t("ask-staff-reply-closed", number=c.number()))
        return
    await c.state.set_state(StaffFlow.replying)
    await c.state.update_data(staff_case=c.case.id)
    await show(
        c.query,
        c.t(
            "ask-staff-reply-prompt",
            number=c.number(),
            language=language_label(c.t, c.case.locale),
        ),
        back_to_case_kb(c.t, c.case.id),
    )


async def _canned(c: _Ctx) -> None:
    builder = InlineKeyboardBuilder()
    for answer in current().canned:
        builder.button(
            text=answer.title_in(c.t.locale),
            callback_data=CaseCb(action="cpick", case_id=c.case.id, arg=answer.id),
        )
    builder.button(
        text=c.t("ask-staff-btn-back-case"), callback_data=CaseCb(action="view", case_id=c.case.id)
    )
    builder.adjust(1)
    await show(
        c.query,
        c.t(
            "ask-staff-canned-title",
            number=c.number(),
            language=language_label(c.t, c.case.locale),
        ),
        builder.as_markup(),
    )


async def _canned_pick(c: _Ctx) -> None:
    answer = current().canned_answer(c.data.arg)
    if answer is None:
        await notice(c.query, c.t("button-outdated"))
        return
    builder = InlineKeyboardBuilder()
    builder.button(
        text=c.t("ask-staff-canned-send"),
        callback_data=CaseCb(action="csend", case_id=c.case.id, arg=answer.id),
    )
    builder.button(text=c.t("btn-back"), callback_data=CaseCb(action="canned", case_id=c.case.id))
    builder.adjust(1)
    await show(
        c.query,
        c.t(
            "ask-staff-canned-preview",
            number=c.number(),
            language=language_label(c.t, c.case.locale),
            text=answer.text_in(c.case.locale),
        ),
        builder.as_markup(),
    )


async def _canned_send(c: _Ctx) -> None:
    answer = current().canned_answer(c.data.arg)
    if answer is None:
        await notice(c.query, c.t("button-outdated"))
        return
    if c.case.status == CaseStatus.CLOSED.value:
        await c.card(c.t("ask-staff-reply-closed", number=c.number()))
        return
    text = answer.text_in(c.case.locale)
    stored = await add_staff_reply(c.session, c.case, c.me, Incoming("text", text))
    topic = in_forum(c.query, c.settings)
    # In a forum topic the thread shows ✓; a note per delivered answer would drown it.
    tell = None if topic else reply_receipt(c.t, c.case, stored, me_chat(c))
    await deliver_reply(c.session, c.catalog, c.case, stored, tell=tell)
    await audit(c.session, "case.reply", c.me, target=f"case:{c.case.id}", canned=answer.id)
    if not topic:
        await _mirror(c, text)
    else:
        await forum.post_said(c.session, c.case, c.t, text)
    await c.card(c.t("ask-staff-reply-queued", number=c.number()))


async def _mirror(c: _Ctx, text: str) -> None:
    """Keep the forum topic a complete thread when the answer was given from a private chat."""
    if c.case.forum_thread_id is None:
        return
    await forum.post_said(c.session, c.case, forum.forum_translator(c.catalog, c.settings), text)


async def _take(c: _Ctx) -> None:
    outcome = await app.take(c.context(), c.case)
    if isinstance(outcome, app.Taken):
        c.case = outcome.case
    else:
        await notice(c.query, c.t("ask-staff-already-taken", number=c.number()))
    await c.card()


async def _assign(c: _Ctx) -> None:
    team = await consultants(c.session)
    duty = await on_duty(c.session)
    builder = InlineKeyboardBuilder()
    for uid in team:
        builder.button(
            text=c.t(
                "ask-staff-colleague",
                user_id=str(uid),
                me="yes" if uid == c.me else "no",
                on="yes" if uid in duty else "no",
            ),
            callback_data=CaseCb(action="assignto", case_id=c.case.id, arg=str(uid)),
        )
    builder.button(
        text=c.t("ask-staff-btn-back-case"), callback_data=CaseCb(action="view", case_id=c.case.id)
    )
    builder.adjust(1)
    key = "ask-staff-assign-title" if team else "ask-staff-assign-nobody"
    await show(c.query, c.t(key, number=c.number()), builder.as_markup())


async def _assign_to(c: _Ctx) -> None:
    if not c.data.arg.isdigit() or int(c.data.arg) not in await consultants(c.session):
        await notice(c.query, c.t("button-outdated"))
        return
    target = int(c.data.arg)
    outcome = await app.assign_to(c.context(), c.case, target)
    if isinstance(outcome, app.AlreadyClosed):
        await c.card(c.t("ask-staff-reply-closed", number=c.number()))
        return
    c.case = outcome.case
    await c.card(
        c.t(
            "ask-staff-assigned",
            number=c.number(),
            user_id=str(target),
            me="yes" if target == c.me else "no",
        )
    )


async def _status(c: _Ctx) -> None:
    event = {
        CaseStatus.WAITING.value: Event.MARK_WAITING,
        CaseStatus.IN_PROGRESS.value: Event.MARK_IN_PROGRESS,
    }.get(c.data.arg)
    if event is None:
        await notice(c.query, c.t("button-outdated"))
        return
    try:
        await apply_event(c.session, c.case, event, c.me)
    except TransitionError:
        await c.card(c.t("ask-staff-reply-closed", number=c.number()))
        return
    await audit(c.session, "case.status", c.me, target=f"case:{c.case.id}", status=c.data.arg)
    await c.card()


async def _close(c: _Ctx) -> None:
    if c.case.status == CaseStatus.CLOSED.value:
        await c.card()
        return
    if in_forum(c.query, c.settings):
        # In the topic every message is a reply to the person; a note is given with /close.
        await _close_now(c)
        return
    await c.state.set_state(StaffFlow.closing)
    await c.state.update_data(staff_case=c.case.id)
    builder = InlineKeyboardBuilder()
    builder.button(
        text=c.t("ask-staff-close-no-note"),
        callback_data=CaseCb(action="closenow", case_id=c.case.id),
    )
    builder.button(
        text=c.t("ask-staff-btn-back-case"), callback_data=CaseCb(action="view", case_id=c.case.id)
    )
    builder.adjust(1)
    await show(c.query, c.t("ask-staff-close-prompt", number=c.number()), builder.as_markup())


async def _close_now(c: _Ctx, note: str | None = None) -> None:
    await c.state.set_state(None)
    if not await close_case(c.session, c.catalog, c.settings, c.case, c.me, note):
        await c.card(c.t("ask-staff-already-closed", number=c.number()))
        return
    await c.card(c.t("ask-staff-closed", number=c.number()))


async def close_case(
    session: AsyncSession,
    catalog: Catalog,
    settings: Settings,
    case: Case,
    actor: int,
    note: str | None,
) -> bool:
    context = app.Context(session, catalog, settings, actor)
    if isinstance(await app.close(context, case, note), app.AlreadyClosed):
        return False
    t = forum.forum_translator(catalog, settings)
    # The note is a colleague's own words: composed after the template, escaped.
    said = t("ask-forum-closed", number=str(case.id), has_note="yes" if note else "no")
    await forum.post(session, case, f"{said}\n{escape(note)}" if note else said)
    return True


async def _reopen(c: _Ctx) -> None:
    ok = await reopen(c.session, c.case, c.me)
    if ok:
        await audit(c.session, "case.reopen", c.me, target=f"case:{c.case.id}")
    key = "ask-staff-reopened" if ok else "ask-staff-reopen-refused"
    await c.card(c.t(key, number=c.number()))


_ACTIONS = {
    "view": _view,
    "thread": _thread,
    "reply": _reply,
    "canned": _canned,
    "cpick": _canned_pick,
    "csend": _canned_send,
    "take": _take,
    "assign": _assign,
    "assignto": _assign_to,
    "status": _status,
    "close": _close,
    "closenow": _close_now,
    "reopen": _reopen,
}


# ---------------------------------------------------------------- typed input


@router.message(
    StaffFlow.replying,
    F.chat.type == ChatType.PRIVATE,
    PlainInput(),
    flags={"action": "cases.reply"},
)
async def on_staff_reply(message: Message, ctx: UpdateContext) -> None:
    """Whatever the consultant sends now goes to the person, until Done or another screen."""
    session, t, settings, catalog = ctx.session, ctx.t, ctx.settings, ctx.catalog
    state = ctx.state
    assert state is not None
    assert message.from_user is not None
    case_id = (await state.get_data()).get("staff_case")
    case = await get_case(session, int(case_id), lock=True) if case_id else None
    if case is None or case.status == CaseStatus.CLOSED.value:
        await state.set_state(None)
        await message.answer(t("ask-staff-reply-closed", number=str(case_id or "?")))
        return
    incoming = incoming_from(message)
    if incoming is None:
        await message.answer(t("ask-unsupported"))
        return
    context = app.Context(session, catalog, settings, message.from_user.id)
    stored = await app.answer(
        context,
        case,
        incoming,
        receipt=lambda stored: reply_receipt(t, case, stored, message.chat.id),
        source=app.Source(message.chat.id, message.message_id),
    )
    if isinstance(stored, app.AlreadyClosed):
        await state.set_state(None)
        await message.answer(t("ask-staff-reply-closed", number=str(case.id)))
        return
    await message.answer(
        t("ask-staff-reply-queued", number=str(case.id)),
        reply_markup=back_to_case_kb(t, case.id, done=True),
    )


@router.message(
    StaffFlow.closing,
    F.chat.type == ChatType.PRIVATE,
    F.text,
    PlainInput(),
    flags={"action": "cases.close"},
)
async def on_close_note(message: Message, ctx: UpdateContext) -> None:
    session, t, settings, catalog = ctx.session, ctx.t, ctx.settings, ctx.catalog
    state = ctx.state
    assert state is not None
    assert message.from_user is not None
    case_id = (await state.get_data()).get("staff_case")
    await state.set_state(None)
    case = await get_case(session, int(case_id), lock=True) if case_id else None
    if case is None:
        await message.answer(t("ask-staff-case-gone"))
        return
    note = (message.text or "").strip()[:CLOSE_NOTE_LIMIT]
    closed = await close_case(session, catalog, settings, case, message.from_user.id, note)
    key = "ask-staff-closed" if closed else "ask-staff-already-closed"
    text = await case_card(session, t, settings, case, message.from_user.id)
    await message.answer(
        f"{t(key, number=str(case.id))}\n\n{text}", reply_markup=card_kb(t, case, forum=False)
    )


# ---------------------------------------------------------------- content gaps


@router.message(Command("content_gaps"), flags={"action": "content.gaps"})
async def cmd_content_gaps(
    message: Message,
    session: AsyncSession,
    t: Translator,
    content_holder: ContentHolder,
) -> None:
    """What people could not find: search misses and questions they had to ask a human, by
    topic and destination, for the last three months — the editors' to-write list."""
    now = utcnow()
    misses = await content_gaps(session, months_back(now, 2))
    asked = await case_topics(session, now - timedelta(days=92))
    lines = [t("ask-gaps-title")]
    lines.append(t("ask-gaps-search-title"))
    if not misses:
        lines.append(t("ask-gaps-none"))
    for row in misses[:30]:
        lines.append(
            t(
                "ask-gaps-line",
                source=row.source,
                topic=topic_label(t, row.topic),
                destination=destination_label(t, row.destination),
                count=row.count,
            )
        )
    lines.append("")
    lines.append(t("ask-gaps-cases-title"))
    if not asked:
        lines.append(t("ask-gaps-none"))
    for row in asked[:30]:
        lines.append(
            t(
                "ask-gaps-line",
                source="case",
                topic=topic_label(t, row.topic),
                destination=destination_label(t, row.destination),
                count=row.count,
            )
        )
    # Topics the guides can only answer with "ask the Center": no facts found for them yet.
    known = [
        (check_key(dest, section.id), topic)
        for dest, section in content_holder.store.iter_sections()
        for topic in section.gaps
    ]
    lines += ["", t("ask-gaps-known-title")]
    lines += [t("ask-gaps-known-line", item_key=key, topic=topic) for key, topic in known]
    if not known:
        lines.append(t("ask-gaps-none"))
    await answer_long(message, "\n".join(lines))
