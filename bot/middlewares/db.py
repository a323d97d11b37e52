"""One database transaction per update: committed when the handler returns, rolled back when
it raises. Handlers and query functions never commit.

The transaction lives inside the person's lock and holds their conversation state: this
middleware takes the place of aiogram's FSM middleware, which would otherwise read the state in
a transaction of its own before ours (one more connection checkout and round trips per update).
Order, per update: lock the person (`events_isolation`) → begin → read the state → handle →
commit → unlock. Committing before unlocking matters: the person's next update, waiting for
the lock, must read the state this one wrote. On PostgreSQL without Redis the lock between
processes is taken by the transaction itself, in the message that begins it
(`db/person_lock.py`), and the commit releases it. With the database storage the state is read
together with the person's row and roles, in one statement (`db/queries/person.py`), for the
user middleware to use, and in webhook mode on PostgreSQL the update's claim with them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, cast

from aiogram import Bot
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.types import TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cluster import TransactionLock, user_lock_key
from db.context import current_session
from db.fsm_storage import SqlStorage, remember_state, storage_key_id
from db.person_lock import begin_holding_person_lock, commit_update, end_update_session
from db.queries.person import claims_in_one_statement, load_person

# In the update's data: the webhook update was claimed (True) or was a duplicate (False) by
# the person's statement; bot/web/delivery.py:ClaimUpdate then makes no statement of its own.
CLAIMED = "jol_claimed"

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class UpdateTransaction(FSMContextMiddleware):
    def __init__(
        self, fsm: FSMContextMiddleware, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        super().__init__(fsm.storage, fsm.events_isolation, fsm.strategy)
        self.sessionmaker = sessionmaker

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        context = self.resolve_event_context(cast(Bot, data["bot"]), data)
        data["fsm_storage"] = self.storage
        if context is None:
            return await self._in_transaction(handler, event, data)

        async def with_state(event: TelegramObject, data: dict[str, Any]) -> Any:
            if isinstance(self.storage, SqlStorage):
                session = data["session"]
                delivery = data.get("jol_delivery")  # webhook mode (bot/web/delivery.py)
                claim = None
                if delivery is not None and claims_in_one_statement(session):
                    claim = (delivery.bot_id, delivery.update_id)
                person = await load_person(
                    session, context.key.user_id, storage_key_id(context.key), claim
                )
                if person.claimed is not None:
                    data[CLAIMED] = person.claimed
                remember_state(
                    session, context.key, person.state, person.data, person.state_updated_at
                )
                data["jol_person"] = person
            data.update({"state": context, "raw_state": await context.get_state()})
            return await handler(event, data)

        # Between processes on PostgreSQL without Redis, the transaction takes the lock itself.
        in_transaction = isinstance(self.events_isolation, TransactionLock)
        person_lock = user_lock_key(context.key) if in_transaction else None
        async with self.events_isolation.lock(key=context.key):
            return await self._in_transaction(with_state, event, data, person_lock)

    async def _in_transaction(
        self,
        handler: Handler,
        event: TelegramObject,
        data: dict[str, Any],
        person_lock: int | None = None,
    ) -> Any:
        session = self.sessionmaker()
        token = current_session.set(session)
        try:
            # Begun without I/O or a greenlet: the connection comes with the first statement.
            session.sync_session.begin()
            try:
                if person_lock is not None:
                    await begin_holding_person_lock(session, person_lock)
                data["session"] = session
                result = await handler(event, data)
                await commit_update(session)
            except BaseException:
                await session.rollback()
                raise
            return result
        finally:
            current_session.reset(token)
            data.pop("session", None)
            await end_update_session(session)
