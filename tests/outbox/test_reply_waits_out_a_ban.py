"""A reply to someone waits out a short 429 and is sent (bot/retry_after.py).

Telegram's rule is to wait `retry_after`, then send. The outbox always did; a handler's own
reply used to fail instead, and the person got "something went wrong" for a button that had
worked. Only the outbox keeps its own policy (its row goes again after the ban).
"""

from __future__ import annotations

from typing import Any

from tests.harness import Harness
from tests.outbox.conftest import person


async def menu_under_a_ban(jol: Harness, retry_after: int) -> list[dict[str, Any]]:
    """A person asks for /menu while its sendMessage is refused once with a 429 of
    `retry_after` seconds; returns that chat's events from then on."""
    uid = await person(jol, "en")
    since = jol.emu.cursor
    await jol.emu.script_fault("sendMessage", chat_id=uid, status=429, retry_after=retry_after)
    await jol.send(uid, "/menu")
    events, _ = await jol.emu.events(since, chat_id=uid)
    return events


def bot_posts(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e["type"] == "message.created" and e["message"]["from_bot"]]


async def test_a_reply_refused_for_flooding_arrives_after_the_ban(jol: Harness) -> None:
    events = await menu_under_a_ban(jol, retry_after=1)
    fired = [e for e in events if e["type"] == "fault.fired"]
    posts = bot_posts(events)
    assert len(fired) == 1  # the first try was refused ...
    assert len(posts) == 1  # ... and the menu came once, after the ban, with nothing else
    sent = posts[0]["message"]
    assert sent["reply_markup"], sent["text"]
    assert "went wrong" not in sent["text"]
    assert posts[0]["time"] >= fired[0]["time"] + 1 - 0.05


async def test_a_long_ban_still_fails_the_reply(jol: Harness) -> None:
    events = await menu_under_a_ban(jol, retry_after=60)
    assert [e["type"] for e in events].count("fault.fired") == 1
    # Not held for a minute: the update fails at once, as before (and the ban would refuse
    # any apology too).
    assert not bot_posts(events)
