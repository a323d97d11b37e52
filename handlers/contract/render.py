"""Screens of the contract check and the agency check: texts and keyboards, no I/O.

Question texts come from `content/contract_check.yaml` in the reader's language and are
escaped here (they are plain text); everything else is in `locales/*/contract.ftl`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Safe, Translator, escape
from db.queries.contract import DestinationStats
from domain.agencies import Entry, Preview, is_demo, standing
from domain.contract import DESTINATIONS, Flag, Level, Question, Questionnaire, Result
from handlers.ask.callbacks import AskCb
from handlers.booking.callbacks import BookCb
from handlers.contract.callbacks import AgCb, AgImpCb, CkCb
from handlers.menu import MenuCb, home_button

LEVEL_ICON = {Level.RED: "🔴", Level.AMBER: "🟡", Level.GREEN: "🟢"}
MAX_LISTED = 15  # bad rows / removed names shown in an import preview


def local(t: Translator, texts: Mapping[str, str]) -> str:
    """The reader's language from a YAML text mapping, escaped for Telegram HTML."""
    value = texts.get(t.locale) or texts.get("ru") or texts.get("en") or ""
    return escape(value)


def _home(builder: InlineKeyboardBuilder, t: Translator) -> None:
    text, data = home_button(t)
    builder.button(text=text, callback_data=data)


# ---------------------------------------------------------------- entry screens


def intro(t: Translator, count: int, has_result: bool) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("contract-btn-start"), callback_data=CkCb(a="start"))
    if has_result:
        builder.button(text=t("contract-btn-last-result"), callback_data=CkCb(a="result"))
    builder.button(text=t("contract-btn-agency"), callback_data=AgCb(a="ask"))
    _home(builder, t)
    builder.adjust(1)
    return t("contract-intro", count=count), builder.as_markup()


def resume(t: Translator, done: int, total: int) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("contract-btn-continue"), callback_data=CkCb(a="resume"))
    builder.button(text=t("contract-btn-restart"), callback_data=CkCb(a="restart"))
    builder.button(text=t("contract-btn-agency"), callback_data=AgCb(a="ask"))
    _home(builder, t)
    builder.adjust(1)
    return t("contract-resume", done=done, total=total), builder.as_markup()


def destinations(t: Translator, chosen: str | None) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    for code in DESTINATIONS:
        label = t(f"contract-dest-{code}")
        builder.button(
            text=f"✓ {label}" if code == chosen else label, callback_data=CkCb(a="dest", v=code)
        )
    builder.button(text=t("btn-back"), callback_data=CkCb(a="intro"))
    builder.adjust(2, 2, 1, 1, 1)  # the long EAEU label gets a row of its own
    return t("contract-destination-question"), builder.as_markup()


def question(
    t: Translator, q: Question, number: int, total: int, answer: str | None
) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    for value in q.answers:
        label = (
            local(t, q.na_label) if value == "na" and q.na_label else t(f"contract-ans-{value}")
        )
        if value == answer:
            label = f"✓ {label}"
        builder.button(text=label, callback_data=CkCb(a="ans", q=q.id, v=value))
    builder.button(text=t("btn-back"), callback_data=CkCb(a="back", q=q.id))
    if answer is not None:
        builder.button(text=t("contract-btn-next"), callback_data=CkCb(a="next", q=q.id))
    builder.button(text=t("contract-btn-stop"), callback_data=CkCb(a="stop"))
    sizes = [3, 1] if q.na_label else [3]
    sizes.append(3 if answer is not None else 2)
    builder.adjust(*sizes)
    text = t("contract-question", number=number, total=total, text=Safe(local(t, q.text)))
    return text, builder.as_markup()


# ---------------------------------------------------------------- result


def _flag_block(t: Translator, questionnaire: Questionnaire, flag: Flag) -> str:
    q = questionnaire.get(flag.question_id)
    if q is None:
        return ""
    icon = LEVEL_ICON[flag.level]
    if flag.level is Level.RED:
        return f"{icon} <b>{local(t, q.topic)}</b>\n{local(t, q.explain)}\n👉 {local(t, q.todo)}"
    return f"{icon} <b>{local(t, q.topic)}</b>\n👉 {local(t, q.todo)}"


def result_text(t: Translator, questionnaire: Questionnaire, result: Result) -> str:
    parts = [t(f"contract-result-{result.level.value}")]
    if result.red:
        parts.append(t("contract-result-red-heading"))
        parts.extend(_flag_block(t, questionnaire, f) for f in result.red)
    if result.amber:
        parts.append(t("contract-result-amber-heading"))
        parts.extend(_flag_block(t, questionnaire, f) for f in result.amber)
    if result.level is not Level.GREEN:
        parts.append(t("contract-result-report"))
    return "\n\n".join(p for p in parts if p)


def result_kb(t: Translator, level: Level) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if level is not Level.GREEN:
        builder.button(
            text=t("contract-btn-consult"),
            callback_data=BookCb(service="consultation", source="check"),
        )
        builder.button(
            text=t("contract-btn-ask"), callback_data=AskCb(topic="contract", source="check")
        )
    if level is Level.RED:
        builder.button(text=t("contract-btn-sos"), callback_data=MenuCb(item="sos"))
    builder.button(text=t("contract-btn-share"), callback_data=CkCb(a="share"))
    builder.button(text=t("contract-btn-agency"), callback_data=AgCb(a="ask"))
    builder.button(text=t("contract-btn-change"), callback_data=CkCb(a="back"))
    builder.button(text=t("contract-btn-new"), callback_data=CkCb(a="restart"))
    _home(builder, t)
    builder.adjust(1)
    return builder.as_markup()


def share_text(
    t: Translator,
    questionnaire: Questionnaire,
    result: Result,
    destination: str,
    day: date,
    bot_username: str | None,
) -> str:
    """One self-contained message a person can forward to family: no buttons, no context."""
    lines = [
        t("contract-share-title"),
        t("contract-share-meta", destination=t(f"contract-dest-{destination}"), date=day),
        t(f"contract-share-level-{result.level.value}"),
    ]
    flagged = []
    for flag in result.flags:
        q = questionnaire.get(flag.question_id)
        if q is not None:
            flagged.append(f"{LEVEL_ICON[flag.level]} {local(t, q.topic)}")
    body = "\n".join(lines)
    if flagged:
        body += "\n\n" + "\n".join(flagged)
    body += "\n\n" + t(f"contract-share-todo-{result.level.value}")
    if bot_username:
        link = f"https://t.me/{bot_username}?start=check"
        body += "\n\n" + t("contract-share-footer", link=link)
    else:
        body += "\n\n" + t("contract-share-footer-nolink")
    return body


def share_hint_kb(t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("contract-btn-back-result"), callback_data=CkCb(a="result"))
    _home(builder, t)
    builder.adjust(1)
    return builder.as_markup()


def stopped_kb(t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("contract-btn-continue"), callback_data=CkCb(a="resume"))
    _home(builder, t)
    builder.adjust(1)
    return builder.as_markup()


# ---------------------------------------------------------------- staff stats


def stats_text(
    t: Translator, questionnaire: Questionnaire, stats: Sequence[DestinationStats]
) -> str:
    if not stats:
        return t("contract-stats-none")
    total = sum(s.total for s in stats)
    levels = {lvl: sum(s.levels.get(lvl, 0) for s in stats) for lvl in ("red", "amber", "green")}
    lines = [t("contract-stats-title", total=total), t("contract-stats-levels", **levels)]

    def topic(question_id: str) -> str:
        q = questionnaire.get(question_id)
        return local(t, q.topic) if q else escape(question_id)

    for entry in stats:
        lines.append("")
        lines.append(
            t(
                "contract-stats-dest",
                destination=t(f"contract-dest-{entry.destination}"),
                total=entry.total,
            )
        )
        lines.append(
            t(
                "contract-stats-levels",
                red=entry.levels.get("red", 0),
                amber=entry.levels.get("amber", 0),
                green=entry.levels.get("green", 0),
            )
        )
        for heading, ranked in (
            ("contract-stats-top-red", entry.top_red),
            ("contract-stats-top-amber", entry.top_amber),
        ):
            if not ranked:
                continue
            lines.append(t(heading))
            for n, (question_id, count) in enumerate(ranked, start=1):
                lines.append(
                    t("contract-stats-line", n=n, topic=Safe(topic(question_id)), count=count)
                )
    lines.append("")
    lines.append(t("contract-stats-note"))
    return "\n".join(lines)


# ---------------------------------------------------------------- agency check


def agency_prompt(
    t: Translator, updated: date | None, demo: bool = False
) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("btn-back"), callback_data=CkCb(a="intro"))
    _home(builder, t)
    builder.adjust(2)
    text = t("contract-agency-prompt")
    if demo:
        text += "\n\n" + t("contract-agency-demo-register")
    elif updated is not None:
        text += "\n\n" + t("contract-agency-register-date", date=updated)
    return text, builder.as_markup()


def agency_card(t: Translator, entry: Entry, today: date) -> str:
    state = standing(entry, today)
    details = t(
        "contract-agency-card",
        name=entry.name,
        permit=entry.permit_number or t("contract-agency-none"),
        countries=", ".join(entry.countries) if entry.countries else t("contract-agency-none"),
        until=entry.valid_until if entry.valid_until else t("contract-agency-none"),
    )
    verdict = t(
        f"contract-agency-{state.value}",
        date=entry.valid_until if entry.valid_until else "",
    )
    text = f"{details}\n\n{verdict}"
    return f"{t('contract-agency-demo')}\n\n{text}" if is_demo(entry) else text


# Where the Ministry of Labour, Social Security and Migration publishes the list of licensed
# agencies: its website, as the guides cite it (content/guides/general.yaml, turkey.yaml;
# /work/shared/content-facts.md "Licensed agencies"). The list's own page is not verified,
# so the link is the site itself.
MINISTRY_SITE = "https://mlsp.gov.kg"


def help_kb(
    t: Translator, with_candidates: Sequence[Entry] = (), *, ministry: bool = False
) -> InlineKeyboardMarkup:
    """Under every agency answer: other similar names, the Ministry's own list when Jol could
    not answer from the register (`ministry`), then help from the Center."""
    builder = InlineKeyboardBuilder()
    for entry in with_candidates:
        label = f"🧪 DEMO · {entry.name}" if is_demo(entry) else entry.name
        builder.button(text=label[:60], callback_data=AgCb(a="show", id=entry.id))
    if ministry:
        builder.button(text=t("contract-btn-ministry-list"), url=MINISTRY_SITE)
    builder.button(
        text=t("contract-btn-consult"),
        callback_data=BookCb(service="consultation", source="check"),
    )
    builder.button(
        text=t("contract-btn-ask"), callback_data=AskCb(topic="contract", source="check")
    )
    _home(builder, t)
    builder.adjust(1)
    return builder.as_markup()


# ---------------------------------------------------------------- staff import


def import_preview(
    t: Translator, import_id: int, summary: Preview
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [
        t(
            "contract-import-preview",
            total=summary.total,
            new=summary.new,
            updated=summary.updated,
            unchanged=summary.unchanged,
            removed=len(summary.removed),
            bad=len(summary.bad),
        )
    ]
    if summary.removed:
        lines.append("")
        lines.append(t("contract-import-removed-list"))
        lines.extend(f"• {escape(name)}" for name in summary.removed[:MAX_LISTED])
        if len(summary.removed) > MAX_LISTED:
            lines.append(t("contract-import-more", count=len(summary.removed) - MAX_LISTED))
    if summary.bad:
        lines.append("")
        lines.append(t("contract-import-bad-list"))
        for bad in summary.bad[:MAX_LISTED]:
            reason = t(f"contract-import-bad-{bad.reason.value}", other=bad.other_line)
            lines.append(t("contract-import-bad-line", line=bad.line, reason=Safe(escape(reason)),
                           value=bad.value))  # fmt: skip
        if len(summary.bad) > MAX_LISTED:
            lines.append(t("contract-import-more", count=len(summary.bad) - MAX_LISTED))
    builder = InlineKeyboardBuilder()
    if summary.total:
        builder.button(
            text=t("contract-import-apply"), callback_data=AgImpCb(a="apply", id=import_id)
        )
    else:
        lines.append("")
        lines.append(t("contract-import-nothing-valid"))
    builder.button(
        text=t("contract-import-cancel"), callback_data=AgImpCb(a="cancel", id=import_id)
    )
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()
