"""The emulator's data model: users, bots, chats, messages, files, callbacks, statistics.

Everything lives in memory and is mutated only from the event loop's thread, so handlers need
no locks: each Bot API call runs its checks and mutations without awaiting in between.

Per bot (one token = one bot) the emulator keeps what Telegram keeps per bot: the update queue,
webhook, private chats and their messages, command menus, callback queries and who blocked it.
Simulated users, group chats and files are shared by all bots.
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import re
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError, unauthorized
from .events import EventLog
from .faults import FaultBook
from .flood import FloodConfig, FloodMeter
from .updates import UpdateQueue

__all__ = [
    "BotState",
    "CallbackRecord",
    "ChatState",
    "Clock",
    "Emulator",
    "EmulatorConfig",
    "GroupChat",
    "SimUser",
    "StoredFile",
    "StoredMessage",
]

_TOKEN_RE = re.compile(r"^(\d{1,20}):([A-Za-z0-9_-]{1,100})$")


class Clock:
    """Wall and monotonic time with a test-controlled offset.

    Advancing the clock (control API) lets a test reach "15 s after the press" or "48 h after
    the message" without sleeping.
    """

    def __init__(self) -> None:
        self.offset = 0.0

    def time(self) -> float:
        return time.time() + self.offset

    def now(self) -> int:
        """Unix time in whole seconds, as Telegram's `date` fields."""
        return int(self.time())

    def monotonic(self) -> float:
        return time.monotonic() + self.offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        self.offset += seconds


@dataclass
class EmulatorConfig:
    bot_username: str = "jol_test_bot"
    bot_first_name: str = "Jol Test Bot"
    # Telegram drops an unanswered callback query after about 15 s.
    callback_answer_timeout: float = 15.0
    # Refuse a bare "&" in HTML (see html_entities). False: accept it as Telegram's server does.
    strict_ampersand: bool = True
    # Bots cannot write to a user who never wrote to them: 403 "bot can't initiate conversation".
    require_start: bool = True
    # Webhook redelivery backoff and per-request timeout (seconds).
    webhook_retry_initial: float = 0.1
    webhook_retry_max: float = 2.0
    webhook_timeout: float = 10.0
    long_poll_max_timeout: int = 50
    max_upload_bytes: int = 50 * 1024 * 1024
    max_download_bytes: int = 20 * 1024 * 1024
    max_photo_bytes: int = 10 * 1024 * 1024

    def update(self, changes: dict[str, Any]) -> None:
        for name, value in changes.items():
            if name not in self.__dataclass_fields__:
                raise ValueError(f"unknown setting {name!r}")
            current = getattr(self, name)
            if isinstance(current, bool) and isinstance(value, str):
                value = value.strip().lower() in ("1", "true", "yes", "on")
            setattr(self, name, type(current)(value))

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass
class SimUser:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_premium: bool = False
    phone_number: str | None = None
    # A deleted account: sends answer 403 "user is deactivated".
    deactivated: bool = False

    def to_api(self) -> dict[str, Any]:
        """The Telegram `User` object."""
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        if self.is_premium:
            user["is_premium"] = True
        return user

    def to_control(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "username": self.username,
            "language_code": self.language_code,
            "is_premium": self.is_premium,
            "phone_number": self.effective_phone,
            "deactivated": self.deactivated,
        }

    @property
    def effective_phone(self) -> str:
        # A stable fake number when none was given, so "share contact" always works. Like many
        # Telegram clients it has no leading "+": bots must normalise phone numbers.
        return self.phone_number or f"99655{self.id % 10_000_000:07d}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name


@dataclass
class GroupChat:
    """A group or supergroup (optionally a forum) created through the control API."""

    id: int
    title: str
    type: str = "supergroup"
    is_forum: bool = False
    username: str | None = None

    def to_api(self) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": self.id, "type": self.type, "title": self.title}
        if self.username:
            chat["username"] = self.username
        if self.is_forum:
            chat["is_forum"] = True
        return chat


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    kind: str  # "document" or "photo"
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class StoredMessage:
    """One message in a chat, with its current state and its edit history."""

    message_id: int
    chat_id: int
    date: int
    sender_id: int
    from_bot: bool
    kind: str  # "text", "document", "photo", "contact" or "service"
    text: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[dict[str, Any]] = field(default_factory=list)
    parse_mode: str | None = None
    # The text or caption exactly as the bot sent it (the raw HTML under parse_mode=HTML).
    source: str | None = None
    reply_markup: dict[str, Any] | None = None
    file_id: str | None = None
    contact: dict[str, Any] | None = None
    service: dict[str, Any] | None = None
    message_thread_id: int | None = None
    reply_to_message_id: int | None = None
    forward_origin: dict[str, Any] | None = None
    edit_date: int | None = None
    history: list[dict[str, Any]] = field(default_factory=list)
    deleted: bool = False
    deleted_at: int | None = None
    pinned: bool = False

    def snapshot_version(self) -> dict[str, Any]:
        """The editable part of the message, kept in `history` before each edit."""
        return {
            "date": self.edit_date or self.date,
            "text": self.text,
            "entities": self.entities,
            "caption": self.caption,
            "caption_entities": self.caption_entities,
            "parse_mode": self.parse_mode,
            "source": self.source,
            "reply_markup": self.reply_markup,
        }


@dataclass
class ChatState:
    """A chat as one bot sees it."""

    chat_id: int
    type: str  # "private", "group" or "supergroup"
    chat_instance: str
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    next_message_id: int = 1
    # The reply keyboard currently shown under the input field, so a UI can draw it:
    # {"markup": {...}, "message_id": n, "collapsed": bool} until a remove_keyboard.
    reply_keyboard: dict[str, Any] | None = None
    force_reply: dict[str, Any] | None = None
    topics: dict[int, dict[str, Any]] = field(default_factory=dict)
    menu_button: dict[str, Any] | None = None

    @property
    def is_group(self) -> bool:
        return self.type != "private"

    def allocate_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id

    def add_message(
        self, date: int, sender_id: int, *, from_bot: bool, **fields: Any
    ) -> StoredMessage:
        """Stores a new message under the chat's next message id."""
        message = StoredMessage(
            message_id=self.allocate_message_id(),
            chat_id=self.chat_id,
            date=date,
            sender_id=sender_id,
            from_bot=from_bot,
            **fields,
        )
        self.messages[message.message_id] = message
        return message

    def live_message(self, message_id: int) -> StoredMessage | None:
        message = self.messages.get(message_id)
        if message is None or message.deleted:
            return None
        return message


@dataclass
class CallbackRecord:
    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    created: float  # Clock.monotonic()
    answered: bool = False
    answered_at: float | None = None
    answer: dict[str, Any] | None = None

    def event_fields(self) -> dict[str, Any]:
        """What every callback.* control event says about the press."""
        return {
            "chat_id": self.chat_id,
            "message_id": self.message_id,
            "callback_query_id": self.id,
            "data": self.data,
        }

    def to_control(self, now: float, timeout: float) -> dict[str, Any]:
        return {
            "id": self.id,
            "user_id": self.user_id,
            "chat_id": self.chat_id,
            "message_id": self.message_id,
            "data": self.data,
            "answered": self.answered,
            "answer": self.answer,
            "age": round(now - self.created, 3),
            "expired": not self.answered and now - self.created > timeout,
        }


@dataclass
class BotStats:
    methods: Counter[str] = field(default_factory=Counter)
    sends_accepted: int = 0
    sends_refused_flood: int = 0
    edits_accepted: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    faults_fired: int = 0
    unknown_methods: Counter[str] = field(default_factory=Counter)
    webhook_deliveries: int = 0
    webhook_failures: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "methods": dict(self.methods),
            "sends_accepted": self.sends_accepted,
            "sends_refused_flood": self.sends_refused_flood,
            "edits_accepted": self.edits_accepted,
            "errors": dict(self.errors),
            "errors_total": sum(self.errors.values()),
            "faults_fired": self.faults_fired,
            "unknown_methods": dict(self.unknown_methods),
            "webhook_deliveries": self.webhook_deliveries,
            "webhook_failures": self.webhook_failures,
        }


@dataclass
class WebhookState:
    url: str = ""
    secret_token: str | None = None
    max_connections: int = 40
    ip_address: str | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None
    task: asyncio.Task[None] | None = None


@dataclass
class BotState:
    bot_id: int
    secret: str
    username: str
    first_name: str
    has_topics_enabled: bool = False
    logged_out: bool = False
    updates: UpdateQueue = field(default_factory=UpdateQueue)
    # None or []: Telegram's default set (everything except chat_member and reactions).
    allowed_updates: list[str] | None = None
    webhook: WebhookState = field(default_factory=WebhookState)
    chats: dict[int, ChatState] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=set)
    # (scope key, language code) -> commands; scope key is canonical JSON of the scope.
    commands: dict[tuple[str, str], list[dict[str, str]]] = field(default_factory=dict)
    default_menu_button: dict[str, Any] | None = None
    descriptions: dict[str, str] = field(default_factory=dict)
    short_descriptions: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    callbacks: dict[str, CallbackRecord] = field(default_factory=dict)
    flood: FloodMeter = field(default_factory=FloodMeter)
    stats: BotStats = field(default_factory=BotStats)
    # The getUpdates request currently parked in a long poll (a newer one terminates it).
    long_poll: asyncio.Future[str] | None = None

    @property
    def token(self) -> str:
        return f"{self.bot_id}:{self.secret}"

    def to_api(self) -> dict[str, Any]:
        """The `User` object of the bot, as getMe returns it."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
            "has_topics_enabled": self.has_topics_enabled,
        }

    def sender_api(self) -> dict[str, Any]:
        """The shorter `User` object Telegram puts in `from` of the bot's messages."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }


class Emulator:
    """Root of the state, shared by the Bot API and the control API."""

    def __init__(
        self, config: EmulatorConfig | None = None, flood: FloodConfig | None = None
    ) -> None:
        self.config = config or EmulatorConfig()
        self.flood_config = flood or FloodConfig()
        # reset() returns to these, not to the defaults (e.g. `--flood` survives a reset).
        self._initial_config = dataclasses.replace(self.config)
        self._initial_flood = dataclasses.replace(self.flood_config)
        self.clock = Clock()
        self.events = EventLog()
        self.faults = FaultBook()
        self.users: dict[int, SimUser] = {}
        self.groups: dict[int, GroupChat] = {}
        self.bots: dict[int, BotState] = {}
        self.files: dict[str, StoredFile] = {}
        self._file_counter = itertools.count(1)
        self._callback_counter = itertools.count(1)

    # --- bots -----------------------------------------------------------------------------

    def bot_for_token(self, token: str) -> BotState:
        """The bot a request's token belongs to; unknown well-formed tokens create a bot."""
        match = _TOKEN_RE.match(token)
        if match is None:
            raise unauthorized()
        bot_id, secret = int(match.group(1)), match.group(2)
        bot = self.bots.get(bot_id)
        if bot is None:
            return self.register_bot(token)
        if not secrets.compare_digest(bot.secret, secret):
            raise unauthorized()
        return bot

    def register_bot(
        self,
        token: str,
        *,
        username: str | None = None,
        first_name: str | None = None,
        has_topics_enabled: bool = False,
    ) -> BotState:
        match = _TOKEN_RE.match(token)
        if match is None:
            raise ValueError("a token looks like <digits>:<secret>")
        bot_id = int(match.group(1))
        bot = self.bots.get(bot_id)
        if bot is None:
            bot = BotState(
                bot_id=bot_id,
                secret=match.group(2),
                username=username or self.config.bot_username,
                first_name=first_name or self.config.bot_first_name,
                has_topics_enabled=has_topics_enabled,
            )
            self.bots[bot_id] = bot
        else:
            bot.secret = match.group(2)
            if username:
                bot.username = username
            if first_name:
                bot.first_name = first_name
            bot.has_topics_enabled = has_topics_enabled or bot.has_topics_enabled
        return bot

    def resolve_bot(self, bot_id: int | None) -> BotState:
        """The bot a control call is about: the given one, or the only one there is."""
        if bot_id is not None:
            bot = self.bots.get(int(bot_id))
            if bot is None:
                raise LookupError(f"no bot with id {bot_id}; register it or let it call getMe")
            return bot
        if len(self.bots) == 1:
            return next(iter(self.bots.values()))
        if not self.bots:
            raise LookupError(
                "no bot known yet: register one (POST /__control/bots) or start the bot first"
            )
        raise LookupError("several bots are known; pass bot_id")

    # --- users and chats ------------------------------------------------------------------

    def upsert_user(self, user_id: int, **fields: Any) -> SimUser:
        user = self.users.get(user_id)
        if user is None:
            if not fields.get("first_name"):
                fields["first_name"] = f"User{user_id}"
            user = SimUser(id=user_id, **{k: v for k, v in fields.items() if v is not None})
            self.users[user_id] = user
        else:
            for name, value in fields.items():
                if value is not None:
                    setattr(user, name, value)
        return user

    def chat_api(self, chat_id: int) -> dict[str, Any]:
        """The Telegram `Chat` object for a chat id."""
        if chat_id in self.groups:
            return self.groups[chat_id].to_api()
        user = self.users.get(chat_id)
        chat: dict[str, Any] = {"id": chat_id, "type": "private"}
        if user is not None:
            chat["first_name"] = user.first_name
            if user.last_name:
                chat["last_name"] = user.last_name
            if user.username:
                chat["username"] = user.username
        return chat

    def open_chat(self, bot: BotState, chat_id: int) -> ChatState:
        """The bot's chat with a user or group, created on first contact."""
        chat = bot.chats.get(chat_id)
        if chat is None:
            group = self.groups.get(chat_id)
            chat = ChatState(
                chat_id=chat_id,
                type=group.type if group else "private",
                # Telegram sends a signed 64-bit number as a string.
                chat_instance=str(secrets.randbits(63) * (-1 if secrets.randbits(1) else 1)),
            )
            bot.chats[chat_id] = chat
        return chat

    def sender_api(self, bot: BotState, message: StoredMessage) -> dict[str, Any]:
        if message.from_bot:
            return bot.sender_api()
        user = self.users.get(message.sender_id)
        if user is None:
            return {"id": message.sender_id, "is_bot": False, "first_name": "Deleted Account"}
        return user.to_api()

    # --- files, callbacks, events ---------------------------------------------------------

    def store_file(
        self,
        data: bytes,
        *,
        kind: str,
        file_name: str | None = None,
        mime_type: str | None = None,
        width: int = 0,
        height: int = 0,
    ) -> StoredFile:
        number = next(self._file_counter)
        # Telegram's ids are opaque base64 strings; the prefix hints at the type as theirs do.
        prefix = "BQAC" if kind == "document" else "AgAC"
        file_id = f"{prefix}{secrets.token_urlsafe(24)}"
        suffix = ""
        if file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[1][:10]
        elif kind == "photo":
            suffix = ".jpg"
        stored = StoredFile(
            file_id=file_id,
            file_unique_id=f"AQAD{secrets.token_urlsafe(9)}",
            kind=kind,
            data=data,
            file_path=f"{kind}s/file_{number}{suffix}",
            file_name=file_name,
            mime_type=mime_type,
            width=width,
            height=height,
        )
        self.files[file_id] = stored
        return stored

    def file_by_path(self, path: str) -> StoredFile | None:
        for stored in self.files.values():
            if stored.file_path == path:
                return stored
        return None

    def new_callback_id(self) -> str:
        # Telegram's ids are large decimal numbers as strings.
        return str(4_000_000_000_000_000_000 + next(self._callback_counter) * 1_000_003)

    def publish(self, event_type: str, bot: BotState | None = None, **fields: Any) -> None:
        if bot is not None:
            fields["bot_id"] = bot.bot_id
        self.events.publish(event_type, self.clock.time(), **fields)

    def error_response(self, bot: BotState, error: ApiError) -> None:
        bot.stats.errors[f"{error.status} {error.description}"] += 1

    # --- lifecycle ------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget users, chats, files, faults and bot state; restore the initial settings.

        Registered bots keep their identity and update numbering, so a running bot goes on
        polling without noticing.
        """
        for bot in self.bots.values():
            if bot.webhook.task is not None:
                bot.webhook.task.cancel()
            if bot.long_poll is not None and not bot.long_poll.done():
                bot.long_poll.set_result("reset")
        # Update ids keep counting: a running bot's getUpdates offset must stay valid.
        kept = [
            (bot.token, bot.username, bot.first_name, bot.has_topics_enabled, bot.updates.next_id)
            for bot in self.bots.values()
        ]
        self.users.clear()
        self.groups.clear()
        self.files.clear()
        self.bots.clear()
        self.faults.clear()
        self.config = dataclasses.replace(self._initial_config)
        self.flood_config = dataclasses.replace(self._initial_flood)
        self.clock.offset = 0.0
        for token, username, first_name, topics, next_update_id in kept:
            bot = self.register_bot(
                token, username=username, first_name=first_name, has_topics_enabled=topics
            )
            bot.updates.next_id = next_update_id
        self.events.clear()
        self.publish("reset")
