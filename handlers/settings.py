"""Settings: language, profile, time zone, news, privacy."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import LANGUAGE_NAMES, Translator
from bot.ui import show
from db.models import User
from db.privacy import PersonalData
from db.queries.users import update_profile
from domain.profile import TIMEZONE_CHOICES
from handlers.menu import MenuCb, home_button
from handlers.onboarding import Onboarding, language_kb
from handlers.privacy import ask_erase, send_my_data

router = Router(name=__name__)


class SetCb(CallbackData, prefix="set"):
    action: str
    value: str = ""


def settings_text(t: Translator, user: User | None) -> str:
    if user is None or not user.has_consented:
        return t("settings-anonymous", language=LANGUAGE_NAMES.get(t.locale, t.locale))
    return t(
        "settings-title",
        language=LANGUAGE_NAMES.get(t.locale, t.locale),
        situation=user.situation or "none",
        destination=user.destination or "none",
        timezone=user.timezone or "Asia/Bishkek",
        news="on" if user.news_enabled else "off",
    )


def settings_kb(t: Translator, user: User | None) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("settings-language"), callback_data=SetCb(action="language"))
    builder.button(text=t("settings-profile"), callback_data=MenuCb(item="profile"))
    if user is not None and user.has_consented:
        builder.button(text=t("settings-timezone"), callback_data=SetCb(action="tz"))
        builder.button(
            text=t("settings-news", news="on" if user.news_enabled else "off"),
            callback_data=SetCb(action="news"),
        )
    builder.button(text=t("settings-mydata"), callback_data=SetCb(action="mydata"))
    builder.button(text=t("settings-delete"), callback_data=SetCb(action="delete"))
    text, data = home_button(t)
    builder.button(text=text, callback_data=data)
    builder.adjust(1)
    return builder.as_markup()


@router.message(Command("settings"))
async def cmd_settings(message: Message, t: Translator, user: User | None) -> None:
    await message.answer(settings_text(t, user), reply_markup=settings_kb(t, user))


@router.callback_query(MenuCb.filter(F.item == "settings"))
async def on_settings(query: CallbackQuery, t: Translator, user: User | None) -> None:
    await show(query, settings_text(t, user), settings_kb(t, user))


@router.callback_query(SetCb.filter(F.action == "language"))
async def on_language(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    await state.set_state(Onboarding.language)
    await state.update_data(language_only=True)
    await show(query, t("language-choose"), language_kb(t.locale))


@router.callback_query(SetCb.filter(F.action == "tz"))
async def on_timezone_menu(query: CallbackQuery, t: Translator) -> None:
    builder = InlineKeyboardBuilder()
    for key in TIMEZONE_CHOICES:
        builder.button(text=t(f"tz-{key}"), callback_data=SetCb(action="tz_set", value=key))
    builder.button(text=t("btn-back"), callback_data=MenuCb(item="settings"))
    builder.adjust(2)
    await show(query, t("settings-timezone-question"), builder.as_markup())


@router.callback_query(SetCb.filter(F.action == "tz_set"))
async def on_timezone_set(
    query: CallbackQuery,
    callback_data: SetCb,
    session: AsyncSession,
    t: Translator,
    user: User | None,
) -> None:
    zone = TIMEZONE_CHOICES.get(callback_data.value)
    if user is None or not user.has_consented or zone is None:
        await query.answer(t("settings-needs-consent"), show_alert=True)
        return
    await update_profile(session, user, timezone=zone)
    await show(query, settings_text(t, user), settings_kb(t, user))


@router.callback_query(SetCb.filter(F.action == "news"))
async def on_news_toggle(
    query: CallbackQuery, session: AsyncSession, t: Translator, user: User | None
) -> None:
    if user is None or not user.has_consented:
        await query.answer(t("settings-needs-consent"), show_alert=True)
        return
    await update_profile(session, user, news_enabled=not user.news_enabled)
    await query.answer(t("settings-news-changed", news="on" if user.news_enabled else "off"))
    await show(query, settings_text(t, user), settings_kb(t, user))


@router.callback_query(SetCb.filter(F.action == "mydata"))
async def on_mydata(
    query: CallbackQuery,
    session: AsyncSession,
    t: Translator,
    personal_data: tuple[PersonalData, ...],
) -> None:
    if isinstance(query.message, Message):
        await send_my_data(query.message, query.from_user.id, session, t, personal_data)


@router.callback_query(SetCb.filter(F.action == "delete"))
async def on_delete(query: CallbackQuery, t: Translator) -> None:
    if isinstance(query.message, Message):
        await ask_erase(query.message, t)
