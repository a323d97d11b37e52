"""Broadcasts: drafts, audience queries, feeding delivery rows into the outbox, and figures.

Delivery rows are ordinary outbox rows (purpose "broadcast", ref "broadcast:<id>", dedupe key
"bc:<id>:<user>") so the one sender paces them with everything else. Two extra states live
only on broadcast rows and are invisible to the sender, which claims `pending` rows only:
`held` (queued, then paused) goes back to `pending` on resume.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    case,
    cast,
    delete,
    exists,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AuditEvent, Booking, FsmRecord, OutboxMessage, OutboxStatus, User, UserRole
from db.models.broadcast import Broadcast
from db.privacy import PersonalData
from db.types import utcnow
from db.upsert import dialect_insert
from domain.booking import HOLDS_PLACE
from domain.broadcast import Counts, Delivery, Segment, Status, start_of_day
from domain.roles import Role

PURPOSE = "broadcast"
HELD = "held"  # a pause took the row back from the queue; resume makes it pending again
WITHDRAWN_CANCELLED = "cancelled"
WITHDRAWN_NEWS_OFF = "news off"
_QUEUED = (OutboxStatus.PENDING, OutboxStatus.SENDING, HELD)
_BOOKED = [s.value for s in HOLDS_PLACE]


def ref_of(broadcast_id: int) -> str:
    return f"broadcast:{broadcast_id}"


def dedupe_key(broadcast_id: int, user_id: int) -> str:
    return f"bc:{broadcast_id}:{user_id}"


# ---------------------------------------------------------------- rows


async def new_draft(session: AsyncSession, author_id: int, languages: Sequence[str]) -> Broadcast:
    row = Broadcast(
        author_id=author_id,
        status=Status.DRAFT,
        mode="each",
        texts={},
        languages=list(languages),
        segment={},
        created_at=utcnow(),
        updated_at=utcnow(),
    )
    session.add(row)
    await session.flush()
    return row


async def get(session: AsyncSession, broadcast_id: int, *, lock: bool = False) -> Broadcast | None:
    """The row, re-read from the database; `lock` takes its row lock (PostgreSQL) so status
    changes from buttons and from the feeder never interleave."""
    stmt = select(Broadcast).where(Broadcast.id == broadcast_id)
    if lock:
        stmt = stmt.with_for_update()
    return await session.scalar(stmt.execution_options(populate_existing=True))


async def latest_draft(session: AsyncSession, author_id: int) -> Broadcast | None:
    return await session.scalar(
        select(Broadcast)
        .where(Broadcast.author_id == author_id, Broadcast.status == Status.DRAFT)
        .order_by(Broadcast.id.desc())
        .limit(1)
    )


async def delete_draft(session: AsyncSession, broadcast_id: int) -> None:
    await session.execute(
        delete(Broadcast).where(Broadcast.id == broadcast_id, Broadcast.status == Status.DRAFT)
    )


async def with_status(session: AsyncSession, *statuses: Status) -> list[Broadcast]:
    rows = await session.scalars(
        select(Broadcast)
        .where(Broadcast.status.in_([s.value for s in statuses]))
        .order_by(Broadcast.started_at, Broadcast.id)
    )
    return list(rows)


async def recently_ended(
    session: AsyncSession, status: Status, since: datetime
) -> list[Broadcast]:
    rows = await session.scalars(
        select(Broadcast).where(Broadcast.status == status, Broadcast.finished_at >= since)
    )
    return list(rows)


async def due_scheduled(session: AsyncSession, now: datetime) -> list[int]:
    rows = await session.scalars(
        select(Broadcast.id)
        .where(Broadcast.status == Status.SCHEDULED, Broadcast.send_at <= now)
        .order_by(Broadcast.send_at, Broadcast.id)
    )
    return list(rows)


async def history(
    session: AsyncSession, *, limit: int, offset: int
) -> tuple[list[Broadcast], int]:
    total = await session.scalar(select(func.count()).select_from(Broadcast)) or 0
    rows = await session.scalars(
        select(Broadcast).order_by(Broadcast.id.desc()).limit(limit).offset(offset)
    )
    return list(rows), int(total)


async def audit_trail(session: AsyncSession, broadcast_id: int) -> list[AuditEvent]:
    rows = await session.scalars(
        select(AuditEvent)
        .where(AuditEvent.target == ref_of(broadcast_id))
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return list(rows)


async def staff_ids(session: AsyncSession, admin_ids: Sequence[int]) -> list[int]:
    """Everyone who may approve: staff and admins (granted, or from ADMIN_IDS)."""
    granted = await session.scalars(
        select(UserRole.user_id).where(UserRole.role.in_([Role.STAFF, Role.ADMIN])).distinct()
    )
    return sorted(set(granted) | set(admin_ids))


# ---------------------------------------------------------------- audience


def audience(
    segment: Segment,
    languages: Sequence[str],
    default_locale: str,
    tz: ZoneInfo,
    *,
    joined_before: datetime | None = None,
) -> list[ColumnElement[bool]]:
    """SQL conditions on `users` for who receives a broadcast.

    Always: consented, not blocked, news on. Then the targeted languages (a user who never chose
    one reads the default locale) and the segment. `joined_before` freezes the audience of a
    started broadcast, so "remaining" only ever goes down.
    """
    conditions: list[ColumnElement[bool]] = [
        User.consent_at.is_not(None),
        User.blocked_at.is_(None),
        User.news_enabled.is_(True),
        locale_of_user(default_locale).in_(list(languages)),
    ]
    if segment.destination:
        conditions.append(User.destination == segment.destination)
    if segment.situation:
        conditions.append(User.situation == segment.situation)
    if segment.service:
        conditions.append(
            exists().where(
                Booking.user_id == User.id,
                Booking.service == segment.service,
                Booking.status.in_(_BOOKED),
            )
        )
    if segment.active_since:
        # No "last seen" column exists (the user row is deliberately not written on every
        # update); a profile change or any step in a dialogue (the FSM row is touched even
        # when a flow ends) is the trace of activity we have.
        since = start_of_day(segment.active_since, tz)
        conditions.append(
            or_(
                User.updated_at >= since,
                exists().where(FsmRecord.user_id == User.id, FsmRecord.updated_at >= since),
            )
        )
    if joined_before is not None:
        conditions.append(User.created_at <= joined_before)
    return conditions


def locale_of_user(default_locale: str) -> ColumnElement[str]:
    return func.coalesce(User.locale, default_locale)


def segment_of(row: Broadcast) -> Segment:
    return Segment.from_json(row.segment)


def _conditions(
    row: Broadcast, default_locale: str, tz: ZoneInfo, *, frozen: bool
) -> list[ColumnElement[bool]]:
    return audience(
        segment_of(row),
        row.languages,
        default_locale,
        tz,
        joined_before=row.started_at if frozen else None,
    )


async def count_by_language(
    session: AsyncSession,
    segment: Segment,
    languages: Sequence[str],
    default_locale: str,
    tz: ZoneInfo,
) -> dict[str, int]:
    """Recipients per language for the given audience (languages with nobody are absent)."""
    loc = locale_of_user(default_locale)
    rows = await session.execute(
        select(loc, func.count())
        .where(*audience(segment, languages, default_locale, tz))
        .group_by(loc)
    )
    return {str(locale): int(n) for locale, n in rows.all()}


async def count_recipients(
    session: AsyncSession, row: Broadcast, default_locale: str, tz: ZoneInfo
) -> int:
    frozen = row.started_at is not None
    total = await session.scalar(
        select(func.count())
        .select_from(User)
        .where(*_conditions(row, default_locale, tz, frozen=frozen))
    )
    return int(total or 0)


async def recipient_places(
    session: AsyncSession, row: Broadcast, default_locale: str, tz: ZoneInfo
) -> list[tuple[str | None, str | None, str | None, int]]:
    """How many recipients share each (timezone, situation, destination): what their local
    time follows (domain.reminders.user_zone_name), without loading anyone's row."""
    frozen = row.started_at is not None
    rows = await session.execute(
        select(User.timezone, User.situation, User.destination, func.count())
        .where(*_conditions(row, default_locale, tz, frozen=frozen))
        .group_by(User.timezone, User.situation, User.destination)
    )
    return [(zone, situation, dest, int(count)) for zone, situation, dest, count in rows]


async def count_unfed(
    session: AsyncSession, row: Broadcast, default_locale: str, tz: ZoneInfo
) -> int:
    if row.exhausted:
        return 0
    total = await session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.id > row.cursor, *_conditions(row, default_locale, tz, frozen=True))
    )
    return int(total or 0)


async def next_recipients(
    session: AsyncSession, row: Broadcast, limit: int, default_locale: str, tz: ZoneInfo
) -> list[tuple[int, str]]:
    """The next `limit` recipients after the cursor, in id order: (user id, locale)."""
    result = await session.execute(
        select(User.id, locale_of_user(default_locale))
        .where(User.id > row.cursor, *_conditions(row, default_locale, tz, frozen=True))
        .order_by(User.id)
        .limit(limit)
    )
    return [(int(uid), str(loc)) for uid, loc in result.all()]


# ---------------------------------------------------------------- delivery rows


async def enqueue_deliveries(
    session: AsyncSession,
    broadcast_id: int,
    recipients: Sequence[tuple[int, str]],
    deliveries: Mapping[str, Delivery],
) -> None:
    """Queue one outbox row per recipient in one statement (executemany).

    Same row shape as `db.queries.outbox.enqueue`, in bulk: a 100,000-person broadcast would
    otherwise cost 100,000 round trips. The dedupe key makes a repeated batch (a feeder that
    died before committing its cursor, two processes) a no-op per person.
    """
    if not recipients:
        return
    now = utcnow()
    ref = ref_of(broadcast_id)
    values: list[dict[str, Any]] = []
    for user_id, locale in recipients:
        delivery = deliveries[locale]
        values.append(
            {
                "chat_id": user_id,
                "kind": delivery.kind,
                "text": delivery.text,
                "payload": dict(delivery.payload),
                "purpose": PURPOSE,
                "ref": ref,
                "dedupe_key": dedupe_key(broadcast_id, user_id),
                "status": OutboxStatus.PENDING,
                "due_at": now,
                "attempts": 0,
                "expires_at": None,
                "created_at": now,
            }
        )
    stmt = dialect_insert(session)(OutboxMessage).on_conflict_do_nothing(
        index_elements=["dedupe_key"]
    )
    await session.execute(stmt, values)


async def queued_window(session: AsyncSession, now: datetime) -> int:
    """Broadcast rows waiting for the sender or being sent now, over all broadcasts.

    Only due rows count (`due_at <= now`): the (status, due_at) index then reads just the head
    of the queue, not the reminders planned for the coming weeks.
    """
    total = await session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(
            OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]),
            OutboxMessage.due_at <= now,
            OutboxMessage.purpose == PURPOSE,
        )
    )
    return int(total or 0)


async def hold_queued(session: AsyncSession, broadcast_id: int) -> int:
    """Pause: take back rows the sender has not claimed yet (those being sent finish)."""
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.ref == ref_of(broadcast_id),
            OutboxMessage.status == OutboxStatus.PENDING,
        )
        .values(status=HELD)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def release_held(session: AsyncSession, broadcast_id: int) -> int:
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.ref == ref_of(broadcast_id), OutboxMessage.status == HELD)
        .values(status=OutboxStatus.PENDING, due_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def withdraw_queued(session: AsyncSession, broadcast_id: int) -> int:
    """Cancel: nothing still queued goes out."""
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.ref == ref_of(broadcast_id),
            OutboxMessage.status.in_([OutboxStatus.PENDING, HELD]),
        )
        .values(status=OutboxStatus.DROPPED, last_error=WITHDRAWN_CANCELLED)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def withdraw_for_user(session: AsyncSession, user_id: int) -> int:
    """The person turned news off: broadcasts queued for them are not sent either."""
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.chat_id == user_id,
            OutboxMessage.purpose == PURPOSE,
            OutboxMessage.status.in_([OutboxStatus.PENDING, HELD]),
        )
        .values(status=OutboxStatus.DROPPED, last_error=WITHDRAWN_NEWS_OFF)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def has_queued(session: AsyncSession, broadcast_id: int) -> bool:
    found = await session.scalar(
        select(OutboxMessage.id)
        .where(OutboxMessage.ref == ref_of(broadcast_id), OutboxMessage.status.in_(_QUEUED))
        .limit(1)
    )
    return found is not None


async def delivery_counts(session: AsyncSession, broadcast_id: int) -> Counts:
    """Figures from the broadcast's outbox rows (everything but `unfed`)."""
    blocked = case((OutboxMessage.last_error.like("blocked%"), 1), else_=0)
    withdrawn = case(
        (
            OutboxMessage.last_error.in_([WITHDRAWN_CANCELLED, WITHDRAWN_NEWS_OFF]),
            1,
        ),
        else_=0,
    )
    retried = case((OutboxMessage.attempts > 0, 1), else_=0)
    rows = await session.execute(
        select(OutboxMessage.status, blocked, withdrawn, retried, func.count())
        .where(OutboxMessage.ref == ref_of(broadcast_id))
        .group_by(OutboxMessage.status, blocked, withdrawn, retried)
    )
    sent = failed = blocked_n = withdrawn_n = queued = retried_n = 0
    for status, is_blocked, is_withdrawn, is_retried, n in rows.all():
        n = int(n)
        if status == OutboxStatus.SENT:
            sent += n
            retried_n += n if is_retried else 0
        elif status in _QUEUED:
            queued += n
        elif status == OutboxStatus.DROPPED and is_blocked:
            blocked_n += n
        elif status == OutboxStatus.DROPPED and is_withdrawn:
            withdrawn_n += n
        else:
            failed += n
    return Counts(
        sent=sent,
        failed=failed,
        blocked=blocked_n,
        withdrawn=withdrawn_n,
        queued=queued,
        retried=retried_n,
    )


def stored_counts(row: Broadcast) -> Counts:
    """The figures recorded when the broadcast ended (see `record_final`)."""
    return Counts(sent=row.sent, failed=row.failed, blocked=row.blocked, retried=row.retried)


async def current_counts(
    session: AsyncSession, row: Broadcast, default_locale: str, tz: ZoneInfo
) -> Counts:
    """Delivery figures plus the recipients not yet fed (everyone, before it starts)."""
    if row.status == Status.DONE:
        return stored_counts(row)  # it ended with nothing queued: the figures are final
    counts = await delivery_counts(session, row.id)
    if row.status == Status.CANCELLED and counts == Counts():
        # Its rows were pruned (`prune_rows`), which recorded their figures first.
        return stored_counts(row)
    if row.status in (Status.RUNNING, Status.PAUSED):
        unfed = await count_unfed(session, row, default_locale, tz)
    elif row.status in (Status.SCHEDULED, Status.APPROVAL):
        unfed = row.total
    else:
        unfed = 0
    return replace(counts, unfed=unfed)


async def record_final(session: AsyncSession, row: Broadcast, counts: Counts) -> None:
    row.sent = counts.sent
    row.failed = counts.failed
    row.blocked = counts.blocked
    row.retried = counts.retried
    # Recipients counted at start who got nothing: news turned off, blocked or erased before
    # their turn, or withdrawn by a cancel.
    row.skipped = max(0, row.total - counts.sent - counts.failed - counts.blocked)


# ---------------------------------------------------------------- opt-outs


async def count_news_switch(
    session: AsyncSession, broadcast_id: int, user_id: int, *, turned_off: bool
) -> None:
    """Count a news switch made with the button under a broadcast, if this person was one of
    its recipients (button data can be forged; rows deleted by retention count no more)."""
    received = await session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.dedupe_key == dedupe_key(broadcast_id, user_id)
        )
    )
    if received is None:
        return
    changed = Broadcast.news_off + (1 if turned_off else -1)
    await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast_id)
        .values(news_off=case((changed < 0, 0), else_=changed))
        .execution_options(synchronize_session=False)
    )


# ---------------------------------------------------------------- retention


async def ended_with_rows(session: AsyncSession, ended_before: datetime, limit: int) -> list[int]:
    """Broadcasts that ended before `ended_before` and still have delivery rows, oldest first."""
    ref = literal("broadcast:", String).concat(cast(Broadcast.id, String))  # ref_of in SQL
    has_rows = exists().where(OutboxMessage.ref == ref)
    found = await session.scalars(
        select(Broadcast.id)
        .where(
            Broadcast.status.in_([Status.DONE, Status.CANCELLED]),
            Broadcast.finished_at < ended_before,
            has_rows,
        )
        .order_by(Broadcast.finished_at)
        .limit(limit)
    )
    return list(found)


async def prune_rows(session: AsyncSession, row: Broadcast) -> int:
    """Delete the delivery rows of an ended broadcast (one per recipient, each with its full
    text), after recording their figures on the broadcast, which is all history shows."""
    if await has_queued(session, row.id):
        return 0  # cannot happen long after it ended; if it does, the rows are not settled
    await record_final(session, row, await delivery_counts(session, row.id))
    result = await session.execute(
        delete(OutboxMessage)
        .where(OutboxMessage.ref == ref_of(row.id))
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


# ---------------------------------------------------------------- personal data


async def _export(session: AsyncSession, user_id: int) -> Any:
    rows = await session.scalars(
        select(Broadcast)
        .where(or_(Broadcast.author_id == user_id, Broadcast.approved_by == user_id))
        .order_by(Broadcast.id)
    )
    return [
        {
            "broadcast": str(r.id),
            "role": "author" if r.author_id == user_id else "approver",
            "created_at": r.created_at.isoformat(),
        }
        for r in rows
    ]


async def _erase(session: AsyncSession, user_id: int) -> None:
    # A staff member's broadcasts stay (they went to other people); only the link to them goes.
    await session.execute(
        delete(Broadcast).where(Broadcast.author_id == user_id, Broadcast.status == Status.DRAFT)
    )
    for column in (Broadcast.author_id, Broadcast.approved_by, Broadcast.rejected_by):
        await session.execute(
            update(Broadcast).where(and_(column == user_id)).values({column.key: None})
        )


# What this module stores about a person, for /mydata and /deletemydata (db/privacy.py);
# declared in the feature's FEATURE.
PERSONAL_DATA: tuple[PersonalData, ...] = (PersonalData("broadcasts", _export, _erase),)
