"""Telling coordinators about follow-up answers that need attention (through the outbox), and
the follow-up section of their daily digest."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.features import DigestWindow
from bot.i18n import Catalog, Safe, Translator
from content.campaigns import Answer, Campaign, CampaignSet, Question
from content.library import current
from db.models import User
from db.queries.outbox import enqueue
from db.queries.reminders import ALERT_PURPOSE, answers_needing_attention, coordinator_recipients
from db.types import utcnow
from domain.reminders import QuietHours
from handlers.reminders.render import content_locale

DIGEST_LINES = 15


async def alert_coordinators(
    session: AsyncSession,
    catalog: Catalog,
    settings: Settings,
    user: User,
    campaign: Campaign,
    question: Question,
    answer: Answer,
) -> int:
    """One message per coordinator, in their language; silent at night in the Center's zone
    (it still arrives, without a sound)."""
    quiet = QuietHours(settings.quiet_hours_start, settings.quiet_hours_end)
    silent = quiet.contains(utcnow().astimezone(settings.tz).time())
    count = 0
    for chat_id, locale in await coordinator_recipients(session, settings.admin_ids):
        t = catalog.translator(locale or settings.default_locale)
        loc = content_locale(t.locale)
        text = t(
            "reminders-alert",
            user=str(user.id),
            destination=Safe(t("reminders-destination", destination=user.destination or "none")),
            campaign=Safe(campaign.title[loc]),
            question=Safe(question.text[loc]),
            answer=Safe(answer.label[loc]),
        )
        await enqueue(
            session,
            chat_id,
            text,
            purpose=ALERT_PURPOSE,
            ref=f"user:{user.id}",
            # Changing the answer back and forth alerts once; the digest shows the latest.
            dedupe_key=f"alert:{user.id}:{campaign.id}:{question.id}:{chat_id}",
            subject_user_id=user.id,
            payload={"disable_notification": silent},
        )
        count += 1
    return count


async def followup_section(
    session: AsyncSession, t: Translator, window: DigestWindow
) -> str | None:
    items = await answers_needing_attention(session, window.start, window.end)
    if not items:
        return None
    campaigns = current().campaigns
    loc = content_locale(t.locale)
    lines = [t("reminders-digest-followups", count=len(items))]
    for item in items[:DIGEST_LINES]:
        campaign, question, answer = _labels(campaigns, item.campaign, item.question, item.answer)
        dest = t("reminders-destination", destination=item.destination or "none")
        lines.append(
            t(
                "reminders-digest-line",
                user=str(item.user_id),
                destination=Safe(dest),
                campaign=Safe(campaign.title[loc]) if campaign else item.campaign,
                question=Safe(question.text[loc]) if question else item.question,
                answer=Safe(answer.label[loc]) if answer else item.answer,
            )
        )
    if len(items) > DIGEST_LINES:
        lines.append(t("reminders-digest-more", count=len(items) - DIGEST_LINES))
    return "\n".join(lines)


def _labels(
    campaigns: CampaignSet, campaign_id: str, question_id: str, answer_id: str
) -> tuple[Campaign | None, Question | None, Answer | None]:
    """Look up what an old answer referred to; None where campaigns.yaml changed since."""
    campaign = campaigns.get(campaign_id)
    question = None
    if campaign is not None:
        question = next((q for q in campaign.survey if q.id == question_id), None)
    answer = None
    if question is not None:
        answer = next((a for a in question.answers if a.id == answer_id), None)
    return campaign, question, answer
