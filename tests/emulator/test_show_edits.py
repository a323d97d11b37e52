"""`bot/ui.py:show` on a button press, against the emulator over HTTP: the screen is edited
in place with `EditScreen`, whose answer (the whole edited message) is not parsed into a
`Message`; an edit Telegram refuses still ends with the screen shown."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, User
from emulator_support import ANN

from bot.ui import EditScreen, show
from emulator import EmulatorClient

MARKUP = InlineKeyboardMarkup(
    inline_keyboard=[
        [InlineKeyboardButton(text=f"B{i}", callback_data=f"b:{i}")] for i in range(8)
    ]
)


def pressed_on(bot: Bot, message: Message) -> CallbackQuery:
    query = CallbackQuery(
        id="q1",
        from_user=User(id=ANN, is_bot=False, first_name="Ann"),
        chat_instance="c",
        data="b:1",
        message=message,
    )
    return query.as_(bot)


def answers_seen(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """What each call's answer was validated into, by method."""
    seen: list[tuple[str, Any]] = []
    check = BaseSession.check_response

    def recording(self: BaseSession, bot: Bot, method: Any, status_code: int, content: str) -> Any:
        response = check(self, bot, method, status_code, content)
        seen.append((method.__api_method__, response.result))
        return response

    monkeypatch.setattr(BaseSession, "check_response", recording)
    return seen


async def test_a_screen_is_edited_in_place_and_the_answer_is_not_parsed(
    bot: Bot, client: EmulatorClient, ann: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = await bot.send_message(ann, "Menu", reply_markup=MARKUP)
    seen = answers_seen(monkeypatch)
    shown = await show(pressed_on(bot, screen), "Guides", MARKUP)
    assert shown is screen  # the screen's chat and id, for a caller that keeps them
    assert [name for name, _ in seen] == ["editMessageText"]
    assert isinstance(seen[0][1], dict)  # Telegram's answer as it came, no Message built
    last = (await client.bot_messages(ann))[-1]
    assert last.text == "Guides" and last["message_id"] == screen.message_id
    assert len(await client.bot_messages(ann)) == 1  # edited, nothing new sent


async def test_an_unchanged_screen_and_an_uneditable_one_still_end_shown(
    bot: Bot, client: EmulatorClient, ann: int
) -> None:
    screen = await bot.send_message(ann, "Menu", reply_markup=MARKUP)
    # Pressed twice: Telegram says "message is not modified"; the screen is what was asked.
    assert await show(pressed_on(bot, screen), "Menu", MARKUP) is screen
    assert len(await client.bot_messages(ann)) == 1
    # A message that cannot be edited (Ann's own /start): the screen comes as a new message.
    start = next(m for m in await client.messages(ann) if m.text == "/start")
    theirs = Message.model_validate(
        {
            "message_id": start["message_id"],
            "date": 1,
            "chat": {"id": ann, "type": "private"},
            "text": "/start",
        },
        context={"bot": bot},
    )
    shown = await show(pressed_on(bot, theirs), "Guides", MARKUP)
    assert shown is not None and shown.message_id != start["message_id"]
    assert (await client.bot_messages(ann))[-1].text == "Guides"


def test_the_edit_is_telegram_s_edit_message_text() -> None:
    assert EditScreen.__api_method__ == "editMessageText"
    method = EditScreen(chat_id=1, message_id=2, text="x")
    assert method.model_dump(exclude_none=True)["text"] == "x"
