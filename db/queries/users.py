"""Users, consent, profile, roles and blocking."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import Table, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from db.loaded import persistent
from db.models import AuditEvent, User, UserRole
from db.types import utcnow
from db.upsert import dialect_insert, flush_pending, upsert


async def get_user(session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id)


async def ensure_user(
    session: AsyncSession,
    user_id: int,
    locale: str | None = None,
    *,
    known: User | None = None,
    roles: Collection[str] | None = None,
) -> User:
    """The person's row, created with nothing but the id (and the chosen language) if it is
    missing, its language set to `locale` when given.

    With `roles`, the caller says it read the person in this transaction (the update's
    person statement, bot/middlewares/db.py): `known` is the row it found (None: none) and
    `roles` the roles it found for the id. Then nothing is read again: a row it found is used
    as it is, and a new row comes back from its own INSERT, when the id has no roles (a role
    granted before the first /start is read with the row, as without `roles`)."""
    if known is not None:
        if locale is not None and known.locale != locale:
            known.locale = locale
        return known
    if roles is not None and not roles:
        created = await _insert_returning(session, user_id, locale)
        if created is not None:  # None: another update made the row meanwhile
            set_committed_value(created, "roles", [])
            return created
    await upsert(
        session,
        User,
        {"id": user_id, "locale": locale, "created_at": utcnow(), "updated_at": utcnow()},
        conflict=["id"],
        update=[],
    )
    user = await session.get(User, user_id, populate_existing=True)
    assert user is not None
    if locale is not None and user.locale != locale:
        user.locale = locale
    return user


async def _insert_returning(
    session: AsyncSession, user_id: int, locale: str | None
) -> User | None:
    """The new row, from the INSERT itself (RETURNING); None when the id has a row already.
    A Core statement: the ORM's would load the roles too, with a statement of their own."""
    table = User.__table__
    assert isinstance(table, Table)
    now = utcnow()
    statement = (
        dialect_insert(session)(table)
        .values(id=user_id, locale=locale, created_at=now, updated_at=now)
        .on_conflict_do_nothing(index_elements=[table.c.id])
        .returning(*table.c)
    )
    await flush_pending(session)
    row = (await session.execute(statement)).mappings().first()
    if row is None:
        return None
    # A row this statement made cannot have an object in the session yet.
    mapper = User.__mapper__
    fields = {mapper.get_property_by_column(c).key: row[c] for c in table.c}
    return persistent(session, User, fields)


async def set_locale(session: AsyncSession, user_id: int, locale: str) -> User:
    return await ensure_user(session, user_id, locale)


async def record_consent(session: AsyncSession, user: User, given: bool) -> None:
    if given:
        user.consent_at = utcnow()
        user.consent_declined_at = None
    else:
        user.consent_declined_at = utcnow()


async def update_profile(session: AsyncSession, user: User, **fields: Any) -> None:
    allowed = {
        "situation",
        "destination",
        "departure_date",
        "arrival_date",
        "return_date",
        "timezone",
        "onboarded_at",
        "news_enabled",
        "reminders_paused",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(user, name, value)


async def set_blocked(session: AsyncSession, user_id: int, blocked: bool) -> None:
    await session.execute(
        update(User)
        .where(User.id == user_id)
        .values(blocked_at=utcnow() if blocked else None, updated_at=utcnow())
    )


async def roles_of(session: AsyncSession, user_id: int) -> set[str]:
    rows = await session.scalars(select(UserRole.role).where(UserRole.user_id == user_id))
    return set(rows)


async def grant_role(session: AsyncSession, user_id: int, role: str, granted_by: int) -> bool:
    """Returns False when the user already had the role."""
    if role in await roles_of(session, user_id):
        return False
    session.add(UserRole(user_id=user_id, role=role, granted_by=granted_by, granted_at=utcnow()))
    await session.flush()
    return True


async def revoke_role(session: AsyncSession, user_id: int, role: str) -> bool:
    result = await session.execute(
        delete(UserRole).where(UserRole.user_id == user_id, UserRole.role == role)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def users_with_role(session: AsyncSession, *roles: str) -> list[int]:
    rows = await session.scalars(
        select(UserRole.user_id).where(UserRole.role.in_(roles)).distinct()
    )
    return list(rows)


async def audit(
    session: AsyncSession,
    action: str,
    actor_id: int | None,
    target: str | None = None,
    **detail: Any,
) -> None:
    session.add(AuditEvent(action=action, actor_id=actor_id, target=target, detail=detail))


def as_date(value: date | None) -> str | None:
    return value.isoformat() if value else None
