"""Column types shared by every model."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Integer
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from db.clock import clock


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend.

    PostgreSQL stores `timestamptz`; SQLite has no time zones and hands back naive values, so they
    are re-labelled as UTC on the way out and naive values are refused on the way in — a naive
    datetime is always a bug in this code base.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """Now, in UTC, from the one injectable clock (db/clock.py) that tests set."""
    return clock.now()


# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY; PostgreSQL gets a
# 64-bit identity. Use for surrogate keys of tables that grow (audit, outbox, bookings).
BigIntPK = BigInteger().with_variant(Integer, "sqlite")
