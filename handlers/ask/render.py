"""Texts and keyboards for cases: the consultants' list, card and thread, the person's history.

Times are shown in the Center's zone to consultants (they all sit in Bishkek) and in the
person's own zone to the person.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Safe, Translator, escape, per_language
from bot.ui import join_html, numbered
from db.models import Case, CaseMessage
from domain.cases import Author, CaseStatus, Topic, age_label, needs_center
from handlers.ask.callbacks import AskStepCb, CaseCb, MyCaseCb
from handlers.menu import MenuCb, home_button

LIST_PAGE = 8


def topic_label(t: Translator, topic: str) -> Safe:
    """Labels are our own text: passed as Safe so the translator does not escape them again."""
    return Safe(t("ask-topic-button", topic=topic))


def language_label(t: Translator, code: str) -> Safe:
    return Safe(t("ask-language-name", language=code))


def destination_label(t: Translator, code: str | None) -> Safe:
    return Safe(t("ask-destination-name", destination=code or "none"))


def status_label(t: Translator, status: str) -> Safe:
    return Safe(t("ask-status-name", status=status))


def when(value: datetime, zone: ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%d.%m %H:%M")


def _age(t: Translator, since: datetime, now: datetime) -> str:
    amount, unit = age_label(since, now)
    return t("ask-age", amount=amount, unit=unit)


# ---------------------------------------------------------------- the person's side


@per_language
def topics_kb(t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for topic in Topic:
        builder.button(
            text=t("ask-topic-button", topic=topic.value),
            callback_data=AskStepCb(step="topic", value=topic.value),
        )
    text, data = home_button(t)
    builder.button(text=text, callback_data=data)
    builder.adjust(2, 2, 2, 1, 1)
    return builder.as_markup()


@per_language
def urgent_kb(t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("ask-urgent-yes"), callback_data=AskStepCb(step="urgent", value="yes"))
    builder.button(text=t("ask-urgent-no"), callback_data=AskStepCb(step="urgent", value="no"))
    builder.button(text=t("btn-back"), callback_data=AskStepCb(step="back", value="topic"))
    text, data = home_button(t)
    builder.button(text=text, callback_data=data)
    builder.adjust(1, 1, 2)
    return builder.as_markup()


@per_language
def consent_kb(t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("ask-consent-yes"), callback_data=AskStepCb(step="consent", value="yes"))
    builder.button(text=t("btn-back"), callback_data=AskStepCb(step="back", value="urgent"))
    text, data = home_button(t)
    builder.button(text=text, callback_data=data)
    builder.adjust(1, 2)
    return builder.as_markup()


@per_language
def writing_kb(t: Translator, *, sos: bool) -> InlineKeyboardMarkup:
    """While writing: always a way out; the emergency card when it may be needed."""
    builder = InlineKeyboardBuilder()
    if sos:
        builder.button(text=t("ask-btn-sos"), callback_data=MenuCb(item="sos"))
    text, data = home_button(t)
    builder.button(text=text, callback_data=data)
    builder.adjust(1)
    return builder.as_markup()


def my_case_kb(
    t: Translator, case: Case, *, sos: bool = False, writing: bool = False
) -> InlineKeyboardMarkup:
    """The person's case; `writing`: they are adding messages now, so a way to stop comes first."""
    builder = InlineKeyboardBuilder()
    if writing:
        builder.button(
            text=t("ask-btn-stop-writing"), callback_data=MyCaseCb(action="stop", case_id=case.id)
        )
    builder.button(
        text=t("ask-btn-history"), callback_data=MyCaseCb(action="history", case_id=case.id)
    )
    builder.button(
        text=t("ask-btn-solved"), callback_data=MyCaseCb(action="close", case_id=case.id)
    )
    if sos:
        builder.button(text=t("ask-btn-sos"), callback_data=MenuCb(item="sos"))
    text, data = home_button(t)
    builder.button(text=text, callback_data=data)
    builder.adjust(1)
    return builder.as_markup()


def ask_stopped_kb(t: Translator, case: Case) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("ask-btn-write-more"), callback_data=MyCaseCb(action="write", case_id=case.id)
    )
    text, data = home_button(t)
    builder.button(text=text, callback_data=data)
    builder.adjust(1)
    return builder.as_markup()


def my_case_text(t: Translator, case: Case) -> str:
    return t(
        "ask-my-case",
        number=str(case.id),
        topic=topic_label(t, case.topic),
        status=case.status,
    )


def person_history(
    t: Translator, case: Case, messages: list[CaseMessage], zone: ZoneInfo
) -> list[str]:
    """The conversation for the person, whole: in numbered parts when it is long."""
    blocks = [t("ask-history-title", number=str(case.id))]
    shown = [m for m in messages if m.author != Author.SYSTEM.value]
    if not shown:
        blocks.append(t("ask-history-empty"))
    for item in shown:
        who = "you" if item.author == Author.PERSON.value else "center"
        head = t("ask-history-line", who=who, time=when(item.created_at, zone))
        blocks.append(f"{head}\n{_body(t, item)}")
    return numbered(join_html(*blocks))


def _body(t: Translator, item: CaseMessage) -> str:
    """What was written, escaped (people's text never goes through a template)."""
    if item.kind == "text":
        return escape(item.text or "")
    label = t("ask-kind", kind=item.kind)
    return f"{label} {escape(item.text)}" if item.text else label


# ---------------------------------------------------------------- consultants' side


def list_line(t: Translator, case: Case, now: datetime, me: int) -> str:
    assignee = (
        "me" if case.assignee_id == me else ("none" if case.assignee_id is None else "other")
    )
    return t(
        "ask-staff-list-line",
        urgent="yes" if case.urgent else "no",
        number=str(case.id),
        topic=topic_label(t, case.topic),
        status=status_label(t, case.status),
        language=case.locale,
        age=_age(t, case.waiting_since, now),
        assignee=assignee,
    )


def list_kb(
    t: Translator, cases: list[Case], view: str, page: int, total: int, on_duty: bool
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for case in cases:
        builder.button(
            text=t(
                "ask-staff-list-button",
                urgent="yes" if case.urgent else "no",
                number=str(case.id),
                topic=topic_label(t, case.topic),
                status=status_label(t, case.status),
            ),
            callback_data=CaseCb(action="view", case_id=case.id, arg=view, page=page),
        )
    sizes = [1] * len(cases)
    nav = 0
    if page > 0:
        builder.button(
            text=t("ask-staff-prev"), callback_data=CaseCb(action="list", arg=view, page=page - 1)
        )
        nav += 1
    if (page + 1) * LIST_PAGE < total:
        builder.button(
            text=t("ask-staff-next"), callback_data=CaseCb(action="list", arg=view, page=page + 1)
        )
        nav += 1
    if nav:
        sizes.append(nav)
    for other in ("open", "mine", "free", "closed"):
        builder.button(
            text=t("ask-staff-view", view=other, current="yes" if other == view else "no"),
            callback_data=CaseCb(action="list", arg=other),
        )
    sizes.append(4)
    builder.button(
        text=t("ask-staff-duty-button", on="yes" if on_duty else "no"),
        callback_data=CaseCb(action="duty", arg="off" if on_duty else "on", page=page),
    )
    sizes.append(1)
    builder.adjust(*sizes)
    return builder.as_markup()


def card_text(
    t: Translator,
    case: Case,
    *,
    now: datetime,
    zone: ZoneInfo,
    me: int,
    count: int,
    failed: int,
    situation: str | None,
) -> str:
    assignee = (
        "me" if case.assignee_id == me else ("none" if case.assignee_id is None else "other")
    )
    text = t(
        "ask-staff-card",
        number=str(case.id),
        urgent="yes" if case.urgent else "no",
        topic=topic_label(t, case.topic),
        status=status_label(t, case.status),
        assignee=assignee,
        assignee_id=str(case.assignee_id or ""),
        language=language_label(t, case.locale),
        destination=destination_label(t, case.destination),
        situation=situation or "none",
        opened=when(case.created_at, zone),
        age=_age(t, case.waiting_since, now),
        turn="center" if needs_center(case.status) else "person",
        count=count,
    )
    if failed:
        text += "\n" + t("ask-staff-card-failed", count=failed)
    if case.status == CaseStatus.CLOSED.value:
        text += "\n" + t(
            "ask-staff-card-closed",
            closed=when(case.closed_at or case.updated_at, zone),
            has_note="yes" if case.close_note else "no",
        )
        if case.close_note:  # a colleague's words: after the template, never inside it
            text += "\n" + escape(case.close_note)
    return text


def card_kb(
    t: Translator, case: Case, *, forum: bool, view: str = "open", page: int = 0
) -> InlineKeyboardMarkup:
    """The case's actions. In a forum topic the topic is the thread and writing there is the
    reply, so those two buttons are left out."""
    builder = InlineKeyboardBuilder()
    sizes: list[int] = []

    def add(key: str, action: str, arg: str = "", **args: str) -> None:
        builder.button(
            text=t(key, **args),
            callback_data=CaseCb(action=action, case_id=case.id, arg=arg, page=page),
        )

    if case.status == CaseStatus.CLOSED.value:
        if not forum:
            add("ask-staff-btn-thread", "thread")
            sizes.append(1)
        add("ask-staff-btn-reopen", "reopen")
        sizes.append(1)
    else:
        if not forum:
            add("ask-staff-btn-thread", "thread")
            add("ask-staff-btn-reply", "reply")
            sizes.append(2)
        # Only what makes sense now: "Take it" while nobody has the case (a taken one can be
        # given on with "Give to"); a status switch once work has started (a new case moves on
        # by itself when taken or answered).
        free = case.assignee_id is None
        add("ask-staff-btn-canned", "canned")
        if free:
            add("ask-staff-btn-take", "take")
        sizes.append(2 if free else 1)
        add("ask-staff-btn-assign", "assign")
        if case.status == CaseStatus.WAITING.value:
            add(
                "ask-staff-btn-status",
                "status",
                arg=CaseStatus.IN_PROGRESS.value,
                status=CaseStatus.IN_PROGRESS.value,
            )
            sizes.append(2)
        elif case.status == CaseStatus.IN_PROGRESS.value:
            add(
                "ask-staff-btn-status",
                "status",
                arg=CaseStatus.WAITING.value,
                status=CaseStatus.WAITING.value,
            )
            sizes.append(2)
        else:
            sizes.append(1)
        add("ask-staff-btn-close", "close")
        sizes.append(1)
    if not forum:
        builder.button(
            text=t("ask-staff-btn-list"), callback_data=CaseCb(action="list", arg=view, page=page)
        )
        sizes.append(1)
    builder.adjust(*sizes)
    return builder.as_markup()


def back_to_case_kb(t: Translator, case_id: int, *, done: bool = False) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("ask-staff-btn-done" if done else "ask-staff-btn-back-case"),
        callback_data=CaseCb(action="view", case_id=case_id),
    )
    return builder.as_markup()


def thread_lines(
    t: Translator,
    messages: list[CaseMessage],
    zone: ZoneInfo,
    states: dict[str, tuple[str, str | None]],
    me: int,
) -> list[str]:
    """One block per message for the consultant (ready HTML, the text escaped); media get a
    block too (the file follows)."""
    out = []
    for item in messages:
        delivery = "none"
        if item.delivery_key:
            status = states.get(item.delivery_key, ("pending", None))[0]
            delivery = {"sent": "sent", "dead": "failed", "dropped": "failed"}.get(
                status, "pending"
            )
        if item.author == Author.PERSON.value:
            who = "person"
        elif item.author == Author.SYSTEM.value:
            who = "system"
        else:
            who = "me" if item.author_id == me else "colleague"
        head = t(
            "ask-staff-thread-line",
            who=who,
            author_id=str(item.author_id or ""),
            time=when(item.created_at, zone),
            delivery=delivery,
        )
        out.append(f"{head}\n{_body(t, item)}")
    return out
