from __future__ import annotations

from tests.harness import Harness


async def test_start_shows_language_choice(jol: Harness) -> None:
    u = await jol.user("ky", "Айгерим")
    await jol.start(u)
    welcome = await jol.reply(u)
    assert "Айгерим" in (welcome.text or "")
    picker = await jol.reply(u)
    assert picker.button_texts[:1] == ["Кыргызча"]
