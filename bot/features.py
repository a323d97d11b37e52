"""What a feature is, as data: its routers, jobs, deep links, digest sections and personal data.

Each `handlers/<feature>/` package exposes `FEATURE = Feature(...)`; `handlers/__init__.py`
holds the one ordered `FEATURES` tuple; `bot/runtime.py:build_runtime` reads it at start-up.
Nothing registers itself anywhere when a module is imported: a feature's parts reach the
running bot only because the runtime was given the feature.

Routers: `Feature.routers()` builds FRESH routers on every call (a test process builds many
dispatchers). It returns either a list (all at `Stage.FEATURES`) or a mapping of stages to
lists, for features that also need a router before every dialogue (the /menu and /sos
commands) or a catch-all after every feature (the guides' free-text search, the fallback).
Within a stage, routers go in `FEATURES` order.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum
from typing import TYPE_CHECKING, Any, Protocol

from aiogram import Router
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.privacy import PersonalData

if TYPE_CHECKING:
    from aiogram import Bot
    from apscheduler.triggers.base import BaseTrigger

    from bot.config import Settings
    from bot.i18n import Catalog, Translator
    from bot.sender import Pacer
    from content.library import ContentHolder


class Stage(IntEnum):
    """Where a router sits in the root router; updates try lower stages first."""

    ERRORS = 0  # the error handler (sees no updates)
    FRONT = 1  # commands that work in the middle of any dialogue: /menu, /sos, onboarding
    FEATURES = 2  # the features' own screens and dialogues
    FREE_TEXT = 3  # text typed outside any dialogue (the guides' search)
    CATCH_ALL = 4  # what nothing else took: "coming soon" menu items, the fallback
    GROUPS = 5  # what groups send (handlers/groups.py)


Routes = Sequence[Router] | Mapping[Stage, Sequence[Router]]


def no_routers() -> list[Router]:
    return []


# ---------------------------------------------------------------- background jobs


class JobContext(Protocol):
    """What a job may use: the runtime's long-lived objects (bot/runtime.py:Runtime)."""

    @property
    def bot(self) -> Bot: ...
    @property
    def settings(self) -> Settings: ...
    @property
    def sessionmaker(self) -> async_sessionmaker[AsyncSession]: ...
    @property
    def catalog(self) -> Catalog: ...
    @property
    def pacer(self) -> Pacer: ...
    @property
    def content(self) -> ContentHolder: ...

    async def wake_outbox(self) -> None: ...


# One run of a job. It returns a count (or True) when it queued messages; the scheduler then
# wakes the outbox sender (bot/background.py, the one place that does), so they go out now
# rather than at the sender's next poll.
JobRun = Callable[[], Awaitable[int | bool | None]]
# Seconds a run may start late: a number, None (any time), or computed from the settings.
Grace = int | None | Callable[["Settings"], int | None]


@dataclass(frozen=True)
class JobSpec:
    """A scheduled job, run by the runtime's one APScheduler (bot/background.py).

    `bind` is called once per runtime and returns what each run awaits (a job that keeps state
    between runs, like the broadcast feeder, builds it there); `job()` makes a stateless one.
    `trigger` builds the APScheduler trigger from the settings (intervals and hours are
    settings). `start_now` also runs it once at start-up. `misfire_grace_time`: how late a run
    may start (APScheduler's default of 1 s would drop runs under load; None: any time).
    """

    id: str
    trigger: Callable[[Settings], BaseTrigger]
    bind: Callable[[JobContext], JobRun]
    misfire_grace_time: Grace = 60
    start_now: bool = False

    def grace(self, settings: Settings) -> int | None:
        grace = self.misfire_grace_time
        return grace(settings) if callable(grace) else grace


def job(
    id: str,
    trigger: Callable[[Settings], BaseTrigger],
    run: Callable[[JobContext], Awaitable[int | bool | None]],
    *,
    misfire_grace_time: Grace = 60,
    start_now: bool = False,
) -> JobSpec:
    """A job without state of its own: each run calls `run(runtime)`."""
    return JobSpec(id, trigger, lambda ctx: lambda: run(ctx), misfire_grace_time, start_now)


# ---------------------------------------------------------------- deep links

# The opener gets the /start message, the argument after the prefix ("" if none) and the
# handler data (t, user, session, state, bot, settings, ...). It returns False when the
# argument is unknown, and /start then shows the main menu with a short notice.
Opener = Callable[[Message, str, dict[str, Any]], Awaitable[bool]]


@dataclass(frozen=True)
class DeepLink:
    """`t.me/<bot>?start=<prefix>_<argument>` opens `opener` (handlers/deeplinks.py)."""

    prefix: str
    opener: Opener
    needs_profile: bool = False  # True: open only after onboarding finished


# ---------------------------------------------------------------- the coordinators' digest


@dataclass(frozen=True)
class DigestWindow:
    start: datetime  # UTC, inclusive
    end: datetime  # UTC, exclusive
    day: date  # the Center's local date the digest is for


# Ready Telegram HTML in the coordinator's language (via `t`), or None: nothing to report.
ComposeSection = Callable[[AsyncSession, "Translator", DigestWindow], Awaitable[str | None]]


@dataclass(frozen=True)
class DigestSection:
    """A section of the coordinators' daily digest (bot/workers/digest.py); lower order first."""

    name: str
    compose: ComposeSection
    order: int = 100


# ---------------------------------------------------------------- web pages


@dataclass(frozen=True)
class WebPages:
    """A feature's web pages (the staff console). `url(settings)` is their public address;
    `build(runtime)` makes the aiohttp application (called once per server). Webhook mode
    mounts it on the webhook server at the URL's path, polling mode serves it on a side
    server at the URL's host and port, the playground on its own page's server."""

    url: Callable[[Settings], str]
    build: Callable[[Any], Any]  # (Runtime) -> aiohttp.web.Application


# ---------------------------------------------------------------- the feature


@dataclass(frozen=True)
class Feature:
    name: str
    routers: Callable[[], Routes] = no_routers
    # Chat scopes declared on each of the feature's routers (bot.filters.declare_scope);
    # () when its routers declare their own (errors, groups).
    scopes: tuple[str, ...] = ("private",)
    jobs: tuple[JobSpec, ...] = ()
    deep_links: tuple[DeepLink, ...] = ()
    digest_sections: tuple[DigestSection, ...] = ()
    personal_data: tuple[PersonalData, ...] = ()
    web: WebPages | None = None
    # Prefixes of its keys in locales/*.ftl ("booking-"), for finding a feature's texts.
    text_prefixes: tuple[str, ...] = field(default=())

    def staged_routers(self) -> dict[Stage, list[Router]]:
        built = self.routers()
        if isinstance(built, Mapping):
            return {stage: list(routers) for stage, routers in built.items()}
        return {Stage.FEATURES: list(built)}


# ---------------------------------------------------------------- reading a feature list


def deep_links_of(features: Iterable[Feature]) -> dict[str, DeepLink]:
    links: dict[str, DeepLink] = {}
    for feature in features:
        for link in feature.deep_links:
            if link.prefix in links:
                raise ValueError(f"deep link prefix {link.prefix!r} is declared twice")
            links[link.prefix] = link
    return links


def digest_sections_of(features: Iterable[Feature]) -> list[DigestSection]:
    sections = [s for feature in features for s in feature.digest_sections]
    return sorted(sections, key=lambda s: s.order)


def personal_data_of(features: Iterable[Feature]) -> tuple[PersonalData, ...]:
    """Every feature's personal-data sections, in feature order (erased in reverse)."""
    return tuple(p for feature in features for p in feature.personal_data)


def jobs_of(features: Iterable[Feature]) -> list[JobSpec]:
    jobs = [job for feature in features for job in feature.jobs]
    ids = [job.id for job in jobs]
    if len(ids) != len(set(ids)):
        raise ValueError(f"job ids declared twice: {sorted({i for i in ids if ids.count(i) > 1})}")
    return jobs


__all__ = [
    "DeepLink",
    "DigestSection",
    "DigestWindow",
    "Feature",
    "JobContext",
    "JobSpec",
    "Opener",
    "Stage",
    "WebPages",
    "deep_links_of",
    "digest_sections_of",
    "job",
    "jobs_of",
    "personal_data_of",
]
