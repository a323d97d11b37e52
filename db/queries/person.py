"""Who sent an update, in one round trip: their row, their roles and their conversation state.

Every update needs all three before any handler runs (bot/middlewares/db.py, user.py). Read
one by one they were three statements, a fifth of the database work of a menu step; here they
are one, anchored on the id so that roles and state are found even without a user row (an id
granted a role before it ever wrote, a state kept across a restart of onboarding).

In webhook mode on PostgreSQL the same statement also marks the update handled
(bot/web/delivery.py: `claim`), as a data-modifying CTE: one round trip fewer per update.
SQLite has no such CTE; there the claim stays a statement of its own.

On PostgreSQL the statement goes to asyncpg directly (`_DriverStatement`): it runs on every
update, and SQLAlchemy's ORM execution and row loading cost about twice what asyncpg does for
it. The SQL, its parameters' and columns' conversions are SQLAlchemy's own, compiled once
(db/driver_sql.py, shared with the hot writes); the rows become ORM objects in the session as
if the ORM had loaded them, and listeners of `before_cursor_execute` (the statement counts of
tests and benchmarks) still see it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Select, String, bindparam, func, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import lazyload
from sqlalchemy.orm.attributes import set_committed_value

from db.driver_sql import DriverSQL, announce
from db.loaded import persistent
from db.models import FsmRecord, User, UserRole
from db.person_lock import driver_in_transaction
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
    from_driver = await _rows_from_driver(session, statement, params)
    rows = (
        from_driver
        if from_driver is not None
        else (await session.execute(statement, params)).all()
    )
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


class _DriverStatement:
    """One of the statements above, compiled once for asyncpg: its SQL, where each parameter
    goes, and how each column becomes a Python value, all as SQLAlchemy would do it."""

    def __init__(self, statement: Select[Any], dialect: Dialect) -> None:
        # The claim's literals are values the statement carries itself.
        self.driver_sql = DriverSQL.of(statement.compile(dialect=dialect), dialect)
        self.columns = list(statement.selected_columns)
        self.convert = [c.type._cached_result_processor(dialect, None) for c in self.columns]
        self.entities = [_Entity.of(model, self.columns) for model in (User, UserRole)] + [
            _Entity.plain(self.columns, FsmRecord.__table__.c[name]) for name in _STATE_COLUMNS
        ]
        if len(self.columns) > len(self.entities):
            self.entities.append(_Entity(None, [], len(self.columns) - 1))  # `claimed`

    def rows(self, session: AsyncSession, records: Sequence[Any]) -> list[tuple[Any, ...]]:
        made: dict[tuple[Any, ...], Any] = {}  # one object per row of a table, as the ORM does
        rows = []
        for record in records:
            values = [v if c is None else c(v) for v, c in zip(record, self.convert, strict=True)]
            rows.append(tuple(entity.make(session, values, made) for entity in self.entities))
        return rows


_STATE_COLUMNS = ("state", "data", "updated_at")


@dataclass
class _Entity:
    """Where one item of a row comes from: an ORM object made of some columns, or a column."""

    model: type[Any] | None
    keys: list[tuple[int, str]]  # column index, attribute name
    index: int = -1  # a plain column's index
    primary_key: tuple[str, ...] = ()

    @classmethod
    def of(cls, model: type[Any], columns: list[ColumnElement[Any]]) -> _Entity:
        mapper = model.__mapper__
        table = model.__table__
        keys = [
            (i, mapper.get_property_by_column(c).key)
            for i, c in enumerate(columns)
            if getattr(c, "table", None) is table
        ]
        primary_key = tuple(mapper.get_property_by_column(c).key for c in mapper.primary_key)
        return cls(model, keys, primary_key=primary_key)

    @classmethod
    def plain(cls, columns: list[ColumnElement[Any]], column: ColumnElement[Any]) -> _Entity:
        # The statement holds annotated copies of the table's columns: found by table and name.
        table, name = getattr(column, "table", None), getattr(column, "key", None)
        found = [
            i
            for i, c in enumerate(columns)
            if getattr(c, "table", None) is table and getattr(c, "key", None) == name
        ]
        return cls(None, [], found[0])

    def make(self, session: AsyncSession, values: list[Any], made: dict[Any, Any]) -> Any:
        if self.model is None:
            return values[self.index]
        fields = {key: values[i] for i, key in self.keys}
        key = (self.model, *(fields[name] for name in self.primary_key))
        if key[1] is None:  # the outer join found no row
            return None
        if key in made:
            return made[key]
        made[key] = persistent(session, self.model, fields)
        return made[key]


_COMPILED: dict[tuple[Select[Any], str], _DriverStatement] = {}


async def _rows_from_driver(
    session: AsyncSession, statement: Select[Any], params: dict[str, Any]
) -> list[tuple[Any, ...]] | None:
    """The statement's rows, sent to asyncpg directly; None where it cannot go that way
    (SQLite, another driver, or a session that already holds objects the rows could clash
    with), and the caller executes it through the ORM."""
    if session.identity_map or session.new or session.dirty or session.deleted:
        return None
    connection = await session.connection()
    driver = await driver_in_transaction(connection, session)
    if driver is None:
        return None
    dialect = connection.dialect
    key = (statement, dialect.name)
    compiled = _COMPILED.get(key)
    if compiled is None:
        compiled = _COMPILED[key] = _DriverStatement(statement, dialect)
    sql = compiled.driver_sql
    arguments = sql.arguments(params)
    if connection.sync_connection is not None:
        announce(connection.sync_connection, sql.sql, arguments)
    records = await driver.fetch(sql.sql, *arguments)
    return compiled.rows(session, records)


__all__ = ["Person", "claims_in_one_statement", "load_person"]
