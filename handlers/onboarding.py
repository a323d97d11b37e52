"""/start: language → privacy consent → situation → destination → date → main menu.

Every answer is saved as soon as it is given, so /start again resumes where the person stopped
and never loses what was saved. Every step has Back; /cancel leaves at any point.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.commands import set_chat_commands
from bot.config import SUPPORTED_LOCALES
from bot.context import UpdateContext
from bot.filters import PlainText
from bot.i18n import LANGUAGE_NAMES, Translator, per_language, pick_locale
from bot.ui import show
from db.clock import local_now
from db.models import User
from db.queries.users import ensure_user, record_consent, update_profile
from db.types import utcnow
from domain.onboarding import (
    Progress,
    Step,
    date_field,
    destination_label,
    next_step,
    previous_step,
)
from domain.profile import (
    Destination,
    Situation,
    check_anchor_date,
    default_timezone,
    parse_user_date,
)
from handlers import deeplinks
from handlers.menu import MenuCb, send_main_menu

router = Router(name=__name__)


class Onboarding(StatesGroup):
    language = State()
    consent = State()
    situation = State()
    destination = State()
    date = State()


class LangCb(CallbackData, prefix="lang"):
    code: str


class ObCb(CallbackData, prefix="ob"):
    step: str  # the step being answered, or "back"/"skip"
    value: str = ""


def progress(user: User | None) -> Progress | None:
    if user is None:
        return None
    return Progress(
        locale=user.locale,
        consent_at=user.consent_at,
        consent_declined_at=user.consent_declined_at,
        situation=user.situation,
        destination=user.destination,
        onboarded_at=user.onboarded_at,
    )


# ---------------------------------------------------------------- keyboards


@functools.cache  # one per suggested language
def language_kb(suggested: str | None) -> InlineKeyboardMarkup:
    order = sorted(SUPPORTED_LOCALES, key=lambda code: code != suggested)
    builder = InlineKeyboardBuilder()
    for code in order:
        builder.button(text=LANGUAGE_NAMES[code], callback_data=LangCb(code=code))
    builder.adjust(1)
    return builder.as_markup()


@per_language
def consent_kb(t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("consent-agree"), callback_data=ObCb(step="consent", value="yes"))
    builder.button(text=t("consent-decline"), callback_data=ObCb(step="consent", value="no"))
    builder.button(text=t("consent-more"), callback_data=ObCb(step="consent", value="more"))
    builder.button(text=t("btn-back"), callback_data=ObCb(step="back", value="consent"))
    builder.adjust(1)
    return builder.as_markup()


@per_language
def situation_kb(t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for situation in Situation:
        builder.button(
            text=t(f"situation-{situation.value}"),
            callback_data=ObCb(step="situation", value=situation.value),
        )
    builder.button(text=t("btn-back"), callback_data=ObCb(step="back", value="situation"))
    builder.adjust(1)
    return builder.as_markup()


@per_language
def destination_kb(t: Translator, situation: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for destination in Destination:
        builder.button(
            text=t(destination_label(destination, situation)),
            callback_data=ObCb(step="destination", value=destination.value),
        )
    builder.button(text=t("btn-back"), callback_data=ObCb(step="back", value="destination"))
    builder.adjust(2, 2, 1, 1)
    return builder.as_markup()


@per_language
def date_kb(t: Translator, situation: str) -> InlineKeyboardMarkup:
    # A date still ahead may be unknown; one already past (arrival, return) is at most
    # forgotten — the skip button says which.
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("date-skip", situation=situation), callback_data=ObCb(step="skip", value="date")
    )
    builder.button(text=t("btn-back"), callback_data=ObCb(step="back", value="date"))
    builder.adjust(1)
    return builder.as_markup()


# ---------------------------------------------------------------- steps


async def ask(step: Step, event: Message | CallbackQuery, ctx: UpdateContext) -> None:
    """Show the question for `step` (the one place that knows each step's screen)."""
    state, t, user = ctx.state, ctx.t, ctx.user
    if step is Step.LANGUAGE:
        await state.set_state(Onboarding.language)
        suggested = event.from_user.language_code if event.from_user else None
        await show(event, t("language-choose"), language_kb(pick_locale(None, suggested, "ky")))
    elif step is Step.CONSENT:
        await state.set_state(Onboarding.consent)
        await show(event, t("consent-text"), consent_kb(t))
    elif step is Step.SITUATION:
        await state.set_state(Onboarding.situation)
        await show(event, t("situation-question"), situation_kb(t))
    elif step is Step.DESTINATION:
        await state.set_state(Onboarding.destination)
        situation = user.situation if user else "planning"
        await show(event, t("destination-question", situation=situation or "planning"),
                   destination_kb(t, situation or "planning"))  # fmt: skip
    elif step is Step.DATE:
        await state.set_state(Onboarding.date)
        situation = (user.situation if user else None) or "planning"
        await show(event, t("date-question", situation=situation), date_kb(t, situation))


async def finish(event: Message | CallbackQuery, ctx: UpdateContext, data: dict[str, Any]) -> None:
    """Onboarding is over: summary, the menu, then a pending deep link if there was one."""
    state, t, user = ctx.state, ctx.t, ctx.user
    pending = (await state.get_data()).get("deeplink")
    await state.clear()
    message = event.message if isinstance(event, CallbackQuery) else event
    if not isinstance(message, Message):
        return
    if user is not None and user.has_consented:
        await show(event, summary(t, user))
    else:
        await show(event, t("onboarding-anonymous-done"))
    if pending and await open_deeplink(message, pending, ctx, data):
        return
    await send_main_menu(message, t, user)


def summary(t: Translator, user: User) -> str:
    field = date_field(user.situation) if user.situation else None
    when = getattr(user, field) if field else None
    return t(
        "onboarding-done",
        situation=user.situation or "planning",
        destination=user.destination or "other",
        date=when or "",
        has_date="yes" if when else "no",
    )


async def open_deeplink(
    message: Message, payload: str, ctx: UpdateContext, data: dict[str, Any]
) -> bool:
    resolved = deeplinks.resolve(payload, data["deep_links"])
    t, user = ctx.t, ctx.user
    if resolved is None:
        await message.answer(t("deeplink-unknown"))
        return False
    link, argument = resolved
    if link.needs_profile and (user is None or not user.has_consented):
        await message.answer(t("deeplink-needs-profile"))
        return False
    # Openers read the handler data by name: give them this update's, as it is now.
    opened = await link.opener(message, argument, ctx.as_data(data))
    if not opened:
        await message.answer(t("deeplink-unknown"))
    return opened


async def continue_onboarding(
    event: Message | CallbackQuery, ctx: UpdateContext, data: dict[str, Any]
) -> None:
    step = next_step(progress(ctx.user))
    if step is Step.DONE:
        await finish(event, ctx, data)
    else:
        await ask(step, event, ctx)


# ---------------------------------------------------------------- handlers


@router.message(CommandStart())
async def cmd_start(
    message: Message, command: CommandObject, ctx: UpdateContext, **data: Any
) -> None:
    state, t, user = ctx.state, ctx.t, ctx.user
    payload = (command.args or "").strip()
    step = next_step(progress(user))
    if step is Step.DONE:
        await state.clear()
        if payload and await open_deeplink(message, payload, ctx, data):
            return
        await message.answer(t("welcome-back", name=message.from_user.first_name
                                if message.from_user else ""))  # fmt: skip
        await send_main_menu(message, t, user)
        return
    if payload:
        await state.update_data(deeplink=payload)
    if step is Step.LANGUAGE:
        await message.answer(t("welcome", name=message.from_user.first_name
                               if message.from_user else ""))  # fmt: skip
    await ask(step, message, ctx)


@router.message(Command("language"))
async def cmd_language(message: Message, state: FSMContext, t: Translator) -> None:
    await state.set_state(Onboarding.language)
    await state.update_data(language_only=True)
    suggested = message.from_user.language_code if message.from_user else None
    await message.answer(t("language-choose"), reply_markup=language_kb(suggested))


@router.callback_query(LangCb.filter())
async def on_language(
    query: CallbackQuery, callback_data: LangCb, ctx: UpdateContext, **data: Any
) -> None:
    if callback_data.code not in SUPPORTED_LOCALES:
        await query.answer()
        return
    # The person's row and roles were read with the update: nothing is read again.
    user = await ensure_user(
        ctx.session, query.from_user.id, callback_data.code, known=ctx.user, roles=ctx.roles
    )
    t = ctx.catalog.translator(callback_data.code)
    # From here on the update speaks the chosen language, to the person's own row.
    ctx = replace(ctx, user=user, t=t, locale=callback_data.code)
    state = ctx.state
    await set_chat_commands(ctx.bot, query.from_user.id, t, set(ctx.roles))
    language_only = (await state.get_data()).get("language_only")
    if language_only:
        await state.update_data(language_only=None)
        await state.set_state(None)
        await show(query, t("language-changed"))
        if isinstance(query.message, Message):
            await send_main_menu(query.message, t, user)
        return
    await continue_onboarding(query, ctx, data)


@router.callback_query(ObCb.filter(F.step == "consent"))
async def on_consent(
    query: CallbackQuery, callback_data: ObCb, ctx: UpdateContext, **data: Any
) -> None:
    user = ctx.user
    if user is None:  # a stale button from before /deletemydata
        await ask(Step.LANGUAGE, query, ctx)
        return
    if callback_data.value == "more":
        if isinstance(query.message, Message):
            await query.message.answer(ctx.t("privacy-full"))
        return
    await record_consent(ctx.session, user, given=callback_data.value == "yes")
    await continue_onboarding(query, ctx, data)


_CHOICES: dict[str, type[Situation] | type[Destination]] = {
    "situation": Situation,
    "destination": Destination,
}


@router.callback_query(ObCb.filter(F.step.in_(_CHOICES)))
async def on_profile_choice(
    query: CallbackQuery, callback_data: ObCb, ctx: UpdateContext, **data: Any
) -> None:
    """The situation or destination button: saved once consent is given and the value is one
    we offer; anything else (a stale or forged button) resumes onboarding where it stands."""
    user = ctx.user
    choices = _CHOICES[callback_data.step]
    if user is None or not user.has_consented or callback_data.value not in set(choices):
        await continue_onboarding(query, ctx, data)
        return
    if callback_data.step == "situation":
        await update_profile(ctx.session, user, situation=Situation(callback_data.value).value)
        await ask(Step.DESTINATION, query, ctx)
        return
    destination = Destination(callback_data.value)
    situation = Situation(user.situation) if user.situation else None
    await update_profile(
        ctx.session,
        user,
        destination=destination.value,
        timezone=default_timezone(situation, destination),
    )
    await ask(Step.DATE, query, ctx)


@router.message(Onboarding.date, PlainText())
async def on_date_typed(message: Message, ctx: UpdateContext, **data: Any) -> None:
    user, t = ctx.user, ctx.t
    if user is None or not user.situation:
        await continue_onboarding(message, ctx, data)
        return
    today = local_now(ctx.settings.tz).date()
    value = parse_user_date(message.text or "", today)
    if value is None:
        await message.answer(t("date-unreadable"), reply_markup=date_kb(t, user.situation))
        return
    field = date_field(user.situation)
    problem = check_anchor_date(field.removesuffix("_date"), value, today)
    if problem is not None:
        await message.answer(
            t("date-problem", problem=problem.value), reply_markup=date_kb(t, user.situation)
        )
        return
    await update_profile(ctx.session, user, **{field: value}, onboarded_at=utcnow())
    await finish(message, ctx, data)


@router.message(Onboarding.date, ~F.text.startswith("/"))
async def on_date_not_text(message: Message, t: Translator) -> None:
    await message.answer(t("date-unreadable"))


@router.callback_query(ObCb.filter(F.step == "skip"))
async def on_skip_date(query: CallbackQuery, ctx: UpdateContext, **data: Any) -> None:
    user = ctx.user
    if user is not None and user.has_consented:
        await update_profile(ctx.session, user, onboarded_at=utcnow())
    await finish(query, ctx, data)


@router.callback_query(ObCb.filter(F.step == "back"))
async def on_back(query: CallbackQuery, callback_data: ObCb, ctx: UpdateContext) -> None:
    try:
        current = Step(callback_data.value)
    except ValueError:
        current = Step.LANGUAGE
    await ask(previous_step(current), query, ctx)


@router.callback_query(MenuCb.filter(F.item == "profile"))
async def on_edit_profile(query: CallbackQuery, ctx: UpdateContext) -> None:
    """From settings: go through situation → destination → date again (answers are kept until
    replaced). Someone who declined consent is asked for it first."""
    user = ctx.user
    if user is None or not user.has_consented:
        await ask(Step.CONSENT, query, ctx)
    else:
        await ask(Step.SITUATION, query, ctx)
