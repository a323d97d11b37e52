"""The person behind an update, read in one statement (db/queries/person.py): row, roles and
conversation state, also for an id with roles or a state but no row yet."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from db.models import FsmRecord, User, UserRole, WebhookUpdate
from db.queries.person import claims_in_one_statement, load_person
from db.types import utcnow
from tests.foundation.helpers import statements_sent, store

KEY = "1:{id}:{id}:::default"


async def _load(
    sessionmaker: async_sessionmaker[AsyncSession],
    user_id: int,
    claim: tuple[int, int] | None = None,
) -> Any:
    with statements_sent(sessionmaker) as statements:
        async with sessionmaker() as session, session.begin():
            person = await load_person(session, user_id, KEY.format(id=user_id), claim)
            roles_of_row = person.user.role_names if person.user is not None else None
    assert len(statements) == 1  # roles_of_row did not load anything more
    return person, roles_of_row


async def test_row_roles_and_state_come_together(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    uid = 7_100_000_001
    await store(
        sessionmaker,
        User(id=uid, locale="ky"),
        UserRole(user_id=uid, role="staff", granted_at=utcnow()),
        UserRole(user_id=uid, role="coordinator", granted_at=utcnow()),
        FsmRecord(key=KEY.format(id=uid), user_id=uid, state="Ask:text", data={"t": "visa"}),
    )
    person, roles_of_row = await _load(sessionmaker, uid)
    assert person.user is not None and person.user.locale == "ky"
    assert person.roles == roles_of_row == {"staff", "coordinator"}
    assert (person.state, person.data) == ("Ask:text", {"t": "visa"})


async def test_roles_and_state_of_an_id_without_a_row(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    uid = 7_100_000_002
    await store(
        sessionmaker,
        UserRole(user_id=uid, role="staff", granted_at=utcnow()),
        FsmRecord(key=KEY.format(id=uid), user_id=uid, state="Ob:consent", data={}),
    )
    person, _ = await _load(sessionmaker, uid)
    assert person.user is None
    assert person.roles == {"staff"}
    assert (person.state, person.data) == ("Ob:consent", {})


async def test_a_stranger_has_nothing(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    person, _ = await _load(sessionmaker, 7_100_000_003)
    assert (person.user, person.roles, person.state, person.data) == (None, set(), None, {})


async def test_a_row_without_roles_or_state(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    uid = 7_100_000_004
    await store(sessionmaker, User(id=uid, locale="ru"))
    person, roles_of_row = await _load(sessionmaker, uid)
    assert person.user is not None and person.user.locale == "ru"
    assert person.roles == roles_of_row == set()
    assert (person.state, person.data) == (None, {})


async def test_on_postgresql_the_webhook_claim_comes_in_the_same_statement(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """The same rule as bot/web/delivery.py:claim: the first delivery claims the update, a
    later one is a duplicate, one whose earlier tries failed (done = false) still claims it."""
    async with sessionmaker() as session:
        if not claims_in_one_statement(session):
            assert sessionmaker.kw["bind"].dialect.name == "sqlite"  # a statement of its own
            return
    uid, bot_id = 7_100_000_005, 42
    await store(
        sessionmaker,
        User(id=uid, locale="ru"),
        WebhookUpdate(bot_id=bot_id, update_id=2, done=False, failures=1),
    )
    first, _ = await _load(sessionmaker, uid, (bot_id, 1))
    again, _ = await _load(sessionmaker, uid, (bot_id, 1))
    after_failures, _ = await _load(sessionmaker, uid, (bot_id, 2))
    assert (first.claimed, again.claimed, after_failures.claimed) == (True, False, True)
    assert first.user is not None and first.user.locale == "ru"
    async with sessionmaker() as session:
        rows = (await session.execute(select(WebhookUpdate.update_id, WebhookUpdate.done))).all()
    assert sorted(rows) == [(1, True), (2, True)]
    plain, _ = await _load(sessionmaker, uid)
    assert plain.claimed is None


def _columns(row: Any) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in type(row).__table__.columns}


async def test_on_postgresql_the_statement_goes_to_asyncpg_and_reads_what_the_orm_reads(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Every update reads the person with asyncpg directly (db/queries/person.py). What it makes
    must be what the ORM would have loaded: the same values and types (UTC-aware times, dates,
    JSON), the same roles, objects persistent in the session, and written back when changed."""
    uid = 7_100_000_006
    granted = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    await store(
        sessionmaker,
        User(
            id=uid,
            locale="ky",
            consent_at=datetime(2026, 3, 1, 8, 0, tzinfo=UTC),
            situation="abroad",
            destination="russia",
            departure_date=date(2026, 4, 2),
            timezone="Europe/Moscow",
            onboarded_at=datetime(2026, 3, 1, 8, 5, tzinfo=UTC),
            news_enabled=False,
        ),
        UserRole(user_id=uid, role="staff", granted_by=1, granted_at=granted),
        UserRole(user_id=uid, role="coordinator", granted_at=granted),
        FsmRecord(key=KEY.format(id=uid), user_id=uid, state="Ask:text", data={"t": "ош"}),
    )
    engine = sessionmaker.kw["bind"].sync_engine
    contexts: list[Any] = []

    def on_execute(
        _conn: Any, _cursor: Any, statement: str, _params: Any, context: Any, *_: Any
    ) -> None:
        if not statement.upper().startswith("BEGIN"):  # SQLite's BEGIN goes as a statement
            contexts.append(context)

    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        async with sessionmaker() as session, session.begin():
            person = await load_person(session, uid, KEY.format(id=uid))
            reading = list(contexts)
            assert person.user is not None
            direct = _columns(person.user)
            direct_roles = sorted((_columns(r) for r in person.user.roles), key=str)
            assert inspect(person.user).persistent
            assert all(inspect(r).persistent for r in person.user.roles)
            person.user.locale = "ru"  # written back on commit, like any loaded row
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
    on_postgres = engine.dialect.name == "postgresql"
    # SQLAlchemy's own execution passes its context; the direct statement has none.
    assert [context is None for context in reading] == [on_postgres]
    assert len(contexts) == 2  # and the change was written: one UPDATE
    async with sessionmaker() as session:
        loaded = await session.get(User, uid, options=[selectinload(User.roles)])
        assert loaded is not None
        by_orm = _columns(loaded)
        orm_roles = sorted((_columns(r) for r in loaded.roles), key=str)
    assert by_orm.pop("locale") == "ru" and direct.pop("locale") == "ky"
    assert by_orm.pop("updated_at") > direct.pop("updated_at")  # the write stamped it
    assert direct == by_orm
    assert direct_roles == orm_roles and len(direct_roles) == 2
    times = [v for v in [*direct.values(), granted] if isinstance(v, datetime)]
    assert times and all(v.tzinfo is not None and v.utcoffset() == timedelta(0) for v in times)
    assert (person.state, person.data, person.roles) == (
        "Ask:text",
        {"t": "ош"},
        {"staff", "coordinator"},
    )


async def test_a_session_that_already_holds_objects_reads_the_person_through_the_orm(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """The direct statement makes objects of its own; in a session that already holds some it
    could clash with them, so there the ORM reads the person, and finds the same."""
    uid = 7_100_000_007
    await store(sessionmaker, User(id=uid, locale="en"))
    async with sessionmaker() as session, session.begin():
        held = await session.get(User, uid)
        person = await load_person(session, uid, KEY.format(id=uid))
        assert person.user is held  # the ORM's identity map: one object per row
        assert person.user is not None and person.user.locale == "en"
