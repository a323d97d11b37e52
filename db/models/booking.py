"""Bookings at the Center: opening hours set from the chat, slots, bookings (with the waiting
list), half-finished drafts and certification results.

Capacity is enforced by locking the `booking_slots` row (SELECT … FOR UPDATE on PostgreSQL;
SQLite's BEGIN IMMEDIATE serialises writers) before counting the bookings that hold a place —
see `db.queries.booking.hold_place`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import BigIntPK, utcnow


class BookingSchedule(Base):
    """Weekly opening hours a coordinator set for a service; replaces the YAML defaults."""

    __tablename__ = "booking_schedules"

    service: Mapped[str] = mapped_column(String(16), primary_key=True)
    # {"mon": ["09:00-12:00", "14:00-17:00"], ...}; a missing day is closed.
    hours: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_by: Mapped[int | None] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class BookingException(Base):
    """A holiday, closure or short day: replaces that date's hours for one service or, with
    service "", for the whole Center."""

    __tablename__ = "booking_exceptions"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    service: Mapped[str] = mapped_column(String(16), default="")
    day: Mapped[date]
    # ["10:00-13:00"] for a short day; [] = closed.
    hours: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("service", "day", name="uq_booking_exceptions_service_day"),
    )


class BookingSlot(Base):
    """One session of a service, created when someone first books it. Its row is the lock that
    serialises every change to who holds its places."""

    __tablename__ = "booking_slots"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    service: Mapped[str] = mapped_column(String(16))
    starts_at: Mapped[datetime]
    capacity: Mapped[int]

    __table_args__ = (
        UniqueConstraint("service", "starts_at", name="uq_booking_slots_service_starts_at"),
    )


class Booking(Base):
    """A person's place in a slot, or their entry on its waiting list (status `waiting`)."""

    __tablename__ = "bookings"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    service: Mapped[str] = mapped_column(String(16))
    slot_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("booking_slots.id"))
    starts_at: Mapped[datetime] = mapped_column(index=True)  # copy of the slot's, for lists
    status: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(80))
    phone: Mapped[str | None] = mapped_column(String(20))
    # The draft's idempotency key: a double tap on Confirm finds the booking already made.
    draft_key: Mapped[str | None] = mapped_column(String(32), unique=True)
    # Bumped on every move, so the new time's reminders get fresh outbox dedupe keys.
    version: Mapped[int] = mapped_column(default=0)
    offer_expires_at: Mapped[datetime | None]
    decided_by: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[datetime | None]
    # A coordinator's own words (or "@<preset>"), whole: shown after the template, never in it.
    decline_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_bookings_slot_id_status", "slot_id", "status"),)


class BookingDraft(Base):
    """A booking being filled in (one per person). Kept in the DB so a restart loses nothing;
    `key` makes Confirm idempotent, `booking_id` remembers what Confirm made."""

    __tablename__ = "booking_drafts"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    key: Mapped[str] = mapped_column(String(32))
    service: Mapped[str] = mapped_column(String(16))
    mode: Mapped[str] = mapped_column(String(8), default="book")  # book | wait | move
    starts_at: Mapped[datetime | None]
    name: Mapped[str | None] = mapped_column(String(80))
    phone: Mapped[str | None] = mapped_column(String(20))
    reschedule_of: Mapped[int | None] = mapped_column(BigInteger)
    booking_id: Mapped[int | None] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class CertificationResult(Base):
    """The catering lab's result for one booking. When the person erases their data the row
    stays without user, booking and certificate number, so the yearly count does not drop."""

    __tablename__ = "certification_results"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    booking_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("bookings.id", ondelete="SET NULL"), unique=True
    )
    user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    passed: Mapped[bool]
    level: Mapped[str | None] = mapped_column(Text)  # as the coordinator typed it, whole
    certificate_no: Mapped[str | None] = mapped_column(String(64))
    # True on the person's first pass of the year: "people certified", not passes.
    counted: Mapped[bool] = mapped_column(default=False)
    recorded_by: Mapped[int | None] = mapped_column(BigInteger)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


__all__ = [
    "Booking",
    "BookingDraft",
    "BookingException",
    "BookingSchedule",
    "BookingSlot",
    "CertificationResult",
]
