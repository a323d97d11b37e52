"""The Bot API session: JSON request bodies instead of aiogram's URL-encoded forms.

aiogram's `AiohttpSession` sends every call as a form, and aiohttp percent-encodes each field
byte by byte in Python (`urllib.parse.quote_from_bytes`). A guide page of 2,000 Cyrillic
characters is 4,000 bytes to quote one at a time: in the update benchmark's profile this was
5-7 % of the bot's CPU, more than parsing the updates. The Bot API takes the same parameters
as a JSON object (https://core.telegram.org/bots/api#making-requests), which the C encoder
writes in one go. Calls that upload a file still go as multipart forms (aiogram's own path).

Subclassing the session is aiogram's documented way to change how requests are made; the
members used here (`create_session`, `api`, `timeout`, `prepare_value`, `check_response`) are
the ones its own sessions use, and `tests/unit/test_bot_session.py` pins them. Answers are read
with the session's `json_loads` (a parameter of aiogram's sessions): `loads_without_echoes`.
"""

from __future__ import annotations

import json
from typing import Any, cast

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiohttp import ClientError, ClientTimeout
from yarl import URL

JSON_HEADERS = {"Content-Type": "application/json"}


def json_values(
    session: AiohttpSession, bot: Bot, method: TelegramMethod[Any]
) -> dict[str, Any] | None:
    """The call's parameters as JSON values (the bot's defaults filled in), or None when it
    uploads a file."""
    files: dict[str, Any] = {}
    # None values are left out here, in pydantic's own code: `prepare_value` leaves them out
    # too, but walking them in Python (a keyboard's buttons have a dozen each) cost a third.
    values = _prepared(session, method.model_dump(warnings=False, exclude_none=True), bot, files)
    return None if files else cast(dict[str, Any], values)


def _prepared(session: AiohttpSession, value: Any, bot: Bot, files: dict[str, Any]) -> Any:
    """aiogram's `prepare_value(value, _dumps_json=False)`, walking plain values itself.

    aiogram's walk asks up to nine `isinstance` questions of every number and true/false before
    giving it back as it is, and calls itself for each: about 50 calls for an edit under ten
    buttons, three fifths of `json_values`' time (32.9 → 22.5 µs with this walk). Text,
    numbers, true/false, lists and dicts come back here as aiogram gives them back (None left
    out of dicts and lists); anything else (a default, a file, a date, an enum, a Telegram
    object) goes to aiogram's own walk, so what the Bot API receives does not change. Exact
    types, not `isinstance`: an enum that is also a `str` or an `int` is aiogram's to
    convert."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dict:
        prepared = {}
        for key, item in value.items():
            if type(item) not in _PLAIN:  # a leaf is kept without a call (most are leaves)
                item = _prepared(session, item, bot, files)
                if item is None:
                    continue
            prepared[key] = item
        return prepared
    if kind is list:
        return [p for item in value if (p := _prepared(session, item, bot, files)) is not None]
    if value is None:
        return None
    return session.prepare_value(value, bot=bot, files=files, _dumps_json=False)


# What aiogram's `prepare_value` gives back unchanged (exact types: see `_prepared`).
_PLAIN = frozenset((str, int, bool, float))


def _utf8_json(values: dict[str, Any]) -> bytes:
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode()


def json_body(session: AiohttpSession, bot: Bot, method: TelegramMethod[Any]) -> bytes | None:
    """The call's parameters as a UTF-8 JSON object, or None when it uploads a file."""
    values = json_values(session, bot, method)
    return None if values is None else _utf8_json(values)


def webhook_reply_body(bot: Bot, method: TelegramMethod[Any]) -> bytes | None:
    """`method` as the body of a webhook response, which Telegram then calls for the bot
    (https://core.telegram.org/bots/api#making-requests-when-getting-updates); None when it
    cannot go that way (a file upload, or a session that is not this one)."""
    if not isinstance(bot.session, AiohttpSession):
        return None
    values = json_values(bot.session, bot, method)
    if values is None:
        return None
    return _utf8_json({"method": method.__api_method__, **values})


# What Telegram echoes back of a message the bot itself sent or edited, and aiogram would
# validate model by model into the answer: the bot knows all of it already.
ECHOED = ("reply_markup", "entities", "caption_entities", "link_preview_options")


def loads_without_echoes(content: str) -> Any:
    """The answer's JSON, less what a sent or edited message echoes of the call (ECHOED).

    Telegram answers `sendMessage`, `editMessageText` and the like with the whole message: its
    buttons and every formatting entity of its text. Validating those into aiogram's models
    took 147 µs for a message with 15 entities and eight buttons, 36 µs without them, on every
    message the bot sends; nothing reads them back (Jol uses an answer's id, chat, date and
    text, and a caller that needs the buttons has them: it sent them). Of the updates that
    `getUpdates` answers (a list), only a pressed message is trimmed (`drop_pressed_echoes`).
    """
    data = json.loads(content)
    result = data.get("result") if isinstance(data, dict) else None
    if isinstance(result, dict) and "message_id" in result and "chat" in result:
        for key in ECHOED:
            result.pop(key, None)
    elif isinstance(result, list):
        for update in result:
            drop_pressed_echoes(update)
    return data


def drop_pressed_echoes(update: Any) -> Any:
    """`update` (JSON values, changed in place), less what the message under a pressed button
    echoes of the bot's own call (ECHOED): its buttons and its text's formatting.

    Telegram sends that message whole with every button press, and aiogram would validate
    each of its buttons and entities into a model: 149 µs for an update under ten buttons and
    eight entities, 56 µs without them, 255 against 56 under a month's calendar, on most
    updates Jol gets. The message is always the bot's own (a press on a message sent inline
    has no `message`), and nothing reads them back: handlers use its id, chat, date and text
    (`bot/ui.py:carries_content` reads the text). A message people send keeps everything: its
    formatting is theirs (a broadcast's draft is read from it)."""
    query = update.get("callback_query") if isinstance(update, dict) else None
    message = query.get("message") if isinstance(query, dict) else None
    if isinstance(message, dict):
        for key in ECHOED:
            message.pop(key, None)
    return update


class JsonAiohttpSession(AiohttpSession):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("json_loads", loads_without_echoes)
        super().__init__(*args, **kwargs)
        # Each call's address and time limit, made once: aiohttp parses an address given as
        # text on every request, and the limit is an object of its own.
        self._urls: dict[tuple[Any, str, str], URL] = {}
        self._timeouts: dict[float, ClientTimeout] = {}

    def _url(self, bot: Bot, method: TelegramMethod[Any]) -> URL:
        key = (self.api, bot.token, method.__api_method__)
        url = self._urls.get(key)
        if url is None:
            url = self._urls[key] = URL(self.api.api_url(token=bot.token, method=key[2]))
        return url

    def _timeout(self, seconds: float) -> ClientTimeout:
        timeout = self._timeouts.get(seconds)
        if timeout is None:
            timeout = self._timeouts[seconds] = ClientTimeout(total=seconds)
        return timeout

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 - aiogram's signature
    ) -> TelegramType:
        body = json_body(self, bot, method)
        if body is None:  # a file upload: multipart, as aiogram does it
            return await super().make_request(bot, method, timeout)
        session = await self.create_session()
        try:
            async with session.post(
                self._url(bot, method),
                data=body,
                headers=JSON_HEADERS,
                timeout=self._timeout(self.timeout if timeout is None else timeout),
            ) as resp:
                # The Bot API answers in UTF-8 JSON; aiohttp's `text()` would look for the
                # charset in the headers first. A byte that is not UTF-8 becomes U+FFFD (where
                # `text()` raised), and a malformed answer fails in `check_response` as before.
                raw_result = (await resp.read()).decode("utf-8", errors="replace")
        except TimeoutError as e:
            raise TelegramNetworkError(method=method, message="Request timeout error") from e
        except ClientError as e:
            raise TelegramNetworkError(method=method, message=f"{type(e).__name__}: {e}") from e
        response = self.check_response(
            bot=bot, method=method, status_code=resp.status, content=raw_result
        )
        return cast(TelegramType, response.result)
