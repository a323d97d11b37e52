"""Claiming and finishing outbox rows for the sender worker.

A claim is one short transaction: due rows are switched to "sending" with a lease
(`locked_until`) and a claim token (`claimed_by`), and the transaction commits *before* anything
is sent. On PostgreSQL the rows are picked with `FOR UPDATE SKIP LOCKED`, so several processes
claiming at once get disjoint rows; on SQLite the write lock taken by BEGIN IMMEDIATE gives the
same guarantee to the single process it serves. A row whose lease ran out (its process died) is
put back to "pending" and claimed again, so nothing is lost on restart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Exists,
    ScalarSelect,
    Select,
    and_,
    bindparam,
    func,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.models.outbox import OutboxMessage, OutboxStatus

_T = OutboxMessage.__table__  # Core table: bulk UPDATE with bound parameters per row


@dataclass(slots=True)
class ClaimedRow:
    """What the sender needs from a claimed row (plain data: no ORM object crosses awaits)."""

    id: int
    chat_id: int
    kind: str
    text: str
    payload: dict[str, Any]
    purpose: str
    attempts: int
    due_at: datetime
    expires_at: datetime | None
    token: str


def _earlier_in_its_chat_unfinished() -> Exists:
    """Some row of the same chat, ahead of this one in the chat's queue, is still waiting or
    being sent (ahead: first due earlier, or as early and queued earlier)."""
    ahead = aliased(OutboxMessage, name="ahead")
    return (
        select(ahead.id)
        .where(
            ahead.chat_id == OutboxMessage.chat_id,
            # Literal values, as in the partial index ix_outbox_chat_queue's predicate: with
            # bound parameters the planner cannot prove the index applies.
            text("ahead.status IN ('pending', 'sending')"),
            # A row value compares (first_due_at, id) as one index range.
            tuple_(ahead.first_due_at, ahead.id)
            < tuple_(OutboxMessage.first_due_at, OutboxMessage.id),
        )
        .exists()
    )


# PostgreSQL's plan mode for the claim (a test sets the generic one to check `_taken_once`).
CLAIM_PLAN_MODE = "force_custom_plan"


async def _plan_afresh(session: AsyncSession) -> None:
    """Plan the claim afresh each time (PostgreSQL). asyncpg prepares it, and after five runs
    PostgreSQL may keep one generic plan; one built while the outbox was empty nests seq scans
    in the order check's anti-join, quadratic once a broadcast has queued its rows (a claim of
    200 took 1 s, then 6 s, out of 20,000: the broadcast ran at 0.33 of its rate). A fresh
    plan sees the table's real size and probes the chat-queue index (3 ms)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text(f"SET LOCAL plan_cache_mode = {CLAIM_PLAN_MODE}"))


def _taken_once(rows: Select[Any], name: str) -> ScalarSelect[int]:
    """The ids a locking LIMIT query picks, evaluated exactly once.

    As a plain `id IN (subquery)`, PostgreSQL may put the subquery on the inner side of a
    nested loop and run it again for every outer row: each run locks and returns further rows,
    and the UPDATE switched all 2,000 queued rows instead of the 100 asked for. A materialized
    CTE is computed once (SQLite takes the keyword as well)."""
    taken = rows.cte(name).prefix_with("MATERIALIZED")
    return select(taken.c.id).scalar_subquery()


async def claim_due(
    session: AsyncSession, *, now: datetime, limit: int, lease: timedelta, token: str
) -> list[ClaimedRow]:
    """Switch up to `limit` due pending rows (oldest first) to "sending" under `token`.

    Only the head of each chat's queue is claimed: a row waits while an earlier row of its
    chat is pending (a retry pushed back, a row given back after a long flood ban) or being
    sent, here or by another process. So one chat's rows, such as the numbered parts of a long
    text, always arrive in their queue order, whatever happened to an earlier one; different
    chats are not held up by each other (a batch still takes up to `limit` chats at once).
    """
    await _plan_afresh(session)
    picked = _taken_once(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.due_at <= now,
            ~_earlier_in_its_chat_unfinished(),
        )
        .order_by(OutboxMessage.due_at)
        .limit(limit)
        .with_for_update(skip_locked=True),
        "picked",
    )
    stmt = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(picked))
        .values(status=OutboxStatus.SENDING, locked_until=now + lease, claimed_by=token)
        .returning(
            OutboxMessage.id,
            OutboxMessage.chat_id,
            OutboxMessage.kind,
            OutboxMessage.text,
            OutboxMessage.payload,
            OutboxMessage.purpose,
            OutboxMessage.attempts,
            OutboxMessage.due_at,
            OutboxMessage.expires_at,
        )
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(stmt)
    rows = [
        ClaimedRow(
            id=r.id,
            chat_id=r.chat_id,
            kind=r.kind,
            text=r.text,
            payload=r.payload or {},
            purpose=r.purpose,
            attempts=r.attempts,
            due_at=r.due_at,
            expires_at=r.expires_at,
            token=token,
        )
        for r in result.all()
    ]
    rows.sort(key=lambda r: (r.due_at, r.id))  # RETURNING order is not guaranteed
    return rows


async def reclaim_expired(session: AsyncSession, *, now: datetime, limit: int = 1000) -> int:
    """Put rows whose lease ran out back to "pending" (their sender died or lost its lease)."""
    stale = _taken_once(
        select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.locked_until < now)
        .limit(limit)
        .with_for_update(skip_locked=True),
        "stale",
    )
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(stale))
        .values(
            status=OutboxStatus.PENDING,
            locked_until=None,
            claimed_by=None,
            # The dead process may have sent it before dying: this counts as an attempt, so a
            # sent row with attempts > 0 is one that may have arrived twice (broadcasts report
            # these), and a row that keeps killing its sender ends up dead, not looping.
            attempts=OutboxMessage.attempts + 1,
        )
        # Counted from RETURNING: SQLite's driver gives no row count for a WITH ... UPDATE.
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    return len(result.all())


async def take_over_claims(session: AsyncSession, *, own_prefix: str, due_at: datetime) -> int:
    """A new sender leader (PostgreSQL, one sender at a time) frees every row still claimed by
    an earlier leader at once, instead of waiting for its lease: only a leader claims, and the
    earlier one has lost the lock (it died, or its lock connection did). Called a little after
    the lock was won, when an earlier leader still alive can start no send (it sends only while
    it has seen its lock within `LEADER_FENCE_SECONDS`, bot/workers/outbox.py) and has written
    what it sent; the rows are due again at `due_at`."""
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.claimed_by.is_(None)
            | ~OutboxMessage.claimed_by.startswith(own_prefix, autoescape=True),
        )
        .values(
            status=OutboxStatus.PENDING,
            locked_until=None,
            claimed_by=None,
            attempts=OutboxMessage.attempts + 1,  # as for an expired lease (reclaim_expired)
            due_at=func.greatest(OutboxMessage.due_at, due_at),
        )
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


@dataclass(slots=True)
class Outcome:
    """The new state of one claimed row, written by `finish`."""

    id: int
    token: str
    status: str
    due_at: datetime
    attempts: int
    last_error: str | None = None
    sent_at: datetime | None = None
    telegram_message_id: int | None = None


_FINISH = (
    update(_T)  # type: ignore[arg-type]
    .where(
        and_(
            _T.c.id == bindparam("b_id"),
            _T.c.claimed_by == bindparam("b_token"),
            _T.c.status == OutboxStatus.SENDING,
        )
    )
    .values(
        status=bindparam("b_status"),
        due_at=bindparam("b_due_at"),
        attempts=bindparam("b_attempts"),
        last_error=bindparam("b_last_error"),
        sent_at=bindparam("b_sent_at"),
        telegram_message_id=bindparam("b_message_id"),
        locked_until=None,
        claimed_by=None,
    )
)


async def finish(session: AsyncSession, outcomes: list[Outcome]) -> None:
    """Write many outcomes in one round trip (executemany).

    Only rows still held under the same token change: if a lease ran out and another sender
    took the row, this sender's late result does not overwrite the other's.
    """
    if not outcomes:
        return
    params = [
        {
            "b_id": o.id,
            "b_token": o.token,
            "b_status": o.status,
            "b_due_at": o.due_at,
            "b_attempts": o.attempts,
            "b_last_error": (o.last_error or None) and o.last_error[:500],
            "b_sent_at": o.sent_at,
            "b_message_id": o.telegram_message_id,
        }
        for o in outcomes
    ]
    await session.execute(_FINISH, params)


async def drop_pending_for_chat(session: AsyncSession, chat_id: int, reason: str) -> int:
    """The recipient blocked the bot: nothing queued for them will be delivered."""
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.chat_id == chat_id, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.DROPPED, last_error=reason[:500])
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
