"""The sender's error policy and pacing rules, without a network."""

from __future__ import annotations

import asyncio
import time

import pytest
from aiogram.exceptions import (
    ClientDecodeError,
    RestartingTelegram,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods import SendMessage

from bot.sender import Pacer, Verdict, classify

M = SendMessage(chat_id=1, text="x")


@pytest.mark.parametrize(
    ("exc", "verdict"),
    [
        (TelegramRetryAfter(M, "Too Many Requests: retry after 3", 3), Verdict.RETRY_AFTER),
        (TelegramForbiddenError(M, "Forbidden: bot was blocked by the user"), Verdict.BLOCKED),
        (TelegramForbiddenError(M, "Forbidden: user is deactivated"), Verdict.BLOCKED),
        (TelegramBadRequest(M, "Bad Request: chat not found"), Verdict.DEAD),
        (TelegramBadRequest(M, "Bad Request: can't parse entities"), Verdict.DEAD),
        (TelegramEntityTooLarge(M, "Request Entity Too Large"), Verdict.DEAD),
        (TelegramServerError(M, "Internal Server Error"), Verdict.TRANSIENT),
        (RestartingTelegram(M, "Service Unavailable: restart"), Verdict.TRANSIENT),
        (TelegramNetworkError(M, "Request timeout error"), Verdict.TRANSIENT),
        (ClientDecodeError("Failed to decode object", ValueError(), "<html>"), Verdict.TRANSIENT),
        (TelegramUnauthorizedError(M, "Unauthorized"), Verdict.TRANSIENT),
        (ValueError("unknown outbox kind"), Verdict.DEAD),
        (ConnectionResetError(), Verdict.TRANSIENT),
    ],
)
def test_each_error_has_its_policy(exc: BaseException, verdict: Verdict) -> None:
    result = classify(exc)
    assert result.verdict is verdict
    assert result.error
    if verdict is Verdict.RETRY_AFTER:
        assert result.retry_after == 3


async def test_a_ban_holds_every_slot() -> None:
    pacer = Pacer(1000, 0)
    pacer.ban(0.3)
    started = time.monotonic()
    ticket = await pacer.slot()
    pacer.done(1, ticket)
    assert time.monotonic() - started >= 0.29


async def test_a_hold_stops_the_outbox_not_replies() -> None:
    """A hold (ours: a new sender's first window) is not a ban (Telegram's): a reply, which
    waits out a ban (PaceReplies), sees none and goes at once; the outbox's slot waits."""
    pacer = Pacer(1000, 0)
    pacer.hold(0.3)
    assert pacer.banned_for == 0
    pacer.release(pacer.occupy())  # a reply: takes its place without waiting
    started = time.monotonic()
    ticket = await pacer.slot()
    pacer.done(1, ticket)
    assert time.monotonic() - started >= 0.29


async def test_no_more_than_rate_sends_start_within_a_second_of_answers() -> None:
    # 5/s: the sixth send may start only a second after the first was answered.
    pacer = Pacer(5, 0)
    starts: list[float] = []
    for n in range(6):
        ticket = await pacer.slot()
        starts.append(time.monotonic())
        await asyncio.sleep(0.05)  # the round trip
        pacer.done(n, ticket)
    assert starts[5] - starts[0] >= 1.05 - 0.01


async def test_one_chat_waits_its_interval_after_the_answer() -> None:
    pacer = Pacer(1000, 0.2)
    ticket = await pacer.slot()
    pacer.done(42, ticket)
    assert pacer.chat_ready_in(42) > 0.15
    assert pacer.chat_ready_in(43) == 0
    started = time.monotonic()
    await pacer.wait_chat(42)
    assert time.monotonic() - started >= 0.15


async def test_done_without_a_ticket_settles_this_tasks_slot() -> None:
    # Callers such as the broadcast progress messages pair `await slot()` / `done(chat)`.
    pacer = Pacer(2, 0)
    for n in range(5):
        await pacer.slot()
        pacer.done(n)
    assert pacer.in_flight == 0


async def test_a_slow_answer_holds_only_its_own_place() -> None:
    # 5/s: five places. One send waits long for its answer; the four others were answered at
    # once. The sixth may start a second after those four answers, while the slow one is
    # still out: a straggler must not stop the whole pipeline.
    pacer = Pacer(5, 0)
    slow = await pacer.slot()
    for n in range(4):
        pacer.done(n, await pacer.slot())
    answer_late = asyncio.get_running_loop().call_later(2.5, pacer.done, 99, slow)
    try:
        sixth = await pacer.slot()
        assert not slow.done()
        assert pacer.in_flight == 2
        pacer.done(5, sixth)
    finally:
        answer_late.cancel()


async def test_when_every_place_waits_for_an_answer_the_next_send_waits_a_second_more() -> None:
    # Both places are out: the third send may start only a second after an answer, because
    # the answered send may have reached the server at the very moment it was answered.
    pacer = Pacer(2, 0)
    first, second = await pacer.slot(), await pacer.slot()
    loop = asyncio.get_running_loop()
    answered_at: list[float] = []

    def answer() -> None:
        answered_at.append(time.monotonic())
        pacer.done(1, first)

    loop.call_later(0.2, answer)
    await pacer.slot()
    assert answered_at and time.monotonic() - answered_at[0] >= 1.0 - 0.01
    assert not second.done()
