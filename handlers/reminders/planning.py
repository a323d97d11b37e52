"""Planning one person's reminders: their dates, zone and language → outbox rows.

Re-planning deletes the person's unsent reminders and enqueues the new set, so a changed date
reschedules everything. The planner job (`handlers/reminders/jobs.py`) calls this for everyone
whose row changed; handlers call it directly when the change is theirs (pause/resume), so the
screen is right at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Catalog
from content.campaigns import CampaignSet
from content.library import current
from db.models import ReminderPlan, User
from db.queries.outbox import enqueue
from db.queries.reminders import (
    REMINDER_PURPOSE,
    clear_unsent_reminders,
    is_eligible,
    save_plan,
)
from db.types import utcnow
from domain.reminders import (
    PlannedEvent,
    Profile,
    QuietHours,
    fingerprint,
    plan_events,
    user_zone_name,
)
from handlers.reminders.render import reminder_message


@dataclass(frozen=True)
class PlanContext:
    catalog: Catalog
    settings: Settings
    campaigns: CampaignSet

    @classmethod
    def build(cls, catalog: Catalog, settings: Settings) -> PlanContext:
        return cls(catalog, settings, current().campaigns)

    @property
    def quiet(self) -> QuietHours:
        return QuietHours(self.settings.quiet_hours_start, self.settings.quiet_hours_end)

    @property
    def grace(self) -> timedelta:
        return timedelta(hours=self.settings.reminder_grace_hours)


def profile_of(user: User) -> Profile:
    return Profile(
        situation=user.situation,
        destination=user.destination,
        departure_date=user.departure_date,
        arrival_date=user.arrival_date,
        return_date=user.return_date,
        timezone=user_zone_name(user.timezone, user.situation, user.destination),
    )


def user_fingerprint(user: User, ctx: PlanContext) -> str:
    locale = user.locale or ctx.settings.default_locale
    return fingerprint(profile_of(user), locale, is_eligible(user))


def plan_is_current(plan: ReminderPlan | None, user: User, ctx: PlanContext) -> bool:
    return (
        plan is not None
        and plan.version == ctx.campaigns.version
        and plan.fingerprint == user_fingerprint(user, ctx)
    )


async def replan_user(
    session: AsyncSession,
    user: User,
    ctx: PlanContext,
    *,
    now: datetime | None = None,
    paused_until: datetime | None = None,
) -> list[PlannedEvent]:
    """Recompute this person's reminders (in the caller's transaction)."""
    now = now or utcnow()
    await session.flush()  # pending changes to the user row get their new updated_at
    await clear_unsent_reminders(session, user.id)
    events: list[PlannedEvent] = []
    if is_eligible(user):
        events = plan_events(ctx.campaigns.rules, profile_of(user), now, ctx.quiet, ctx.grace)
    locale = user.locale or ctx.settings.default_locale
    t = ctx.catalog.translator(locale)
    for event in events:
        campaign = ctx.campaigns.get(event.rule_id)
        if campaign is None:
            continue
        text, markup = reminder_message(campaign, t.locale, t)
        await enqueue(
            session,
            user.id,
            text,
            purpose=REMINDER_PURPOSE,
            due_at=event.due_at,
            reply_markup=markup,
            ref=f"campaign:{campaign.id}",
            # One message per person, campaign and anchor date, whatever happens: re-planning
            # never sends again what was sent (or expired) before.
            dedupe_key=f"rem:{user.id}:{campaign.id}:{event.anchor.isoformat()}",
            payload={"campaign": campaign.id},
            expires_at=event.expires_at,
        )
    await save_plan(
        session,
        user.id,
        fingerprint=user_fingerprint(user, ctx),
        version=ctx.campaigns.version,
        user_updated_at=user.updated_at,
        paused_until=paused_until,
    )
    return events
