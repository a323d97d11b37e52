"""Ask the Center's application services: what receiving a person's message, taking, giving,
answering and closing a case DO, apart from how it is shown.

Each function takes a `Context` (the update's session, catalog, settings, who acts) and returns
an outcome dataclass; no aiogram types. Handlers (person.py, staff.py, forum.py) map outcomes
to screens; messages to other chats (the person, consultants, the forum topic) are queued in
the outbox here, in the caller's transaction.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Catalog
from db.models import Case, CaseMessage
from db.queries.cases import (
    Incoming,
    add_person_message,
    add_staff_reply,
    apply_event,
    assign,
)
from db.queries.outbox import Receipt
from db.queries.users import audit
from db.types import utcnow
from domain.cases import CaseStatus, Event, TransitionError, should_acknowledge
from handlers.ask import forum
from handlers.ask.notify import (
    alert_new_case,
    deliver_reply,
    notify_assigned,
    ping_assignee,
    tell_assignee_person_closed,
    tell_person_closed,
    tell_person_taken,
)


@dataclass(frozen=True)
class Context:
    session: AsyncSession
    catalog: Catalog
    settings: Settings
    actor_id: int  # the person or the consultant who acts


@dataclass(frozen=True)
class Source:
    """Where a message was written (copied into the forum topic)."""

    chat_id: int
    message_id: int


# ---------------------------------------------------------------- outcomes


@dataclass(frozen=True)
class Received:
    """The person's message is stored. `acknowledge`: tell them (at most once a minute, and
    always for a new case); `alerted`: consultants alerted about a new case."""

    case: Case
    created: bool
    alerted: list[int]
    acknowledge: bool


@dataclass(frozen=True)
class Taken:
    case: Case


@dataclass(frozen=True)
class AlreadyTaken:
    pass


@dataclass(frozen=True)
class Assigned:
    case: Case
    to: int


@dataclass(frozen=True)
class Answered:
    message: CaseMessage


@dataclass(frozen=True)
class Closed:
    case: Case


@dataclass(frozen=True)
class AlreadyClosed:
    case: Case


# ---------------------------------------------------------------- the person


async def receive(
    c: Context, case: Case, incoming: Incoming, source: Source | None, *, created: bool
) -> Received:
    """Store a person's message in their (locked) case, mirror it into the case's topic, and
    alert consultants of a new case or ping the assignee of an open one."""
    await add_person_message(c.session, case, incoming)
    if source is not None:
        # The case row is locked: the topic job either saw this message or recorded the topic
        # first; without a topic the job copies it later.
        await forum.copy_in(c.session, case, source.chat_id, source.message_id)
    alerted: list[int] = []
    if created:
        alerted = await alert_new_case(c.session, c.catalog, c.settings, case, incoming)
    else:
        await ping_assignee(c.session, c.catalog, c.settings, case)
    now = utcnow()
    acknowledge = created or should_acknowledge(case.person_acked_at, case.last_staff_at, now)
    if acknowledge:
        case.person_acked_at = now
    return Received(case, created, alerted, acknowledge)


async def close_by_person(c: Context, case: Case) -> Closed:
    """The person's question is solved. Closed meanwhile by the Center: the same result."""
    with contextlib.suppress(TransitionError):
        await apply_event(c.session, case, Event.CLOSE, c.actor_id)
    await tell_assignee_person_closed(c.session, c.catalog, c.settings, case)
    t = forum.forum_translator(c.catalog, c.settings)
    await forum.post(c.session, case, t("ask-forum-person-closed", number=str(case.id)))
    return Closed(case)


# ---------------------------------------------------------------- consultants


async def take(c: Context, case: Case) -> Taken | AlreadyTaken:
    """The consultant takes a case nobody holds; the person hears that someone is on it."""
    was_new = case.status == CaseStatus.NEW.value
    taken = await assign(c.session, case.id, c.actor_id, only_if_free=True)
    if taken is None:
        return AlreadyTaken()
    await audit(c.session, "case.take", c.actor_id, target=f"case:{case.id}")
    if was_new:
        await tell_person_taken(c.session, c.catalog, taken)
    return Taken(taken)


async def assign_to(c: Context, case: Case, target: int) -> Assigned | AlreadyClosed:
    was_new = case.status == CaseStatus.NEW.value
    updated = await assign(c.session, case.id, target, only_if_free=False)
    if updated is None:
        return AlreadyClosed(case)
    await audit(c.session, "case.assign", c.actor_id, target=f"case:{case.id}", to=str(target))
    await notify_assigned(c.session, c.catalog, c.settings, updated, by=c.actor_id)
    if was_new:
        await tell_person_taken(c.session, c.catalog, updated)
    return Assigned(updated, target)


async def answer(
    c: Context,
    case: Case,
    incoming: Incoming,
    *,
    receipt: Callable[[CaseMessage], Receipt] | None,
    source: Source | None,
) -> Answered | AlreadyClosed:
    """A consultant's answer goes to the person through the outbox (`receipt`: who is told
    once it is delivered or failed), and into the case's topic when given elsewhere."""
    if case.status == CaseStatus.CLOSED.value:
        return AlreadyClosed(case)
    stored = await add_staff_reply(c.session, case, c.actor_id, incoming)
    tell = receipt(stored) if receipt is not None else None
    await deliver_reply(c.session, c.catalog, case, stored, tell=tell)
    await audit(c.session, "case.reply", c.actor_id, target=f"case:{case.id}")
    if source is not None:
        await forum.mirror_reply(
            c.session, c.settings, c.catalog, case, incoming, source.chat_id, source.message_id
        )
    return Answered(stored)


async def close(c: Context, case: Case, note: str | None) -> Closed | AlreadyClosed:
    """A consultant closes the case (with a note for colleagues); the person is told."""
    try:
        await apply_event(c.session, case, Event.CLOSE, c.actor_id, note)
    except TransitionError:
        return AlreadyClosed(case)
    await audit(c.session, "case.close", c.actor_id, target=f"case:{case.id}")
    await tell_person_closed(c.session, c.catalog, case)
    return Closed(case)
