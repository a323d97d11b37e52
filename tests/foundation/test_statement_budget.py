"""SQL statements and database round trips of the most used screens, counted, never timed.

The screens are the ones `bench/updates.py` shows people use most (its per-handler table):
onboarding, the main menu, guides, booking, settings, reminders, SOS, the job-offer check,
"Ask the Center" and search. Each step goes through the real dispatcher on both databases and
must cost exactly what `BUDGET` says: a change that adds a statement or a round trip to a hot
screen fails here and has to say so by changing the table (a change that saves one updates it
too). The counts are printed (`pytest -s`) so the table is easy to refresh.

Round trips = SQL statements + the transaction's BEGIN and COMMIT/ROLLBACK + connection pings.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from db.clock import Clock
from tests.foundation.helpers import counting, press
from tests.harness import Harness

# step -> (SQL statements, round trips), the same on SQLite and PostgreSQL.
BUDGET: dict[str, tuple[int, int]] = {
    "/start (new person)": (2, 4),
    "language": (3, 5),  # the new row comes back from its INSERT (db/queries/users.py)
    "consent": (3, 5),
    "situation": (3, 5),
    "destination": (3, 5),
    "skip the date": (3, 5),
    "/menu": (1, 3),
    "menu: guides": (1, 3),
    "guides: a destination": (1, 3),
    "guides: a section": (2, 4),  # + the recorded content check (honest "checked" line)
    "home": (1, 3),
    "menu: check a job offer": (2, 4),
    "check: first question": (2, 4),
    "menu: booking": (2, 4),
    "booking: a service": (7, 9),
    "booking: a day": (5, 7),
    "menu: reminders": (6, 8),
    "menu: SOS": (2, 4),  # + the recorded content check of the emergency card
    "menu: settings": (1, 3),
    "menu: ask the Center": (4, 6),
    "search typed as text": (1, 3),
}


@pytest.mark.no_background  # nothing but the updates may touch the database meanwhile
async def test_hot_screens_cost_no_more_statements_than_budgeted(
    jol: Harness, clock: Clock
) -> None:
    # Midday at the Center: a conversation row written earlier today is not written again
    # (db/fsm_storage.py), so the counts depend on the day not changing during the run.
    clock.travel(datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Asia/Bishkek")))
    u = await jol.user("en", "Aida")

    def click(prefix: str) -> Callable[[], Awaitable[None]]:
        return lambda: press(jol, u, prefix)

    def send(text: str) -> Callable[[], Awaitable[None]]:
        return lambda: jol.send(u, text)

    steps: list[tuple[str, Callable[[], Awaitable[None]]]] = [
        ("/start (new person)", lambda: jol.start(u)),
        ("language", click("lang:en")),
        ("consent", click("ob:consent:yes")),
        ("situation", click("ob:situation:")),
        ("destination", click("ob:destination:russia")),
        ("skip the date", click("ob:skip:")),
        ("/menu", send("/menu")),
        ("menu: guides", click("m:guides")),
        ("guides: a destination", click("gd:d:")),
        ("guides: a section", click("gd:s:")),
        ("home", click("m:home")),
        ("menu: check a job offer", click("m:check")),
        ("check: first question", click("ck:start")),
        ("/menu", send("/menu")),
        ("menu: booking", click("m:booking")),
        ("booking: a service", click("book:")),
        ("booking: a day", click("bk:day:")),
        ("home", click("m:home")),
        ("menu: reminders", click("m:reminders")),
        ("home", click("m:home")),
        ("menu: SOS", click("m:sos")),
        ("home", click("m:home")),
        ("menu: settings", click("m:settings")),
        ("home", click("m:home")),
        ("menu: ask the Center", click("m:ask")),
        ("search typed as text", send("/menu")),
    ]
    measured: dict[str, tuple[int, int]] = {}
    for name, act in steps:
        if name == "search typed as text":
            await act()  # /menu first: out of the ask flow, then search
            act = send("patent")
        with counting(jol) as counter:
            await act()
        measured.setdefault(name, (counter.statements, counter.round_trips))
        assert measured[name] == (counter.statements, counter.round_trips), name

    print("\nstep: (SQL statements, round trips)")
    for name, counts in measured.items():
        print(f"    {name!r}: {counts},")
    over = {
        name: (counts, BUDGET.get(name))
        for name, counts in measured.items()
        if counts != BUDGET.get(name)
    }
    assert not over, f"statements/round trips differ from the budget (measured, budget): {over}"
