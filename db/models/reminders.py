"""Lifecycle reminders: each person's current plan, and their answers to follow-up surveys.

The planned messages themselves are outbox rows (purpose "reminder"); `ReminderPlan` only
records what they were computed from, so the planner can tell when to redo them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import BigIntPK, utcnow


class ReminderPlan(Base):
    __tablename__ = "reminder_plans"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # What the plan was computed from (dates, zone, language, eligibility); see
    # domain.reminders.fingerprint. Equal fingerprint and version: nothing to redo.
    fingerprint: Mapped[str] = mapped_column(String(300))
    # Version of content/campaigns.yaml the plan was made with.
    version: Mapped[str] = mapped_column(String(32))
    # users.updated_at as seen when planning: any later change to the row triggers a check.
    # (Compared for equality, not order, so a change committed while we planned is not missed.)
    user_updated_at: Mapped[datetime | None]
    planned_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set by "pause for two weeks"; the planner resumes reminders when it has passed.
    paused_until: Mapped[datetime | None]


class CampaignAnswer(Base):
    """One answer to one survey question of one campaign message (answering again replaces)."""

    __tablename__ = "campaign_answers"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    campaign: Mapped[str] = mapped_column(String(16))
    question: Mapped[str] = mapped_column(String(16))
    answer: Mapped[str] = mapped_column(String(16))
    # The answer asks for the Center's attention (alerted at once, listed in the digest).
    needs_attention: Mapped[bool] = mapped_column(default=False)
    answered_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    __table_args__ = (UniqueConstraint("user_id", "campaign", "question"),)


__all__ = ["CampaignAnswer", "ReminderPlan"]
