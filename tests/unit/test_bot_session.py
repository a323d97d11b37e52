"""The Bot API session sends JSON bodies (bot/bot_session.py), and files as aiogram does."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC
from enum import Enum, IntEnum

import pytest
from aiogram import Bot
from aiogram.client.default import Default, DefaultBotProperties
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import ClientDecodeError
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendDocument, SendMessage
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from aiohttp import web
from aiohttp.test_utils import TestServer
from hypothesis import given
from hypothesis import strategies as st

from bot.bot_session import (
    ECHOED,
    JsonAiohttpSession,
    _prepared,
    drop_pressed_echoes,
    json_body,
    json_values,
    loads_without_echoes,
)


def make_bot() -> tuple[Bot, JsonAiohttpSession]:
    session = JsonAiohttpSession()
    bot = Bot(
        "42:TEST",
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )
    return bot, session


@contextlib.asynccontextmanager
async def bot_answered_by(
    answer: Callable[[web.Request], Awaitable[web.Response]],
) -> AsyncIterator[tuple[Bot, JsonAiohttpSession]]:
    """A bot whose Bot API is `answer`, served over HTTP by a local test server."""
    app = web.Application()
    app.router.add_post("/{tail:.*}", answer)
    server = TestServer(app)
    await server.start_server()
    session = JsonAiohttpSession(api=TelegramAPIServer.from_base(str(server.make_url(""))))
    try:
        yield Bot("42:TEST", session=session), session
    finally:
        await session.close()
        await server.close()


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


async def test_each_call_s_address_and_time_limit_are_made_once() -> None:
    """The session keeps each Bot API address parsed and each time limit built: the second
    call of a method makes neither anew, and the answers are read as before."""
    asked: list[str] = []

    async def answer(request: web.Request) -> web.Response:
        asked.append(request.path)
        if request.path.endswith("/getMe"):
            result = {"id": 42, "is_bot": True, "first_name": "Жол"}
            utf8 = json.dumps({"ok": True, "result": result}, ensure_ascii=False).encode()
            assert "Жол".encode() in utf8  # the bytes themselves, not \u escapes
            return web.Response(body=utf8, content_type="application/json")
        not_utf8 = b'{"ok": true, "result": "\xff"}'
        return web.Response(body=not_utf8, content_type="application/json")

    async with bot_answered_by(answer) as (bot, session):
        first, second = await bot.get_me(), await bot.get_me()
        assert first.first_name == second.first_name == "Жол"  # UTF-8, read as such
        assert asked == ["/bot42:TEST/getMe"] * 2
        assert len(session._urls) == 1 and len(session._timeouts) == 1
        url = next(iter(session._urls.values()))
        await bot.get_me()
        assert next(iter(session._urls.values())) is url
        # Bytes that are not UTF-8 are replaced; the answer then fails as a malformed one.
        with pytest.raises(ClientDecodeError):
            await bot.log_out()


USER = {"id": 7, "is_bot": False, "first_name": "A"}
SENT = {
    "message_id": 77,
    "date": 1764900000,
    "chat": {"id": 7, "type": "private", "first_name": "A"},
    "from": {"id": 42, "is_bot": True, "first_name": "Жол"},
    "text": "Патент керек",
    "entities": [{"type": "bold", "offset": 0, "length": 6}],
    "link_preview_options": {"is_disabled": True},
    "reply_markup": {"inline_keyboard": [[{"text": "Артка", "callback_data": "m:home"}]]},
}


async def test_a_sent_message_is_read_without_what_it_echoes_of_the_call() -> None:
    """The answer to a sent message keeps its id, chat, date and text; the buttons and
    formatting the bot itself sent are not validated again (bot_session.ECHOED)."""

    async def answer(request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "result": SENT})

    async with bot_answered_by(answer) as (bot, _session):
        sent = await bot.send_message(7, "<b>Патент</b> керек")
    assert (sent.message_id, sent.chat.id, sent.text) == (77, 7, "Патент керек")
    assert sent.reply_markup is None and sent.entities is None
    assert sent.link_preview_options is None


def test_updates_and_other_answers_keep_everything_but_a_pressed_messages_echoes() -> None:
    """Only a result that is one message is trimmed, and in the updates of getUpdates (a list)
    only the message under a pressed button: a message people send keeps its formatting
    (a broadcast's draft is read from it), and the pressed one its id, chat, date and text."""
    press = {"id": "5", "from": USER, "chat_instance": "1", "data": "m:home", "message": SENT}
    updates = {
        "ok": True,
        "result": [{"update_id": 1, "message": SENT}, {"update_id": 2, "callback_query": press}],
    }
    read = loads_without_echoes(json.dumps(updates))
    assert read["result"][0] == {"update_id": 1, "message": SENT}
    pressed = read["result"][1]["callback_query"]
    assert {k: v for k, v in pressed.items() if k != "message"} == {
        k: v for k, v in press.items() if k != "message"
    }
    assert pressed["message"] == {k: v for k, v in SENT.items() if k not in ECHOED}
    for other in (
        {"ok": True, "result": True},
        {"ok": True, "result": {"id": 42, "is_bot": True, "first_name": "Жол"}},
        {"ok": False, "error_code": 400, "description": "Bad Request: message is not modified"},
    ):
        assert loads_without_echoes(json.dumps(other)) == other


def test_a_pressed_message_is_validated_without_its_buttons_and_formatting() -> None:
    """What the webhook validates (bot/web/server.py): the pressed message keeps what
    handlers read, and a typed message, or anything else, is left as it came."""
    press = {"id": "5", "from": USER, "chat_instance": "1", "data": "m:home", "message": SENT}
    update = Update.model_validate(drop_pressed_echoes({"update_id": 2, "callback_query": press}))
    assert update.callback_query is not None
    message = update.callback_query.message
    assert isinstance(message, Message)
    assert (message.message_id, message.chat.id, message.text) == (77, 7, "Патент керек")
    assert message.reply_markup is None and message.entities is None
    typed = {"update_id": 3, "message": dict(SENT)}
    assert drop_pressed_echoes(typed) == {"update_id": 3, "message": SENT}
    for other in ({"update_id": 4}, {"update_id": 5, "callback_query": {"id": "6"}}, [], None):
        assert drop_pressed_echoes(other) == other


class _Colour(Enum):
    RED = "red"


class _Size(IntEnum):
    BIG = 3


_LEAVES = st.one_of(
    st.none(),
    st.text(max_size=5),
    st.integers(),
    st.booleans(),
    st.floats(allow_nan=False),
    st.sampled_from([_Colour.RED, _Size.BIG, ParseMode.HTML, Default("parse_mode")]),
    st.datetimes(timezones=st.just(UTC)),
)
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=30,
)


@given(st.dictionaries(st.text(max_size=3), _VALUES, max_size=6))
def test_the_walk_of_a_call_s_values_is_aiogram_s_own(values: dict[str, object]) -> None:
    """`json_values` walks plain values itself and hands the rest to aiogram: for any mix of
    text, numbers, None, enums, defaults and dates, nested in lists and dicts, the result is
    what aiogram's `prepare_value` gives."""
    bot, session = make_bot()
    ours = _prepared(session, values, bot, {})
    theirs = session.prepare_value(values, bot=bot, files={}, _dumps_json=False)
    assert ours == theirs
    assert [type(v) for v in _leaves(ours)] == [type(v) for v in _leaves(theirs)]


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]
