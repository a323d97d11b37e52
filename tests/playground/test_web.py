"""The playground server without a browser: people, the control-API pass-through and the
guards that keep other web sites (and other machines) out."""

from __future__ import annotations

import aiohttp
import pytest

from bot.config import load_settings
from bot.i18n import Catalog
from emulator import ChatMessage
from playground import RunningPlayground
from playground.runner import PLAYGROUND_DATABASE_URL, describe_database, playground_settings
from playground.seed import DEMO_PEOPLE, FIRST_NEW_PERSON_ID


async def test_people_and_chat_snapshot(playground: RunningPlayground) -> None:
    async with aiohttp.ClientSession(playground.url) as http:
        async with http.get("/api/state") as response:
            state = await response.json()
        assert [(p["id"], p["role"]) for p in state["people"]] == [
            (p.id, p.label) for p in DEMO_PEOPLE
        ]
        assert state["bot"]["username"] == "jol_playground_bot"

        async with http.post(
            "/api/people", json={"first_name": " Азамат ", "language_code": "en"}
        ) as response:
            person = await response.json()
        assert person == {
            "id": FIRST_NEW_PERSON_ID,
            "first_name": "Азамат",
            "last_name": None,
            "language_code": "en",
            "phone_number": person["phone_number"],
            "role": "migrant",
        }
        for bad in (
            {"first_name": "", "language_code": "ky"},
            {"first_name": "A", "language_code": "de"},
        ):
            async with http.post("/api/people", json=bad) as response:
                assert response.status == 400

        # Nobody has written yet: an empty chat, not an error.
        async with http.get(f"/api/chats/{FIRST_NEW_PERSON_ID}") as response:
            chat = await response.json()
        assert chat["messages"] == [] and chat["reply_keyboard"] is None

        async with http.post(
            "/__control/start", json={"user_id": FIRST_NEW_PERSON_ID}
        ) as response:
            assert response.status == 200
        await playground.client.wait_for_message(FIRST_NEW_PERSON_ID, since=0)
        async with http.get(f"/api/chats/{FIRST_NEW_PERSON_ID}") as response:
            chat = await response.json()
        assert chat["messages"][0]["text"] == "/start"
        assert chat["messages"][-1]["from_bot"]
        # The default menu in the person's Telegram language until they pick one.
        start = Catalog.load().translator("en")("cmd-start")
        assert {"command": "start", "description": start} in chat["commands"]


async def test_seeded_staff_start_with_their_tools(playground: RunningPlayground) -> None:
    """The staff member and the coordinator are onboarded: their /start answer is the menu in
    their language, not the language picker, and their command menus hold their tools."""
    catalog = Catalog.load()
    async with aiohttp.ClientSession(playground.url) as http:
        for person in DEMO_PEOPLE:
            if person.role is None:
                continue
            t = catalog.translator(person.language_code)
            menu = await playground.client.wait_for_message(
                person.id, lambda m, t=t: t("menu-booking") in m.button_texts, since=0
            )
            assert "Кыргызча" not in menu.button_texts  # not asked for a language again
            async with http.get(f"/api/chats/{person.id}") as response:
                chat = await response.json()
            commands = {c["command"]: c["description"] for c in chat["commands"]}
            assert commands["cases"] == t("cmd-cases")
            tool = "broadcast" if person.role.value == "staff" else "bookings"
            assert tool in commands, person.label


async def test_the_demo_register_is_labelled_demo_everywhere(
    playground: RunningPlayground,
) -> None:
    """The agency check can be tried: a made-up register is loaded, and the prompt, the
    answers, the buttons and the cards all say "DEMO — not real data"."""
    client = playground.client
    migrant = next(p for p in DEMO_PEOPLE if p.role is None)
    demo = "DEMO — not real data."
    person = FIRST_NEW_PERSON_ID + 50
    await client.create_user(person, "Tester", language_code="en")

    async def answer_to(text: str) -> ChatMessage:
        await client.send_text(person, text)
        return await client.wait_for_message(person)

    prompt = await answer_to("/agency")
    assert (prompt.text or "").startswith("🔎 Check an agency")
    assert demo in (prompt.text or "")
    card = await answer_to("Демо Алтын Жол")  # the exact name: its card at once
    assert (card.text or "").startswith("🧪 DEMO — not real data.")
    assert "DEMO-0001" in (card.text or "")
    answer = await answer_to("Алтын Жол")  # close enough: offered as a candidate
    assert demo in (answer.text or "")
    [candidate] = [b for b in answer.button_texts if "Алтын Жол" in b]
    assert candidate.startswith("🧪 DEMO")
    await client.press_button(person, candidate)
    tapped = await client.wait_for_message(person, lambda m: "DEMO-0001" in (m.text or ""))
    assert (tapped.text or "").startswith("🧪 DEMO — not real data.")
    unknown = await answer_to("Real Agency Name")
    assert demo in (unknown.text or "")
    assert migrant.id != person  # the seeded people are left as they are


@pytest.mark.parametrize(
    ("method", "path", "headers", "status"),
    [
        # DNS rebinding: a foreign name that resolves to 127.0.0.1.
        ("GET", "/api/state", {"Host": "evil.example:80"}, 403),
        # A cross-site form or fetch from another page open in the browser.
        ("POST", "/__control/send_text", {"Origin": "http://evil.example"}, 403),
        # Control endpoints the page does not need are not passed through.
        ("POST", "/__control/reset", {}, 404),
        ("POST", "/__control/faults", {}, 404),
        ("GET", "/__control/chats/1/../../bots", {}, 404),
    ],
)
async def test_guards(
    playground: RunningPlayground, method: str, path: str, headers: dict[str, str], status: int
) -> None:
    async with (
        aiohttp.ClientSession(playground.url) as http,
        http.request(method, path, headers=headers, json={}) as response,
    ):
        assert response.status == status


async def test_page_headers(playground: RunningPlayground) -> None:
    async with aiohttp.ClientSession(playground.url) as http, http.get("/") as response:
        assert response.status == 200
        policy = response.headers["Content-Security-Policy"]
    # No inline scripts at all: everything the page runs comes from /static.
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy


def test_settings_for_the_bot() -> None:
    chosen = load_settings(database_url="sqlite+aiosqlite:////tmp/mine.sqlite3")
    assert playground_settings(chosen, "http://127.0.0.1:1").database_url == chosen.database_url
    default = load_settings()
    if "database_url" not in default.model_fields_set:  # DATABASE_URL unset here
        bot = playground_settings(default, "http://127.0.0.1:1")
        assert bot.database_url == PLAYGROUND_DATABASE_URL
        assert bot.telegram_api_base == "http://127.0.0.1:1"
        assert bot.bot_token is not None
    server = load_settings(database_url="postgresql://jol:s3cret@db/jol")
    assert "s3cret" not in describe_database(server)
