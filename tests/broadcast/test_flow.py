"""A broadcast from /broadcast to every recipient's chat, through the emulator."""

from __future__ import annotations

from tests.broadcast.helpers import (
    broadcast_messages,
    broadcast_row,
    compose,
    deliveries,
    onboarded,
    people,
    send_now,
    staff,
    tr,
    wait_status,
)
from tests.harness import Harness


async def test_send_now_reaches_each_language_once(jol: Harness) -> None:
    author = await staff(jol)
    ru = await people(jol, 3, locale="ru")
    ky = await people(jol, 2, locale="ky")
    real = await onboarded(jol, "ky")
    broadcast_id = await compose(
        jol,
        author,
        {"ky": "<b>Жаңы эреже</b> ky", "ru": "<b>Новое правило</b> ru"},
    )
    await send_now(jol, author, broadcast_id)
    row = await wait_status(jol, broadcast_id, "done")
    assert (row.sent, row.failed, row.blocked, row.total) == (6, 0, 0, 6)
    for uid in ru:
        got = await broadcast_messages(jol, uid, "Новое правило")
        assert len(got) == 1
        assert got[0].button_texts == [tr(jol, "ru")("broadcast-news-off")]
    for uid in [*ky, real]:
        got = await broadcast_messages(jol, uid, "Жаңы эреже")
        assert len(got) == 1
    rows = await deliveries(jol, broadcast_id)
    assert sorted(r.chat_id for r in rows) == sorted([*ru, *ky, real])
    assert {r.status for r in rows} == {"sent"}
    progress = await jol.reply(
        author, lambda m: f"#{broadcast_id}" in (m.text or "") and "finished" in (m.text or "")
    )
    assert "Sent: 6" in (progress.text or "")


async def test_one_text_for_everyone_with_each_readers_button(jol: Harness) -> None:
    t = tr(jol, "en")
    author = await staff(jol)
    ky = await people(jol, 1, locale="ky")
    en = await people(jol, 1, locale="en")
    await jol.send(author, "/broadcast")
    row = await broadcast_row(jol)
    await jol.click(author, t("broadcast-btn-mode", mode="each"))
    await jol.click(author, t("broadcast-btn-text-one"))
    await jol.send(author, "EPS: 2027 quota is out")
    await send_now(jol, author, row.id)
    assert (await wait_status(jol, row.id, "done")).sent == 2
    for uid, lang in ((ky[0], "ky"), (en[0], "en")):
        (got,) = await broadcast_messages(jol, uid, "EPS: 2027 quota")
        assert got.button_texts == [tr(jol, lang)("broadcast-news-off")]
