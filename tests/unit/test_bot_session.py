"""The Bot API session sends JSON bodies (bot/bot_session.py), and files as aiogram does."""

from __future__ import annotations

import json

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.methods import SendDocument, SendMessage
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from bot.bot_session import JsonAiohttpSession, json_body


def make_bot() -> tuple[Bot, JsonAiohttpSession]:
    session = JsonAiohttpSession()
    bot = Bot(
        "42:TEST",
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )
    return bot, session


def test_a_message_goes_as_one_json_object_with_the_bot_defaults() -> None:
    bot, session = make_bot()
    text = "Патент: " + "ж" * 3000 + " & <b>"
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Артка", callback_data="m:home")]]
    )
    body = json_body(session, bot, SendMessage(chat_id=7, text=text, reply_markup=keyboard))
    assert body is not None
    values = json.loads(body)
    assert values["chat_id"] == 7 and values["text"] == text  # exactly, not escaped twice
    assert values["parse_mode"] == "HTML"
    assert values["link_preview_options"] == {"is_disabled": True}
    assert values["reply_markup"] == {
        "inline_keyboard": [[{"text": "Артка", "callback_data": "m:home"}]]
    }
    assert "Патент".encode() in body  # UTF-8, not \u escapes: half the bytes for Cyrillic


def test_a_file_upload_is_left_to_aiogram_multipart_form() -> None:
    bot, session = make_bot()
    document = BufferedInputFile(b"a,b\n", filename="x.csv")
    assert json_body(session, bot, SendDocument(chat_id=7, document=document)) is None
