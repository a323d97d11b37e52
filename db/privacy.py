"""Everything Jol stores about a person, in one place: for /mydata and /deletemydata.

The core tables (profile, roles, conversation, scheduled messages) are `CORE_SECTIONS`. Each
feature that stores personal data declares its `PersonalData` sections in its `FEATURE`
(bot/features.py; the query module defines them, e.g. `db.queries.booking.PERSONAL_DATA`), and
the caller passes them in: `db/` knows nothing of features.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.fsm_storage import forget_user_state
from db.models import AuditEvent, Counter, FsmRecord, OutboxMessage, User, UserRole
from db.queries.users import as_date
from db.upsert import upsert

Exporter = Callable[[AsyncSession, int], Awaitable[Any]]
Eraser = Callable[[AsyncSession, int], Awaitable[None]]


@dataclass(frozen=True)
class PersonalData:
    name: str  # key in the export; `mydata-section-<name>` names it for people
    export: Exporter
    erase: Eraser


async def _export_profile(session: AsyncSession, user_id: int) -> Any:
    user = await session.get(User, user_id, populate_existing=True)
    if user is None:
        return None
    return {
        "telegram_id": str(user.id),
        "language": user.locale,
        "consent_given_at": user.consent_at.isoformat() if user.consent_at else None,
        "situation": user.situation,
        "destination": user.destination,
        "departure_date": as_date(user.departure_date),
        "arrival_date": as_date(user.arrival_date),
        "return_date": as_date(user.return_date),
        "timezone": user.timezone,
        "news_enabled": user.news_enabled,
        "reminders_paused": user.reminders_paused,
        "first_seen_at": user.created_at.isoformat(),
    }


async def _export_roles(session: AsyncSession, user_id: int) -> Any:
    rows = await session.scalars(select(UserRole.role).where(UserRole.user_id == user_id))
    return sorted(rows)


async def _export_state(session: AsyncSession, user_id: int) -> Any:
    rows = await session.scalars(select(FsmRecord).where(FsmRecord.user_id == user_id))
    return [{"step": r.state, "entered": r.data} for r in rows if r.state or r.data]


async def _erase_roles(session: AsyncSession, user_id: int) -> None:
    await session.execute(delete(UserRole).where(UserRole.user_id == user_id))


async def _erase_profile(session: AsyncSession, user_id: int) -> None:
    await session.execute(delete(User).where(User.id == user_id))


async def _export_outbox(session: AsyncSession, user_id: int) -> Any:
    rows = await session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.chat_id == user_id, OutboxMessage.status == "pending"
        )
    )
    return [{"purpose": r.purpose, "due_at": r.due_at.isoformat()} for r in rows]


async def _erase_outbox(session: AsyncSession, user_id: int) -> None:
    """Messages to the person, and messages to others about them (staff alerts)."""
    await session.execute(
        delete(OutboxMessage).where(
            or_(
                OutboxMessage.chat_id == user_id,
                OutboxMessage.subject_user_id == user_id,
                OutboxMessage.ref == f"user:{user_id}",
            )
        )
    )


async def _redact_audit(session: AsyncSession, user_id: int) -> None:
    """The audit trail keeps what was done, not by or to whom: the person's id goes from
    actor, target and details (a refusal's detail can name what they tried)."""
    await session.execute(
        update(AuditEvent).where(AuditEvent.actor_id == user_id).values(actor_id=None, detail={})
    )
    mentions = cast(AuditEvent.target, String).contains(str(user_id)) | cast(
        AuditEvent.detail, String
    ).contains(str(user_id))
    await session.execute(update(AuditEvent).where(mentions).values(target=None, detail={}))


CORE_SECTIONS: tuple[PersonalData, ...] = (
    PersonalData("profile", _export_profile, _erase_profile),
    PersonalData("roles", _export_roles, _erase_roles),
    PersonalData("conversation", _export_state, forget_user_state),
    PersonalData("scheduled_messages", _export_outbox, _erase_outbox),
)


def all_sections(features: Sequence[PersonalData]) -> list[PersonalData]:
    """The core sections, then the features' (a name declared twice is a mistake)."""
    sections = [*CORE_SECTIONS, *features]
    names = [s.name for s in sections]
    if len(names) != len(set(names)):
        raise ValueError(f"personal-data sections declared twice: {sorted(names)}")
    return sections


async def export_user_data(
    session: AsyncSession, user_id: int, features: Sequence[PersonalData]
) -> dict[str, Any]:
    """Everything about the person: the core sections and the `features`' sections."""
    out: dict[str, Any] = {}
    for section in all_sections(features):
        out[section.name] = await section.export(session, user_id)
    return out


async def erase_user_data(
    session: AsyncSession, user_id: int, features: Sequence[PersonalData]
) -> None:
    """Erase in reverse order (features' rows before the user row they refer to),
    keeping only an anonymous count of erasures by situation and destination."""
    user = await session.get(User, user_id)
    bucket = f"{user.situation or '-'}:{user.destination or '-'}" if user else "-:-"
    for section in reversed(all_sections(features)):
        await section.erase(session, user_id)
    await _redact_audit(session, user_id)
    await bump_counter(session, "users_erased", bucket)


async def bump_counter(session: AsyncSession, name: str, bucket: str = "", by: int = 1) -> None:
    await upsert(
        session, Counter, {"name": name, "bucket": bucket, "value": 0}, ["name", "bucket"], []
    )
    row = await session.get(Counter, (name, bucket), populate_existing=True)
    assert row is not None
    row.value += by
