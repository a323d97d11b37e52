"""Bookings: opening hours, availability, holding places, the waiting list, coordinators' lists,
certification results, and the person's data for /mydata and /deletemydata.

Every change to who holds a slot's places happens after `lock_slot` (SELECT … FOR UPDATE on
PostgreSQL; on SQLite every write transaction is already BEGIN IMMEDIATE), and the count of
holders is read after the lock — in READ COMMITTED each statement sees what earlier lock holders
committed. Locks are always taken slot first, then bookings, so two changes cannot deadlock.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from content.services import ServiceInfo
from db.models import (
    Booking,
    BookingDraft,
    BookingException,
    BookingSchedule,
    BookingSlot,
    CertificationResult,
    OutboxMessage,
)
from db.privacy import PersonalData
from db.types import utcnow
from db.upsert import upsert
from domain.booking import (
    HOLDS_PLACE,
    OPEN,
    ServiceRule,
    Status,
    WeeklyHours,
    Window,
    bookable,
    free_places,
    new_code,
    offer_deadline,
    slots_between,
    weekly_from_json,
    weekly_to_json,
    windows_from_json,
    windows_to_json,
    year_bounds,
)

_HOLDING = [s.value for s in HOLDS_PLACE]
_OPEN = [s.value for s in OPEN]


# ---------------------------------------------------------------- opening hours


async def weekly_hours(session: AsyncSession, info: ServiceInfo) -> tuple[WeeklyHours, bool]:
    """The hours in force and whether a coordinator set them (else the YAML defaults)."""
    row = await session.get(BookingSchedule, info.key)
    if row is None:
        return info.weekly, False
    return weekly_from_json(row.hours), True


async def set_day_hours(
    session: AsyncSession,
    info: ServiceInfo,
    weekday: int,
    windows: Sequence[Window],
    by: int,
) -> None:
    current, _ = await weekly_hours(session, info)
    changed = dict(current)
    changed[weekday] = tuple(windows)
    hours = weekly_to_json({d: w for d, w in changed.items() if w})
    await upsert(
        session,
        BookingSchedule,
        {"service": info.key, "hours": hours, "updated_by": by, "updated_at": utcnow()},
        conflict=["service"],
        update=["hours", "updated_by", "updated_at"],
    )


async def reset_hours(session: AsyncSession, service: str) -> None:
    await session.execute(delete(BookingSchedule).where(BookingSchedule.service == service))


async def exceptions_map(
    session: AsyncSession, service: str, first: date, last: date
) -> dict[date, tuple[Window, ...]]:
    """Exceptions in force for `service`: its own win over the whole Center's on the same day."""
    rows = await session.scalars(
        select(BookingException).where(
            BookingException.service.in_(["", service]),
            BookingException.day >= first,
            BookingException.day <= last,
        )
    )
    out: dict[date, tuple[Window, ...]] = {}
    for row in sorted(rows, key=lambda r: r.service != ""):  # Center-wide first, then own
        out[row.day] = windows_from_json(row.hours)
    return out


async def list_exceptions(
    session: AsyncSession, service: str, since: date
) -> list[BookingException]:
    rows = await session.scalars(
        select(BookingException)
        .where(BookingException.service == service, BookingException.day >= since)
        .order_by(BookingException.day)
    )
    return list(rows)


async def add_exception(
    session: AsyncSession, service: str, day: date, windows: Sequence[Window], by: int
) -> None:
    await upsert(
        session,
        BookingException,
        {
            "service": service,
            "day": day,
            "hours": windows_to_json(windows),
            "created_by": by,
            "created_at": utcnow(),
        },
        conflict=["service", "day"],
        update=["hours", "created_by", "created_at"],
    )


async def delete_exception(session: AsyncSession, exception_id: int) -> BookingException | None:
    row = await session.get(BookingException, exception_id)
    if row is not None:
        await session.delete(row)
    return row


# ---------------------------------------------------------------- availability


@dataclass(frozen=True)
class SlotView:
    starts_at: datetime
    capacity: int
    taken: int

    @property
    def free(self) -> int:
        return free_places(self.capacity, self.taken)


async def service_rule(session: AsyncSession, info: ServiceInfo) -> ServiceRule:
    weekly, _ = await weekly_hours(session, info)
    return info.rule(weekly)


async def availability(
    session: AsyncSession,
    info: ServiceInfo,
    first: date,
    last: date,
    tz: ZoneInfo,
    now: datetime,
) -> dict[date, list[SlotView]]:
    """Bookable slots per local day with their places, in two queries for any range."""
    rule = await service_rule(session, info)
    exceptions = await exceptions_map(session, info.key, first, last)
    days = slots_between(rule, first, last, tz, exceptions)
    starts = [s for slots in days.values() for s in slots if bookable(s, now)]
    if not starts:
        return {}
    rows = await session.execute(
        select(BookingSlot.starts_at, func.count(Booking.id))
        .join(Booking, Booking.slot_id == BookingSlot.id)
        .where(
            BookingSlot.service == info.key,
            BookingSlot.starts_at >= min(starts),
            BookingSlot.starts_at <= max(starts),
            Booking.status.in_(_HOLDING),
        )
        .group_by(BookingSlot.starts_at)
    )
    taken = {when: int(count) for when, count in rows.all()}
    out: dict[date, list[SlotView]] = {}
    for day, slots in days.items():
        views = [SlotView(s, info.capacity, taken.get(s, 0)) for s in slots if bookable(s, now)]
        if views:
            out[day] = views
    return out


async def is_offered_slot(
    session: AsyncSession, info: ServiceInfo, starts_at: datetime, tz: ZoneInfo
) -> bool:
    """True when `starts_at` is one of the service's sessions under the current hours (a
    forged or stale button cannot book 03:17)."""
    day = starts_at.astimezone(tz).date()
    rule = await service_rule(session, info)
    exceptions = await exceptions_map(session, info.key, day, day)
    return starts_at in slots_between(rule, day, day, tz, exceptions).get(day, [])


# ---------------------------------------------------------------- holding places


@dataclass
class SlotChange:
    """What settling a slot did to other people, so the caller can tell them."""

    offered: list[Booking] = field(default_factory=list)  # a freed place is held for them
    expired: list[Booking] = field(default_factory=list)  # their offer lapsed
    lapsed: list[Booking] = field(default_factory=list)  # too late now; waiting list closed

    def extend(self, other: SlotChange) -> None:
        self.offered += other.offered
        self.expired += other.expired
        self.lapsed += other.lapsed


async def lock_slot(
    session: AsyncSession, service: str, starts_at: datetime, capacity: int
) -> BookingSlot:
    """The slot row, created if needed and locked until the transaction ends."""
    await upsert(
        session,
        BookingSlot,
        {"service": service, "starts_at": starts_at, "capacity": capacity},
        conflict=["service", "starts_at"],
        update=[],
    )
    slot = (
        await session.scalars(
            select(BookingSlot)
            .where(BookingSlot.service == service, BookingSlot.starts_at == starts_at)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).one()
    if slot.capacity != capacity:  # services.yaml changed; the new capacity applies
        slot.capacity = capacity
    return slot


async def lock_slot_by_id(session: AsyncSession, slot_id: int) -> BookingSlot:
    return (
        await session.scalars(
            select(BookingSlot)
            .where(BookingSlot.id == slot_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).one()


async def holders(session: AsyncSession, slot_id: int) -> int:
    count = await session.scalar(
        select(func.count(Booking.id)).where(
            Booking.slot_id == slot_id, Booking.status.in_(_HOLDING)
        )
    )
    return int(count or 0)


async def _in_slot(session: AsyncSession, slot_id: int, *statuses: Status) -> list[Booking]:
    rows = await session.scalars(
        select(Booking)
        .where(Booking.slot_id == slot_id, Booking.status.in_([s.value for s in statuses]))
        .order_by(Booking.created_at, Booking.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return list(rows)


async def settle(
    session: AsyncSession, slot: BookingSlot, now: datetime, hold: timedelta
) -> SlotChange:
    """Under the slot's lock: lapse expired offers, then offer free places to the people
    waiting, first come first served. Call before counting places and after freeing one."""
    change = SlotChange()
    for booking in await _in_slot(session, slot.id, Status.OFFERED):
        if booking.offer_expires_at is not None and booking.offer_expires_at <= now:
            booking.status = Status.EXPIRED
            change.expired.append(booking)
    waiting = await _in_slot(session, slot.id, Status.WAITING)
    if not waiting:
        await session.flush()
        return change
    deadline = offer_deadline(now, slot.starts_at, hold)
    if deadline is None:
        for booking in waiting:
            booking.status = Status.EXPIRED
            change.lapsed.append(booking)
        await session.flush()
        return change
    await session.flush()
    free = free_places(slot.capacity, await holders(session, slot.id))
    for booking in waiting[:free]:
        booking.status = Status.OFFERED
        booking.offer_expires_at = deadline
        change.offered.append(booking)
    await session.flush()
    return change


@dataclass
class BookResult:
    booking: Booking | None  # None: the slot was full (someone else just took the place)
    change: SlotChange


async def _unique_code(session: AsyncSession) -> str:
    while True:
        code = new_code()
        if await session.scalar(select(Booking.id).where(Booking.code == code)) is None:
            return code


async def book(
    session: AsyncSession,
    *,
    user_id: int,
    info: ServiceInfo,
    starts_at: datetime,
    name: str,
    phone: str | None,
    draft_key: str | None,
    now: datetime,
    hold: timedelta,
    waitlist: bool = False,
) -> BookResult:
    """Take a place in the slot, or (with `waitlist`) a place on its waiting list when it is
    full. Returns no booking when the slot is full and `waitlist` is False."""
    slot = await lock_slot(session, info.key, starts_at, info.capacity)
    change = await settle(session, slot, now, hold)
    has_place = await holders(session, slot.id) < slot.capacity
    if not has_place and not waitlist:
        return BookResult(None, change)
    status = Status.REQUESTED if has_place else Status.WAITING
    booking = Booking(
        code=await _unique_code(session),
        user_id=user_id,
        service=info.key,
        slot_id=slot.id,
        starts_at=slot.starts_at,
        status=status,
        name=name,
        phone=phone,
        draft_key=draft_key,
        created_at=now,
        updated_at=now,
    )
    session.add(booking)
    await session.flush()
    return BookResult(booking, change)


async def release(
    session: AsyncSession,
    booking: Booking,
    status: Status,
    now: datetime,
    hold: timedelta,
    *,
    by: int | None = None,
    reason: str | None = None,
) -> SlotChange | None:
    """Cancel, decline or leave the waiting list: the place (if any) goes to the next person
    waiting. None when the booking was no longer open (a double tap, or someone else acted)."""
    slot = await lock_slot_by_id(session, booking.slot_id)
    await session.refresh(booking, with_for_update=True)
    if booking.status not in _OPEN:
        return None
    booking.status = status
    booking.offer_expires_at = None
    if by is not None:
        booking.decided_by, booking.decided_at = by, now
    if reason is not None:
        booking.decline_reason = reason
    await session.flush()
    return await settle(session, slot, now, hold)


@dataclass
class MoveResult:
    moved: bool
    change: SlotChange


async def move(
    session: AsyncSession,
    booking: Booking,
    info: ServiceInfo,
    starts_at: datetime,
    now: datetime,
    hold: timedelta,
    *,
    keep_status: bool,
) -> MoveResult:
    """Move a booking to another slot of its service, if that one has a free place. By the
    person: it needs approval again; by a coordinator (`keep_status`): it stays as it was."""
    old_id = booking.slot_id
    # Both slot rows exist before locking, and are locked in time order: two opposite moves
    # between the same two slots wait for each other instead of deadlocking.
    await upsert(
        session,
        BookingSlot,
        {"service": info.key, "starts_at": starts_at, "capacity": info.capacity},
        conflict=["service", "starts_at"],
        update=[],
    )
    old_slot = await session.get(BookingSlot, old_id)
    assert old_slot is not None
    change = SlotChange()
    order = sorted([(old_slot.starts_at, "old"), (starts_at, "new")])
    slots: dict[str, BookingSlot] = {}
    for _, which in order:
        if which == "new":
            slots["new"] = await lock_slot(session, info.key, starts_at, info.capacity)
        else:
            slots["old"] = await lock_slot_by_id(session, old_id)
    new_slot = slots["new"]
    if new_slot.id == old_id:
        return MoveResult(False, change)
    change.extend(await settle(session, new_slot, now, hold))
    await session.refresh(booking, with_for_update=True)
    if booking.status not in (Status.REQUESTED, Status.CONFIRMED):
        return MoveResult(False, change)
    if await holders(session, new_slot.id) >= new_slot.capacity:
        return MoveResult(False, change)
    booking.slot_id = new_slot.id
    booking.starts_at = new_slot.starts_at
    booking.version += 1
    if not keep_status:
        booking.status = Status.REQUESTED
        booking.decided_by = booking.decided_at = None
    await session.flush()
    change.extend(await settle(session, slots["old"], now, hold))
    return MoveResult(True, change)


async def take_offer(
    session: AsyncSession, booking: Booking, now: datetime, hold: timedelta
) -> tuple[bool, SlotChange]:
    """The person accepts a place offered from the waiting list (if the offer still holds)."""
    slot = await lock_slot_by_id(session, booking.slot_id)
    change = await settle(session, slot, now, hold)  # lapses this offer if it ran out
    await session.refresh(booking, with_for_update=True)
    if booking.status != Status.OFFERED:
        return False, change
    booking.status = Status.REQUESTED
    booking.offer_expires_at = None
    await session.flush()
    return True, change


async def decide(
    session: AsyncSession, booking: Booking, status: Status, by: int, now: datetime
) -> bool:
    """Approve or record attendance. False when the booking had changed meanwhile."""
    await session.refresh(booking, with_for_update=True)
    allowed_from = {
        Status.CONFIRMED: {Status.REQUESTED},
        Status.ATTENDED: {Status.REQUESTED, Status.CONFIRMED, Status.NO_SHOW},
        Status.NO_SHOW: {Status.REQUESTED, Status.CONFIRMED},
    }[status]
    if booking.status not in allowed_from:
        return False
    booking.status = status
    booking.decided_by, booking.decided_at = by, now
    await session.flush()
    return True


# ---------------------------------------------------------------- reading bookings


async def get_booking(session: AsyncSession, booking_id: int) -> Booking | None:
    return await session.get(Booking, booking_id, populate_existing=True)


async def by_code(session: AsyncSession, code: str) -> Booking | None:
    return await session.scalar(select(Booking).where(Booking.code == code))


async def by_draft_key(session: AsyncSession, key: str) -> Booking | None:
    return await session.scalar(select(Booking).where(Booking.draft_key == key))


async def upcoming_of(session: AsyncSession, user_id: int, now: datetime) -> list[Booking]:
    rows = await session.scalars(
        select(Booking)
        .where(Booking.user_id == user_id, Booking.status.in_(_OPEN), Booking.starts_at > now)
        .order_by(Booking.starts_at)
    )
    return list(rows)


async def open_for_service(
    session: AsyncSession, user_id: int, service: str, now: datetime
) -> Booking | None:
    """The person's upcoming booking (or waiting-list entry) for the service: one at a time,
    so nobody holds several sessions of a service others are waiting for."""
    return await session.scalar(
        select(Booking)
        .where(
            Booking.user_id == user_id,
            Booking.service == service,
            Booking.status.in_(_OPEN),
            Booking.starts_at > now,
        )
        .order_by(Booking.starts_at)
        .limit(1)
    )


async def bookings_between(
    session: AsyncSession,
    start: datetime,
    end: datetime,
    statuses: Iterable[str] | None = None,
) -> list[Booking]:
    query = select(Booking).where(Booking.starts_at >= start, Booking.starts_at < end)
    if statuses is not None:
        query = query.where(Booking.status.in_(list(statuses)))
    rows = await session.scalars(query.order_by(Booking.starts_at, Booking.created_at))
    return list(rows)


async def results_for(
    session: AsyncSession, booking_ids: Iterable[int]
) -> dict[int, CertificationResult]:
    ids = list(booking_ids)
    if not ids:
        return {}
    rows = await session.scalars(
        select(CertificationResult).where(CertificationResult.booking_id.in_(ids))
    )
    return {r.booking_id: r for r in rows if r.booking_id is not None}


async def slots_to_settle(session: AsyncSession, now: datetime) -> list[int]:
    """Upcoming slots where an offer ran out or someone is waiting (the sweep's work list)."""
    rows = await session.scalars(
        select(Booking.slot_id)
        .where(
            Booking.starts_at > now,
            (Booking.status == Status.WAITING)
            | ((Booking.status == Status.OFFERED) & (Booking.offer_expires_at <= now)),
        )
        .distinct()
    )
    return list(rows)


# ---------------------------------------------------------------- drafts


async def start_draft(
    session: AsyncSession,
    user_id: int,
    service: str,
    *,
    mode: str = "book",
    reschedule_of: int | None = None,
) -> BookingDraft:
    """A fresh draft (and a fresh idempotency key) replacing any earlier one."""
    await session.execute(delete(BookingDraft).where(BookingDraft.user_id == user_id))
    draft = BookingDraft(
        user_id=user_id,
        key=secrets.token_hex(8),
        service=service,
        mode=mode,
        reschedule_of=reschedule_of,
        updated_at=utcnow(),
    )
    session.add(draft)
    await session.flush()
    return draft


async def get_draft(
    session: AsyncSession, user_id: int, *, lock: bool = False
) -> BookingDraft | None:
    query = select(BookingDraft).where(BookingDraft.user_id == user_id)
    if lock:
        query = query.with_for_update()
    return await session.scalar(query.execution_options(populate_existing=True))


async def last_name_used(session: AsyncSession, user_id: int) -> str | None:
    """The name from the person's latest booking, offered as a one-tap answer."""
    return await session.scalar(
        select(Booking.name)
        .where(Booking.user_id == user_id)
        .order_by(Booking.created_at.desc())
        .limit(1)
    )


async def last_phone_used(session: AsyncSession, user_id: int) -> str | None:
    """The number the person last shared for a booking, shown for confirmation next time
    (kept on their bookings, so /mydata exports it and /deletemydata erases it)."""
    return await session.scalar(
        select(Booking.phone)
        .where(Booking.user_id == user_id, Booking.phone.is_not(None))
        .order_by(Booking.created_at.desc())
        .limit(1)
    )


# ---------------------------------------------------------------- certification


async def record_result(
    session: AsyncSession,
    booking: Booking,
    *,
    passed: bool,
    level: str | None,
    certificate_no: str | None,
    by: int,
    now: datetime,
    tz: ZoneInfo,
) -> CertificationResult:
    """Save (or correct) the lab result and recount who is certified this year."""
    result = await session.scalar(
        select(CertificationResult).where(CertificationResult.booking_id == booking.id)
    )
    if result is None:
        result = CertificationResult(booking_id=booking.id, user_id=booking.user_id, passed=passed)
        session.add(result)
    result.passed = passed
    result.level = level if passed else None
    result.certificate_no = certificate_no if passed else None
    result.recorded_by, result.recorded_at = by, now
    if booking.status != Status.ATTENDED:
        booking.status = Status.ATTENDED
    await session.flush()
    start, end = year_bounds(now.astimezone(tz).year, tz)
    rows = await session.scalars(
        select(CertificationResult)
        .where(
            CertificationResult.user_id == booking.user_id,
            CertificationResult.recorded_at >= start,
            CertificationResult.recorded_at < end,
        )
        .order_by(CertificationResult.recorded_at, CertificationResult.id)
    )
    first_pass_seen = False
    for row in rows:
        row.counted = row.passed and not first_pass_seen
        first_pass_seen = first_pass_seen or row.passed
    await session.flush()
    return result


@dataclass(frozen=True)
class CertStats:
    certified: int  # people with a pass this year
    passed: int  # passed results
    results: int  # all results


async def certification_stats(session: AsyncSession, year: int, tz: ZoneInfo) -> CertStats:
    start, end = year_bounds(year, tz)
    in_year = (CertificationResult.recorded_at >= start) & (CertificationResult.recorded_at < end)
    row = (
        await session.execute(
            select(
                func.count(CertificationResult.id),
                func.count(CertificationResult.id).filter(CertificationResult.passed),
                func.count(CertificationResult.id).filter(CertificationResult.counted),
            ).where(in_year)
        )
    ).one()
    return CertStats(certified=int(row[2]), passed=int(row[1]), results=int(row[0]))


# ---------------------------------------------------------------- daily digest


async def digest_lines(
    session: AsyncSession,
    t: Callable[..., str],
    start: datetime,
    end: datetime,
    service_names: dict[str, str],
) -> list[str]:
    """Lines for the coordinators' daily digest: bookings made in [start, end) per service,
    and how many upcoming ones still wait for a decision. Empty when there is nothing.
    `t` is the reader's translator; `service_names` maps keys to names in their language."""
    rows = await session.execute(
        select(Booking.service, func.count(Booking.id))
        .where(
            Booking.created_at >= start,
            Booking.created_at < end,
            Booking.status.not_in([Status.WAITING.value, Status.EXPIRED.value]),
        )
        .group_by(Booking.service)
    )
    counts = {service: int(n) for service, n in rows.all()}
    pending = int(
        await session.scalar(
            select(func.count(Booking.id)).where(
                Booking.status == Status.REQUESTED, Booking.starts_at > end
            )
        )
        or 0
    )
    if not counts and not pending:
        return []
    lines = [t("booking-digest-title", count=sum(counts.values()))]
    for service, count in sorted(counts.items()):
        name = service_names.get(service, service)
        lines.append(t("booking-digest-line", service=name, count=count))
    if pending:
        lines.append(t("booking-digest-pending", count=pending))
    return lines


# ---------------------------------------------------------------- personal data


async def _export(session: AsyncSession, user_id: int) -> Any:
    bookings = await session.scalars(
        select(Booking).where(Booking.user_id == user_id).order_by(Booking.starts_at)
    )
    listed = list(bookings)
    results = await results_for(session, [b.id for b in listed])
    out: list[dict[str, Any]] = []
    for b in listed:
        item: dict[str, Any] = {
            "code": b.code,
            "service": b.service,
            "starts_at": b.starts_at.isoformat(),
            "status": b.status,
            "name": b.name,
            "phone": b.phone,
            "created_at": b.created_at.isoformat(),
        }
        if b.decline_reason:
            item["decline_reason"] = b.decline_reason
        result = results.get(b.id)
        if result is not None:
            item["certification"] = {
                "passed": result.passed,
                "level": result.level,
                "certificate_no": result.certificate_no,
            }
        out.append(item)
    draft = await get_draft(session, user_id)
    if draft is not None and draft.booking_id is None:
        out.append({"unfinished_booking": draft.service, "name": draft.name, "phone": draft.phone})
    return out


async def _erase(session: AsyncSession, user_id: int) -> None:
    """Bookings and drafts go; certification results stay for the yearly count, without
    anything that points to the person. Freed places reach the waiting list through the sweep
    (no translations are at hand here to write the offers)."""
    await session.execute(
        update(CertificationResult)
        .where(CertificationResult.user_id == user_id)
        .values(user_id=None, booking_id=None, certificate_no=None)
    )
    await session.execute(delete(BookingDraft).where(BookingDraft.user_id == user_id))
    # Notices about the bookings to others (coordinators' alerts with name and phone).
    ids = list(await session.scalars(select(Booking.id).where(Booking.user_id == user_id)))
    refs = [f"{kind}:{i}" for i in ids for kind in ("booking", "booking-note")]
    if refs:
        await session.execute(delete(OutboxMessage).where(OutboxMessage.ref.in_(refs)))
    await session.execute(delete(Booking).where(Booking.user_id == user_id))


# What this module stores about a person, for /mydata and /deletemydata (db/privacy.py);
# declared in the feature's FEATURE.
PERSONAL_DATA: tuple[PersonalData, ...] = (PersonalData("bookings", _export, _erase),)
