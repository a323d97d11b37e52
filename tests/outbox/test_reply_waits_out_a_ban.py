"""A reply to someone waits out a short 429 and is sent (bot/retry_after.py).

Telegram's rule is to wait `retry_after`, then send. The outbox always did; a handler's own
reply used to fail instead, and the person got "something went wrong" for a button that had
worked. Only the outbox keeps its own policy (its row goes again after the ban).
"""

from __future__ import annotations

from tests.harness import Harness
from tests.outbox.conftest import person


async def test_a_reply_refused_for_flooding_arrives_after_the_ban(jol: Harness) -> None:
    uid = await person(jol, "en")
    since = jol.emu.cursor
    await jol.emu.script_fault("sendMessage", chat_id=uid, status=429, retry_after=1)
    await jol.send(uid, "/menu")
    events, _ = await jol.emu.events(since, chat_id=uid)
    fired = [e for e in events if e["type"] == "fault.fired"]
    sent = [
        e["message"] for e in events if e["type"] == "message.created" and e["message"]["from_bot"]
    ]
    assert len(fired) == 1  # the first try was refused ...
    assert len(sent) == 1  # ... and the menu came once, after the ban, with nothing else
    assert sent[0]["reply_markup"], sent[0]["text"]
    assert "went wrong" not in sent[0]["text"]
    assert all(e["time"] >= fired[0]["time"] + 1 - 0.05 for e in events if e in sent)


async def test_a_long_ban_still_fails_the_reply(jol: Harness) -> None:
    uid = await person(jol, "en")
    since = jol.emu.cursor
    await jol.emu.script_fault("sendMessage", chat_id=uid, status=429, retry_after=60)
    await jol.send(uid, "/menu")
    events, _ = await jol.emu.events(since, chat_id=uid)
    assert [e["type"] for e in events].count("fault.fired") == 1
    # Not held for a minute: the update fails at once, as before (and the ban would refuse
    # any apology too).
    assert not [e for e in events if e["type"] == "message.created" and e["message"]["from_bot"]]
