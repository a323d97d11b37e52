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
from aiogram.methods.base import Response
from aiogram.types import InlineKeyboardMarkup, Message, MessageId
from pydantic import ValidationError

# The ticket of the slot this task took last (see Pacer.done).
_current_ticket: ContextVar[asyncio.Future[float] | None] = ContextVar(
    "pacer_ticket", default=None
)
# A send that was never marked answered must not block every later one.
STUCK_TICKET_SECONDS = 120.0
# How late a slot may be and still count as on schedule (see Pacer.slot).
CATCH_UP_SECONDS = 0.02


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
    start only once the send `N = floor(rate)` places before it has been *answered* at least
    one second ago: then no one-second window at the server can ever hold more than N of our
    sends, whatever the jitter. This costs one round trip per second of throughput (30/s
    pacing achieves about 30/(1 s + latency)), and gives 429s only when someone else sends
    with the same token.
    """

    def __init__(self, rate_per_second: float, per_chat_interval: float) -> None:
        self.interval = 1.0 / rate_per_second
        self.per_chat = per_chat_interval
        if rate_per_second >= 1:
            self.window_sends, self.window = int(rate_per_second), 1.0
        else:
            self.window_sends, self.window = 1, 1.0 / rate_per_second
        self._recent: deque[asyncio.Future[float]] = deque(maxlen=self.window_sends)
        self._next_slot = 0.0
        self._banned_until = 0.0
        self._slot_lock = asyncio.Lock()
        self._chat_last: dict[int, float] = {}
        self._prune_at = 0.0

    @property
    def banned_for(self) -> float:
        return max(0.0, self._banned_until - time.monotonic())

    def ban(self, seconds: float) -> None:
        """Telegram answered 429: hold every send until the ban is over."""
        self._banned_until = max(self._banned_until, time.monotonic() + seconds)

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

    async def slot(self) -> asyncio.Future[float]:
        """Wait for the next global send slot (FIFO), honouring bans that start meanwhile.

        Returns a ticket: pass it to `done()` when the send was answered (or abandoned).
        """
        async with self._slot_lock:
            while True:
                if len(self._recent) == self.window_sends:
                    try:
                        answered_at = await asyncio.wait_for(
                            asyncio.shield(self._recent[0]), STUCK_TICKET_SECONDS
                        )
                    except TimeoutError:  # never answered nor abandoned: a bug, not a jam
                        answered_at = time.monotonic()
                        self._recent.popleft()
                    window_wait = answered_at + self.window - time.monotonic()
                else:
                    window_wait = 0.0
                now = time.monotonic()
                wait = max(self._next_slot - now, self._banned_until - now, window_wait)
                if wait <= 0:
                    # Keep to the schedule while busy (sleeps overshoot a little, and starting
                    # from `now` every time would drift below the rate), but give no credit
                    # for idle time: after a pause the next sends stay evenly spaced.
                    late = now - self._next_slot
                    # The event loop sleeps in whole milliseconds and a busy process is
                    # descheduled for a few: above ~50/s a slot is often late by more than an
                    # interval. A little catch-up keeps the rate (at 30/s the interval is
                    # longer, so nothing changes; the answered-window rule above still caps
                    # any second at N, so catching up never exceeds Telegram's limit).
                    credit = max(self.interval, CATCH_UP_SECONDS)
                    base = self._next_slot if 0 <= late < credit else now
                    self._next_slot = base + self.interval
                    ticket: asyncio.Future[float] = asyncio.get_running_loop().create_future()
                    self._recent.append(ticket)
                    _current_ticket.set(ticket)
                    return ticket
                await asyncio.sleep(wait)

    def done(self, chat_id: int, ticket: asyncio.Future[float] | None = None) -> None:
        """Record that a send to `chat_id` was answered (the per-chat interval starts now).

        Without `ticket`, the one this task got from its last `slot()` is used, so callers
        that pair `await slot()` and `done(chat_id)` in one task need not keep it.
        """
        now = time.monotonic()
        if ticket is None:
            ticket = _current_ticket.get()
            _current_ticket.set(None)
        if ticket is not None and not ticket.done():
            ticket.set_result(now)
        self._chat_last[chat_id] = now
        if now >= self._prune_at:
            # Forget chats whose interval is over, so memory stays bounded on big broadcasts.
            horizon = now - self.per_chat
            self._chat_last = {c: t for c, t in self._chat_last.items() if t > horizon}
            self._prune_at = now + max(self.per_chat, 1.0) * 10


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
    ) -> Result:
        """Wait for pacing, then send. `deadline` (monotonic): give up without sending if the
        wait outlasts it (the outbox lease). `started` is called just before the request."""
        await self.pacer.wait_chat(chat_id)
        async with self._concurrency:
            if deadline is not None and time.monotonic() >= deadline:
                return Result(Verdict.NOT_SENT)  # without taking a send slot from others
            ticket = await self.pacer.slot()
            try:
                if deadline is not None and time.monotonic() >= deadline:
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
        return await self.bot.send_message(chat_id, text, **common)
