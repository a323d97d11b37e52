"""The person's side of "Ask the Center": topic → "are you in danger?" → consent → write.

While the person is writing (AskFlow.writing), whatever they send (text, photos, documents,
voice) goes to their open case, acknowledged at most once a minute with a "✋ Done writing"
button. Writing is a mode, and it is explicit: a command, a main-menu tap or that button ends
it (bot/middlewares/modes.py), and text typed afterwards is a search again. The case itself
stays open; answers still arrive in the chat, and "✍️ Reply" or 💬 Ask the Center leads back
to writing in the same case.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, Filter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.context import UpdateContext
from bot.i18n import Catalog, Translator
from bot.ui import answer_parts, show, texts_in_all_locales
from db.models import Case, User
from db.queries.cases import (
    Incoming,
    add_person_message,
    create_case,
    get_case,
    messages_of,
    open_case_of,
)
from db.types import utcnow
from domain.cases import Topic, parse_topic
from handlers.ask import services as app
from handlers.ask.callbacks import AskCb, AskStepCb, MyCaseCb
from handlers.ask.hours import closed_note
from handlers.ask.media import incoming_from
from handlers.ask.notify import (
    alert_new_case,
    ask_again_kb,
)
from handlers.ask.render import (
    ask_stopped_kb,
    consent_kb,
    my_case_kb,
    my_case_text,
    person_history,
    topic_label,
    topics_kb,
    urgent_kb,
    writing_kb,
)
from handlers.menu import MenuCb

router = Router(name=__name__)
router.message.filter(F.chat.type == ChatType.PRIVATE)

# Things typed before the case exists are kept (a person often writes the question first).
DRAFT_LIMIT = 20


class AskFlow(StatesGroup):
    topic = State()
    urgent = State()
    consent = State()
    writing = State()


class PlainInput(Filter):
    """Not a command and not another feature's reply-keyboard button (🆘 SOS must always open
    the emergency card, even in the middle of writing a question)."""

    async def __call__(self, message: Message, catalog: Catalog) -> bool:
        text = message.text or ""
        if text.startswith("/"):
            return False
        return text not in texts_in_all_locales(catalog, "kb-sos") | texts_in_all_locales(
            catalog, "kb-menu"
        )


# ---------------------------------------------------------------- entry points


async def open_ask(
    event: Message | CallbackQuery,
    *,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
    user: User | None,
    settings: Settings,
    topic: Topic | None,
    source: str,
) -> None:
    """Every way in ends here: an open case is shown again; otherwise the questions start."""
    assert event.from_user is not None
    case = await open_case_of(session, event.from_user.id)
    if case is not None:
        await show_my_case(event, state, t, user, settings, case)
        return
    await state.set_state(AskFlow.topic if topic is None else AskFlow.urgent)
    await state.update_data(
        ask_topic=topic.value if topic else None,
        ask_source=source[:16],
        ask_urgent=None,
        ask_consent=False,
        ask_drafts=[],
        ask_case=None,
    )
    if topic is None:
        await show(event, t("ask-topic-question"), topics_kb(t))
    else:
        await show(
            event, t("ask-urgent-question", topic=topic_label(t, topic.value)), urgent_kb(t)
        )


async def show_my_case(
    event: Message | CallbackQuery,
    state: FSMContext,
    t: Translator,
    user: User | None,
    settings: Settings,
    case: Case,
) -> None:
    await state.set_state(AskFlow.writing)
    await state.update_data(ask_case=case.id)
    text = my_case_text(t, case)
    note = closed_note(t, settings, user, utcnow(), urgent=case.urgent)
    if note:
        text += "\n\n" + note
    await show(event, text, my_case_kb(t, case, sos=note is not None or case.urgent))


@router.callback_query(MenuCb.filter(F.item == "ask"))
async def on_menu_ask(
    query: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
    user: User | None,
    settings: Settings,
) -> None:
    await open_ask(
        query,
        state=state,
        session=session,
        t=t,
        user=user,
        settings=settings,
        topic=None,
        source="menu",
    )


@router.callback_query(AskCb.filter())
async def on_ask_button(query: CallbackQuery, callback_data: AskCb, ctx: UpdateContext) -> None:
    """From other features: the emergency card, a red contract check, a search with no match."""
    session, t, user, settings = ctx.session, ctx.t, ctx.user, ctx.settings
    state = ctx.state
    assert state is not None
    await open_ask(
        query,
        state=state,
        session=session,
        t=t,
        user=user,
        settings=settings,
        topic=parse_topic(callback_data.topic),
        source=callback_data.source,
    )


@router.message(Command("ask"))
async def cmd_ask(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
    user: User | None,
    settings: Settings,
) -> None:
    await open_ask(
        message,
        state=state,
        session=session,
        t=t,
        user=user,
        settings=settings,
        topic=None,
        source="command",
    )


async def open_from_link(message: Message, argument: str, data: dict[str, Any]) -> bool:
    """`ask` or `ask_<topic>` (e.g. a poster at the Center: t.me/<bot>?start=ask_contract)."""
    topic = parse_topic(argument)
    if argument and topic is None:
        return False
    await open_ask(
        message,
        state=data["state"],
        session=data["session"],
        t=data["t"],
        user=data["user"],
        settings=data["settings"],
        topic=topic,
        source="link",
    )
    return True


# ---------------------------------------------------------------- the questions


@router.callback_query(AskStepCb.filter(F.step == "topic"))
async def on_topic(
    query: CallbackQuery, callback_data: AskStepCb, state: FSMContext, t: Translator
) -> None:
    topic = parse_topic(callback_data.value) or Topic.OTHER
    await state.set_state(AskFlow.urgent)
    await state.update_data(ask_topic=topic.value)
    await show(query, t("ask-urgent-question", topic=topic_label(t, topic.value)), urgent_kb(t))


@router.callback_query(AskStepCb.filter(F.step == "back"))
async def on_back(
    query: CallbackQuery, callback_data: AskStepCb, state: FSMContext, t: Translator
) -> None:
    if callback_data.value == "urgent":
        topic = (await state.get_data()).get("ask_topic") or Topic.OTHER.value
        await state.set_state(AskFlow.urgent)
        await show(query, t("ask-urgent-question", topic=topic_label(t, topic)), urgent_kb(t))
        return
    await state.set_state(AskFlow.topic)
    await show(query, t("ask-topic-question"), topics_kb(t))


@router.callback_query(AskStepCb.filter(F.step == "urgent"))
async def on_urgent(query: CallbackQuery, callback_data: AskStepCb, ctx: UpdateContext) -> None:
    session, t, user, settings = ctx.session, ctx.t, ctx.user, ctx.settings
    catalog, locale = ctx.catalog, ctx.locale
    state = ctx.state
    assert state is not None
    await state.update_data(ask_urgent=callback_data.value == "yes")
    if user is not None and user.has_consented:
        await begin_writing(query, state, session, t, user, settings, catalog, locale)
        return
    await state.set_state(AskFlow.consent)
    await show(query, t("ask-consent-text"), consent_kb(t))


@router.callback_query(AskStepCb.filter(F.step == "consent"))
async def on_consent(query: CallbackQuery, ctx: UpdateContext) -> None:
    session, t, user, settings = ctx.session, ctx.t, ctx.user, ctx.settings
    catalog, locale = ctx.catalog, ctx.locale
    state = ctx.state
    assert state is not None
    await state.update_data(ask_consent=True)
    await begin_writing(query, state, session, t, user, settings, catalog, locale)


async def begin_writing(
    event: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
    user: User | None,
    settings: Settings,
    catalog: Catalog,
    locale: str,
) -> None:
    """Questions answered. An urgent case opens at once (consultants hear about it now, even
    before the person manages to type); so does one with text already typed."""
    data = await state.get_data()
    drafts = [Incoming(**d) for d in data.get("ask_drafts") or []]
    urgent = bool(data.get("ask_urgent"))
    note = closed_note(t, settings, user, utcnow(), urgent=urgent)
    await state.set_state(AskFlow.writing)
    if not urgent and not drafts:
        text = t("ask-write-prompt")
        if note:
            text += "\n\n" + note
        await show(event, text, writing_kb(t, sos=note is not None))
        return
    case, created = await _new_case(event.from_user.id, data, session, user, locale)
    await state.update_data(ask_case=case.id, ask_drafts=[])
    # A new case has no topic yet: the forum's topic job creates it after commit and copies
    # these messages into it.
    for draft in drafts:
        await add_person_message(session, case, draft)
    alerted: list[int] = []
    if created:
        alerted = await alert_new_case(
            session, catalog, settings, case, drafts[0] if drafts else None
        )
    case.person_acked_at = utcnow()
    text = t(
        "ask-case-opened",
        number=str(case.id),
        urgent="yes" if urgent else "no",
        alerted="yes" if alerted else "no",
        has_text="yes" if drafts else "no",
    )
    if note:
        text += "\n\n" + note
    await show(event, text, my_case_kb(t, case, sos=urgent or note is not None))


async def _new_case(
    user_id: int,
    data: dict[str, Any],
    session: AsyncSession,
    user: User | None,
    locale: str,
) -> tuple[Case, bool]:
    topic = parse_topic(data.get("ask_topic")) or Topic.OTHER
    return await create_case(
        session,
        user_id=user_id,
        topic=topic,
        urgent=bool(data.get("ask_urgent")),
        locale=locale,
        destination=user.destination if user is not None and user.has_consented else None,
        source=data.get("ask_source") or "menu",
        # With general consent the profile already covers it; otherwise this case's own "yes".
        consent_at=None if user is not None and user.has_consented else utcnow(),
    )


# ---------------------------------------------------------------- what the person writes


@router.message(StateFilter(AskFlow.topic, AskFlow.urgent, AskFlow.consent), PlainInput())
async def on_early_message(message: Message, state: FSMContext, t: Translator) -> None:
    """Typed before the questions are answered: keep it for the case and point at the buttons
    (nothing typed is lost, and nobody is told off for typing)."""
    incoming = incoming_from(message)
    data = await state.get_data()
    drafts = list(data.get("ask_drafts") or [])
    if incoming is not None and len(drafts) < DRAFT_LIMIT:
        drafts.append(asdict(incoming))
        await state.update_data(ask_drafts=drafts)
    current = await state.get_state()
    if current == AskFlow.topic.state:
        await message.answer(t("ask-draft-kept", step="topic"), reply_markup=topics_kb(t))
    elif current == AskFlow.urgent.state:
        await message.answer(t("ask-draft-kept", step="urgent"), reply_markup=urgent_kb(t))
    else:
        await message.answer(t("ask-draft-kept", step="consent"), reply_markup=consent_kb(t))


@router.message(AskFlow.writing, PlainInput())
async def on_case_message(message: Message, ctx: UpdateContext) -> None:
    session, t, user, settings = ctx.session, ctx.t, ctx.user, ctx.settings
    catalog, locale = ctx.catalog, ctx.locale
    state = ctx.state
    assert state is not None
    assert message.from_user is not None
    incoming = incoming_from(message)
    if incoming is None:
        await message.answer(t("ask-unsupported"))
        return
    case = await open_case_of(session, message.from_user.id, lock=True)
    created = False
    if case is None:
        data = await state.get_data()
        if data.get("ask_case"):
            # The Center closed it while the person was away; a new question starts afresh.
            await state.set_state(None)
            await message.answer(t("ask-case-was-closed"), reply_markup=ask_again_kb(t))
            return
        if not ((user is not None and user.has_consented) or data.get("ask_consent")):
            await state.set_state(AskFlow.consent)
            await state.update_data(ask_drafts=[asdict(incoming)])
            await message.answer(t("ask-consent-text"), reply_markup=consent_kb(t))
            return
        case, created = await _new_case(message.from_user.id, data, session, user, locale)
        await state.update_data(ask_case=case.id, ask_drafts=[])
    context = app.Context(session, catalog, settings, message.from_user.id)
    source = app.Source(message.chat.id, message.message_id)
    received = await app.receive(context, case, incoming, source, created=created)
    if not received.acknowledge:
        return
    now = utcnow()
    note = closed_note(t, settings, user, now, urgent=case.urgent)
    if created:
        text = t(
            "ask-case-opened",
            number=str(case.id),
            urgent="yes" if case.urgent else "no",
            alerted="yes" if received.alerted else "no",
            has_text="yes",
        )
    else:
        text = t("ask-received", number=str(case.id))
    if note:
        text += "\n\n" + note
    # "Passed to the Center" only once the database took it: a refused write raises here and
    # the person gets the apology instead (handlers/errors.py), never a false confirmation.
    await session.flush()
    await message.answer(
        text, reply_markup=my_case_kb(t, case, sos=case.urgent or bool(note), writing=True)
    )


# ---------------------------------------------------------------- the person's own case


async def _own_case(query: CallbackQuery, session: AsyncSession, case_id: int) -> Case | None:
    """The case behind a button, only if it is the presser's (the data could be forged)."""
    case = await get_case(session, case_id, lock=True)
    if case is None or case.user_id != query.from_user.id:
        return None
    return case


@router.callback_query(MyCaseCb.filter())
async def on_my_case(query: CallbackQuery, callback_data: MyCaseCb, ctx: UpdateContext) -> None:
    session, t, user, settings, catalog, bot = (
        ctx.session,
        ctx.t,
        ctx.user,
        ctx.settings,
        ctx.catalog,
        ctx.bot,
    )
    state = ctx.state
    assert state is not None
    case = await _own_case(query, session, callback_data.case_id)
    if case is None:
        await query.answer(t("button-outdated"), show_alert=True)
        return
    action = callback_data.action
    if case.status == "closed" and action != "history":
        await state.set_state(None)
        await show(query, t("ask-case-was-closed"), ask_again_kb(t))
        return
    if action == "history":
        zone = _zone(user, settings)
        parts = person_history(t, case, await messages_of(session, case.id, last=15), zone)
        if len(parts) == 1:
            await show(query, parts[0], my_case_kb(t, case))
        elif isinstance(query.message, Message):
            await answer_parts(query.message, parts, my_case_kb(t, case))
    elif action == "stop":
        # Only the writing ends; the question stays open and answers still come here.
        await state.set_state(None)
        await show(query, t("ask-stopped-writing", number=str(case.id)), ask_stopped_kb(t, case))
    elif action == "write":
        await state.set_state(AskFlow.writing)
        await state.update_data(ask_case=case.id)
        await show(query, t("ask-write-more", number=str(case.id)), writing_kb(t, sos=False))
    elif action == "close":
        builder = InlineKeyboardBuilder()
        builder.button(
            text=t("ask-close-yes"), callback_data=MyCaseCb(action="closeyes", case_id=case.id)
        )
        builder.button(
            text=t("ask-close-no"), callback_data=MyCaseCb(action="show", case_id=case.id)
        )
        builder.adjust(1)
        await show(query, t("ask-close-confirm", number=str(case.id)), builder.as_markup())
    elif action == "closeyes":
        await _close_by_person(query, state, session, t, settings, catalog, bot, case)
    else:
        await show_my_case(query, state, t, user, settings, case)


async def _close_by_person(
    query: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
    catalog: Catalog,
    bot: Bot,
    case: Case,
) -> None:
    await state.set_state(None)
    await app.close_by_person(app.Context(session, catalog, settings, query.from_user.id), case)
    await show(query, t("ask-closed-by-you", number=str(case.id)), ask_again_kb(t))


def _zone(user: User | None, settings: Settings) -> ZoneInfo:
    if user is not None and user.timezone:
        try:
            return ZoneInfo(user.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return settings.tz
