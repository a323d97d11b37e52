"""Screens of the guides feature: text and keyboard for each, nothing sent from here."""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date

from aiogram.types import BufferedInputFile, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.config import Settings
from bot.i18n import Safe, Translator
from bot.ui import TELEGRAM_TEXT_LIMIT, join_html, numbered
from content import Check, ContentStore, EmergencyCard, Guide, Section, Source, check_key
from content.export import export_guide, format_date
from content.library import ContentLibrary
from content.model import SOS_KEY
from content.paging import DEFAULT_LIMIT, paginate
from content.search import Hit
from content.tghtml import utf16_len
from handlers.ask.callbacks import AskCb
from handlers.ask.hours import schedule_text
from handlers.booking.callbacks import BookCb
from handlers.booking.render import place as booking_place
from handlers.guides.callbacks import GuideCb, SosCb
from handlers.menu import home_button

#: How much of the version goes into buttons: enough to notice a change, short for 64 bytes.
VERSION_CHARS = 6
#: Room for Telegram's own count differences (entities, emoji) on top of our estimate.
SAFETY_MARGIN = 50


def short_version(store: ContentStore) -> str:
    return store.version[:VERSION_CHARS]


def _home_row(builder: InlineKeyboardBuilder, t: Translator) -> None:
    text, data = home_button(t)
    builder.button(text=text, callback_data=data)


def _back(builder: InlineKeyboardBuilder, t: Translator, data: GuideCb) -> None:
    builder.button(text=t("btn-back"), callback_data=data)


def sources_html(sources: tuple[Source, ...], locale: str) -> str:
    """Official sources first (the loader sorts them); titles as published, notes translated."""
    parts = []
    for src in sources:
        title = html.escape(src.title)
        if src.url:
            title = f'<a href="{html.escape(src.url, quote=True)}">{title}</a>'
        if src.note:
            title += f" ({html.escape(src.note[locale])})"
        parts.append(title)
    return "; ".join(parts)


def month_year(t: Translator, day: date) -> dict[str, object]:
    """Arguments for the "as of <month> <year>" lines (month name in the reader's language)."""
    return {"month": Safe(t("guides-month", month=day.month)), "year": day.year}


def day_month_year(day: date) -> str:
    """D.M.YYYY: the way dates are written on Kyrgyz and Russian documents."""
    return f"{day.day}.{day.month}.{day.year}"


def freshness(t: Translator, item: Section | EmergencyCard, check: Check | None) -> str:
    """ "Checked by the Center on D.M.YYYY" once someone did; until then "Information as of"."""
    check = check or item.checked
    if check is not None:
        return t("guides-checked", date=Safe(day_month_year(check.on)))
    return t("guides-as-of", **month_year(t, item.as_of))


def flag(guide: Guide, locale: str) -> str:
    """The emoji the editors put before the destination's name ("🇷🇺 Россия" -> "🇷🇺")."""
    head, _, rest = guide.title[locale].partition(" ")
    return head if rest and not any(ch.isalpha() for ch in head) else ""


# ---------------------------------------------------------------- destinations


def destinations_screen(
    store: ContentStore, t: Translator, locale: str, preferred: str | None
) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    dests = sorted(store.destinations(), key=lambda d: d != preferred)
    for dest in dests:
        guide = store.guide(dest)
        assert guide is not None
        builder.button(text=guide.title[locale], callback_data=GuideCb(a="d", d=dest))
    builder.button(text=t("guides-btn-search"), callback_data=GuideCb(a="q"))
    _home_row(builder, t)
    builder.adjust(*([1] * len(dests)), 2)
    return t("guides-title"), builder.as_markup()


def destination_screen(
    guide: Guide, t: Translator, locale: str
) -> tuple[str, InlineKeyboardMarkup]:
    text = "\n\n".join(
        [
            f"<b>{html.escape(guide.title[locale])}</b>",
            guide.intro[locale],
            t("guides-dest-as-of", **month_year(t, guide.as_of)),
            t("guides-choose-section"),
        ]
    )
    builder = InlineKeyboardBuilder()
    for section in guide.sections:
        builder.button(
            text=section.title[locale], callback_data=GuideCb(a="s", d=guide.dest, s=section.id)
        )
    builder.button(text=t("guides-btn-sos"), callback_data=SosCb(key=guide.dest))
    builder.button(text=t("guides-btn-download"), callback_data=GuideCb(a="dl", d=guide.dest))
    builder.button(text=t("guides-btn-search"), callback_data=GuideCb(a="q", d=guide.dest))
    _back(builder, t, GuideCb(a="list"))
    _home_row(builder, t)
    builder.adjust(*([1] * (len(guide.sections) + 2)), 1, 2)
    return text, builder.as_markup()


# ---------------------------------------------------------------- a section page


def section_pages(
    store: ContentStore,
    guide: Guide,
    section: Section,
    t: Translator,
    locale: str,
    check: Check | None = None,
) -> list[str]:
    """Every page of the section, each with the header and footer, ready to send."""
    header = f"{html.escape(guide.title[locale])} › <b>{html.escape(section.title[locale])}</b>"
    footer_base = "\n".join(
        [
            freshness(t, section, check),
            t("guides-sources", sources=Safe(sources_html(section.sources, locale))),
        ]
    )
    page_line = t("guides-page", page=99, total=99)
    overhead = utf16_len(header) + utf16_len(footer_base) + utf16_len(page_line) + 6
    limit = min(DEFAULT_LIMIT, TELEGRAM_TEXT_LIMIT - overhead - SAFETY_MARGIN)
    bodies = paginate(section.body[locale], limit)
    total = len(bodies)
    pages = []
    for number, body in enumerate(bodies, 1):
        footer = footer_base
        if total > 1:
            footer = t("guides-page", page=number, total=total) + "\n" + footer
        pages.append(f"{header}\n\n{body}\n\n{footer}")
    return pages


def section_screen(
    store: ContentStore,
    guide: Guide,
    section: Section,
    page: int,
    t: Translator,
    locale: str,
    check: Check | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    pages = section_pages(store, guide, section, t, locale, check)
    page = max(0, min(page, len(pages) - 1))
    builder = InlineKeyboardBuilder()
    version = short_version(store)
    rows: list[int] = []
    nav = 0
    if page > 0:
        builder.button(
            text=t("guides-btn-prev", page=page, total=len(pages)),
            callback_data=GuideCb(a="s", d=guide.dest, s=section.id, p=page - 1, v=version),
        )
        nav += 1
    if page < len(pages) - 1:
        builder.button(
            text=t("guides-btn-next", page=page + 2, total=len(pages)),
            callback_data=GuideCb(a="s", d=guide.dest, s=section.id, p=page + 1, v=version),
        )
        nav += 1
    if nav:
        rows.append(nav)
    for link in section.links:
        target = store.section(link.dest, link.section_id)
        if target is not None:  # the validator guarantees it; a reload may not have yet
            builder.button(
                text=t("guides-btn-link", title=target.title[locale]),
                callback_data=GuideCb(a="s", d=link.dest, s=target.id, v=version),
            )
            rows.append(1)
    before, after = guide.neighbours(section.id)
    between = 0
    for neighbour, label in (
        (before, "guides-btn-prev-section"),
        (after, "guides-btn-next-section"),
    ):
        if neighbour is not None:
            builder.button(
                text=t(label),
                callback_data=GuideCb(a="s", d=guide.dest, s=neighbour.id, v=version),
            )
            between += 1
    if between:
        rows.append(between)
    builder.button(text=t("guides-btn-ask"), callback_data=AskCb(source="guide"))
    _back(builder, t, GuideCb(a="d", d=guide.dest))
    _home_row(builder, t)
    builder.adjust(*rows, 1, 2)
    return pages[page], builder.as_markup()


# ---------------------------------------------------------------- download


def guide_document(
    store: ContentStore,
    guide: Guide,
    t: Translator,
    locale: str,
    today: date,
    checks: Mapping[str, Check],
) -> BufferedInputFile:
    labels = {
        key: t(f"guides-export-{key}")
        for key in ("contents", "sources", "emergency", "note", "generated")
    }

    def dated(key: str, item: Section | EmergencyCard) -> str:
        return freshness(t, item, checks.get(key))

    document = export_guide(store, guide.dest, locale, labels=labels, today=today, freshness=dated)
    return BufferedInputFile(document.encode("utf-8"), filename=f"jol-{guide.dest}-{locale}.html")


# ---------------------------------------------------------------- search


def search_prompt_screen(t: Translator, dest: str) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    _back(builder, t, GuideCb(a="d", d=dest) if dest else GuideCb(a="list"))
    _home_row(builder, t)
    builder.adjust(2)
    return t("guides-search-prompt"), builder.as_markup()


def results_screen(
    store: ContentStore, hits: list[Hit], query: str, t: Translator, locale: str
) -> tuple[list[str], InlineKeyboardMarkup]:
    """The results in parts ready to send (buttons go under the last): what was searched for
    is shown back whole and escaped, composed around the template, never a placeable in it."""
    builder = InlineKeyboardBuilder()
    version = short_version(store)
    for hit in hits:
        guide = store.guide(hit.dest)
        assert guide is not None
        label = f"{flag(guide, locale)} {hit.title}".strip()
        builder.button(
            text=label, callback_data=GuideCb(a="s", d=hit.dest, s=hit.section_id, v=version)
        )
    if hits:
        text = t("guides-search-results")
        builder.button(text=t("guides-btn-ask"), callback_data=AskCb(source="search"))
    else:
        text = t("guides-search-none")
        builder.button(text=t("guides-btn-ask"), callback_data=AskCb(source="search"))
        builder.button(
            text=t("guides-btn-book"),
            callback_data=BookCb(service="consultation", source="search"),
        )
    builder.button(text=t("guides-btn-search-again"), callback_data=GuideCb(a="q"))
    _home_row(builder, t)
    builder.adjust(1)
    return numbered(
        join_html(f"🔍 <i>{html.escape(query.strip())}</i>", text)
    ), builder.as_markup()


# ---------------------------------------------------------------- emergency card


def center_line(t: Translator, settings: Settings) -> str:
    """Where the Center is and when its consultants answer, from the one place each is kept
    (services.yaml ``place`` and ``center_hours``)."""
    return t("guides-sos-center", place=booking_place(t), schedule=schedule_text(t, settings))


def sos_screen(
    card: EmergencyCard,
    t: Translator,
    locale: str,
    check: Check | None = None,
    center: str = "",
) -> tuple[str, InlineKeyboardMarkup]:
    text = "\n\n".join(
        [
            f"<b>{html.escape(card.title[locale])}</b>",
            card.body[locale],
            *([center] if center else []),
            freshness(t, card, check)
            + "\n"
            + t("guides-sources", sources=Safe(sources_html(card.sources, locale))),
        ]
    )
    builder = InlineKeyboardBuilder()
    builder.button(text=t("guides-btn-ask"), callback_data=AskCb(source="sos"))
    builder.button(text=t("guides-btn-sos-other"), callback_data=SosCb(key="list"))
    _home_row(builder, t)
    builder.adjust(1)
    return text, builder.as_markup()


def sos_list_screen(
    store: ContentStore, t: Translator, locale: str
) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    for dest in store.destinations():
        guide = store.guide(dest)
        assert guide is not None
        builder.button(text=guide.title[locale], callback_data=SosCb(key=dest))
    _home_row(builder, t)
    builder.adjust(1)
    return t("guides-sos-choose"), builder.as_markup()


# ---------------------------------------------------------------- staff


def status_text(
    store: ContentStore,
    t: Translator,
    locale: str,
    loaded_at: str,
    overdue: list[tuple[str, str, date]],
    soon: list[tuple[str, str, date]],
    last_problems: int,
    checks: Mapping[str, Check],
    version: str | None = None,
    library: ContentLibrary | None = None,
) -> str:
    def items(rows: list[tuple[str, str, date]]) -> str:
        return "\n".join(
            t("guides-status-item", dest=d, section=s, date=format_date(when, locale))
            for d, s, when in rows
        )

    counts = ", ".join(
        f"{dest} {len(store.guides[dest].sections)}" for dest in store.destinations()
    )
    lines = [
        t("guides-status-title", version=version or store.version, loaded=loaded_at),
        t("guides-status-sections", counts=counts),
    ]
    unchecked = [
        (key, item)
        for key, item in store.iter_checkable()
        if checks.get(key) is None and item.checked is None
    ]
    checked = [
        (key, checks.get(key) or item.checked)
        for key, item in store.iter_checkable()
        if checks.get(key) is not None or item.checked is not None
    ]
    lines.append(t("guides-status-unchecked", count=len(unchecked)))
    lines += [
        t("guides-status-unchecked-item", item_key=key, **month_year(t, item.as_of))
        for key, item in unchecked
    ]
    # ⚠ facts change often: until someone checks the item, each one is a task of its own.
    to_check = [(key, fact) for key, item in unchecked for fact in item.to_check]
    if library is not None:
        # The Center's own hours (services.yaml) until someone at the Center confirms them.
        hours = library.services.center_hours
        to_check += [("services/center_hours", fact) for fact in hours.to_check]
    lines.append(t("guides-status-to-check", count=len(to_check)))
    lines += [t("guides-status-to-check-item", item_key=key, item=fact) for key, fact in to_check]
    lines.append(t("guides-status-checked", count=len(checked)))
    lines += [
        t("guides-status-checked-item", item_key=key, name=check.by, date=day_month_year(check.on))
        for key, check in checked
        if check is not None
    ]
    lines.append(t("guides-status-overdue", count=len(overdue)))
    if overdue:
        lines.append(Safe(items(overdue)))
    lines.append(t("guides-status-soon", count=len(soon)))
    if soon:
        lines.append(Safe(items(soon)))
    if library is not None:
        # Reminders rest on sources too: the month of those sources, as for a section.
        campaigns = library.campaigns.campaigns
        lines.append(t("guides-status-campaigns", count=len(campaigns)))
        lines += [
            t("guides-status-campaign-item", item_key=c.id, **month_year(t, c.as_of))
            if c.checked is None
            else t(
                "guides-status-campaign-checked",
                item_key=c.id,
                **month_year(t, c.as_of),
                date=day_month_year(c.checked),
            )
            for c in campaigns
            if c.as_of is not None
        ]
    if last_problems:
        lines.append(t("guides-status-last-failed", count=last_problems))
    return "\n".join(lines)


def find_checkable(store: ContentStore, argument: str) -> str | None:
    """The check key staff mean: ``russia/entry_ban``, ``sos/russia`` or a unique section id."""
    wanted = argument.strip().lower().replace(" ", "")
    keys = [key for key, _ in store.iter_checkable()]
    if wanted in keys:
        return wanted
    # Also accept the deep-link spelling (g_russia_entry_ban / russia_entry_ban).
    wanted = wanted.removeprefix("g_")
    for dest in (*store.destinations(), SOS_KEY):
        if wanted.startswith(dest + "_") and check_key(dest, wanted[len(dest) + 1 :]) in keys:
            return check_key(dest, wanted[len(dest) + 1 :])
    matches = [
        key for key in keys if key.split("/", 1)[1] == wanted and not key.startswith("sos/")
    ]
    return matches[0] if len(matches) == 1 else None
