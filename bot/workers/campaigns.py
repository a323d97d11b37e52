"""The campaign planner: turns each person's dates into outbox rows for their reminders.

It runs every `campaign_poll_seconds` and looks only at people whose row changed since their
last plan (a date, zone, language, consent, blocking or pause), or whose plan was made from an
older `content/campaigns.yaml`. Re-planning deletes the person's unsent reminders and enqueues
the new set, so a changed date reschedules everything. Handlers call `replan_user` directly
when the change is theirs (pause/resume), so the screen is right at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Catalog
from content.campaigns import CampaignSet, current_campaigns
from db.models import ReminderPlan, User
from db.queries.outbox import enqueue
from db.queries.reminders import (
    REMINDER_PURPOSE,
    clear_unsent_reminders,
    is_eligible,
    lock_user,
    save_plan,
    users_to_plan,
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

log = logging.getLogger("jol.campaigns")


@dataclass(frozen=True)
class PlanContext:
    catalog: Catalog
    settings: Settings
    campaigns: CampaignSet

    @classmethod
    def build(cls, catalog: Catalog, settings: Settings) -> PlanContext:
        return cls(catalog, settings, current_campaigns())

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


async def plan_pending(
    sessionmaker: async_sessionmaker[AsyncSession],
    ctx: PlanContext,
    *,
    now: datetime | None = None,
    batch: int = 200,
) -> int:
    """One planner run: bring every out-of-date plan up to date. Returns people re-planned."""
    now = now or utcnow()
    replanned = 0
    seen: set[int] = set()
    while True:
        async with sessionmaker() as session, session.begin():
            candidates = await users_to_plan(session, ctx.campaigns.version, now, batch)
        fresh = [(u, p) for u, p in candidates if u.id not in seen]
        if not fresh:
            return replanned
        for user, _plan in fresh:
            seen.add(user.id)
            try:
                replanned += await _plan_one(sessionmaker, ctx, user.id, now)
            except Exception:
                log.exception("planning failed for one person", extra={"user": user.id % 1000})
        if len(candidates) < batch:
            return replanned


async def _plan_one(
    sessionmaker: async_sessionmaker[AsyncSession], ctx: PlanContext, user_id: int, now: datetime
) -> int:
    async with sessionmaker() as session, session.begin():
        user = await lock_user(session, user_id)
        if user is None:
            return 0  # erased meanwhile, or another process is planning them right now
        plan = await session.get(ReminderPlan, user_id, populate_existing=True)
        paused_until = plan.paused_until if plan else None
        if paused_until is not None and paused_until <= now:
            # "Pause for two weeks" is over: reminders resume from now (the paused ones are
            # about dates that have passed and are not sent late).
            user.reminders_paused = False
            paused_until = None
        elif plan_is_current(plan, user, ctx):
            # Touched but nothing that matters changed (e.g. news setting): just note it.
            await save_plan(
                session,
                user_id,
                fingerprint=plan.fingerprint if plan else "",
                version=ctx.campaigns.version,
                user_updated_at=user.updated_at,
                paused_until=paused_until,
            )
            return 0
        await replan_user(session, user, ctx, now=now, paused_until=paused_until)
        return 1
