"""Booking's application services: what confirming, cancelling, deciding and recording a
result DO, apart from how it is shown.

Each function takes a `Context` (the update's session, the catalog and settings, who acts) and
returns an outcome dataclass; no aiogram types. Handlers read the update, call one of these and
map the outcome to a screen (`handlers/booking/screens.py`); jobs call the same functions.
Messages to other people (the booker, coordinators, the waiting list) are queued in the outbox
here, in the caller's transaction.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Catalog
from content.services import ServiceInfo
from db.models import Booking
from db.queries import booking as q
from db.queries.outbox import cancel_by_ref
from db.queries.users import audit
from db.types import utcnow
from domain.booking import Action, Status, bookable, coordinator_actions, session_started
from handlers.booking import notify
from handlers.booking.render import reason_text, services


@dataclass(frozen=True)
class Context:
    session: AsyncSession
    catalog: Catalog
    settings: Settings
    actor_id: int  # who pressed the button (the booker or a coordinator)

    @property
    def hold(self) -> timedelta:
        return notify.hold(self.settings)


# ---------------------------------------------------------------- outcomes


@dataclass(frozen=True)
class Done:
    """The change was made."""

    booking: Booking


@dataclass(frozen=True)
class Changed:
    """The booking is no longer in a state that allows it (someone else acted first)."""

    booking: Booking


@dataclass(frozen=True)
class TooEarly:
    """Attendance and results only from the session's start (a stale card, a forged button)."""

    booking: Booking


@dataclass(frozen=True)
class SlotGone:
    """The time is no longer offered (past, or the schedule changed)."""

    info: ServiceInfo
    day: date
    mode: str


@dataclass(frozen=True)
class Taken:
    """Someone else took the last place first."""

    info: ServiceInfo
    day: date
    mode: str


@dataclass(frozen=True)
class Booked:
    """A booking (or a waiting-list entry) exists for the draft; a repeated Confirm gets the
    same outcome as the first."""

    booking: Booking
    now: datetime


@dataclass(frozen=True)
class Moved:
    booking: Booking


@dataclass(frozen=True)
class AlreadyBooked:
    """One open booking per service: the person has one already."""

    existing: Booking


@dataclass(frozen=True)
class Restart:
    """The draft cannot be confirmed (no consent, unknown service): start the service again."""

    service: str


@dataclass(frozen=True)
class NotFound:
    pass


@dataclass(frozen=True)
class NotMovable:
    pass


@dataclass(frozen=True)
class NoDraft:
    """Nothing to confirm (an old button): back to the booking home."""


ConfirmOutcome = (
    Booked | Moved | AlreadyBooked | SlotGone | Taken | Restart | NotFound | NotMovable | NoDraft
)


# ---------------------------------------------------------------- the person


async def confirm(c: Context, draft_key: str, *, consented: bool) -> ConfirmOutcome:
    """Confirm the person's draft: book, join the waiting list, or move a booking."""
    # The draft row is the lock: a second tap waits here, then finds `booking_id` set.
    draft = await q.get_draft(c.session, c.actor_id, lock=True)
    if draft is None or draft.key != draft_key:
        made = await q.by_draft_key(c.session, draft_key) if draft_key else None
        if made is not None and made.user_id == c.actor_id:
            return Booked(made, utcnow())
        return NoDraft()
    if draft.booking_id is not None:
        made = await q.get_booking(c.session, draft.booking_id)
        if made is not None:
            return Booked(made, utcnow())
    info = services().get(draft.service)
    if info is None or draft.starts_at is None or not consented:
        return Restart(draft.service)
    now = utcnow()
    day = draft.starts_at.astimezone(c.settings.tz).date()
    if not bookable(draft.starts_at, now) or not await q.is_offered_slot(
        c.session, info, draft.starts_at, c.settings.tz
    ):
        return SlotGone(info, day, draft.mode)
    if draft.mode == "move":
        booking = await q.get_booking(c.session, draft.reschedule_of or 0)
        if booking is None or booking.user_id != c.actor_id:
            return NotFound()
        moved = await q.move(
            c.session, booking, info, draft.starts_at, now, c.hold, keep_status=False
        )
        await notify.tell_change(c.session, c.catalog, c.settings, moved.change)
        if not moved.moved:
            if booking.status not in (Status.REQUESTED, Status.CONFIRMED):
                return NotMovable()
            return Taken(info, day, "move")
        draft.booking_id = booking.id
        await notify.after_booked(c.session, c.catalog, c.settings, booking, now, moved=True)
        return Moved(booking)
    existing = await q.open_for_service(c.session, c.actor_id, info.key, now)
    if existing is not None:
        return AlreadyBooked(existing)
    result = await q.book(
        c.session,
        user_id=c.actor_id,
        info=info,
        starts_at=draft.starts_at,
        name=draft.name or "",
        phone=draft.phone,
        draft_key=draft.key,
        now=now,
        hold=c.hold,
        waitlist=draft.mode == "wait",
    )
    await notify.tell_change(c.session, c.catalog, c.settings, result.change)
    if result.booking is None:
        return Taken(info, day, "book")
    draft.booking_id = result.booking.id
    if result.booking.status == Status.REQUESTED:
        await notify.after_booked(c.session, c.catalog, c.settings, result.booking, now)
    return Booked(result.booking, now)


async def cancel(c: Context, booking: Booking) -> Done | Changed:
    """The person cancels (or passes on a waiting-list offer); the place goes to the next."""
    held = booking.status in (Status.REQUESTED, Status.CONFIRMED)
    change = await q.release(c.session, booking, Status.CANCELLED, utcnow(), c.hold)
    if change is None:
        return Changed(booking)
    await cancel_by_ref(c.session, notify.reminder_ref(booking))
    await notify.tell_change(c.session, c.catalog, c.settings, change)
    if held:
        await notify.alert_coordinators(
            c.session, c.catalog, c.settings, booking, "booking-staff-cancelled"
        )
    return Done(booking)


async def take_offer(c: Context, booking: Booking) -> Done | Changed:
    """The person takes the place the waiting list offered them."""
    now = utcnow()
    taken, change = await q.take_offer(c.session, booking, now, c.hold)
    await notify.tell_change(c.session, c.catalog, c.settings, change)
    if not taken:
        return Changed(booking)
    await notify.after_booked(c.session, c.catalog, c.settings, booking, now)
    return Done(booking)


# ---------------------------------------------------------------- coordinators


async def approve(c: Context, booking: Booking) -> Done | Changed:
    if not await q.decide(c.session, booking, Status.CONFIRMED, c.actor_id, utcnow()):
        return Changed(booking)
    await audit(c.session, "booking.approve", c.actor_id, target=f"booking:{booking.id}")
    await notify.to_person(
        c.session,
        c.catalog,
        booking,
        "booking-approved",
        c.settings.tz,
        markup=functools.partial(notify.manage_kb, booking=booking),
    )
    return Done(booking)


async def record_attendance(
    c: Context, booking: Booking, *, attended: bool
) -> Done | Changed | TooEarly:
    now = utcnow()
    if not session_started(booking.starts_at, now):
        return TooEarly(booking)
    action = Action.ATTENDED if attended else Action.NO_SHOW
    if action not in coordinator_actions(Status(booking.status), booking.starts_at, now, True):
        return Changed(booking)
    status = Status.ATTENDED if attended else Status.NO_SHOW
    if not await q.decide(c.session, booking, status, c.actor_id, now):
        return Changed(booking)
    await audit(c.session, f"booking.{status.value}", c.actor_id, target=f"booking:{booking.id}")
    await cancel_by_ref(c.session, notify.reminder_ref(booking))
    if status is Status.NO_SHOW:
        await notify.to_person(
            c.session,
            c.catalog,
            booking,
            "booking-no-show",
            c.settings.tz,
            markup=functools.partial(
                notify.book_again_kb, service=booking.service, source="noshow"
            ),
        )
    return Done(booking)


async def decline(c: Context, booking: Booking, reason: str) -> Done | Changed:
    """Decline with a reason: a preset ("@full") or the coordinator's own words, sent whole."""
    change = await q.release(
        c.session, booking, Status.DECLINED, utcnow(), c.hold, by=c.actor_id, reason=reason
    )
    if change is None:
        return Changed(booking)
    await audit(c.session, "booking.decline", c.actor_id, target=f"booking:{booking.id}")
    await cancel_by_ref(c.session, notify.reminder_ref(booking))
    await notify.to_person(
        c.session,
        c.catalog,
        booking,
        "booking-declined",
        c.settings.tz,
        markup=functools.partial(notify.book_again_kb, service=booking.service, source="declined"),
        said=functools.partial(reason_text, stored=reason),
    )
    await notify.tell_change(c.session, c.catalog, c.settings, change)
    return Done(booking)


async def reschedule(
    c: Context, booking: Booking, info: ServiceInfo, starts_at: datetime
) -> Done | SlotGone | Taken:
    """The Center moves a booking; the person is told and their reminders follow."""
    day = starts_at.astimezone(c.settings.tz).date()
    if not await q.is_offered_slot(c.session, info, starts_at, c.settings.tz):
        return SlotGone(info, day, "staff")
    now = utcnow()
    result = await q.move(c.session, booking, info, starts_at, now, c.hold, keep_status=True)
    await notify.tell_change(c.session, c.catalog, c.settings, result.change)
    if not result.moved:
        return Taken(info, day, "staff")
    await audit(c.session, "booking.reschedule", c.actor_id, target=f"booking:{booking.id}")
    await notify.schedule_reminders(c.session, c.catalog, c.settings, booking, now)
    await notify.to_person(
        c.session,
        c.catalog,
        booking,
        "booking-moved-by-center",
        c.settings.tz,
        markup=functools.partial(notify.manage_kb, booking=booking),
    )
    return Done(booking)


RESULT_STATUSES = (Status.ATTENDED, Status.CONFIRMED, Status.REQUESTED)


async def record_result(
    c: Context, booking: Booking, *, passed: bool, level: str | None, number: str | None
) -> Done | Changed | TooEarly:
    """A certification result; the level is the coordinator's own words, sent whole."""
    now = utcnow()
    if not session_started(booking.starts_at, now):
        return TooEarly(booking)
    if booking.status not in RESULT_STATUSES:
        return Changed(booking)
    await q.record_result(
        c.session,
        booking,
        passed=passed,
        level=level,
        certificate_no=number,
        by=c.actor_id,
        now=now,
        tz=c.settings.tz,
    )
    await audit(
        c.session, "booking.result", c.actor_id, target=f"booking:{booking.id}", passed=passed
    )
    if passed:
        await notify.to_person(
            c.session,
            c.catalog,
            booking,
            "booking-result-passed",
            c.settings.tz,
            said=lambda _t: level or "—",
            number=number or "—",
        )
    else:
        await notify.to_person(
            c.session,
            c.catalog,
            booking,
            "booking-result-failed",
            c.settings.tz,
            markup=functools.partial(
                notify.book_again_kb, service=booking.service, source="retake"
            ),
        )
    return Done(booking)


# ---------------------------------------------------------------- jobs


async def settle_slot(
    session: AsyncSession, catalog: Catalog, settings: Settings, slot_id: int, now: datetime
) -> int:
    """The waiting list of one slot: offers that ran out pass on, freed places are offered.
    Returns how many people were told something."""
    slot = await q.lock_slot_by_id(session, slot_id)
    change = await q.settle(session, slot, now, notify.hold(settings))
    await notify.tell_change(session, catalog, settings, change)
    return len(change.offered) + len(change.expired) + len(change.lapsed)
