"""The staff console's sign-in: one-time links and browser sessions (db/models/console.py).

Secrets never reach the database: a link's token and a session's cookie value are random
(`secrets.token_urlsafe`), and only their SHA-256 is stored and looked up.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ConsoleLoginToken, ConsoleSession
from db.privacy import PersonalData
from db.queries.users import roles_of
from db.types import utcnow
from domain.roles import Role, has_role

LINK_VALID = timedelta(minutes=10)
SESSION_IDLE = timedelta(hours=8)
SEEN_PRECISION = timedelta(minutes=1)  # how exactly "idle since" is kept
# Who may open the console (admins hold every role).
CONSOLE_ROLES = (Role.STAFF, Role.COORDINATOR)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def effective_roles(
    session: AsyncSession, user_id: int, admin_ids: Iterable[int]
) -> set[str]:
    """The roles the bot would see for this person (bot/middlewares/user.py does the same)."""
    roles = await roles_of(session, user_id)
    if user_id in set(admin_ids):
        roles.add(Role.ADMIN)
    return roles


async def may_use_console(session: AsyncSession, user_id: int, admin_ids: Iterable[int]) -> bool:
    return has_role(await effective_roles(session, user_id, admin_ids), *CONSOLE_ROLES)


async def issue_link_token(session: AsyncSession, user_id: int) -> str:
    """A new one-time sign-in token for `user_id` (the caller checked the role)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        ConsoleLoginToken(
            token_hash=digest(token), user_id=user_id, created_at=now, expires_at=now + LINK_VALID
        )
    )
    await session.flush()
    return token


@dataclass(frozen=True)
class LinkState:
    """What a sign-in link is worth now: `user_id` when it can still be spent."""

    user_id: int | None
    reason: str  # ok | unknown | used | expired


async def peek_link(session: AsyncSession, token: str) -> LinkState:
    """The link's state without spending it (the landing page)."""
    row = await session.get(ConsoleLoginToken, digest(token))
    return _state(row)


def _state(row: ConsoleLoginToken | None) -> LinkState:
    if row is None:
        return LinkState(None, "unknown")
    if row.used_at is not None:
        return LinkState(None, "used")
    if row.expires_at <= utcnow():
        return LinkState(None, "expired")
    return LinkState(row.user_id, "ok")


async def spend_link(session: AsyncSession, token: str) -> LinkState:
    """Spend the link: one UPDATE that only an unused, unexpired row passes, so two sign-ins
    with one link at the same moment cannot both succeed."""
    now = utcnow()
    spent = await session.execute(
        update(ConsoleLoginToken)
        .where(
            ConsoleLoginToken.token_hash == digest(token),
            ConsoleLoginToken.used_at.is_(None),
            ConsoleLoginToken.expires_at > now,
        )
        .values(used_at=now)
        .returning(ConsoleLoginToken.user_id)
    )
    user_id = spent.scalar_one_or_none()
    if user_id is not None:
        return LinkState(int(user_id), "ok")
    row = await session.get(ConsoleLoginToken, digest(token), populate_existing=True)
    return _state(row)


@dataclass(frozen=True)
class OpenedSession:
    cookie: str  # the secret for the browser's cookie
    csrf: str


async def open_session(session: AsyncSession, user_id: int) -> OpenedSession:
    cookie = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        ConsoleSession(
            id_hash=digest(cookie), user_id=user_id, csrf=csrf, created_at=now, last_seen_at=now
        )
    )
    await session.flush()
    return OpenedSession(cookie, csrf)


@dataclass(frozen=True)
class ActiveSession:
    id_hash: str
    user_id: int
    csrf: str
    roles: frozenset[str]


async def resume_session(
    session: AsyncSession, cookie: str, admin_ids: Iterable[int]
) -> ActiveSession | None:
    """The session behind a cookie, if it may go on: not ended, not idle for 8 hours, and its
    person still holds a console role (checked on every request, so a revoked role ends it at
    once). A session that may not go on is ended for good."""
    row = await session.get(ConsoleSession, digest(cookie), populate_existing=True)
    if row is None or row.ended_at is not None:
        return None
    now = utcnow()
    roles = await effective_roles(session, row.user_id, admin_ids)
    if row.last_seen_at + SESSION_IDLE <= now or not has_role(roles, *CONSOLE_ROLES):
        row.ended_at = now
        await session.flush()
        return None
    if now - row.last_seen_at >= SEEN_PRECISION:
        # Not on every request: a dashboard asks for eight charts at once.
        row.last_seen_at = now
        await session.flush()
    return ActiveSession(row.id_hash, row.user_id, row.csrf, frozenset(roles))


async def end_session(session: AsyncSession, id_hash: str) -> None:
    await session.execute(
        update(ConsoleSession)
        .where(ConsoleSession.id_hash == id_hash, ConsoleSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


async def _export(session: AsyncSession, user_id: int) -> Any:
    links = await session.scalars(
        select(ConsoleLoginToken).where(ConsoleLoginToken.user_id == user_id)
    )
    sessions = await session.scalars(
        select(ConsoleSession).where(ConsoleSession.user_id == user_id)
    )
    exported = {
        "sign_in_links": [
            {"sent_at": r.created_at.isoformat(), "used": r.used_at is not None} for r in links
        ],
        "sessions": [
            {
                "started_at": r.created_at.isoformat(),
                "last_seen_at": r.last_seen_at.isoformat(),
                "ended": r.ended_at is not None,
            }
            for r in sessions
        ],
    }
    return exported if any(exported.values()) else None


async def _erase(session: AsyncSession, user_id: int) -> None:
    await session.execute(delete(ConsoleLoginToken).where(ConsoleLoginToken.user_id == user_id))
    await session.execute(delete(ConsoleSession).where(ConsoleSession.user_id == user_id))


PERSONAL_DATA = (PersonalData("console", _export, _erase),)


async def prune_spent(session: AsyncSession, now: datetime) -> tuple[int, int]:
    """Delete sign-in links that can no longer be used (spent or expired) and sessions that
    can no longer go on (ended, or idle past SESSION_IDLE): neither is needed afterwards, and
    both name a staff member. Returns (links, sessions) deleted."""
    links = await session.execute(
        delete(ConsoleLoginToken)
        .where(or_(ConsoleLoginToken.used_at.is_not(None), ConsoleLoginToken.expires_at <= now))
        .execution_options(synchronize_session=False)
    )
    sessions = await session.execute(
        delete(ConsoleSession)
        .where(
            or_(
                ConsoleSession.ended_at.is_not(None),
                ConsoleSession.last_seen_at <= now - SESSION_IDLE,
            )
        )
        .execution_options(synchronize_session=False)
    )
    return int(links.rowcount), int(sessions.rowcount)  # type: ignore[attr-defined]


__all__ = [
    "CONSOLE_ROLES",
    "LINK_VALID",
    "PERSONAL_DATA",
    "SESSION_IDLE",
    "ActiveSession",
    "LinkState",
    "OpenedSession",
    "digest",
    "effective_roles",
    "end_session",
    "issue_link_token",
    "may_use_console",
    "open_session",
    "peek_link",
    "prune_spent",
    "resume_session",
    "spend_link",
]
