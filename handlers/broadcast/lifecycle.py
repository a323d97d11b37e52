"""Every change of a broadcast's state, in one place: check the transition, apply it in the
caller's transaction, audit it, and queue the notices it causes.

Callers lock the row first (`db.queries.broadcast.get(..., lock=True)`), so a button pressed
twice, two staff members pressing at once, or the feeder running meanwhile all see one order of
events; the transition check then refuses whatever no longer applies.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Catalog
from db.models import User
from db.models.broadcast import Broadcast
from db.queries import broadcast as q
from db.queries.outbox import enqueue
from db.queries.users import audit
from db.types import utcnow
from domain.broadcast import (
    Action,
    Status,
    after_approval,
    after_submit,
    can,
    needs_approval,
    schedule_problem,
)
from handlers.broadcast.render import approval_request_view, problems_of

# Notices about a broadcast to staff (approval requests, decisions): not deliveries, so not
# "broadcast" (whose rows the feeder counts), and a ref other than "broadcast:<id>".
STAFF_PURPOSE = "staff"


class Refused(Exception):
    """The action does not apply (any more): `reason` picks the explanation shown."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _check(row: Broadcast, action: Action) -> None:
    if not can(row.status, action):
        raise Refused("state")


def _check_second_person(row: Broadcast, action: Action, actor: int) -> None:
    """Approving and rejecting are a second person's word: never the author's own."""
    _check(row, action)
    if actor == row.author_id:
        raise Refused("own")


async def _audit(
    session: AsyncSession, row: Broadcast, action: str, actor: int | None, **detail: object
) -> None:
    await audit(session, f"broadcast.{action}", actor, target=q.ref_of(row.id), **detail)


async def submit(
    session: AsyncSession, row: Broadcast, actor: int, settings: Settings, catalog: Catalog
) -> Status:
    """Send now / at the chosen time, or ask for approval when the audience is large."""
    _check(row, Action.SUBMIT)
    now = utcnow()
    total = await q.count_recipients(session, row, settings.default_locale, settings.tz)
    if problems_of(row, total):
        raise Refused("blocked")
    if row.send_at is not None and schedule_problem(row.send_at, now) == "past":
        raise Refused("past")
    row.total = total
    row.submissions += 1
    row.submitted_at = now
    row.approved_by = row.approved_at = row.rejected_by = None
    target = after_submit(
        needs_approval(total, settings.broadcast_approval_threshold), row.send_at, now
    )
    row.status = target
    await _audit(session, row, "submit", actor, recipients=total, status=target.value)
    if target is Status.RUNNING:
        await start(session, row, now, settings)
    elif target is Status.APPROVAL:
        await _ask_for_approval(session, row, settings, catalog)
    return target


async def approve(
    session: AsyncSession, row: Broadcast, actor: int, settings: Settings, catalog: Catalog
) -> Status:
    _check_second_person(row, Action.APPROVE, actor)
    now = utcnow()
    row.approved_by = actor
    row.approved_at = now
    target = after_approval(row.send_at, now)
    row.status = target
    await _audit(session, row, "approve", actor, recipients=row.total, status=target.value)
    if target is Status.RUNNING:
        await start(session, row, now, settings)
    await _tell_author(session, row, "approved", settings, catalog)
    return target


async def reject(
    session: AsyncSession, row: Broadcast, actor: int, settings: Settings, catalog: Catalog
) -> None:
    _check_second_person(row, Action.REJECT, actor)
    row.status = Status.DRAFT
    row.rejected_by = actor
    await _audit(session, row, "reject", actor)
    await _tell_author(session, row, "rejected", settings, catalog)


async def withdraw(session: AsyncSession, row: Broadcast, actor: int) -> None:
    """Back to the draft (to change something before it goes out)."""
    _check(row, Action.WITHDRAW)
    row.status = Status.DRAFT
    await _audit(session, row, "withdraw", actor)


async def start(session: AsyncSession, row: Broadcast, now: datetime, settings: Settings) -> None:
    """Running from now on: the audience is fixed (people who join later are not included)
    and the feeder starts at the lowest user id."""
    row.status = Status.RUNNING
    row.started_at = now
    row.cursor = 0
    row.exhausted = False
    row.progress_at = None
    row.total = await q.count_recipients(session, row, settings.default_locale, settings.tz)


async def start_scheduled(
    session: AsyncSession, row: Broadcast, settings: Settings, now: datetime
) -> None:
    _check(row, Action.START)
    await start(session, row, now, settings)
    await _audit(session, row, "start", None, recipients=row.total)


async def pause(session: AsyncSession, row: Broadcast, actor: int) -> int:
    _check(row, Action.PAUSE)
    row.status = Status.PAUSED
    held = await q.hold_queued(session, row.id)
    await _audit(session, row, "pause", actor, held=held)
    return held


async def resume(session: AsyncSession, row: Broadcast, actor: int) -> None:
    _check(row, Action.RESUME)
    row.status = Status.RUNNING
    await q.release_held(session, row.id)
    await _audit(session, row, "resume", actor)


async def cancel(session: AsyncSession, row: Broadcast, actor: int) -> None:
    _check(row, Action.CANCEL)
    row.status = Status.CANCELLED
    row.finished_at = utcnow()
    withdrawn = await q.withdraw_queued(session, row.id)
    # Rows already on the wire finish; their outcome shows in the card (counted live).
    await q.record_final(session, row, await q.delivery_counts(session, row.id))
    await _audit(session, row, "cancel", actor, withdrawn=withdrawn)


async def finish(session: AsyncSession, row: Broadcast) -> None:
    _check(row, Action.FINISH)
    counts = await q.delivery_counts(session, row.id)
    row.status = Status.DONE
    row.finished_at = utcnow()
    await q.record_final(session, row, counts)
    await _audit(
        session,
        row,
        "finish",
        None,
        sent=counts.sent,
        failed=counts.failed,
        blocked=counts.blocked,
        skipped=row.skipped,
        retried=counts.retried,
    )


# ---------------------------------------------------------------- notices to staff


async def _locale_of(session: AsyncSession, user_id: int, default: str) -> str | None:
    """The person's language, or None if they never opened the bot (they cannot be written to)."""
    user = await session.get(User, user_id)
    if user is None:
        return None
    return user.locale or default


async def _ask_for_approval(
    session: AsyncSession, row: Broadcast, settings: Settings, catalog: Catalog
) -> None:
    staff = await q.staff_ids(session, settings.admin_ids)
    for staff_id in staff:
        if staff_id == row.author_id:
            continue
        locale = await _locale_of(session, staff_id, settings.default_locale)
        if locale is None:
            continue
        t = catalog.translator(locale)
        text, markup = approval_request_view(t, row, settings.tz)
        await enqueue(
            session,
            staff_id,
            text,
            purpose=STAFF_PURPOSE,
            reply_markup=markup,
            ref=f"bcstaff:{row.id}",
            dedupe_key=f"bcask:{row.id}:{row.submissions}:{staff_id}",
        )


async def _tell_author(
    session: AsyncSession, row: Broadcast, decision: str, settings: Settings, catalog: Catalog
) -> None:
    if row.author_id is None:
        return
    locale = await _locale_of(session, row.author_id, settings.default_locale)
    if locale is None:
        return
    t = catalog.translator(locale)
    await enqueue(
        session,
        row.author_id,
        t("broadcast-decision", id=str(row.id), decision=decision, status=row.status),
        purpose=STAFF_PURPOSE,
        ref=f"bcstaff:{row.id}",
        dedupe_key=f"bcdecision:{row.id}:{row.submissions}",
    )
