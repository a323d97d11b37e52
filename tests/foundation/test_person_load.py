"""The person behind an update, read in one statement (db/queries/person.py): row, roles and
conversation state, also for an id with roles or a state but no row yet."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import FsmRecord, User, UserRole, WebhookUpdate
from db.queries.person import claims_in_one_statement, load_person
from db.types import utcnow

KEY = "1:{id}:{id}:::default"


async def _load(
    sessionmaker: async_sessionmaker[AsyncSession],
    user_id: int,
    claim: tuple[int, int] | None = None,
) -> Any:
    engine = sessionmaker.kw["bind"].sync_engine
    statements: list[str] = []

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.upper().startswith("BEGIN"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        async with sessionmaker() as session, session.begin():
            person = await load_person(session, user_id, KEY.format(id=user_id), claim)
            roles_of_row = person.user.role_names if person.user is not None else None
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
    assert len(statements) == 1  # roles_of_row did not load anything more
    return person, roles_of_row


async def test_row_roles_and_state_come_together(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    uid = 7_100_000_001
    async with sessionmaker() as session, session.begin():
        session.add(User(id=uid, locale="ky"))
        session.add_all(
            [
                UserRole(user_id=uid, role="staff", granted_at=utcnow()),
                UserRole(user_id=uid, role="coordinator", granted_at=utcnow()),
            ]
        )
        session.add(
            FsmRecord(key=KEY.format(id=uid), user_id=uid, state="Ask:text", data={"t": "visa"})
        )
    person, roles_of_row = await _load(sessionmaker, uid)
    assert person.user is not None and person.user.locale == "ky"
    assert person.roles == roles_of_row == {"staff", "coordinator"}
    assert (person.state, person.data) == ("Ask:text", {"t": "visa"})


async def test_roles_and_state_of_an_id_without_a_row(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    uid = 7_100_000_002
    async with sessionmaker() as session, session.begin():
        session.add(UserRole(user_id=uid, role="staff", granted_at=utcnow()))
        session.add(FsmRecord(key=KEY.format(id=uid), user_id=uid, state="Ob:consent", data={}))
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
    async with sessionmaker() as session, session.begin():
        session.add(User(id=uid, locale="ru"))
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
    async with sessionmaker() as session, session.begin():
        session.add(User(id=uid, locale="ru"))
        session.add(WebhookUpdate(bot_id=bot_id, update_id=2, done=False, failures=1))
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
