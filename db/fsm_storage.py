"""aiogram FSM storage in the database (there is none in aiogram).

When an update is being handled, state is written in that update's transaction: if the handler
fails, the conversation state rolls back with everything else. Outside an update (tests, jobs) it
uses a short transaction of its own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey
from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.context import current_session
from db.models import FsmRecord
from db.types import utcnow
from db.upsert import upsert


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


class SqlStorage(BaseStorage):
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[AsyncSession]:
        active = current_session.get()
        if active is not None:
            yield active
            return
        async with self._sessionmaker() as session, session.begin():
            yield session

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        async with self._session() as session:
            if value is None:
                # Clearing never creates a row (it would resurrect an erased user's record).
                await session.execute(
                    update(FsmRecord)
                    .where(FsmRecord.key == storage_key_id(key))
                    .values(state=None, updated_at=utcnow())
                )
                return
            await upsert(
                session,
                FsmRecord,
                {
                    "key": storage_key_id(key),
                    "user_id": key.user_id,
                    "state": value,
                    "data": {},
                    "updated_at": utcnow(),
                },
                conflict=["key"],
                update=["state", "updated_at"],
            )

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session() as session:
            record = await session.get(FsmRecord, storage_key_id(key), populate_existing=True)
            return record.state if record else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        async with self._session() as session:
            if not data:
                await session.execute(
                    update(FsmRecord)
                    .where(FsmRecord.key == storage_key_id(key))
                    .values(data={}, updated_at=utcnow())
                )
                return
            await upsert(
                session,
                FsmRecord,
                {
                    "key": storage_key_id(key),
                    "user_id": key.user_id,
                    "state": None,
                    "data": dict(data),
                    "updated_at": utcnow(),
                },
                conflict=["key"],
                update=["data", "updated_at"],
            )

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session() as session:
            record = await session.get(FsmRecord, storage_key_id(key), populate_existing=True)
            return dict(record.data) if record and record.data else {}

    async def close(self) -> None:
        return None


async def forget_user_state(session: AsyncSession, user_id: int) -> None:
    """Erase every conversation state of a user (part of /deletemydata)."""
    await session.execute(delete(FsmRecord).where(FsmRecord.user_id == user_id))
