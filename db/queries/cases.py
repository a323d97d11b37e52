"""Cases, their messages, consultants on duty and content gaps. Functions take the update's
session and never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Case, CaseAgent, CaseMessage, Counter, OutboxMessage, OutboxStatus, UserRole
from db.privacy import PersonalData
from db.types import utcnow
from db.upsert import upsert
from domain.cases import (
    OPEN_STATUSES,
    Author,
    CaseStatus,
    Event,
    QueueItem,
    Topic,
    next_status,
    queue_key,
)
from domain.roles import Role

CONSULTANT_ROLES = (Role.STAFF.value, Role.COORDINATOR.value)
CONTENT_GAP_COUNTER = "content_gap"


# ---------------------------------------------------------------- reading cases


async def get_case(session: AsyncSession, case_id: int, *, lock: bool = False) -> Case | None:
    """The case, fresh from the database; `lock` holds its row (PostgreSQL) until commit, so two
    consultants changing it at once take turns."""
    stmt = select(Case).where(Case.id == case_id).execution_options(populate_existing=True)
    if lock:
        stmt = stmt.with_for_update()
    return (await session.scalars(stmt)).first()


async def open_case_of(session: AsyncSession, user_id: int, *, lock: bool = False) -> Case | None:
    stmt = (
        select(Case)
        .where(Case.user_id == user_id, Case.status != CaseStatus.CLOSED.value)
        .execution_options(populate_existing=True)
    )
    if lock:
        stmt = stmt.with_for_update()
    return (await session.scalars(stmt)).first()


async def has_open_case(session: AsyncSession, user_id: int) -> bool:
    found = await session.scalar(
        select(Case.id)
        .where(Case.user_id == user_id, Case.status != CaseStatus.CLOSED.value)
        .limit(1)
    )
    return found is not None


async def case_by_thread(session: AsyncSession, chat_id: int, thread_id: int) -> Case | None:
    return (
        await session.scalars(
            select(Case)
            .where(Case.forum_chat_id == chat_id, Case.forum_thread_id == thread_id)
            .execution_options(populate_existing=True)
        )
    ).first()


async def messages_of(
    session: AsyncSession, case_id: int, *, last: int | None = None
) -> list[CaseMessage]:
    """The case's messages in order; with `last`, only the newest `last` of them."""
    stmt = select(CaseMessage).where(CaseMessage.case_id == case_id)
    if last is None:
        return list(await session.scalars(stmt.order_by(CaseMessage.id)))
    rows = list(await session.scalars(stmt.order_by(CaseMessage.id.desc()).limit(last)))
    return rows[::-1]


async def count_messages(session: AsyncSession, case_id: int) -> int:
    return int(
        await session.scalar(
            select(func.count()).select_from(CaseMessage).where(CaseMessage.case_id == case_id)
        )
        or 0
    )


# ---------------------------------------------------------------- opening and writing


async def create_case(
    session: AsyncSession,
    *,
    user_id: int,
    topic: Topic,
    urgent: bool,
    locale: str,
    destination: str | None,
    source: str,
    consent_at: datetime | None,
) -> tuple[Case, bool]:
    """Open a case; (case, True) when created, (the already open case, False) when the person
    had one (a double tap, or two devices) — the unique index decides, not a prior check."""
    now = utcnow()
    case = Case(
        user_id=user_id,
        topic=topic.value,
        status=CaseStatus.NEW.value,
        urgent=urgent,
        locale=locale,
        destination=destination,
        source=source[:16],
        consent_at=consent_at,
        waiting_since=now,
        staff_rounds=0,
        created_at=now,
        updated_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(case)
            await session.flush()
    except IntegrityError:
        existing = await open_case_of(session, user_id)
        if existing is None:  # closed in between: extremely unlikely, but never lose the question
            raise
        return existing, False
    return case, True


@dataclass(frozen=True)
class Incoming:
    """A message as stored: what it is, its text or caption, and where the original is."""

    kind: str
    text: str | None = None
    file_id: str | None = None
    source_chat_id: int | None = None
    source_message_id: int | None = None


async def add_person_message(session: AsyncSession, case: Case, incoming: Incoming) -> CaseMessage:
    now = utcnow()
    status = next_status(case.status, Event.PERSON_WROTE)
    if status is not CaseStatus(case.status):
        case.waiting_since = now  # the ball just came back to the Center
    case.status = status.value
    case.last_person_at = now
    case.updated_at = now
    return await _add(session, case, Author.PERSON, case.user_id, incoming, now)


async def add_staff_reply(
    session: AsyncSession, case: Case, staff_id: int, incoming: Incoming
) -> CaseMessage:
    """Store a consultant's answer; the caller enqueues its delivery (`delivery_key`)."""
    now = utcnow()
    case.status = next_status(case.status, Event.STAFF_REPLIED).value
    case.last_staff_at = now
    case.waiting_since = now
    case.staff_rounds += 1
    case.updated_at = now
    if case.assignee_id is None:
        case.assignee_id = staff_id  # who answers first owns it, unless someone assigns
    message = await _add(session, case, Author.STAFF, staff_id, incoming, now)
    message.delivery_key = f"case-msg:{message.id}"
    return message


async def add_system_note(
    session: AsyncSession, case: Case, actor_id: int | None, text: str
) -> CaseMessage:
    return await _add(session, case, Author.SYSTEM, actor_id, Incoming("text", text), utcnow())


async def _add(
    session: AsyncSession,
    case: Case,
    author: Author,
    author_id: int | None,
    incoming: Incoming,
    now: datetime,
) -> CaseMessage:
    message = CaseMessage(
        case_id=case.id,
        author=author.value,
        author_id=author_id,
        kind=incoming.kind,
        text=incoming.text,
        file_id=incoming.file_id,
        source_chat_id=incoming.source_chat_id,
        source_message_id=incoming.source_message_id,
        created_at=now,
    )
    session.add(message)
    await session.flush()
    return message


# ---------------------------------------------------------------- consultants' actions


async def assign(
    session: AsyncSession, case_id: int, assignee_id: int, *, only_if_free: bool
) -> Case | None:
    """Give the case to `assignee_id`. With `only_if_free` ("take it") the update happens only
    when nobody holds it, in one statement, so two consultants pressing at once can't both win.
    Returns the updated case, or None when someone else already had it."""
    conditions = [Case.id == case_id, Case.status != CaseStatus.CLOSED.value]
    if only_if_free:
        conditions.append(or_(Case.assignee_id.is_(None), Case.assignee_id == assignee_id))
    result = await session.execute(
        update(Case).where(*conditions).values(assignee_id=assignee_id, updated_at=utcnow())
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return None
    case = await get_case(session, case_id, lock=True)
    assert case is not None
    case.status = next_status(case.status, Event.ASSIGNED).value
    return case


async def apply_event(
    session: AsyncSession,
    case: Case,
    event: Event,
    actor_id: int | None,
    note: str | None = None,
) -> CaseStatus:
    """Change status by a consultant's (or the person's, or the bot's: actor None) action;
    raises TransitionError."""
    now = utcnow()
    status = next_status(case.status, event)
    previous = CaseStatus(case.status)
    case.status = status.value
    case.updated_at = now
    if status is CaseStatus.CLOSED:
        case.closed_at = now
        case.closed_by = actor_id
        case.close_note = note
    elif previous is CaseStatus.CLOSED:
        case.closed_at = None
        case.close_note = None
    if status is CaseStatus.IN_PROGRESS and previous is not CaseStatus.IN_PROGRESS:
        case.waiting_since = now
    return status


async def waiting_quiet_since(session: AsyncSession, before: datetime, limit: int) -> list[Case]:
    """Cases waiting for the person with no message from either side since `before`, locked
    (skipping any a consultant is changing right now)."""
    rows = await session.scalars(
        select(Case)
        .where(
            Case.status == CaseStatus.WAITING.value,
            Case.created_at < before,
            or_(Case.last_staff_at.is_(None), Case.last_staff_at < before),
            or_(Case.last_person_at.is_(None), Case.last_person_at < before),
            Case.waiting_since < before,
        )
        .order_by(Case.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(rows)


async def reopen(session: AsyncSession, case: Case, actor_id: int) -> bool:
    """Reopen a closed case, unless the person already opened a new one (one open case each)."""
    if await open_case_of(session, case.user_id) is not None:
        return False
    await apply_event(session, case, Event.REOPEN, actor_id)
    await session.flush()
    return True


QUEUE_VIEWS = ("open", "mine", "free", "closed")


async def queue(
    session: AsyncSession, view: str, staff_id: int, *, limit: int, offset: int = 0
) -> tuple[list[Case], int]:
    """Cases for one /cases view, in queue order, and how many there are in total."""
    stmt = select(Case)
    if view == "closed":
        stmt = stmt.where(Case.status == CaseStatus.CLOSED.value)
    else:
        stmt = stmt.where(Case.status.in_([s.value for s in OPEN_STATUSES]))
        if view == "mine":
            stmt = stmt.where(Case.assignee_id == staff_id)
        elif view == "free":
            stmt = stmt.where(Case.assignee_id.is_(None))
    rows = list(await session.scalars(stmt.execution_options(populate_existing=True)))
    if view == "closed":
        rows.sort(key=lambda c: c.closed_at or c.updated_at, reverse=True)
    else:
        # The queue order is a domain rule; open cases are few enough (hundreds) to sort here.
        rows.sort(key=lambda c: queue_key(QueueItem(CaseStatus(c.status), c.urgent,
                                                    c.waiting_since)))  # fmt: skip
    return rows[offset : offset + limit], len(rows)


async def consultants(session: AsyncSession) -> list[int]:
    """Telegram ids holding a consultant role (staff or coordinator)."""
    rows = await session.scalars(
        select(UserRole.user_id)
        .where(UserRole.role.in_(CONSULTANT_ROLES))
        .distinct()
        .order_by(UserRole.user_id)
    )
    return list(rows)


async def on_duty(session: AsyncSession) -> set[int]:
    rows = await session.scalars(select(CaseAgent.user_id).where(CaseAgent.on_duty.is_(True)))
    return set(rows)


async def set_duty(session: AsyncSession, user_id: int, on: bool) -> None:
    await upsert(
        session,
        CaseAgent,
        {"user_id": user_id, "on_duty": on, "updated_at": utcnow()},
        conflict=["user_id"],
        update=["on_duty", "updated_at"],
    )


async def alert_recipients(session: AsyncSession, admin_ids: tuple[int, ...]) -> list[int]:
    """Who hears about an urgent case: consultants on duty; if none, every consultant; if the
    Center has no consultants yet, the admins from ADMIN_IDS."""
    team = await consultants(session)
    duty = await on_duty(session)
    # Admins can switch duty on too; they are in the team only while on duty.
    chosen = sorted(duty & (set(team) | set(admin_ids)))
    if chosen:
        return chosen
    return team or sorted(admin_ids)


# ---------------------------------------------------------------- delivery of replies


async def delivery_states(
    session: AsyncSession, keys: list[str]
) -> dict[str, tuple[str, str | None]]:
    """Outbox status and last error of each staff reply, by its delivery key."""
    if not keys:
        return {}
    rows = await session.execute(
        select(OutboxMessage.dedupe_key, OutboxMessage.status, OutboxMessage.last_error).where(
            OutboxMessage.dedupe_key.in_(keys)
        )
    )
    return {str(key): (status, error) for key, status, error in rows}


FAILED = (OutboxStatus.DEAD, OutboxStatus.DROPPED)


async def unreported_failures(session: AsyncSession) -> list[tuple[CaseMessage, Case, str]]:
    """Staff replies the sender gave up on that no consultant has been told about yet."""
    rows = await session.execute(
        select(CaseMessage, Case, OutboxMessage.last_error)
        .join(Case, Case.id == CaseMessage.case_id)
        .join(OutboxMessage, OutboxMessage.dedupe_key == CaseMessage.delivery_key)
        .where(
            CaseMessage.failure_reported_at.is_(None),
            OutboxMessage.status.in_(FAILED),
        )
        .order_by(CaseMessage.id)
        .limit(100)
    )
    return [(m, c, e or "") for m, c, e in rows]


# ---------------------------------------------------------------- content gaps


async def record_content_gap(
    session: AsyncSession,
    topic: str | None,
    destination: str | None,
    locale: str | None,
    *,
    source: str = "search",
) -> None:
    """Count one question no guide answered (search found nothing, or a person asked the Center).

    Anonymous by design: a monthly total per source, topic, destination and language, no user
    id and no query text — so it survives /deletemydata and needs no consent. The increment is a
    single UPDATE, safe when two people miss at the same moment.
    """
    month = utcnow().strftime("%Y-%m")
    clean_topic = topic if topic in set(Topic) else "other"
    bucket = "|".join(
        (month, source[:16] or "search", clean_topic, destination or "-", locale or "-")
    )
    await upsert(
        session,
        Counter,
        {"name": CONTENT_GAP_COUNTER, "bucket": bucket, "value": 0},
        conflict=["name", "bucket"],
        update=[],
    )
    await session.execute(
        update(Counter)
        .where(Counter.name == CONTENT_GAP_COUNTER, Counter.bucket == bucket)
        .values(value=Counter.value + 1)
    )


@dataclass(frozen=True)
class GapRow:
    source: str
    topic: str
    destination: str
    count: int


async def content_gaps(session: AsyncSession, since_month: str) -> list[GapRow]:
    """Unanswered questions since `since_month` ("YYYY-MM"), summed over months and languages,
    biggest first."""
    rows = await session.execute(
        select(Counter.bucket, Counter.value).where(
            Counter.name == CONTENT_GAP_COUNTER, Counter.bucket >= since_month
        )
    )
    totals: dict[tuple[str, str, str], int] = {}
    for bucket, value in rows:
        parts = str(bucket).split("|")
        if len(parts) != 5:
            continue
        _month, source, topic, destination, _locale = parts
        key = (source, topic, destination)
        totals[key] = totals.get(key, 0) + int(value)
    ordered = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return [GapRow(s, t, d, n) for (s, t, d), n in ordered]


async def case_topics(session: AsyncSession, since: datetime) -> list[GapRow]:
    """Cases opened since `since` by topic and destination (what people had to ask a human)."""
    rows = await session.execute(
        select(Case.topic, Case.destination, func.count())
        .where(Case.created_at >= since)
        .group_by(Case.topic, Case.destination)
    )
    out = [GapRow("case", str(t), str(d or "-"), int(n)) for t, d, n in rows]
    return sorted(out, key=lambda r: (-r.count, r.topic, r.destination))


def months_back(now: datetime, months: int) -> str:
    """ "YYYY-MM" of the month `months` before `now`'s (0 = this month)."""
    year, month = now.year, now.month - months
    while month <= 0:
        month += 12
        year -= 1
    return f"{year:04d}-{month:02d}"


# ---------------------------------------------------------------- forum topics


def _needs_topic(chat_id: int) -> Any:
    # An open case without a topic in the current staff group (none yet, or the group changed).
    return (Case.status != CaseStatus.CLOSED.value) & or_(
        Case.forum_thread_id.is_(None), Case.forum_chat_id != chat_id
    )


async def cases_needing_topic(
    session: AsyncSession, chat_id: int, now: datetime, limit: int = 20
) -> list[int]:
    """Open cases without a topic in `chat_id` that nobody holds a claim on."""
    rows = await session.scalars(
        select(Case.id)
        .where(
            _needs_topic(chat_id),
            or_(Case.forum_claimed_until.is_(None), Case.forum_claimed_until <= now),
        )
        .order_by(Case.id)
        .limit(limit)
    )
    return list(rows)


async def claim_topic(
    session: AsyncSession, case_id: int, chat_id: int, token: str, until: datetime, now: datetime
) -> Case | None:
    """Claim the creation of the case's topic until `until` (one UPDATE: of two processes
    racing, exactly one gets the row). The case, or None when someone else holds it."""
    result = await session.execute(
        update(Case)
        .where(
            Case.id == case_id,
            _needs_topic(chat_id),
            or_(Case.forum_claimed_until.is_(None), Case.forum_claimed_until <= now),
        )
        .values(forum_claim=token, forum_claimed_until=until)
        .execution_options(synchronize_session=False)
    )
    if int(result.rowcount) != 1:  # type: ignore[attr-defined]
        return None
    return await session.get(Case, case_id, populate_existing=True)


async def record_topic(
    session: AsyncSession, case_id: int, token: str, chat_id: int, thread_id: int
) -> Case | None:
    """Store the topic created under claim `token` (locking the case, so a person's message
    being added right now is either replayed into the topic or posted there by its update).
    None when the claim was lost meanwhile."""
    case = await get_case(session, case_id, lock=True)
    if case is None or case.forum_claim != token:
        return None
    case.forum_chat_id = chat_id
    case.forum_thread_id = thread_id
    case.forum_claim = None
    case.forum_claimed_until = None
    return case


async def hold_topic_claim(
    session: AsyncSession, case_id: int, token: str, until: datetime
) -> None:
    """Telegram refused the topic: keep the claim until `until`, the next attempt."""
    await session.execute(
        update(Case)
        .where(Case.id == case_id, Case.forum_claim == token)
        .values(forum_claimed_until=until)
        .execution_options(synchronize_session=False)
    )


# ---------------------------------------------------------------- personal data


async def _export_cases(session: AsyncSession, user_id: int) -> Any:
    cases = list(
        await session.scalars(select(Case).where(Case.user_id == user_id).order_by(Case.id))
    )
    out = []
    for case in cases:
        messages = await messages_of(session, case.id)
        out.append(
            {
                "number": str(case.id),
                "topic": case.topic,
                "status": case.status,
                "urgent": case.urgent,
                "language": case.locale,
                "destination": case.destination,
                "opened_at": case.created_at.isoformat(),
                "closed_at": case.closed_at.isoformat() if case.closed_at else None,
                # Who at the Center wrote is not the person's data; "center" is enough.
                "messages": [
                    {
                        "from": "you" if m.author == Author.PERSON.value else "center",
                        "kind": m.kind,
                        "text": m.text,
                        "at": m.created_at.isoformat(),
                    }
                    for m in messages
                    if m.author != Author.SYSTEM.value
                ],
            }
        )
    return out


async def _erase_cases(session: AsyncSession, user_id: int) -> None:
    case_ids = select(Case.id).where(Case.user_id == user_id).scalar_subquery()
    # Messages about the cases to others (staff alerts, forum lines; the erasure notice above
    # has no ref), including any written before they named their subject.
    refs = [
        f"case:{i}" for i in await session.scalars(select(Case.id).where(Case.user_id == user_id))
    ]
    if refs:
        await session.execute(delete(OutboxMessage).where(OutboxMessage.ref.in_(refs)))
    # Explicit, not only ON DELETE CASCADE: SQLite enforces foreign keys per connection.
    await session.execute(delete(CaseMessage).where(CaseMessage.case_id.in_(case_ids)))
    await session.execute(delete(Case).where(Case.user_id == user_id))


FORUM_ERASED_NOTICE = "ask-forum-erased"


async def _erase_with_forum_notice(session: AsyncSession, user_id: int) -> None:
    """Erase the person's cases. Their messages were also copied into the staff forum; the
    eraser has no Bot to delete those, so each topic gets a notice asking consultants to delete
    it. This layer has no translator: the notice is held in the outbox with its text key, and
    the ask feature's forum job renders it in the group's language (`held_forum_notices`)."""
    forum_cases = list(
        await session.scalars(
            select(Case).where(Case.user_id == user_id, Case.forum_thread_id.is_not(None))
        )
    )
    for case in forum_cases:
        assert case.forum_chat_id is not None
        await upsert(
            session,
            OutboxMessage,
            {
                "chat_id": case.forum_chat_id,
                "kind": "text",
                "text": "",
                "payload": {
                    "message_thread_id": case.forum_thread_id,
                    "notice": FORUM_ERASED_NOTICE,
                    "number": str(case.id),
                },
                "purpose": "case",
                "dedupe_key": f"case-erased:{case.id}",
                "status": OutboxStatus.HELD,
                "due_at": utcnow(),
                "attempts": 0,
                "created_at": utcnow(),
            },
            conflict=["dedupe_key"],
            update=[],
        )
    await _erase_cases(session, user_id)


async def held_forum_notices(session: AsyncSession, limit: int = 100) -> list[OutboxMessage]:
    """Forum notices written without a translator (erasures), waiting for their text."""
    rows = await session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.HELD, OutboxMessage.purpose == "case")
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    return list(rows)


def release_held(row: OutboxMessage, text: str) -> None:
    """Give a held notice its text and let the sender take it."""
    row.text = text
    row.status = OutboxStatus.PENDING
    row.due_at = utcnow()


# What this module stores about a person, for /mydata and /deletemydata (db/privacy.py);
# declared in the feature's FEATURE.
PERSONAL_DATA: tuple[PersonalData, ...] = (
    PersonalData("cases", _export_cases, _erase_with_forum_notice),
)
