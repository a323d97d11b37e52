"""The quiet minute of group chats, kept in the database so that it holds across processes."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db.models.groups import GroupNotice
from db.upsert import dialect_insert


async def claim_group_notice(
    session: AsyncSession, chat_id: int, *, now: datetime, quiet_for: timedelta
) -> bool:
    """True if the group `chat_id` may get a notice now (and it is recorded as given).

    One statement: INSERT … ON CONFLICT DO UPDATE … WHERE the last notice is older than
    `quiet_for`, RETURNING the row. Of transactions racing for one chat, only one can win: on
    PostgreSQL the others wait on the row (or the key of the row being inserted) and, once the
    winner commits, see its fresh `noticed_at` and update nothing; on SQLite writers take turns.
    The row stays locked until the update's transaction ends, so a notice whose sending fails
    rolls the claim back and the next command may try again.
    """
    stmt = dialect_insert(session)(GroupNotice).values(chat_id=chat_id, noticed_at=now)
    claim = stmt.on_conflict_do_update(
        index_elements=[GroupNotice.chat_id],
        set_={"noticed_at": stmt.excluded.noticed_at},
        where=GroupNotice.noticed_at <= now - quiet_for,
    ).returning(GroupNotice.chat_id)
    return (await session.execute(claim)).first() is not None
