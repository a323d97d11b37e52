"""Messages about a case that go to someone other than the person pressing the button: alerts to
consultants, a consultant's answer to the person, closing notices. All through the outbox, in
the same transaction as the change, each in its recipient's language."""

from __future__ import annotations

from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Catalog, Translator, escape
from bot.ui import framed
from db.models import Case, CaseMessage, User
from db.queries.cases import Incoming, alert_recipients, on_duty
from db.queries.outbox import Receipt, enqueue, enqueue_parts
from handlers.ask.callbacks import AskCb, CaseCb, MyCaseCb
from handlers.ask.render import destination_label, language_label, topic_label
from handlers.menu import MenuCb

PREVIEW_CHARS = 300
PURPOSE = "case"


async def translators_for(
    session: AsyncSession, catalog: Catalog, settings: Settings, user_ids: list[int]
) -> dict[int, Translator]:
    """Each recipient's translator: their chosen language, else the bot's default."""
    if not user_ids:
        return {}
    rows = await session.execute(select(User.id, User.locale).where(User.id.in_(user_ids)))
    chosen = {int(uid): loc for uid, loc in rows}
    return {
        uid: catalog.translator(chosen.get(uid) or settings.default_locale) for uid in user_ids
    }


def open_case_kb(t: Translator, case_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=t("ask-staff-open-case", number=str(case_id)),
                    callback_data=CaseCb(action="view", case_id=case_id).pack(),
                )
            ]
        ]
    )


def preview(text: str | None, kind: str, t: Translator) -> str:
    """A short, escaped look at what the person wrote, for an alert (the full thread is in
    /cases)."""
    body = (text or "").strip()
    if len(body) > PREVIEW_CHARS:
        body = body[:PREVIEW_CHARS] + "…"
    if kind == "text":
        return escape(body)
    label = t("ask-kind", kind=kind)
    return f"{label} {escape(body)}" if body else label


async def alert_new_case(
    session: AsyncSession,
    catalog: Catalog,
    settings: Settings,
    case: Case,
    first: Incoming | None,
) -> list[int]:
    """Tell consultants a case opened. Urgent: everyone on duty at once (or every consultant if
    nobody is on duty). Not urgent: consultants on duty only — the rest see it in /cases — and
    in forum mode nobody, since the new topic is the notice. Returns who was alerted."""
    if case.urgent:
        recipients = await alert_recipients(session, settings.admin_ids)
    elif settings.staff_chat_id is not None:
        recipients = []
    else:
        recipients = sorted(await on_duty(session))
    translators = await translators_for(session, catalog, settings, recipients)
    for uid in recipients:
        t = translators[uid]
        text = t(
            "ask-staff-new-case",
            number=str(case.id),
            urgent="yes" if case.urgent else "no",
            topic=topic_label(t, case.topic),
            language=language_label(t, case.locale),
            destination=destination_label(t, case.destination),
        )
        if first is not None:
            text += "\n\n" + preview(first.text, first.kind, t)
        await enqueue(
            session,
            uid,
            text,
            purpose=PURPOSE,
            reply_markup=open_case_kb(t, case.id),
            ref=f"case:{case.id}",
            dedupe_key=f"case-new:{case.id}:{uid}",
            subject_user_id=case.user_id,
        )
    return recipients


async def ping_assignee(
    session: AsyncSession, catalog: Catalog, settings: Settings, case: Case
) -> None:
    """The person wrote again in an assigned case: tell the assignee once per round (until they
    answer), not for every message of a burst."""
    if case.assignee_id is None or settings.staff_chat_id is not None:
        return
    t = (await translators_for(session, catalog, settings, [case.assignee_id]))[case.assignee_id]
    await enqueue(
        session,
        case.assignee_id,
        t("ask-staff-person-wrote", number=str(case.id)),
        purpose=PURPOSE,
        reply_markup=open_case_kb(t, case.id),
        ref=f"case:{case.id}",
        dedupe_key=f"case-ping:{case.id}:{case.staff_rounds}:{case.assignee_id}",
        subject_user_id=case.user_id,
    )


async def notify_assigned(
    session: AsyncSession, catalog: Catalog, settings: Settings, case: Case, by: int
) -> None:
    if case.assignee_id is None or case.assignee_id == by:
        return
    t = (await translators_for(session, catalog, settings, [case.assignee_id]))[case.assignee_id]
    await enqueue(
        session,
        case.assignee_id,
        t("ask-staff-assigned-to-you", number=str(case.id), urgent="yes" if case.urgent else "no"),
        purpose=PURPOSE,
        reply_markup=open_case_kb(t, case.id),
        ref=f"case:{case.id}",
        subject_user_id=case.user_id,
    )


def person_reply_kb(t: Translator, case_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=t("ask-btn-reply"),
                    callback_data=MyCaseCb(action="write", case_id=case_id).pack(),
                ),
                InlineKeyboardButton(
                    text=t("ask-btn-solved"),
                    callback_data=MyCaseCb(action="close", case_id=case_id).pack(),
                ),
            ]
        ]
    )


async def deliver_reply(
    session: AsyncSession,
    catalog: Catalog,
    case: Case,
    message: CaseMessage,
    *,
    tell: Receipt | None = None,
) -> None:
    """Queue a consultant's answer to the person, in the person's language. A text answer is
    composed around the consultant's words (never a template placeable) and arrives whole, in
    numbered parts when it is longer than one message. Media carry the Center's header as
    caption, so the person knows who sent it: documents go as kind "document" (by file id),
    other media as kind "copy" (copyMessage from the consultant's chat). `tell`: the
    consultant hears once the answer is delivered, or that it failed."""
    assert message.delivery_key is not None
    t = catalog.translator(case.locale)
    markup = person_reply_kb(t, case.id)
    header = t("ask-reply-from-center", number=str(case.id))
    if message.kind == "text":
        await enqueue_parts(
            session,
            case.user_id,
            framed(header, message.text or ""),
            purpose=PURPOSE,
            reply_markup=markup,
            ref=f"case:{case.id}",
            dedupe_key=message.delivery_key,
            receipt=tell,
        )
        return
    caption = t("ask-reply-media-caption", number=str(case.id))
    if message.text:
        caption = f"{caption}\n{escape(message.text)}"
    payload: dict[str, Any]
    if message.kind == "document" and message.file_id:
        kind, payload = "document", {"file_id": message.file_id}
    else:
        kind = "copy"
        payload = {
            "from_chat_id": message.source_chat_id,
            "message_id": message.source_message_id,
            "file_id": message.file_id,
            "media": message.kind,
        }
    await enqueue(
        session,
        case.user_id,
        caption,
        kind=kind,
        payload=payload,
        purpose=PURPOSE,
        reply_markup=markup,
        ref=f"case:{case.id}",
        dedupe_key=message.delivery_key,
        receipt=tell,
    )


def reply_receipt(t: Translator, case: Case, message: CaseMessage, chat_id: int) -> Receipt:
    """The consultant who answered hears once the answer has been delivered. A failure is
    reported by the failure job (`handlers.ask.jobs.report_delivery_failures`, with the error,
    to the author and the forum topic), so it is not reported twice here."""
    assert message.delivery_key is not None
    return Receipt(
        chat_id=chat_id,
        key=message.delivery_key,
        sent=t("ask-staff-reply-delivered", number=str(case.id)),
        reply_markup=open_case_kb(t, case.id).model_dump(mode="json", exclude_none=True),
    )


def ask_again_kb(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=t("ask-btn-ask-again"),
                    callback_data=AskCb(topic="", source="closed").pack(),
                ),
                InlineKeyboardButton(text=t("btn-home"), callback_data=MenuCb(item="home").pack()),
            ]
        ]
    )


async def tell_person_closed(session: AsyncSession, catalog: Catalog, case: Case) -> None:
    t = catalog.translator(case.locale)
    await enqueue(
        session,
        case.user_id,
        t("ask-closed-by-center", number=str(case.id)),
        purpose=PURPOSE,
        reply_markup=ask_again_kb(t),
        ref=f"case:{case.id}",
        dedupe_key=f"case-closed:{case.id}:{case.closed_at.timestamp() if case.closed_at else 0}",
    )


async def tell_assignee_person_closed(
    session: AsyncSession, catalog: Catalog, settings: Settings, case: Case
) -> None:
    if case.assignee_id is None:
        return
    t = (await translators_for(session, catalog, settings, [case.assignee_id]))[case.assignee_id]
    await enqueue(
        session,
        case.assignee_id,
        t("ask-staff-person-closed", number=str(case.id)),
        purpose=PURPOSE,
        reply_markup=open_case_kb(t, case.id),
        ref=f"case:{case.id}",
        subject_user_id=case.user_id,
    )


async def tell_person_taken(session: AsyncSession, catalog: Catalog, case: Case) -> None:
    """A consultant took a new case: the person learns a human is on it (once per case)."""
    t = catalog.translator(case.locale)
    await enqueue(
        session,
        case.user_id,
        t("ask-person-taken", number=str(case.id)),
        purpose=PURPOSE,
        reply_markup=person_reply_kb(t, case.id),
        ref=f"case:{case.id}",
        dedupe_key=f"case-taken:{case.id}",
    )
