"""SQL statements and database round trips of the most used screens, counted, never timed.

The screens are the ones `bench/updates.py` shows people use most (its per-handler table):
onboarding, the main menu, guides, booking, settings, reminders, SOS, the job-offer check,
"Ask the Center" and search. Each step goes through the real dispatcher on both databases and
must cost exactly what `BUDGET` says: a change that adds a statement or a round trip to a hot
screen fails here and has to say so by changing the table (a change that saves one updates it
too). The counts are printed (`pytest -s`) so the table is easy to refresh.

Round trips = SQL statements + the transaction's BEGIN and COMMIT/ROLLBACK + connection pings.
Bot API calls = the calls the emulator receives while the step is handled (polling's own
`getUpdates` left out). Each one is a round trip over HTTP, the costliest kind an update makes
(the bot's CPU per round trip is in README's Speed section), so a screen that starts making
one more fails here as well. Here, in polling mode, a button's answer is one of them; in
webhook mode it rides in the webhook's response instead.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from db.clock import Clock
from tests.foundation.helpers import counting, press
from tests.harness import Harness

# step -> (SQL statements, round trips, Bot API calls), the same on SQLite and PostgreSQL.
BUDGET: dict[str, tuple[int, int, int]] = {
    "/start (new person)": (2, 4, 2),  # the welcome, then the language question
    # The new row comes back from its INSERT (db/queries/users.py); the command menu is set
    # in the chosen language (setMyCommands).
    "language": (3, 5, 3),
    "consent": (3, 5, 2),
    "situation": (3, 5, 2),
    "destination": (3, 5, 2),
    # The summary, then the Menu/SOS keyboard's hint and the menu: Telegram takes a reply
    # keyboard and buttons under a message only as two messages.
    "skip the date": (3, 5, 4),
    "/menu": (1, 3, 1),
    "menu: guides": (1, 3, 2),
    "guides: a destination": (1, 3, 2),
    "guides: a section": (2, 4, 2),  # + the recorded content check (honest "checked" line)
    "home": (1, 3, 2),
    "menu: check a job offer": (2, 4, 2),
    "check: first question": (2, 4, 2),
    "menu: booking": (2, 4, 2),
    "booking: a service": (7, 9, 2),
    "booking: a day": (5, 7, 2),
    "menu: reminders": (6, 8, 2),
    "menu: SOS": (2, 4, 2),  # + the recorded content check of the emergency card
    "menu: settings": (1, 3, 2),
    "menu: ask the Center": (4, 6, 2),
    "search typed as text": (1, 3, 1),
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

    async def bot_api_calls() -> int:
        methods = (await jol.emu.stats())["methods"]
        return sum(n for method, n in methods.items() if method != "getUpdates")

    measured: dict[str, tuple[int, int, int]] = {}
    for name, act in steps:
        if name == "search typed as text":
            await act()  # /menu first: out of the ask flow, then search
            act = send("patent")
        calls_before = await bot_api_calls()
        with counting(jol) as counter:
            await act()
        counts = (counter.statements, counter.round_trips, await bot_api_calls() - calls_before)
        measured.setdefault(name, counts)
        assert measured[name] == counts, name

    print("\nstep: (SQL statements, round trips, Bot API calls)")
    for name, counts in measured.items():
        print(f"    {name!r}: {counts},")
    over = {
        name: (counts, BUDGET.get(name))
        for name, counts in measured.items()
        if counts != BUDGET.get(name)
    }
    assert not over, (
        f"statements/round trips/Bot API calls differ from the budget (measured, budget): {over}"
    )
