"""Reminder plans, planned reminder messages, survey answers and who to alert.

Planned reminders are ordinary outbox rows with purpose "reminder" and a payload naming the
campaign; re-planning a person deletes their unsent ones and enqueues the new set.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import CampaignAnswer, OutboxMessage, OutboxStatus, ReminderPlan, User
from db.privacy import PersonalData
from db.queries.users import users_with_role
from db.types import utcnow
from db.upsert import upsert
from domain.roles import Role

REMINDER_PURPOSE = "reminder"
ALERT_PURPOSE = "alert"
DIGEST_PURPOSE = "digest"


def is_eligible(user: User) -> bool:
    """Reminders go only to people who agreed to store their dates, have not blocked the bot
    and have not paused or stopped reminders."""
    return user.consent_at is not None and user.blocked_at is None and not user.reminders_paused


async def users_to_plan(
    session: AsyncSession, version: str, now: datetime, limit: int, after_id: int = 0
) -> list[tuple[User, ReminderPlan | None]]:
    """People whose plan may be out of date: never planned (and consented), changed since
    planning (any write to their row), planned with another campaigns file, or whose pause
    has ended."""
    plan = ReminderPlan
    stmt = (
        select(User, plan)
        .outerjoin(plan, plan.user_id == User.id)
        .where(User.id > after_id)
        .where(
            ((plan.user_id.is_(None)) & User.consent_at.is_not(None))
            | plan.user_updated_at.is_distinct_from(User.updated_at)
            | (plan.version != version)
            | (plan.paused_until <= now)
        )
        .order_by(User.id)
        .limit(limit)
    )
    rows = await session.execute(stmt)
    return [(user, p) for user, p in rows]


async def lock_user(session: AsyncSession, user_id: int) -> User | None:
    """The user row, locked for this transaction (PostgreSQL; SKIP LOCKED: another planner or
    a handler is already on it, and will plan it). Fresh from the database."""
    stmt = (
        select(User)
        .where(User.id == user_id)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    return (await session.scalars(stmt)).first()


async def clear_unsent_reminders(session: AsyncSession, user_id: int) -> None:
    """Remove reminders not sent yet (pending, or dropped while the person had blocked the bot)
    so re-planning can enqueue them again under the same dedupe keys."""
    await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.chat_id == user_id,
            OutboxMessage.purpose == REMINDER_PURPOSE,
            OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.DROPPED]),
        )
    )


async def get_plan(session: AsyncSession, user_id: int) -> ReminderPlan | None:
    return await session.get(ReminderPlan, user_id, populate_existing=True)


async def save_plan(
    session: AsyncSession,
    user_id: int,
    *,
    fingerprint: str,
    version: str,
    user_updated_at: datetime | None,
    paused_until: datetime | None,
) -> None:
    values = {
        "user_id": user_id,
        "fingerprint": fingerprint,
        "version": version,
        "user_updated_at": user_updated_at,
        "planned_at": utcnow(),
        "paused_until": paused_until,
    }
    await upsert(session, ReminderPlan, values, ["user_id"], [k for k in values if k != "user_id"])


@dataclass(frozen=True)
class Upcoming:
    campaign: str
    due_at: datetime


async def upcoming_reminders(
    session: AsyncSession, user_id: int, limit: int = 8
) -> list[Upcoming]:
    rows = await session.execute(
        select(OutboxMessage.payload, OutboxMessage.due_at)
        .where(
            OutboxMessage.chat_id == user_id,
            OutboxMessage.purpose == REMINDER_PURPOSE,
            OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]),
        )
        .order_by(OutboxMessage.due_at)
        .limit(limit)
    )
    return [Upcoming(str((payload or {}).get("campaign", "")), due) for payload, due in rows]


# --- survey answers --------------------------------------------------------------------------


async def save_answer(
    session: AsyncSession,
    user_id: int,
    campaign: str,
    question: str,
    answer: str,
    needs_attention: bool,
) -> None:
    values = {
        "user_id": user_id,
        "campaign": campaign,
        "question": question,
        "answer": answer,
        "needs_attention": needs_attention,
        "answered_at": utcnow(),
    }
    await upsert(
        session,
        CampaignAnswer,
        values,
        ["user_id", "campaign", "question"],
        ["answer", "needs_attention", "answered_at"],
    )


async def answers_for(session: AsyncSession, user_id: int, campaign: str) -> dict[str, str]:
    rows = await session.execute(
        select(CampaignAnswer.question, CampaignAnswer.answer).where(
            CampaignAnswer.user_id == user_id, CampaignAnswer.campaign == campaign
        )
    )
    return {q: a for q, a in rows}


@dataclass(frozen=True)
class AttentionItem:
    user_id: int
    campaign: str
    question: str
    answer: str
    answered_at: datetime
    destination: str | None


async def answers_needing_attention(
    session: AsyncSession, start: datetime, end: datetime
) -> list[AttentionItem]:
    rows = await session.execute(
        select(
            CampaignAnswer.user_id,
            CampaignAnswer.campaign,
            CampaignAnswer.question,
            CampaignAnswer.answer,
            CampaignAnswer.answered_at,
            User.destination,
        )
        .outerjoin(User, User.id == CampaignAnswer.user_id)
        .where(
            CampaignAnswer.needs_attention.is_(True),
            CampaignAnswer.answered_at >= start,
            CampaignAnswer.answered_at < end,
        )
        .order_by(CampaignAnswer.answered_at)
    )
    return [AttentionItem(*row) for row in rows]


# --- who hears about it ------------------------------------------------------------------------


async def coordinator_recipients(
    session: AsyncSession, admin_ids: Iterable[int] = ()
) -> list[tuple[int, str | None]]:
    """Coordinators (with their language); if the Center has none yet, admins, so an alert
    never goes nowhere. People who blocked the bot are left out."""
    ids = set(await users_with_role(session, Role.COORDINATOR))
    if not ids:
        ids = set(await users_with_role(session, Role.ADMIN)) | set(admin_ids)
    if not ids:
        return []
    rows = await session.execute(
        select(User.id, User.locale, User.blocked_at).where(User.id.in_(ids))
    )
    known = {uid: (locale, blocked) for uid, locale, blocked in rows}
    out: list[tuple[int, str | None]] = []
    for uid in sorted(ids):
        locale, blocked = known.get(uid, (None, None))
        if blocked is None:
            out.append((uid, locale))
    return out


# --- personal data -----------------------------------------------------------------------------


async def _export(session: AsyncSession, user_id: int) -> Any:
    plan = await session.get(ReminderPlan, user_id)
    answers = await session.scalars(
        select(CampaignAnswer)
        .where(CampaignAnswer.user_id == user_id)
        .order_by(CampaignAnswer.answered_at)
    )
    return {
        "paused_until": plan.paused_until.isoformat() if plan and plan.paused_until else None,
        "survey_answers": [
            {
                "campaign": a.campaign,
                "question": a.question,
                "answer": a.answer,
                "answered_at": a.answered_at.isoformat(),
            }
            for a in answers
        ],
    }


async def _erase(session: AsyncSession, user_id: int) -> None:
    await session.execute(delete(CampaignAnswer).where(CampaignAnswer.user_id == user_id))
    await session.execute(delete(ReminderPlan).where(ReminderPlan.user_id == user_id))


# What this module stores about a person, for /mydata and /deletemydata (db/privacy.py);
# declared in the feature's FEATURE.
PERSONAL_DATA: tuple[PersonalData, ...] = (PersonalData("reminders", _export, _erase),)
