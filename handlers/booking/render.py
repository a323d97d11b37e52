"""Texts shared by the booking screens, notices and reminders (times in the Center's zone)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.i18n import Safe, Translator, escape
from content.library import current
from content.services import ServiceCatalog, ServiceInfo
from db.models import Booking

STATUS_ICONS = {
    "requested": "🕓",
    "confirmed": "✅",
    "waiting": "⏳",
    "offered": "🎟",
    "declined": "❌",
    "cancelled": "✖",
    "expired": "⌛",
    "attended": "✔️",
    "no_show": "🚫",
}


def services() -> ServiceCatalog:
    """The services of the content library this update (or job run) reads."""
    return current().services


def epoch_minutes(moment: datetime) -> int:
    return int(moment.timestamp() // 60)


def from_epoch_minutes(value: int) -> datetime | None:
    if not 0 < value < 10**9:  # forged data would overflow datetime
        return None
    return datetime.fromtimestamp(value * 60, tz=UTC)


def service_name(t: Translator, info: ServiceInfo | None, key: str = "") -> str:
    if info is None:
        return key
    return info.name.get(t.locale) or info.name["en"]


def weekday_short(t: Translator, day: date) -> str:
    return t("booking-weekday", day=day.weekday())


def fmt_day(t: Translator, day: date) -> str:
    """'Tue, 15.12' — short enough for a button."""
    return f"{weekday_short(t, day)}, {day:%d.%m}"


def fmt_date(t: Translator, day: date) -> str:
    return f"{weekday_short(t, day)}, {day:%d.%m.%Y}"


def fmt_time(moment: datetime, tz: ZoneInfo) -> str:
    return f"{moment.astimezone(tz):%H:%M}"


def fmt_when(t: Translator, moment: datetime, tz: ZoneInfo) -> str:
    local = moment.astimezone(tz)
    return f"{fmt_date(t, local.date())}, {local:%H:%M}"


def month_title(t: Translator, year: int, month: int) -> str:
    name = t("booking-month", month=month)
    return f"{name} {year}"


def place(t: Translator) -> str:
    catalog = services()
    return catalog.place.get(t.locale) or catalog.place["en"]


def languages(t: Translator, info: ServiceInfo) -> str:
    return ", ".join(t("booking-language", code=code) for code in info.languages)


def service_card(t: Translator, info: ServiceInfo) -> str:
    """Name, what it is, how long, where, in which languages, what to bring."""
    bring = "\n".join(f"• {escape(item)}" for item in info.bring.get(t.locale) or ())
    return t(
        "booking-service-card",
        name=service_name(t, info),
        description=info.description.get(t.locale, ""),
        minutes=info.minutes,
        capacity=info.capacity,
        place=place(t),
        languages=languages(t, info),
        bring=Safe(bring),
    )


def booking_summary(t: Translator, booking: Booking, tz: ZoneInfo) -> str:
    """The lines a person sees about one of their bookings."""
    info = services().get(booking.service)
    return t(
        "booking-summary",
        code=booking.code,
        service=service_name(t, info, booking.service),
        when=fmt_when(t, booking.starts_at, tz),
        place=place(t),
        status=status_text(t, booking.status),
        icon=STATUS_ICONS.get(booking.status, ""),
    )


def status_text(t: Translator, status: str) -> str:
    return t("booking-status", status=status)


def bring_line(t: Translator, service: str) -> str:
    info = services().get(service)
    items = info.bring.get(t.locale) if info else None
    return t("booking-bring", items=", ".join(items)) if items else ""


def staff_line(t: Translator, booking: Booking, tz: ZoneInfo) -> str:
    """One line of a coordinator's day list."""
    info = services().get(booking.service)
    return t(
        "booking-staff-line",
        icon=STATUS_ICONS.get(booking.status, ""),
        time=fmt_time(booking.starts_at, tz),
        service=service_name(t, info, booking.service),
        code=booking.code,
        name=booking.name,
        phone=booking.phone or "—",
    )


def reason_text(t: Translator, stored: str | None) -> str:
    """Preset reasons are stored as '@key' so each reader gets them in their own language."""
    if not stored:
        return ""
    if stored.startswith("@"):
        return t(f"booking-reason-{stored[1:]}")
    return stored
