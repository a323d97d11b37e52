"""Which onboarding step a person is at, from what is already saved — so /start resumes and
never asks again for what we know."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Step(StrEnum):
    LANGUAGE = "language"
    CONSENT = "consent"
    SITUATION = "situation"
    DESTINATION = "destination"
    DATE = "date"
    DONE = "done"


ORDER = (Step.LANGUAGE, Step.CONSENT, Step.SITUATION, Step.DESTINATION, Step.DATE, Step.DONE)


@dataclass(frozen=True)
class Progress:
    locale: str | None
    consent_at: datetime | None
    consent_declined_at: datetime | None
    situation: str | None
    destination: str | None
    onboarded_at: datetime | None


def next_step(p: Progress | None) -> Step:
    if p is None or p.locale is None:
        return Step.LANGUAGE
    if p.consent_at is None:
        # Declining is a complete answer: the person reads anonymously and is not asked again
        # until they choose to share their situation from the menu.
        return Step.DONE if p.consent_declined_at is not None else Step.CONSENT
    if p.situation is None:
        return Step.SITUATION
    if p.destination is None:
        return Step.DESTINATION
    if p.onboarded_at is None:
        return Step.DATE
    return Step.DONE


def previous_step(step: Step) -> Step:
    index = ORDER.index(step)
    return ORDER[max(index - 1, 0)]


def date_field(situation: str) -> str:
    return {"planning": "departure_date", "abroad": "arrival_date", "returned": "return_date"}[
        situation
    ]


def days_between(a: date, b: date) -> int:
    return (b - a).days


def destination_label(destination: str, situation: str) -> str:
    """The locale key of a country button. "Other / not decided" fits only someone still
    planning; someone working abroad or back home knows the country: "Another country"."""
    if destination == "other" and situation != "planning":
        return "destination-other-country"
    return f"destination-{destination}"
