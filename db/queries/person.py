"""Who sent an update, in one round trip: their row, their roles and their conversation state.

Every update needs all three before any handler runs (bot/middlewares/db.py, user.py). Read
one by one they were three statements, a fifth of the database work of a menu step; here they
are one, anchored on the id so that roles and state are found even without a user row (an id
granted a role before it ever wrote, a state kept across a restart of onboarding).

In webhook mode on PostgreSQL the same statement also marks the update handled
(bot/web/delivery.py: `claim`), as a data-modifying CTE: one round trip fewer per update.
SQLite has no such CTE; there the claim stays a statement of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, String, bindparam, func, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import lazyload
from sqlalchemy.orm.attributes import set_committed_value

from db.models import FsmRecord, User, UserRole
from db.queries.webhook_updates import claim_statement
from db.types import UTCDateTime, utcnow

_ANCHOR = select(bindparam("user_id", type_=BigInteger).label("id")).subquery("person")
# Built once: constructing an ORM statement costs more CPU than running a cached one.
_LOAD_PERSON = (
    select(User, UserRole, FsmRecord.state, FsmRecord.data, FsmRecord.updated_at)
    .select_from(_ANCHOR)
    .outerjoin(User, User.id == _ANCHOR.c.id)
    .outerjoin(UserRole, UserRole.user_id == _ANCHOR.c.id)
    .outerjoin(FsmRecord, FsmRecord.key == bindparam("state_key", type_=String))
    .options(lazyload(User.roles))  # not loaded now: filled in from the same rows below
)
# The update's claim (db/queries/webhook_updates.py), as a CTE of the person's statement.
_CLAIM = claim_statement(
    postgresql.insert,
    bot_id=bindparam("bot_id", type_=BigInteger),
    update_id=bindparam("update_id", type_=BigInteger),
    created_at=bindparam("now", type_=UTCDateTime()),
).cte("claim")
_LOAD_PERSON_CLAIMING = _LOAD_PERSON.add_columns(
    select(func.count()).select_from(_CLAIM).scalar_subquery().label("claimed")
)


@dataclass
class Person:
    user_id: int
    user: User | None
    roles: set[str] = field(default_factory=set)
    state: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    state_updated_at: datetime | None = None  # when the state row was last written
    # With `claim`: whether this delivery marked the update handled (False: a duplicate).
    claimed: bool | None = None


def claims_in_one_statement(session: AsyncSession) -> bool:
    """Whether `load_person` can take `claim` (PostgreSQL)."""
    return session.bind is not None and session.bind.dialect.name == "postgresql"


async def load_person(
    session: AsyncSession, user_id: int, state_key: str, claim: tuple[int, int] | None = None
) -> Person:
    """The user row (None before /start) with its roles loaded, the role names, and the
    conversation state and data stored under `state_key` (None and {} when there is none).
    With `claim` (bot id, update id; only where `claims_in_one_statement`), the webhook
    update is marked handled in the same statement and `claimed` says whether it was now."""
    params: dict[str, Any] = {"user_id": user_id, "state_key": state_key}
    statement = _LOAD_PERSON
    if claim is not None:
        statement = _LOAD_PERSON_CLAIMING
        params |= {"bot_id": claim[0], "update_id": claim[1], "now": utcnow()}
    rows = (await session.execute(statement, params)).all()
    user = rows[0][0]
    granted = [row[1] for row in rows if row[1] is not None]
    if user is not None:
        set_committed_value(user, "roles", granted)
    state, data, updated_at = rows[0][2], rows[0][3], rows[0][4]
    return Person(
        user_id,
        user,
        {r.role for r in granted},
        state,
        dict(data) if data else {},
        updated_at,
        claimed=bool(rows[0][5]) if claim is not None else None,
    )


__all__ = ["Person", "claims_in_one_statement", "load_person"]
