"""The Bot API session sends JSON bodies (bot/bot_session.py), and files as aiogram does."""

from __future__ import annotations

import json

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendDocument, SendMessage
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
)

from bot.bot_session import JsonAiohttpSession, json_body, json_values


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


def test_the_json_is_what_aiogram_itself_would_send() -> None:
    """`json_values` leaves None out before aiogram's `prepare_value` walks the call; the
    result must be what aiogram's own serialisation gives, defaults and explicit None alike."""
    bot, session = make_bot()
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text="Артка", callback_data="m:home")],
            [InlineKeyboardButton(text="Сайт", url="https://mfa.gov.kg")],
        ]
    )
    calls = [
        SendMessage(chat_id=7, text="a", reply_markup=keyboard),
        SendMessage(chat_id=7, text="a", parse_mode=None),  # plain text despite the default
        SendMessage(
            chat_id=7, text="a", link_preview_options=LinkPreviewOptions(is_disabled=False)
        ),
        EditMessageText(chat_id=7, message_id=3, text="b", reply_markup=keyboard),
        AnswerCallbackQuery(callback_query_id="9", text="c", show_alert=False),
    ]
    for call in calls:
        files: dict[str, object] = {}
        aiogram_own = session.prepare_value(
            call.model_dump(warnings=False), bot=bot, files=files, _dumps_json=False
        )
        assert json_values(session, bot, call) == aiogram_own, call
