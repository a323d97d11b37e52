"""aiogram FSM storage in the database (there is none in aiogram).

When an update is being handled, state is written in that update's transaction: if the handler
fails, the conversation state rolls back with everything else. Outside an update (tests, jobs) it
uses a short transaction of its own.

The row's `updated_at` is the trace a broadcast's "active since <day>" reads (days in the
Center's zone). Writing back an unchanged state only to move that time would cost a statement
on nearly every update, so it is written once per Center day: an unchanged state whose row was
already written today is not written again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, time, tzinfo
from functools import cache
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey
from sqlalchemy import Table, bindparam, delete, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.dml import Update

from db.clock import local_now
from db.context import current_session
from db.direct_write import execute_write
from db.models import FsmRecord
from db.types import utcnow
from db.upsert import flush_pending, upsert

_KNOWN = "jol_fsm_known"  # key of SqlStorage's snapshot in `session.info`


def storage_key_id(key: StorageKey) -> str:
    return ":".join(
        str(part)
        for part in (
            key.bot_id,
            key.chat_id,
            key.user_id,
            key.thread_id or "",
            key.business_connection_id or "",
            key.destiny,
        )
    )


@dataclass
class _Known:
    """A conversation's state and data as this transaction last read or wrote them."""

    state: str | None
    data: dict[str, Any]
    written: bool = False  # its `updated_at` was already set in this transaction
    updated_at: datetime | None = None  # as read (None: no row, or not read with it)


def _known(session: AsyncSession) -> dict[str, _Known]:
    # Per session, so per transaction: an update's handlers share it, nothing else does.
    known: dict[str, _Known] = session.info.setdefault(_KNOWN, {})
    return known


def remember_state(
    session: AsyncSession,
    key: StorageKey,
    state: str | None,
    data: dict[str, Any],
    updated_at: datetime | None = None,
) -> None:
    """Take a conversation's state and data as read by someone else in this transaction
    (db/queries/person.py reads them with the user row), so the storage does not read again."""
    _known(session).setdefault(storage_key_id(key), _Known(state, dict(data), False, updated_at))


@cache
def _clear_statement(field: str) -> Update:
    """A Core UPDATE built once per field: the ORM's bulk UPDATE, built on every call, cost
    several times the statement itself (see db/upsert.py)."""
    table = FsmRecord.__table__
    assert isinstance(table, Table)
    return (
        update(table)
        .where(table.c.key == bindparam("record_key"))
        .values({field: bindparam(field), "updated_at": bindparam("now")})
    )


class SqlStorage(BaseStorage):
    """Within one update the state is read once (FSM middleware) and its data at most once more
    (served from that read). Writing back what is already there is skipped once this
    transaction has written the row (a menu's `state.clear()` is one write, not two) or when
    the row was written earlier on the same day in `day_zone` (the Center's): its `updated_at`
    still marks every day a person took a step ("active since" reads it)."""

    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], day_zone: tzinfo = UTC
    ) -> None:
        self._sessionmaker = sessionmaker
        self._day_zone = day_zone

    def _unchanged_and_fresh(self, seen: _Known) -> bool:
        """Nothing to write: this transaction wrote the row already, or it was written today."""
        if seen.written:
            return True
        if seen.updated_at is None:
            return False
        today = datetime.combine(local_now(self._day_zone).date(), time(0), self._day_zone)
        return seen.updated_at >= today

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[AsyncSession]:
        active = current_session.get()
        if active is not None:
            yield active
            return
        async with self._sessionmaker() as session, session.begin():
            yield session

    async def _read(self, session: AsyncSession, key: str) -> _Known:
        known = _known(session)
        if key not in known:
            record = await session.get(FsmRecord, key, populate_existing=True)
            known[key] = _Known(
                record.state if record else None,
                dict(record.data) if record and record.data else {},
                updated_at=record.updated_at if record else None,
            )
        return known[key]

    async def _write(
        self, session: AsyncSession, key: StorageKey, field: str, value: Any, *, clearing: bool
    ) -> None:
        """Set `field` ("state" or "data") and `updated_at`. Clearing never creates a row (it
        would resurrect an erased user's record)."""
        record_key = storage_key_id(key)
        if clearing:
            await flush_pending(session)
            await execute_write(
                session,
                _clear_statement(field),
                {"record_key": record_key, field: value, "now": utcnow()},
            )
            return
        row = {"key": record_key, "user_id": key.user_id, "state": None, "data": {}}
        row |= {field: value, "updated_at": utcnow()}
        await upsert(session, FsmRecord, row, conflict=["key"], update=[field, "updated_at"])

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        record_key = storage_key_id(key)
        async with self._session() as session:
            seen = _known(session).get(record_key)
            if seen is not None and seen.state == value and self._unchanged_and_fresh(seen):
                return
            await self._write(session, key, "state", value, clearing=value is None)
            if seen is not None:
                seen.state, seen.written = value, True

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session() as session:
            return (await self._read(session, storage_key_id(key))).state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        record_key = storage_key_id(key)
        async with self._session() as session:
            seen = _known(session).get(record_key)
            if seen is not None and seen.data == dict(data) and self._unchanged_and_fresh(seen):
                return
            await self._write(session, key, "data", dict(data), clearing=not data)
            if seen is not None:
                seen.data, seen.written = dict(data), True

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session() as session:
            return dict((await self._read(session, storage_key_id(key))).data)

    async def close(self) -> None:
        return None


async def forget_user_state(session: AsyncSession, user_id: int) -> None:
    """Erase every conversation state of a user (part of /deletemydata)."""
    await session.execute(delete(FsmRecord).where(FsmRecord.user_id == user_id))
    _known(session).clear()  # what this transaction read is gone
