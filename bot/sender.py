"""The one way the bot sends on its own initiative: paced, and with Telegram's error policy.

Pacing (one `Pacer` per process, shared by everything that sends proactively):
- a global rate (`send_rate_per_second`, default 25/s; Telegram's limit is about 30/s), with
  sends spaced evenly rather than in bursts, because Telegram counts any one-second window;
- at least `send_min_interval_per_chat` between two messages to one chat, measured from the
  *answer* to the previous one, so network jitter can never squeeze two into one second;
- after a 429, nothing at all is sent until `retry_after` has passed.

Error policy (`classify`): what a Telegram answer means for the message.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import InlineKeyboardMarkup, Message, MessageId
from pydantic import ValidationError

# The ticket of the slot this task took last (see Pacer.done).
_current_ticket: ContextVar[asyncio.Future[float] | None] = ContextVar(
    "pacer_ticket", default=None
)


def in_paced_send() -> bool:
    """Whether this task's Bot API call is a send the pacer granted (the outbox's own)."""
    return _current_ticket.get() is not None


# A send that was never marked answered must not block every later one.
STUCK_TICKET_SECONDS = 120.0
# How far behind its schedule a busy sender may catch up (see Pacer._schedule_base).
CATCH_UP_SECONDS = 0.25


class Verdict(StrEnum):
    SENT = "sent"
    RETRY_AFTER = "retry_after"  # flood control: wait, then send again; not a failure
    BLOCKED = "blocked"  # 403: the person blocked the bot or deleted their account
    DEAD = "dead"  # will never succeed (chat not found, bad message)
    TRANSIENT = "transient"  # 5xx, network, undecodable answer: back off and retry
    NOT_SENT = "not_sent"  # the caller's deadline passed while waiting for a slot


@dataclass(frozen=True, slots=True)
class Result:
    verdict: Verdict
    message_id: int | None = None
    error: str | None = None
    retry_after: float = 0.0


def classify(exc: BaseException) -> Result:
    """Map an exception raised by a Bot API call to what the outbox should do."""
    if isinstance(exc, TelegramRetryAfter):
        return Result(Verdict.RETRY_AFTER, error=exc.message, retry_after=float(exc.retry_after))
    if isinstance(exc, TelegramForbiddenError):
        return Result(Verdict.BLOCKED, error=exc.message)
    if isinstance(exc, TelegramBadRequest):
        # "chat not found" and every other 400: the same request will fail the same way.
        return Result(Verdict.DEAD, error=exc.message)
    if isinstance(exc, TelegramNotFound | TelegramEntityTooLarge | TelegramMigrateToChat):
        return Result(Verdict.DEAD, error=exc.message)
    if isinstance(exc, TelegramServerError | TelegramNetworkError):
        return Result(Verdict.TRANSIENT, error=f"{type(exc).__name__}: {exc.message}")
    if isinstance(exc, ClientDecodeError):
        return Result(Verdict.TRANSIENT, error=f"undecodable answer: {exc.message}")
    if isinstance(exc, TelegramAPIError):
        # 401/409 or something new: retrying is safe (attempts are bounded); giving up is not.
        return Result(Verdict.TRANSIENT, error=f"{type(exc).__name__}: {exc.message}")
    if isinstance(exc, ValidationError | ValueError | TypeError | KeyError):
        return Result(Verdict.DEAD, error=f"cannot build the message: {type(exc).__name__}")
    if isinstance(exc, asyncio.TimeoutError | OSError):
        return Result(Verdict.TRANSIENT, error=f"{type(exc).__name__}")
    return Result(Verdict.TRANSIENT, error=f"unexpected {type(exc).__name__}")


class Pacer:
    """Global rate, per-chat spacing and flood bans for one process.

    Telegram counts sends per second as they *arrive*, and a request can arrive anywhere
    between the moment we start it and the moment its answer comes back; an event-loop stall
    can bunch requests started evenly. So besides spacing sends evenly at `rate`, a send may
    start only while fewer than `N = floor(rate)` earlier sends *may still arrive within a
    second of it*: those not answered yet, and those answered less than a second ago. A send
    answered longer ago arrived longer ago, so no one-second window at the server can ever hold
    more than N of our sends, whatever the jitter. (Proof: take N + 1 sends arriving within one
    second, and the one of them started last; when it started, the other N had not been
    answered yet or had been answered less than a second before, so it could not start.)

    Each send thus occupies one of N places from its start until a second after its answer,
    and the rate reachable is N / (1 s + mean round trip): about 0.97 × 30/s at a 30 ms round
    trip. A slow answer (a server pause, a lost packet) costs only its own place; sends answered
    meanwhile free theirs, so the pipeline never waits behind one straggler. It gives 429s only
    when someone else sends with the same token.
    """

    def __init__(self, rate_per_second: float, per_chat_interval: float) -> None:
        self.interval = 1.0 / rate_per_second
        self.per_chat = per_chat_interval
        if rate_per_second >= 1:
            self.window_sends, self.window = int(rate_per_second), 1.0
        else:
            self.window_sends, self.window = 1, 1.0 / rate_per_second
        # Answer times within the last window, oldest first (appended in `done`, in order).
        self._answered: deque[float] = deque()
        # Tickets granted and not answered yet, with the time they were granted.
        self._pending: dict[asyncio.Future[float], float] = {}
        self._an_answer = asyncio.Event()
        self._next_slot = 0.0
        self._banned_until = 0.0
        self._held_until = 0.0
        self._slot_lock = asyncio.Lock()
        self._chat_last: dict[int, float] = {}
        self._prune_at = 0.0

    @property
    def banned_for(self) -> float:
        return max(0.0, self._banned_until - time.monotonic())

    @property
    def in_flight(self) -> int:
        """Sends granted a slot and not answered yet."""
        return len(self._pending)

    def ban(self, seconds: float) -> None:
        """Telegram answered 429: hold every send until the ban is over."""
        self._banned_until = max(self._banned_until, time.monotonic() + seconds)

    def hold(self, seconds: float) -> None:
        """Hold the sends that wait for a slot (the outbox's), not replies: a precaution of
        our own, where a ban is Telegram's order. A process that has just become the sender
        holds its first window, as the previous sender may have filled the current second;
        someone's reply meanwhile goes at once, as it would any other time (`occupy`)."""
        self._held_until = max(self._held_until, time.monotonic() + seconds)

    @property
    def _slots_stopped_until(self) -> float:
        """Until when sends that wait for a slot are stopped: by a ban or by a hold."""
        return max(self._banned_until, self._held_until)

    def chat_ready_in(self, chat_id: int) -> float:
        last = self._chat_last.get(chat_id)
        return 0.0 if last is None else max(0.0, last + self.per_chat - time.monotonic())

    async def wait_chat(self, chat_id: int) -> None:
        """Wait until `chat_id` may receive again and no ban is running."""
        while True:
            delay = max(self.chat_ready_in(chat_id), self.banned_for)
            if delay <= 0:
                return
            await asyncio.sleep(delay)

    def _window_wait(self, now: float) -> float | None:
        """Seconds until one of the N places is free; None: all N wait for their answer."""
        horizon = now - self.window
        answered = self._answered
        while answered and answered[0] <= horizon:
            answered.popleft()
        if len(answered) + len(self._pending) < self.window_sends:
            return 0.0
        if answered:
            return answered[0] + self.window - now
        return None

    async def _await_an_answer(self) -> None:
        self._an_answer.clear()
        try:
            await asyncio.wait_for(self._an_answer.wait(), STUCK_TICKET_SECONDS)
        except TimeoutError:
            # A ticket never answered nor abandoned is a bug, not a jam: count it as
            # answered now rather than block every later send.
            stuck = time.monotonic() - STUCK_TICKET_SECONDS
            for ticket, granted in list(self._pending.items()):
                if granted <= stuck:
                    self._settle(ticket, time.monotonic())

    async def slot(self) -> asyncio.Future[float]:
        """Wait for the next global send slot (FIFO), honouring bans that start meanwhile.

        Returns a ticket: pass it to `done()` when the send was answered (or abandoned).
        """
        asked = time.monotonic()
        async with self._slot_lock:
            while True:
                now = time.monotonic()
                window_wait = self._window_wait(now)
                if window_wait is None:
                    await self._await_an_answer()
                    continue
                stop = self._slots_stopped_until
                wait = max(self._next_slot - now, stop - now, window_wait)
                if wait <= 0:
                    self._next_slot = self._schedule_base(asked, now) + self.interval
                    ticket: asyncio.Future[float] = asyncio.get_running_loop().create_future()
                    self._pending[ticket] = now
                    _current_ticket.set(ticket)
                    return ticket
                await asyncio.sleep(wait)

    def _schedule_base(self, asked: float, now: float) -> float:
        """Where the even spacing continues from after this send.

        Sends stay on schedule while they are wanted: a slot that came late because the event
        loop was busy, a sleep overshot, or the window above was full (answers that a pause
        at the server bunched together free their places together) is made up by sending the
        next ones sooner, up to CATCH_UP_SECONDS behind. Without that, every such delay would
        be lost for good and the rate would sag under load; with it, bursts stay short, and
        the window rule still caps every second at N, so catching up never exceeds Telegram's
        limit. No credit for time nobody asked for a slot (idle) or for a ban or hold: then the
        next sends are spaced evenly from now.
        """
        due = self._next_slot
        idle = asked > due + max(self.interval, 0.001)
        if idle or self._slots_stopped_until > due:
            return now
        return max(due, now - CATCH_UP_SECONDS)

    def occupy(self) -> asyncio.Future[float]:
        """A place in the window, taken at once, for a send that does not wait: someone's
        reply. It goes now; the sends that wait (the outbox) leave room for it. Pass the ticket
        to `release` when it was answered."""
        ticket: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._pending[ticket] = time.monotonic()
        return ticket

    def release(self, ticket: asyncio.Future[float]) -> None:
        self._settle(ticket, time.monotonic())

    def _settle(self, ticket: asyncio.Future[float], now: float) -> None:
        if self._pending.pop(ticket, None) is not None:
            self._answered.append(now)
            self._an_answer.set()
        if not ticket.done():
            ticket.set_result(now)

    def done(self, chat_id: int, ticket: asyncio.Future[float] | None = None) -> None:
        """Record that a send to `chat_id` was answered (the per-chat interval starts now).

        Without `ticket`, the one this task got from its last `slot()` is used, so callers
        that pair `await slot()` and `done(chat_id)` in one task need not keep it.
        """
        now = time.monotonic()
        if ticket is None:
            ticket = _current_ticket.get()
            _current_ticket.set(None)
        if ticket is not None:
            self._settle(ticket, now)
        self._chat_last[chat_id] = now
        if now >= self._prune_at:
            # Forget chats whose interval is over, so memory stays bounded on big broadcasts.
            horizon = now - self.per_chat
            self._chat_last = {c: t for c, t in self._chat_last.items() if t > horizon}
            self._prune_at = now + max(self.per_chat, 1.0) * 10


# A reply waits out a running flood ban up to this long (bot/retry_after.py waits as long).
REPLY_WAITS_OUT_BANS_UP_TO = 10.0
# Calls that Telegram counts against a bot's messages per second: each one posts a message.
# (Edits and callback answers are limited separately, and far more loosely.)
POSTS_A_MESSAGE = frozenset(
    {
        "sendMessage", "sendPhoto", "sendDocument", "sendVideo", "sendAudio", "sendVoice",
        "sendAnimation", "sendVideoNote", "sendSticker", "sendMediaGroup", "sendLocation",
        "sendVenue", "sendContact", "sendPoll", "sendDice", "copyMessage", "copyMessages",
        "forwardMessage", "forwardMessages",
    }
)  # fmt: skip


class PaceReplies(BaseRequestMiddleware):
    """A message the bot posts outside the outbox (a handler answering someone) takes its place
    in the pacer's window at once, without waiting: the person gets the answer now, and the
    outbox sends that many fewer in that second. Jol's rate stays under Telegram's
    (SEND_RATE_PER_SECOND 25 of about 30), and replies now fit in that margin instead of
    coming on top of a second the outbox had already filled: people's answers come in bursts
    (a screen many people open at once), and one burst over the limit bans every send for a
    second. A 429 that a reply gets holds the outbox too; a reply waits out a short ban that is
    already running instead of being refused."""

    def __init__(self, pacer: Pacer) -> None:
        self.pacer = pacer

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if method.__api_method__ not in POSTS_A_MESSAGE or in_paced_send():
            return await make_request(bot, method)  # not a post, or the outbox's own send
        if 0 < self.pacer.banned_for <= REPLY_WAITS_OUT_BANS_UP_TO:
            await asyncio.sleep(self.pacer.banned_for)
        ticket = self.pacer.occupy()
        try:
            return await make_request(bot, method)
        except TelegramRetryAfter as exc:
            self.pacer.ban(max(float(exc.retry_after), 1.0))
            raise
        finally:
            self.pacer.release(ticket)


def pace_replies(bot: Bot, pacer: Pacer) -> None:
    """Make `bot`'s replies share `pacer`'s window (once the process's sender exists)."""
    bot.session.middleware(PaceReplies(pacer))


class SendMessageForId(SendMessage):
    """`sendMessage`, its answer read only for the new message's id: the outbox keeps nothing
    else of it. Telegram answers with the whole message; validated into aiogram's `Message`
    (its ~80 fields, the chat and the sender) that cost 58 µs a send, into `MessageId` (the
    rest kept as plain extras) 13 µs, on each message of a broadcast to 100,000 people."""

    __returning__ = MessageId  # type: ignore[assignment]  # the same call, read for less


class Sender:
    """Sends one outbox message through the pacer and says what happened."""

    def __init__(
        self, bot: Bot, pacer: Pacer, *, concurrency: int = 8, timeout: float = 20.0
    ) -> None:
        self.bot = bot
        self.pacer = pacer
        # aiogram validates every answer with the generic `Response[Message]`, which pydantic
        # caches only weakly: without a strong reference it is rebuilt after each garbage
        # collection (milliseconds per send; see engineering notes, performance).
        self._response_model = Response[Message]
        self.timeout = timeout
        self._concurrency = asyncio.Semaphore(concurrency)

    async def send(
        self,
        chat_id: int,
        kind: str,
        text: str,
        payload: dict[str, Any],
        *,
        deadline: float | None = None,
        started: Callable[[], None] | None = None,
        may_start: Callable[[], bool] | None = None,
    ) -> Result:
        """Wait for pacing, then send. `deadline` (monotonic): give up without sending if the
        wait outlasts it (the outbox lease); so too if `may_start()` (asked after the waits,
        which can be long: the chat's interval, a flood ban) says no. `started` is called just
        before the request."""

        def gave_up() -> bool:
            if deadline is not None and time.monotonic() >= deadline:
                return True
            return may_start is not None and not may_start()

        await self.pacer.wait_chat(chat_id)
        async with self._concurrency:
            if gave_up():
                return Result(Verdict.NOT_SENT)  # without taking a send slot from others
            ticket = await self.pacer.slot()
            try:
                if gave_up():
                    return Result(Verdict.NOT_SENT)
                if started is not None:
                    started()
                message = await self._call(chat_id, kind, text, payload)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # every failure is classified, none escapes
                return self.note(classify(exc))
            finally:
                self.pacer.done(chat_id, ticket)
        return Result(Verdict.SENT, message_id=message.message_id)

    def note(self, result: Result) -> Result:
        """Apply what a result means for pacing (a 429 holds every send)."""
        if result.verdict is Verdict.RETRY_AFTER:
            self.pacer.ban(max(result.retry_after, 1.0))
        return result

    async def _call(
        self, chat_id: int, kind: str, text: str, payload: dict[str, Any]
    ) -> Message | MessageId:
        markup = payload.get("reply_markup")
        common: dict[str, Any] = {
            "reply_markup": InlineKeyboardMarkup.model_validate(markup) if markup else None,
            "disable_notification": bool(payload.get("disable_notification", False)),
            # A topic of a staff forum group (one case = one topic).
            "message_thread_id": payload.get("message_thread_id"),
            "request_timeout": int(self.timeout),
        }
        if kind == "document":
            return await self.bot.send_document(
                chat_id, payload["file_id"], caption=text or None, **common
            )
        if kind == "photo":  # staff broadcasts with a picture (payload["file_id"])
            return await self.bot.send_photo(
                chat_id, payload["file_id"], caption=text or None, **common
            )
        if kind == "copy":
            # A consultant's photo, voice or video, re-sent as the bot (their name hidden).
            return await self.bot.copy_message(
                chat_id,
                from_chat_id=payload["from_chat_id"],
                message_id=payload["message_id"],
                caption=text or None,
                **common,
            )
        if kind != "text":
            raise ValueError(f"unknown outbox kind {kind!r}")
        timeout = common.pop("request_timeout")
        return await self.bot(SendMessageForId(chat_id=chat_id, text=text, **common), timeout)
