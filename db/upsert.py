"""INSERT … ON CONFLICT DO UPDATE for both backends (their dialects spell it the same way)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase


async def upsert(
    session: AsyncSession,
    model: type[DeclarativeBase],
    values: dict[str, Any],
    conflict: list[str],
    update: list[str],
) -> None:
    dialect = session.bind.dialect.name if session.bind else "postgresql"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(model).values(**values)
    if update:
        stmt = stmt.on_conflict_do_update(
            index_elements=conflict, set_={c: stmt.excluded[c] for c in update}
        )
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=conflict)
    await session.execute(stmt)
