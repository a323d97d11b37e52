"""Lifecycle reminder campaigns as data (`content/campaigns.yaml`), loaded and validated.

Staff change what is sent, when and to whom by editing the YAML; no code changes. The file is
validated as a whole: `parse_campaigns` returns a complete set or raises `CampaignError` listing
every problem, so a typo never silently drops a reminder. The file is part of the content
library (content/library.py); read the current set as `content.library.current().campaigns`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from content.tghtml import check as check_html
from domain.profile import Destination, Situation
from domain.reminders import ANCHOR_FIELDS, EventRule

log = logging.getLogger("jol.campaigns")

LOCALES = ("ky", "ru", "en")
# Entry points of other features a reminder may offer (see docs/CONVENTIONS.md).
MENU_TARGETS = frozenset({"guides", "check", "booking", "sos", "ask", "settings"})
BOOK_SERVICES = frozenset({"orientation", "consultation", "certification", "reintegration"})
ASK_TOPICS = frozenset({"documents", "wages", "police", "health", "contract", "return", "other"})
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,15}$")  # short: it travels in callback data
_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
TEXT_LIMIT = 3000  # leaves room for a question and the footer within Telegram's 4096
LABEL_LIMIT = 40


class CampaignError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} campaign problem(s):\n" + "\n".join(problems))
        self.problems = problems


Texts = Mapping[str, str]


@dataclass(frozen=True)
class Button:
    kind: str  # menu | book | ask
    target: str  # menu item, booking service or ask topic


@dataclass(frozen=True)
class Answer:
    id: str
    label: Texts
    alert: bool = False  # tell coordinators (through the outbox) and the daily digest
    offer: str | None = None  # a booking service offered after the survey


@dataclass(frozen=True)
class Question:
    id: str
    text: Texts
    answers: tuple[Answer, ...]

    def answer(self, index: int) -> Answer | None:
        return self.answers[index] if 0 <= index < len(self.answers) else None


@dataclass(frozen=True)
class CampaignSource:
    """Where a reminder's facts come from, as for a guide section: an outlet + id
    (``24.kg 309863``) or an official page; the URL only where it was checked."""

    title: str
    url: str | None = None


@dataclass(frozen=True)
class Campaign:
    rule: EventRule
    title: Texts
    text: Texts
    buttons: tuple[Button, ...] = ()
    survey: tuple[Question, ...] = ()
    # Like a guide section: the sources the message rests on, the date of those sources
    # ("as of") and when a named staff member last checked them against the official page
    # (None until someone does). A reminder states deadlines people act on: no source, no send.
    sources: tuple[CampaignSource, ...] = ()
    as_of: date | None = None
    checked: date | None = None

    @property
    def id(self) -> str:
        return self.rule.id

    def question(self, index: int) -> Question | None:
        return self.survey[index] if 0 <= index < len(self.survey) else None


@dataclass(frozen=True)
class CampaignSet:
    campaigns: tuple[Campaign, ...]
    version: str  # hash of the file: a changed file re-plans everyone
    by_id: Mapping[str, Campaign] = field(default_factory=dict)

    @property
    def rules(self) -> list[EventRule]:
        return [c.rule for c in self.campaigns]

    def get(self, campaign_id: str) -> Campaign | None:
        return self.by_id.get(campaign_id)


def parse_campaigns(raw: Any, version: str = "test") -> CampaignSet:
    problems: list[str] = []
    items = raw.get("campaigns") if isinstance(raw, Mapping) else None
    if not isinstance(items, list) or not items:
        raise CampaignError(["top level needs a non-empty `campaigns:` list"])
    campaigns: list[Campaign] = []
    for index, item in enumerate(items):
        where = f"campaigns[{index}]"
        if isinstance(item, Mapping) and isinstance(item.get("id"), str):
            where = f"campaign {item['id']!r}"
        campaign = _campaign(item, where, problems)
        if campaign is not None:
            campaigns.append(campaign)
    ids = [c.id for c in campaigns]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"campaign {dup!r}: id used twice")
    if problems:
        raise CampaignError(problems)
    return CampaignSet(tuple(campaigns), version, {c.id: c for c in campaigns})


_KEYS = {
    "id", "situation", "anchor", "offset_days", "time", "destinations",
    "except_destinations", "title", "text", "buttons", "survey", "sources", "as_of", "checked",
}  # fmt: skip


def _campaign(item: Any, where: str, problems: list[str]) -> Campaign | None:
    if not isinstance(item, Mapping):
        problems.append(f"{where}: must be a mapping")
        return None
    before = len(problems)
    for key in sorted(set(item) - _KEYS):
        problems.append(f"{where}: unknown key {key!r}")
    cid = item.get("id")
    if not isinstance(cid, str) or not _ID_RE.match(cid):
        problems.append(f"{where}: id must be 1-16 characters of a-z, 0-9 and -")
    situation = item.get("situation")
    if situation not in Situation._value2member_map_:
        problems.append(f"{where}: situation must be one of {', '.join(Situation)}")
    anchor = item.get("anchor")
    if anchor not in ANCHOR_FIELDS:
        problems.append(f"{where}: anchor must be one of {', '.join(ANCHOR_FIELDS)}")
    offset = item.get("offset_days")
    if not isinstance(offset, int) or isinstance(offset, bool) or not -400 <= offset <= 800:
        problems.append(f"{where}: offset_days must be a whole number of days (-400..800)")
    at = _time(item.get("time"), where, problems)
    dests = _destinations(item.get("destinations"), f"{where}: destinations", problems)
    excluded = _destinations(
        item.get("except_destinations"), f"{where}: except_destinations", problems
    )
    title = _texts(item.get("title"), f"{where}: title", problems, limit=60)
    text = _texts(item.get("text"), f"{where}: text", problems, limit=TEXT_LIMIT)
    buttons = _buttons(item.get("buttons"), where, problems)
    survey = _survey(item.get("survey"), where, problems)
    sources = _sources(item.get("sources"), where, problems)
    as_of, checked = _dates(item, where, problems)
    if len(problems) > before:
        return None
    rule = EventRule(
        id=str(cid),
        situation=str(situation),
        anchor=str(anchor),
        offset_days=int(offset),  # type: ignore[arg-type]
        at=at or time(10),
        destinations=dests,
        except_destinations=excluded or frozenset(),
    )
    return Campaign(rule, title, text, buttons, survey, sources, as_of, checked)


def _sources(value: Any, where: str, problems: list[str]) -> tuple[CampaignSource, ...]:
    if not isinstance(value, list) or not value:
        problems.append(f"{where}: sources must list at least one source (title, optional url)")
        return ()
    out: list[CampaignSource] = []
    for i, raw in enumerate(value):
        title = raw.get("title") if isinstance(raw, Mapping) else None
        url = raw.get("url") if isinstance(raw, Mapping) else None
        if not isinstance(title, str) or not title.strip():
            problems.append(f"{where}: sources[{i}] needs a title")
            continue
        if url is not None and (not isinstance(url, str) or not url.startswith("https://")):
            problems.append(f"{where}: sources[{i}] url must start with https://")
            continue
        if isinstance(raw, Mapping) and set(raw) - {"title", "url"}:
            problems.append(f"{where}: sources[{i}] has keys other than title and url")
            continue
        out.append(CampaignSource(title.strip(), url))
    return tuple(out)


def _dates(item: Mapping[str, Any], where: str, problems: list[str]) -> tuple[date, date | None]:
    """`as_of` (required) and `checked` (optional), both YYYY-MM-DD, checked not before as_of."""
    as_of = item.get("as_of")
    if not isinstance(as_of, date):
        problems.append(f"{where}: as_of must be the date of its sources (YYYY-MM-DD)")
        as_of = date.min
    checked = item.get("checked")
    if checked is not None and not isinstance(checked, date):
        problems.append(f"{where}: checked must be a date (YYYY-MM-DD) or left out")
        checked = None
    if checked is not None and checked < as_of:
        problems.append(f"{where}: checked {checked} is before as_of {as_of}")
    return as_of, checked


def _time(value: Any, where: str, problems: list[str]) -> time | None:
    match = _TIME_RE.match(value) if isinstance(value, str) else None
    if match is None:
        problems.append(f'{where}: time must be local "HH:MM" in quotes, e.g. "10:00"')
        return None
    return time(int(match.group(1)), int(match.group(2)))


def _destinations(value: Any, where: str, problems: list[str]) -> frozenset[str] | None:
    if value is None:
        return None
    known = set(Destination._value2member_map_)
    if not isinstance(value, list) or not value or not all(v in known for v in value):
        problems.append(f"{where}: a list of {', '.join(Destination)}")
        return None
    return frozenset(value)


def _texts(value: Any, where: str, problems: list[str], limit: int) -> Texts:
    if not isinstance(value, Mapping):
        problems.append(f"{where}: needs ky, ru and en")
        return {}
    out: dict[str, str] = {}
    for locale in LOCALES:
        text = value.get(locale)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: {locale} is missing")
            continue
        text = text.strip()
        if len(text) > limit:
            problems.append(f"{where}: {locale} is longer than {limit} characters")
        problems.extend(f"{where}: {locale}: {p}" for p in check_html(text))
        out[locale] = text
    for extra in sorted(set(value) - set(LOCALES)):
        problems.append(f"{where}: unknown language {extra!r}")
    return out


def _buttons(value: Any, where: str, problems: list[str]) -> tuple[Button, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or len(value) > 4:
        problems.append(f"{where}: buttons must be a list of at most 4")
        return ()
    out: list[Button] = []
    allowed = {"menu": MENU_TARGETS, "book": BOOK_SERVICES, "ask": ASK_TOPICS}
    for i, item in enumerate(value):
        if not isinstance(item, Mapping) or len(item) != 1:
            problems.append(f"{where}: buttons[{i}] must be one of menu: / book: / ask:")
            continue
        ((kind, target),) = item.items()
        if kind not in allowed or target not in allowed[kind]:
            options = ", ".join(sorted(allowed.get(kind, allowed)))
            problems.append(f"{where}: buttons[{i}] {kind}: {target!r} (choose from {options})")
            continue
        out.append(Button(kind, target))
    return tuple(out)


def _survey(value: Any, where: str, problems: list[str]) -> tuple[Question, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not 1 <= len(value) <= 5:
        problems.append(f"{where}: survey must be a list of 1-5 questions")
        return ()
    questions: list[Question] = []
    for qi, raw in enumerate(value):
        qwhere = f"{where}: survey[{qi}]"
        if not isinstance(raw, Mapping):
            problems.append(f"{qwhere}: must be a mapping with id, text, answers")
            continue
        qid = raw.get("id")
        if not isinstance(qid, str) or not _ID_RE.match(qid):
            problems.append(f"{qwhere}: id must be 1-16 characters of a-z, 0-9 and -")
        text = _texts(raw.get("text"), f"{qwhere}: text", problems, limit=500)
        answers: list[Answer] = []
        raw_answers = raw.get("answers")
        if not isinstance(raw_answers, list) or not 2 <= len(raw_answers) <= 4:
            problems.append(f"{qwhere}: answers must be a list of 2-4")
            raw_answers = []
        for ai, ans in enumerate(raw_answers):
            awhere = f"{qwhere}: answers[{ai}]"
            if not isinstance(ans, Mapping):
                problems.append(f"{awhere}: must be a mapping with id and label")
                continue
            aid = ans.get("id")
            if not isinstance(aid, str) or not _ID_RE.match(aid):
                problems.append(f"{awhere}: id must be 1-16 characters of a-z, 0-9 and - "
                                '(quote "yes" and "no")')  # fmt: skip
            label = _texts(ans.get("label"), f"{awhere}: label", problems, limit=LABEL_LIMIT)
            offer = ans.get("offer")
            if offer is not None and offer not in BOOK_SERVICES:
                services = ", ".join(sorted(BOOK_SERVICES))
                problems.append(f"{awhere}: offer must be one of {services}")
            alert = ans.get("alert", False)
            if not isinstance(alert, bool):
                problems.append(f"{awhere}: alert must be true or false")
            answers.append(Answer(str(aid), label, bool(alert), offer))
        questions.append(Question(str(qid), text, tuple(answers)))
    return tuple(questions)
