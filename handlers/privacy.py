"""/privacy, /mydata and /deletemydata: people see and erase what Jol keeps about them."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import BufferedInputFile, CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from bot.ui import answer_long, show
from db.models import User
from db.privacy import PersonalData, erase_user_data, export_user_data
from domain.profile import HOME_TIMEZONE, TIMEZONE_CHOICES

router = Router(name=__name__)


class EraseCb(CallbackData, prefix="erase"):
    confirm: bool


@router.message(Command("privacy"))
async def cmd_privacy(message: Message, t: Translator) -> None:
    await message.answer(t("privacy-full"))


async def open_privacy(message: Message, _argument: str, data: dict[str, Any]) -> bool:
    """Deep link `privacy`: the notice printed on the Center's consent poster."""
    await message.answer(data["t"]("privacy-full"))
    return True


def _local_moment(value: str, tz: ZoneInfo) -> str:
    """A stored UTC instant as the person's own wall-clock time: 04.12.2026 08:29."""
    return f"{datetime.fromisoformat(value).astimezone(tz):%d.%m.%Y %H:%M}"


def _human(t: Translator, field: str, value: Any, tz: ZoneInfo) -> str:
    """How a profile field reads for people; the JSON file keeps the stored values."""
    if field in ("consent_given_at", "first_seen_at"):
        return _local_moment(value, tz)
    if field in ("departure_date", "arrival_date", "return_date"):
        return f"{date.fromisoformat(value):%d.%m.%Y}"
    if field == "language":
        return t("mydata-language-name", code=value)
    if field == "timezone":
        city = next((key for key, zone in TIMEZONE_CHOICES.items() if zone == value), None)
        return t(f"tz-{city}") if city else str(value)
    return str(value)


def _zone(profile: dict[str, Any]) -> ZoneInfo:
    try:
        return ZoneInfo(profile.get("timezone") or HOME_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(HOME_TIMEZONE)


def render_data(t: Translator, exported: dict[str, Any]) -> str:
    profile = exported.get("profile")
    if not profile:
        return t("mydata-nothing")
    tz = _zone(profile)
    lines = [t("mydata-title")]
    labels = {
        "telegram_id": "mydata-telegram-id",
        "language": "mydata-language",
        "consent_given_at": "mydata-consent",
        "situation": "mydata-situation",
        "destination": "mydata-destination",
        "departure_date": "mydata-departure",
        "arrival_date": "mydata-arrival",
        "return_date": "mydata-return",
        "timezone": "mydata-timezone",
        "news_enabled": "mydata-news",
        "first_seen_at": "mydata-first-seen",
    }
    for field, key in labels.items():
        value = profile.get(field)
        if value is None:
            continue
        lines.append(t(key, value=_human(t, field, value, tz)))
    for name, section in exported.items():
        if name == "profile" or not section:
            continue
        count = len(section) if isinstance(section, list | dict) else 1
        label = t(f"mydata-section-{name.replace('_', '-')}")
        lines.append(t("mydata-section", section=label, count=count))
    lines.append(t("mydata-footer"))
    return "\n".join(lines)


@router.message(Command("mydata"))
async def cmd_mydata(
    message: Message,
    session: AsyncSession,
    t: Translator,
    personal_data: tuple[PersonalData, ...],
) -> None:
    assert message.from_user is not None
    await send_my_data(message, message.from_user.id, session, t, personal_data)


async def send_my_data(
    message: Message,
    user_id: int,
    session: AsyncSession,
    t: Translator,
    personal_data: tuple[PersonalData, ...],
) -> None:
    """The readable summary and the complete JSON export, into `message`'s chat.
    `personal_data`: the features' sections (given to the dispatcher by bot/runtime.py)."""
    exported = await export_user_data(session, user_id, personal_data)
    await answer_long(message, render_data(t, exported))
    if exported.get("profile"):
        document = json.dumps(exported, ensure_ascii=False, indent=2, default=str).encode()
        await message.answer_document(
            BufferedInputFile(document, filename="jol-my-data.json"),
            caption=t("mydata-json-caption"),
        )


@router.message(Command("deletemydata"))
async def cmd_deletemydata(message: Message, t: Translator) -> None:
    await ask_erase(message, t)


async def ask_erase(message: Message, t: Translator) -> None:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("erase-yes"), callback_data=EraseCb(confirm=True))
    builder.button(text=t("erase-no"), callback_data=EraseCb(confirm=False))
    builder.adjust(1)
    await message.answer(t("erase-confirm"), reply_markup=builder.as_markup())


@router.callback_query(EraseCb.filter(F.confirm))
async def on_erase_confirmed(
    query: CallbackQuery,
    session: AsyncSession,
    t: Translator,
    personal_data: tuple[PersonalData, ...],
) -> None:
    # Conversation state is erased with everything else; touching `state` now would write it
    # back.
    await erase_user_data(session, query.from_user.id, personal_data)
    await show(query, t("erase-done"))
    if isinstance(query.message, Message):
        await query.message.answer(t("erase-restart"), reply_markup=ReplyKeyboardRemove())


@router.callback_query(EraseCb.filter(~F.confirm))
async def on_erase_cancelled(query: CallbackQuery, t: Translator, user: User | None) -> None:
    await show(query, t("erase-cancelled"))
