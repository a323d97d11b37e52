"""The editor's pages on the `jol` harness's runtime: sign in with the bot's link, edit a
Kyrgyz sentence, preview it, publish it and a migrant sees it in the bot; roll back; the
refusals (a coordinator, a form without its token, an invalid text)."""

from __future__ import annotations

import html
import io
import re
import zipfile

import aiohttp
from sqlalchemy import select

from db.models import AuditEvent, ContentRelease
from db.types import utcnow
from tests.console.conftest import PREFIX, Console, grant
from tests.guides.helpers import anonymous_user
from tests.harness import Harness

SENTENCE = "Россияга кирүүгө тыюу салынган-салынбаганын текшериңиз."
NEW_SENTENCE = "Россияга кирүүгө тыюу бар-жогун сөзсүз текшериңиз."
ITEM = {"file": "guides/russia.yaml", "key": "entry_ban"}
FORM_TOKEN = re.compile(r'name="csrf" value="([^"]+)"')
TEXTAREA = re.compile(r'<textarea name="body\|ky"[^>]*>(.*?)</textarea>', re.S)


async def signed_in_staff(console: Console, jol: Harness, role: str = "staff") -> int:
    user_id = await jol.user("ru", "Нурлан")
    await grant(jol, user_id, role)
    signed_in = await console.sign_in(user_id)
    assert signed_in.status == 303
    return user_id


async def edit_form(console: Console) -> tuple[str, dict[str, str]]:
    """The editor page's CSRF token and the form's current fields (as a browser would send)."""
    page = await console.get("/content/item?file=guides/russia.yaml&key=entry_ban")
    assert page.status == 200
    text = await page.text()
    token = FORM_TOKEN.search(text)
    body = TEXTAREA.search(text)
    assert token and body
    return token.group(1), {"body|ky": html.unescape(body.group(1))}


async def migrant_sees(jol: Harness, person: int) -> str:
    await jol.start(person, "g_russia_entry_ban")
    message = await jol.reply_containing(person, "Россия")
    return message.text or ""


async def test_edit_preview_publish_and_roll_back(console: Console, jol: Harness) -> None:
    staff = await signed_in_staff(console, jol)
    migrant = await anonymous_user(jol, "ky")
    assert SENTENCE in await migrant_sees(jol, migrant)

    listing = await console.get("/content")
    assert listing.status == 200
    assert "entry_ban" in await listing.text()

    csrf, form = await edit_form(console)
    form["body|ky"] = form["body|ky"].replace(SENTENCE, NEW_SENTENCE)
    # Preview: the bot's own screen with the typed text; nothing is stored.
    preview = await console.post(
        "/content/item", {**ITEM, **form, "csrf": csrf, "action": "preview"}
    )
    assert preview.status == 200
    shown = await preview.text()
    bubbles = re.findall(r'<div class="bubble" lang="ky"[^>]*>(.*?)</div>', shown, re.S)
    assert bubbles and NEW_SENTENCE in bubbles[0]
    assert "<b>" in bubbles[0]  # Telegram's bold, as the bot sends it
    async with jol.session() as session:
        assert list(await session.scalars(select(ContentRelease))) == []

    saved = await console.post("/content/item", {**ITEM, **form, "csrf": csrf, "action": "save"})
    assert saved.status == 303
    # Saved is not published: the migrant still reads the old sentence.
    assert SENTENCE in await migrant_sees(jol, migrant)

    published = await console.post("/content/publish", {"csrf": csrf, "note": "entry ban"})
    assert published.status == 303
    assert NEW_SENTENCE in await migrant_sees(jol, migrant)
    async with jol.session() as session:
        [release] = await session.scalars(select(ContentRelease))
        assert release.created_by == staff

    history = await console.get("/content/history")
    assert f'data-release="{release.id}"' in await history.text()
    diff = await console.get(f"/content/diff?a=seed&b={release.id}")
    changes = html.unescape(await diff.text())
    assert f"+ {NEW_SENTENCE}" in changes or NEW_SENTENCE in changes
    assert "entry_ban · body.ky" in changes

    # One click restores the files shipped with the bot: the old sentence is back.
    restored = await console.post("/content/rollback", {"csrf": csrf, "release": "seed"})
    assert restored.status == 303
    assert SENTENCE in await migrant_sees(jol, migrant)
    assert NEW_SENTENCE not in await migrant_sees(jol, migrant)
    async with jol.session() as session:
        actions = [
            (e.action, e.actor_id)
            for e in await session.scalars(
                select(AuditEvent)
                .where(AuditEvent.action.like("content-%"))
                .order_by(AuditEvent.id)
            )
        ]
    assert actions == [
        ("content-draft-save", staff),
        ("content-publish", staff),
        ("content-rollback", staff),
    ]


async def test_an_invalid_text_is_refused_at_its_field(console: Console, jol: Harness) -> None:
    await signed_in_staff(console, jol)
    csrf, form = await edit_form(console)
    form["body|ky"] = form["body|ky"].replace(SENTENCE, "<b>жабылбаган")
    refused = await console.post("/content/item", {**ITEM, **form, "csrf": csrf, "action": "save"})
    assert refused.status == 422
    page = await refused.text()
    # The typed text comes back, and the problem is shown in the Kyrgyz body's cell.
    ky_cell = page.split('name="body|ky"', 1)[1].split("</label>", 1)[0]
    assert "жабылбаган" in ky_cell
    assert 'class="problem"' in ky_cell
    async with jol.session() as session:
        assert not list(
            await session.scalars(select(AuditEvent).where(AuditEvent.action.like("content-%")))
        )


async def test_refusals(console: Console, jol: Harness) -> None:
    # A coordinator may use the console but not the editor: refused and audited.
    coordinator = await signed_in_staff(console, jol, "coordinator")
    page = await console.get("/content")
    assert page.status == 403
    async with jol.session() as session:
        refusals = list(
            await session.scalars(select(AuditEvent).where(AuditEvent.action == "refused"))
        )
    assert [(r.actor_id, r.target) for r in refusals] == [
        (coordinator, f"console:{PREFIX}/content")
    ]


async def test_a_post_without_the_form_token_is_refused(console: Console, jol: Harness) -> None:
    await signed_in_staff(console, jol)
    _, form = await edit_form(console)
    form["body|ky"] = form["body|ky"].replace(SENTENCE, NEW_SENTENCE)
    refused = await console.post("/content/item", {**ITEM, **form, "action": "save"})
    assert refused.status == 403
    assert (await console.post("/content/publish", {"note": "x"})).status == 403
    async with jol.session() as session:
        assert list(await session.scalars(select(ContentRelease))) == []


async def test_every_kind_of_text_opens_with_its_preview(console: Console, jol: Harness) -> None:
    """Guides, emergency cards, reminder texts, job-offer questions and ready answers: the
    same editor, three languages side by side, and the preview."""
    await signed_in_staff(console, jol)
    listing = await (await console.get("/content")).text()
    for file, key in (
        ("guides/russia.yaml", "_guide"),
        ("guides/emergency.yaml", "russia"),
        ("campaigns.yaml", "dep-30"),
        ("contract_check.yaml", "pay_fee"),
        ("canned_answers.yaml", "received"),
    ):
        assert f"key={key}" in listing, key
        page = await console.get(f"/content/item?file={file}&key={key}")
        assert page.status == 200, (file, key)
        text = await page.text()
        for language in ("ky", "ru", "en"):
            assert f'|{language}"' in text, (file, key, language)
            assert f'<div class="bubble" lang="{language}"' in text, (file, key, language)
    assert (await console.get("/content/item?file=guides/russia.yaml&key=nope")).status == 404
    assert (await console.get("/content/item?file=../../etc/passwd&key=x")).status == 404


async def test_checked_against_the_source_today(console: Console, jol: Harness) -> None:
    staff = await signed_in_staff(console, jol)
    migrant = await anonymous_user(jol, "ky")
    csrf, _ = await edit_form(console)
    checked = await console.post(
        "/content/check",
        {**ITEM, "csrf": csrf, "check_key": "russia/entry_ban", "name": "Нурлан Касымов"},
    )
    assert checked.status == 303
    page = await (await console.get("/content/item?file=guides/russia.yaml&key=entry_ban")).text()
    assert "Нурлан Касымов" in page
    # The honest "checked" date the guide now shows people.
    today = utcnow().astimezone(jol.settings.tz).date()
    shown = await migrant_sees(jol, migrant)
    assert f"Борбор текшерген: {today.day}.{today.month}.{today.year}" in shown
    async with jol.session() as session:
        [event] = await session.scalars(
            select(AuditEvent).where(AuditEvent.action == "content-checked")
        )
    assert (event.actor_id, event.target) == (staff, "russia/entry_ban")


async def test_export_and_import(console: Console, jol: Harness) -> None:
    await signed_in_staff(console, jol)
    exported = await console.get("/content/export")
    assert exported.status == 200
    assert exported.headers["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(await exported.read()))
    russia = archive.read("content/guides/russia.yaml").decode()
    assert SENTENCE in russia

    csrf, _ = await edit_form(console)
    upload = aiohttp.FormData()
    upload.add_field("csrf", csrf)
    upload.add_field(
        "file", russia.replace(SENTENCE, NEW_SENTENCE).encode(), filename="russia.yaml"
    )
    imported = await console.client.post(
        f"{PREFIX}/content/import", data=upload, allow_redirects=False
    )
    assert imported.status == 303
    draft = html.unescape(await (await console.get("/content/draft")).text())
    assert NEW_SENTENCE in draft

    broken = aiohttp.FormData()
    broken.add_field("csrf", csrf)
    broken.add_field("file", b"sections: [", filename="russia.yaml")
    refused = await console.client.post(
        f"{PREFIX}/content/import", data=broken, allow_redirects=False
    )
    assert refused.status == 422
