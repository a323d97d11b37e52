"""/broadcast: the draft screen, its texts (per language or one for all), the attachment, the
sending time, and the preview in the staff member's own chat.

The draft lives in the `broadcasts` table (the FSM holds only its id and the language being
typed), so a half-written broadcast survives a restart and can be reopened from /broadcasts.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import declare_role
from bot.config import Settings
from bot.context import UpdateContext
from bot.i18n import Translator
from bot.ui import show
from db.models.broadcast import Broadcast
from db.queries import broadcast as q
from db.queries.users import audit
from db.types import utcnow
from domain.broadcast import (
    CAPTION_LIMIT,
    LOCALES,
    ONE_TEXT_KEY,
    TEXT_LIMIT,
    HtmlError,
    Segment,
    Status,
    parse_local_time,
    prepare_text,
    schedule_problem,
)
from domain.roles import Role
from handlers.broadcast.callbacks import BcCb
from handlers.broadcast.message import content_of, delivery_for, send_delivery
from handlers.broadcast.render import (
    back_to_draft_kb,
    draft_view,
    language_name,
    media_kb,
    problems_of,
    when_kb,
)

router = Router(name=__name__)
# Staff only (and admins): every screen and typed step of a draft.
declare_role(router, Role.STAFF, action="broadcast.compose")

# Entities that mean "formatted in the Telegram app" (as opposed to links and mentions that
# Telegram detects by itself in plain text, which say nothing about HTML typed by hand).
FORMATTING = frozenset(
    {
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "code",
        "pre",
        "text_link",
        "text_mention",
        "blockquote",
        "expandable_blockquote",
        "custom_emoji",
    }
)


class BroadcastFlow(StatesGroup):
    text = State()  # data: bc (broadcast id), lang (locale or "all")
    media = State()  # data: bc
    when = State()  # data: bc
    since = State()  # data: bc (audience: "active since" day)


# ---------------------------------------------------------------- shared helpers


async def draft_screen(
    session: AsyncSession, t: Translator, settings: Settings, row: Broadcast
) -> tuple[str, InlineKeyboardMarkup]:
    per_language = await q.count_by_language(
        session, Segment.from_json(row.segment), LOCALES, settings.default_locale, settings.tz
    )
    total = sum(per_language.get(loc, 0) for loc in row.languages or ())
    return draft_view(
        t,
        row,
        per_language,
        problems_of(row, total),
        settings.broadcast_approval_threshold,
        settings.tz,
    )


async def found(
    query: CallbackQuery,
    session: AsyncSession,
    t: Translator,
    broadcast_id: int,
    *,
    lock: bool = False,
) -> Broadcast | None:
    """The broadcast a button names (locked when it will be changed); None, after telling the
    person it is gone, when it was deleted meanwhile."""
    row = await q.get(session, broadcast_id, lock=lock)
    if row is None:
        await query.answer(t("broadcast-gone"), show_alert=True)
    return row


async def editable(
    query: CallbackQuery, session: AsyncSession, t: Translator, broadcast_id: int
) -> Broadcast | None:
    """The draft, locked; None (and a notice) once it is no longer a draft."""
    row = await found(query, session, t, broadcast_id, lock=True)
    if row is None:
        return None
    if row.status != Status.DRAFT:
        await query.answer(t("broadcast-not-draft", status=row.status), show_alert=True)
        return None
    return row


async def expect_input(state: FSMContext, step: State, row: Broadcast, **data: str) -> None:
    """The next message the staff member types is `step` of this draft (the FSM holds only the
    draft's id, read back by draft_id_from_state, and what the step needs)."""
    await state.set_state(step)
    await state.set_data({"bc": row.id, **data})


async def draft_id_from_state(state: FSMContext) -> int | None:
    data = await state.get_data()
    value = data.get("bc")
    return int(value) if value is not None else None


async def reply_with_draft(
    message: Message, session: AsyncSession, t: Translator, settings: Settings, row: Broadcast
) -> None:
    text, markup = await draft_screen(session, t, settings, row)
    await message.answer(text, reply_markup=markup)


async def typed_draft(
    message: Message, state: FSMContext, session: AsyncSession, t: Translator
) -> Broadcast | None:
    """The draft a typed input belongs to (locked), or None after telling why."""
    broadcast_id = await draft_id_from_state(state)
    row = await q.get(session, broadcast_id, lock=True) if broadcast_id else None
    if row is None or row.status != Status.DRAFT:
        await state.clear()
        await message.answer(t("broadcast-not-draft", status=row.status if row else "gone"))
        return None
    return row


# ---------------------------------------------------------------- /broadcast and the draft


@router.message(Command("broadcast"))
async def cmd_broadcast(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    assert message.from_user is not None
    me = message.from_user.id
    await state.clear()
    # One draft at a time per person: /broadcast reopens it (Discard starts afresh).
    row = await q.latest_draft(session, me)
    if row is None:
        # Target the languages people actually read (each targeted one needs a text); staff
        # can add the others in the audience screen.
        readers = await q.count_by_language(
            session, Segment(), LOCALES, settings.default_locale, settings.tz
        )
        targeted = [loc for loc in LOCALES if readers.get(loc)] or list(LOCALES)
        row = await q.new_draft(session, me, targeted)
        await audit(session, "broadcast.create", me, target=q.ref_of(row.id))
    await reply_with_draft(message, session, t, settings, row)


@router.callback_query(BcCb.filter(F.a == "hub"))
async def on_hub(
    query: CallbackQuery,
    callback_data: BcCb,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    row = await editable(query, session, t, callback_data.i)
    if row is None:
        return
    await state.clear()
    text, markup = await draft_screen(session, t, settings, row)
    await show(query, text, markup)


@router.callback_query(BcCb.filter(F.a == "mode"))
async def on_mode(
    query: CallbackQuery,
    callback_data: BcCb,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    row = await editable(query, session, t, callback_data.i)
    if row is None:
        return
    # Texts of the other mode are kept, so switching back loses nothing.
    row.mode = "one" if row.mode == "each" else "each"
    text, markup = await draft_screen(session, t, settings, row)
    await show(query, text, markup)


@router.callback_query(BcCb.filter(F.a == "del"))
async def on_discard(
    query: CallbackQuery,
    callback_data: BcCb,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
) -> None:
    row = await editable(query, session, t, callback_data.i)
    if row is None:
        return
    await state.clear()
    await q.delete_draft(session, row.id)
    await audit(session, "broadcast.discard", query.from_user.id, target=q.ref_of(row.id))
    await show(query, t("broadcast-discarded", id=str(row.id)))


# ---------------------------------------------------------------- texts


@router.callback_query(BcCb.filter(F.a == "txt"))
async def on_text_prompt(
    query: CallbackQuery,
    callback_data: BcCb,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
) -> None:
    row = await editable(query, session, t, callback_data.i)
    if row is None:
        return
    lang = callback_data.v if callback_data.v in (*LOCALES, ONE_TEXT_KEY) else ONE_TEXT_KEY
    await expect_input(state, BroadcastFlow.text, row, lang=lang)
    current = (row.texts or {}).get(lang)
    prompt = t(
        "broadcast-text-prompt",
        language=language_name(lang) if lang != ONE_TEXT_KEY else t("broadcast-all-languages"),
        limit=CAPTION_LIMIT if row.media_kind else TEXT_LIMIT,
        has_current="yes" if current else "no",
    )
    await show(query, prompt, back_to_draft_kb(t, row.id))
    if current and query.bot is not None:
        # The current text as it will look, to copy (Telegram keeps the formatting) and correct.
        await query.bot.send_message(query.from_user.id, current)


@router.message(BroadcastFlow.text)
async def on_text(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    row = await typed_draft(message, state, session, t)
    if row is None:
        return
    lang = str((await state.get_data()).get("lang") or ONE_TEXT_KEY)
    media = _media_of(message)
    if message.text is None and message.caption is None:
        await message.answer(t("broadcast-text-expected"))
        return
    entities = message.entities or message.caption_entities or []
    formatted = any(e.type in FORMATTING for e in entities)
    source = message.html_text if formatted else (message.text or message.caption or "")
    has_media = media is not None or row.media_kind is not None
    try:
        html_text = prepare_text(
            source, formatted=formatted, limit=CAPTION_LIMIT if has_media else TEXT_LIMIT
        )
    except HtmlError as err:
        await message.answer(t("broadcast-html-error", kind=err.kind, detail=err.detail))
        return  # the state stays: the next message is another try
    texts = dict(row.texts or {})
    texts[lang] = html_text
    row.texts = texts
    if media is not None:
        row.media_kind, row.media_file_id = media
    await state.clear()
    await message.answer(t("broadcast-text-saved"))
    await reply_with_draft(message, session, t, settings, row)


def _media_of(message: Message) -> tuple[str, str] | None:
    if message.photo:
        return "photo", message.photo[-1].file_id  # the largest size
    if message.document:
        return "document", message.document.file_id
    return None


# ---------------------------------------------------------------- attachment


@router.callback_query(BcCb.filter(F.a == "med"))
async def on_media_prompt(
    query: CallbackQuery,
    callback_data: BcCb,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
) -> None:
    row = await editable(query, session, t, callback_data.i)
    if row is None:
        return
    await expect_input(state, BroadcastFlow.media, row)
    await show(query, t("broadcast-media-prompt", kind=row.media_kind or "none"), media_kb(t, row))


@router.message(BroadcastFlow.media)
async def on_media(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    row = await typed_draft(message, state, session, t)
    if row is None:
        return
    media = _media_of(message)
    if media is None:
        await message.answer(t("broadcast-media-expected"))
        return
    row.media_kind, row.media_file_id = media
    await state.clear()
    await message.answer(t("broadcast-media-saved", kind=media[0]))
    await reply_with_draft(message, session, t, settings, row)


@router.callback_query(BcCb.filter(F.a == "medx"))
async def on_media_remove(
    query: CallbackQuery,
    callback_data: BcCb,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    row = await editable(query, session, t, callback_data.i)
    if row is None:
        return
    row.media_kind = row.media_file_id = None
    await state.clear()
    text, markup = await draft_screen(session, t, settings, row)
    await show(query, text, markup)


# ---------------------------------------------------------------- when


@router.callback_query(BcCb.filter(F.a == "when"))
async def on_when_prompt(
    query: CallbackQuery,
    callback_data: BcCb,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
) -> None:
    row = await editable(query, session, t, callback_data.i)
    if row is None:
        return
    await expect_input(state, BroadcastFlow.when, row)
    await show(query, t("broadcast-when-prompt"), when_kb(t, row))


@router.message(BroadcastFlow.when, F.text)
async def on_when(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    row = await typed_draft(message, state, session, t)
    if row is None:
        return
    now = utcnow()
    send_at = parse_local_time(message.text or "", now, settings.tz)
    if send_at is None:
        await message.answer(t("broadcast-when-unreadable"))
        return
    problem = schedule_problem(send_at, now)
    if problem is not None:
        await message.answer(t("broadcast-when-problem", problem=problem))
        return
    row.send_at = send_at
    await state.clear()
    await reply_with_draft(message, session, t, settings, row)


@router.callback_query(BcCb.filter(F.a == "now"))
async def on_now(
    query: CallbackQuery,
    callback_data: BcCb,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    row = await editable(query, session, t, callback_data.i)
    if row is None:
        return
    row.send_at = None
    await state.clear()
    text, markup = await draft_screen(session, t, settings, row)
    await show(query, text, markup)


# ---------------------------------------------------------------- preview


@router.callback_query(BcCb.filter(F.a == "prev"), flags={"action": "broadcast.preview"})
async def on_preview(query: CallbackQuery, callback_data: BcCb, ctx: UpdateContext) -> None:
    """Each targeted language's message, sent here exactly as its recipients will get it
    (same text, attachment and button), after a line saying which language and how many."""
    session, t, settings, bot = ctx.session, ctx.t, ctx.settings, ctx.bot
    row = await found(query, session, t, callback_data.i)
    if row is None:
        return
    me = query.from_user.id
    per_language = await q.count_by_language(
        session, Segment.from_json(row.segment), LOCALES, settings.default_locale, settings.tz
    )
    content = content_of(row)
    if not content.languages:
        await query.answer(
            t("broadcast-problem", problem="no-language", language=""), show_alert=True
        )
        return
    for locale in content.languages:
        delivery = delivery_for(row, locale, ctx.catalog)
        await bot.send_message(
            me,
            t(
                "broadcast-preview-header",
                id=str(row.id),
                language=language_name(locale),
                count=per_language.get(locale, 0),
                missing="yes" if delivery is None else "no",
            ),
        )
        if delivery is None:
            continue
        try:
            await send_delivery(bot, me, delivery)
        except TelegramAPIError as err:
            # Whatever Telegram refuses here it would refuse for every recipient: say so.
            await bot.send_message(me, t("broadcast-preview-failed", error=err.message))
