"""The staff screens of broadcasts (draft, audience, confirmation, progress, approval request,
history) and their keyboards. What recipients get is in `message.py`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import LANGUAGE_NAMES, Safe, Translator
from content.library import current
from db.models.broadcast import Broadcast
from domain.broadcast import (
    LOCALES,
    ONE_TEXT_KEY,
    Blocker,
    Counts,
    NightCheck,
    Segment,
    Status,
    blockers,
    eta_parts,
)
from domain.profile import Destination, Situation
from handlers.broadcast.callbacks import BcCb
from handlers.broadcast.message import content_of
from handlers.menu import home_button

STATUS_ICONS = {
    Status.DRAFT: "📝",
    Status.APPROVAL: "🕓",
    Status.SCHEDULED: "🗓",
    Status.RUNNING: "📤",
    Status.PAUSED: "⏸",
    Status.DONE: "✅",
    Status.CANCELLED: "✖️",
}


# ---------------------------------------------------------------- small labels


def language_name(locale: str) -> str:
    return LANGUAGE_NAMES.get(locale, locale)


def service_label(t: Translator, key: str) -> str:
    info = current().services.get(key)
    if info is None:
        return key
    return info.name.get(t.locale) or info.name.get("ru") or key


def segment_text(t: Translator, segment: Segment) -> str:
    if segment.is_everyone:
        return t("broadcast-segment-everyone")
    parts: list[str] = []
    if segment.destination:
        parts.append(t("broadcast-destination", value=segment.destination))
    if segment.situation:
        parts.append(t("broadcast-situation", value=segment.situation))
    if segment.service:
        parts.append(t("broadcast-segment-service", service=service_label(t, segment.service)))
    if segment.active_since:
        parts.append(t("broadcast-segment-since", day=segment.active_since))
    return " · ".join(parts)


def local_time(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%d.%m.%Y %H:%M")


def person_link(user_id: int | None) -> Safe:
    """A staff member: their Telegram id, as a link that opens their profile (no names are
    stored)."""
    if user_id is None:
        return Safe("—")
    return Safe(f'<a href="tg://user?id={int(user_id)}">{int(user_id)}</a>')


def when_text(t: Translator, row: Broadcast, tz: ZoneInfo) -> str:
    if row.send_at is None:
        return t("broadcast-when-now")
    return t("broadcast-when-at", time=local_time(row.send_at, tz))


def problem_text(t: Translator, blocker: Blocker) -> str:
    locale = language_name(blocker.locale) if blocker.locale else ""
    return t("broadcast-problem", problem=blocker.problem.value, language=locale)


# ---------------------------------------------------------------- the draft


def draft_view(
    t: Translator,
    row: Broadcast,
    per_language: Mapping[str, int],
    problems: list[Blocker],
    threshold: int,
    tz: ZoneInfo,
) -> tuple[str, InlineKeyboardMarkup]:
    content = content_of(row)
    total = sum(per_language.get(loc, 0) for loc in content.languages)
    lines = [
        t("broadcast-draft-title", id=str(row.id)),
        t("broadcast-audience-line", segment=segment_text(t, Segment.from_json(row.segment))),
        t(
            "broadcast-languages-line",
            languages=", ".join(
                f"{language_name(loc)} {per_language.get(loc, 0)}" for loc in content.languages
            )
            or "—",
        ),
        t("broadcast-recipients-line", count=total),
    ]
    if content.mode == "one":
        mark = "✅" if content.texts.get(ONE_TEXT_KEY) else "❌"
        lines.append(t("broadcast-text-one-line", mark=mark))
    else:
        marks = ", ".join(
            f"{'✅' if content.texts.get(loc) else '❌'} {language_name(loc)}"
            for loc in content.languages
        )
        lines.append(t("broadcast-texts-line", texts=marks or "—"))
    lines.append(t("broadcast-media-line", kind=row.media_kind or "none"))
    lines.append(t("broadcast-when-line", when=when_text(t, row, tz)))
    if problems:
        lines.append("")
        lines += [f"⚠️ {problem_text(t, p)}" for p in problems]
    else:
        lines.append("")
        lines.append(t("broadcast-ready"))
        if total > threshold:
            lines.append(t("broadcast-needs-approval", threshold=threshold))

    builder = InlineKeyboardBuilder()
    sizes: list[int] = []
    if content.mode == "one":
        builder.button(
            text=t("broadcast-btn-text-one"), callback_data=BcCb(a="txt", i=row.id, v="all")
        )
        sizes.append(1)
    else:
        for loc in content.languages:
            mark = "✅" if content.texts.get(loc) else "❌"
            builder.button(
                text=f"✏️ {language_name(loc)} {mark}",
                callback_data=BcCb(a="txt", i=row.id, v=loc),
            )
        if content.languages:
            sizes.append(len(content.languages))
    builder.button(
        text=t("broadcast-btn-mode", mode=content.mode), callback_data=BcCb(a="mode", i=row.id)
    )
    builder.button(text=t("broadcast-btn-audience"), callback_data=BcCb(a="aud", i=row.id))
    builder.button(text=t("broadcast-btn-media"), callback_data=BcCb(a="med", i=row.id))
    builder.button(text=t("broadcast-btn-when"), callback_data=BcCb(a="when", i=row.id))
    builder.button(text=t("broadcast-btn-preview"), callback_data=BcCb(a="prev", i=row.id))
    builder.button(text=t("broadcast-btn-send"), callback_data=BcCb(a="send", i=row.id))
    builder.button(text=t("broadcast-btn-discard"), callback_data=BcCb(a="del", i=row.id))
    home_text, home_data = home_button(t)
    builder.button(text=home_text, callback_data=home_data)
    sizes += [1, 2, 2, 1, 2]
    builder.adjust(*sizes)
    return "\n".join(lines), builder.as_markup()


def back_to_draft_kb(t: Translator, broadcast_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("btn-back"), callback_data=BcCb(a="hub", i=broadcast_id))
    return builder.as_markup()


def media_kb(t: Translator, row: Broadcast) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if row.media_kind:
        builder.button(
            text=t("broadcast-btn-media-remove"), callback_data=BcCb(a="medx", i=row.id)
        )
    builder.button(text=t("btn-back"), callback_data=BcCb(a="hub", i=row.id))
    builder.adjust(1)
    return builder.as_markup()


def when_kb(t: Translator, row: Broadcast) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("broadcast-btn-now"), callback_data=BcCb(a="now", i=row.id))
    builder.button(text=t("btn-back"), callback_data=BcCb(a="hub", i=row.id))
    builder.adjust(1)
    return builder.as_markup()


def confirm_view(
    t: Translator,
    row: Broadcast,
    total: int,
    approval: bool,
    tz: ZoneInfo,
    night: NightCheck | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    """The last question before sending; `night`: it would arrive in quiet hours, so the author
    is told and offered the morning instead (sending anyway stays possible)."""
    text = t(
        "broadcast-confirm",
        id=str(row.id),
        count=total,
        when=when_text(t, row, tz),
        approval="yes" if approval else "no",
    )
    builder = InlineKeyboardBuilder()
    if night is not None and night.warn:
        morning = night.morning.astimezone(tz).strftime("%d.%m %H:%M")
        text += "\n\n" + t(
            "broadcast-quiet-warning",
            count=night.in_quiet,
            total=night.total,
            center="yes" if night.center_quiet else "no",
            morning=morning,
        )
        builder.button(
            text=t("broadcast-btn-quiet-schedule", morning=morning),
            callback_data=BcCb(a="morn", i=row.id),
        )
    builder.button(
        text=t("broadcast-btn-confirm", approval="yes" if approval else "no"),
        callback_data=BcCb(a="go", i=row.id),
    )
    builder.button(text=t("btn-back"), callback_data=BcCb(a="hub", i=row.id))
    builder.adjust(1)
    return text, builder.as_markup()


# ---------------------------------------------------------------- audience


def audience_view(
    t: Translator, row: Broadcast, per_language: Mapping[str, int], services: list[str]
) -> tuple[str, InlineKeyboardMarkup]:
    segment = Segment.from_json(row.segment)
    languages = set(row.languages or ())
    total = sum(per_language.get(loc, 0) for loc in languages)
    lines = [
        t("broadcast-audience-title", id=str(row.id)),
        t("broadcast-audience-line", segment=segment_text(t, segment)),
        t("broadcast-recipients-line", count=total),
        t("broadcast-audience-rules"),
    ]
    any_value = t("broadcast-any")
    builder = InlineKeyboardBuilder()
    for loc in LOCALES:
        mark = "✅" if loc in languages else "▫️"
        builder.button(
            text=f"{mark} {language_name(loc)} {per_language.get(loc, 0)}",
            callback_data=BcCb(a="lang", i=row.id, v=loc),
        )
    builder.button(
        text=t(
            "broadcast-btn-destination",
            value=t("broadcast-destination", value=segment.destination)
            if segment.destination
            else any_value,
        ),
        callback_data=BcCb(a="pick", i=row.id, v="d"),
    )
    builder.button(
        text=t(
            "broadcast-btn-situation",
            value=t("broadcast-situation", value=segment.situation)
            if segment.situation
            else any_value,
        ),
        callback_data=BcCb(a="pick", i=row.id, v="s"),
    )
    sizes = [3, 1, 1]
    if services:
        builder.button(
            text=t(
                "broadcast-btn-service",
                value=service_label(t, segment.service) if segment.service else any_value,
            ),
            callback_data=BcCb(a="pick", i=row.id, v="b"),
        )
        sizes.append(1)
    since = segment.active_since.strftime("%d.%m.%Y") if segment.active_since else any_value
    builder.button(
        text=t("broadcast-btn-since", value=since), callback_data=BcCb(a="since", i=row.id)
    )
    builder.button(text=t("broadcast-btn-everyone"), callback_data=BcCb(a="all", i=row.id))
    builder.button(text=t("btn-back"), callback_data=BcCb(a="hub", i=row.id))
    sizes += [1, 1, 1]
    builder.adjust(*sizes)
    return "\n".join(lines), builder.as_markup()


def pick_kb(
    t: Translator, row: Broadcast, field: str, services: list[str]
) -> InlineKeyboardMarkup:
    """Choices for one segment field; the first clears it."""
    builder = InlineKeyboardBuilder()
    builder.button(text=t("broadcast-any"), callback_data=BcCb(a="seg", i=row.id, v=f"{field}-"))
    if field == "d":
        for dest in Destination:
            builder.button(
                text=t("broadcast-destination", value=dest.value),
                callback_data=BcCb(a="seg", i=row.id, v=f"d-{dest.value}"),
            )
    elif field == "s":
        for situation in Situation:
            builder.button(
                text=t("broadcast-situation", value=situation.value),
                callback_data=BcCb(a="seg", i=row.id, v=f"s-{situation.value}"),
            )
    else:
        for key in services:
            builder.button(
                text=service_label(t, key), callback_data=BcCb(a="seg", i=row.id, v=f"b-{key}")
            )
    builder.button(text=t("btn-back"), callback_data=BcCb(a="aud", i=row.id))
    builder.adjust(1)
    return builder.as_markup()


# ---------------------------------------------------------------- sending


def progress_view(
    t: Translator,
    row: Broadcast,
    counts: Counts,
    eta_seconds: int,
    tz: ZoneInfo,
) -> tuple[str, InlineKeyboardMarkup | None]:
    status = Status(row.status)
    hours, minutes = eta_parts(eta_seconds)
    lines = [
        t("broadcast-progress-title", id=str(row.id), icon=STATUS_ICONS[status]),
        t("broadcast-status", status=status.value),
        t(
            "broadcast-progress-counts",
            sent=counts.sent,
            failed=counts.failed,
            blocked=counts.blocked,
            remaining=counts.remaining,
        ),
    ]
    if status in (Status.RUNNING, Status.PAUSED) and counts.remaining:
        lines.append(t("broadcast-progress-eta", hours=hours, minutes=minutes))
    if status in (Status.DONE, Status.CANCELLED):
        lines.append(t("broadcast-progress-skipped", count=not_sent(row, counts)))
    if counts.retried:
        lines.append(t("broadcast-progress-retried", count=counts.retried))
    if status is Status.SCHEDULED and row.send_at is not None:
        lines.append(t("broadcast-when-line", when=when_text(t, row, tz)))
    builder = InlineKeyboardBuilder()
    if status is Status.RUNNING:
        builder.button(text=t("broadcast-btn-pause"), callback_data=BcCb(a="pause", i=row.id))
    if status is Status.PAUSED:
        builder.button(text=t("broadcast-btn-resume"), callback_data=BcCb(a="resume", i=row.id))
    if status in (Status.RUNNING, Status.PAUSED, Status.SCHEDULED):
        builder.button(text=t("broadcast-btn-cancel"), callback_data=BcCb(a="cancel", i=row.id))
    if status is Status.SCHEDULED:
        builder.button(text=t("broadcast-btn-withdraw"), callback_data=BcCb(a="wd", i=row.id))
    builder.adjust(2)
    markup = builder.as_markup() if builder.buttons else None
    return "\n".join(lines), markup


def cancel_confirm_kb(t: Translator, broadcast_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("broadcast-btn-cancel-yes"), callback_data=BcCb(a="cancelyes", i=broadcast_id)
    )
    builder.button(text=t("btn-back"), callback_data=BcCb(a="prog", i=broadcast_id))
    builder.adjust(1)
    return builder.as_markup()


def approval_request_view(
    t: Translator, row: Broadcast, tz: ZoneInfo
) -> tuple[str, InlineKeyboardMarkup]:
    text = t(
        "broadcast-approval-request",
        id=str(row.id),
        author=person_link(row.author_id),
        count=row.total,
        segment=segment_text(t, Segment.from_json(row.segment)),
        languages=", ".join(language_name(loc) for loc in row.languages or ()),
        when=when_text(t, row, tz),
    )
    builder = InlineKeyboardBuilder()
    builder.button(text=t("broadcast-btn-preview"), callback_data=BcCb(a="prev", i=row.id))
    builder.button(text=t("broadcast-btn-approve"), callback_data=BcCb(a="ok", i=row.id))
    builder.button(text=t("broadcast-btn-reject"), callback_data=BcCb(a="no", i=row.id))
    builder.adjust(1, 2)
    return text, builder.as_markup()


def waiting_view(t: Translator, row: Broadcast) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("broadcast-btn-withdraw"), callback_data=BcCb(a="wd", i=row.id))
    builder.button(text=t("broadcast-btn-cancel"), callback_data=BcCb(a="cancel", i=row.id))
    builder.adjust(1)
    return t("broadcast-awaiting-approval", id=str(row.id), count=row.total), builder.as_markup()


# ---------------------------------------------------------------- history


HISTORY_PAGE = 8


def history_line(t: Translator, row: Broadcast, counts: Counts | None, tz: ZoneInfo) -> str:
    status = Status(row.status)
    when = row.started_at or row.send_at or row.submitted_at or row.created_at
    figures = ""
    if counts is not None:
        figures = t(
            "broadcast-history-figures",
            sent=counts.sent,
            failed=counts.failed,
            blocked=counts.blocked,
        )
    return t(
        "broadcast-history-line",
        icon=STATUS_ICONS[status],
        id=str(row.id),
        status=status.value,
        time=local_time(when, tz),
        author=person_link(row.author_id),
        count=row.total,
        segment=segment_text(t, Segment.from_json(row.segment)),
        figures=figures,
    )


def history_kb(
    t: Translator, rows: list[Broadcast], page: int, total: int
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for row in rows:
        builder.button(
            text=f"{STATUS_ICONS[Status(row.status)]} #{row.id}",
            callback_data=BcCb(a="card", i=row.id),
        )
    sizes = [4] * ((len(rows) + 3) // 4)
    nav = 0
    if page > 0:
        builder.button(text="◀", callback_data=BcCb(a="list", i=page - 1))
        nav += 1
    if (page + 1) * HISTORY_PAGE < total:
        builder.button(text="▶", callback_data=BcCb(a="list", i=page + 1))
        nav += 1
    if nav:
        sizes.append(nav)
    home_text, home_data = home_button(t)
    builder.button(text=home_text, callback_data=home_data)
    sizes.append(1)
    builder.adjust(*sizes)
    return builder.as_markup()


def not_sent(row: Broadcast, counts: Counts) -> int:
    """Recipients counted at the start who got nothing, by the figures shown beside it (a
    cancelled broadcast's last sends may land after the figures were stored)."""
    return max(0, row.total - counts.sent - counts.failed - counts.blocked)


def card_view(
    t: Translator,
    row: Broadcast,
    counts: Counts,
    trail: list[tuple[str, int | None, datetime]],
    tz: ZoneInfo,
) -> tuple[str, InlineKeyboardMarkup]:
    status = Status(row.status)
    lines = [
        t("broadcast-card-title", id=str(row.id), icon=STATUS_ICONS[status]),
        t("broadcast-status", status=status.value),
        t("broadcast-card-author", author=person_link(row.author_id)),
        t("broadcast-audience-line", segment=segment_text(t, Segment.from_json(row.segment))),
        t(
            "broadcast-languages-line",
            languages=", ".join(language_name(loc) for loc in row.languages or ()) or "—",
        ),
        t("broadcast-recipients-line", count=row.total),
        t(
            "broadcast-progress-counts",
            sent=counts.sent,
            failed=counts.failed,
            blocked=counts.blocked,
            remaining=counts.remaining,
        ),
    ]
    if status in (Status.DONE, Status.CANCELLED):
        lines.append(t("broadcast-progress-skipped", count=not_sent(row, counts)))
    if counts.retried:
        lines.append(t("broadcast-progress-retried", count=counts.retried))
    if row.news_off:
        lines.append(t("broadcast-card-news-off", count=row.news_off))
    if row.approved_by is not None:
        lines.append(t("broadcast-card-approved", who=person_link(row.approved_by)))
    if trail:
        lines.append(t("broadcast-card-trail"))
        for action, actor, at in trail:
            lines.append(
                t(
                    "broadcast-trail-line",
                    time=local_time(at, tz),
                    action=action.removeprefix("broadcast."),
                    who=person_link(actor) if actor else t("broadcast-trail-system"),
                )
            )
    builder = InlineKeyboardBuilder()
    if status is Status.DRAFT:
        builder.button(text=t("broadcast-btn-open"), callback_data=BcCb(a="hub", i=row.id))
    if status is Status.APPROVAL:
        builder.button(text=t("broadcast-btn-approve"), callback_data=BcCb(a="ok", i=row.id))
        builder.button(text=t("broadcast-btn-reject"), callback_data=BcCb(a="no", i=row.id))
    if status is not Status.DRAFT:
        builder.button(text=t("broadcast-btn-preview"), callback_data=BcCb(a="prev", i=row.id))
    if status in (Status.RUNNING, Status.PAUSED, Status.SCHEDULED, Status.APPROVAL):
        builder.button(text=t("broadcast-btn-progress"), callback_data=BcCb(a="prog", i=row.id))
    builder.button(text=t("btn-back"), callback_data=BcCb(a="list", i=0))
    builder.adjust(2)
    return "\n".join(lines), builder.as_markup()


def problems_of(row: Broadcast, total: int) -> list[Blocker]:
    return blockers(content_of(row), total)
