"""Staff: importing the register from a CSV document (preview, confirm, cancel), /check_stats,
and people without the role refused — including a forged confirm button."""

from __future__ import annotations

from sqlalchemy import func, select

from db.models import Agency, AgencyImport, AuditEvent
from tests.contract.helpers import FIXTURE_CSV, answer_all, begin, grant, load_register
from tests.harness import Harness

NEW_LIST = (
    "\ufeffНазвание;Номер разрешения;Страны;Действует до;Статус\n"
    "ОсОО «Фикстура Альфа»;FX-0001;Турция;31.12.2099;действует\n"  # changed: one country
    "Fixture Delta;FX-0004;Корея;31.12.2099;\n"  # new
    "Fixture Broken;FX-0005;;31.13.2099;\n"  # bad date → line 4
    ";FX-0006;;;\n"  # no name → line 5
).encode("utf-8")


async def staff_member(jol: Harness, role: str = "staff") -> int:
    u = await jol.user("en", "Staff")
    await grant(jol, u, role)
    return u


async def register(jol: Harness) -> list[str]:
    async with jol.session() as session:
        return sorted(await session.scalars(select(Agency.name)))


async def preview_as(jol: Harness, staff: int, data: bytes = NEW_LIST) -> str:
    await jol.send(staff, "/import_agencies")
    await jol.reply_containing(staff, "name;permit_number;countries;valid_until;status")
    await jol.send_document(staff, "agencies.csv", data, "text/csv")
    return (await jol.reply_containing(staff, "Preview")).text or ""


async def test_staff_import_shows_a_preview_then_replaces_the_register(jol: Harness) -> None:
    await load_register(jol)
    staff = await staff_member(jol)
    text = await preview_as(jol, staff)
    assert "Valid agencies in the file: 2" in text
    assert "new: 1" in text and "changed: 1" in text and "unchanged: 0" in text
    assert "to be removed: 2" in text and "bad rows (skipped): 2" in text
    assert "Fixture Beta LLC" in text and "Fixture Gamma" in text  # listed for removal
    assert "line 4: date not understood" in text and "31.13.2099" in text
    assert "line 5: no name" in text
    # Nothing changed yet.
    assert await register(jol) == ["Fixture Beta LLC", "Fixture Gamma", "ОсОО «Фикстура Альфа»"]

    await jol.click(staff, "✅ Replace the list")
    done = await jol.last(staff)
    assert "The list now has 2 agencies" in (done.text or "")
    assert await register(jol) == ["Fixture Delta", "ОсОО «Фикстура Альфа»"]
    async with jol.session() as session:
        event = (
            await session.scalars(
                select(AuditEvent).where(AuditEvent.action == "agencies_imported")
            )
        ).one()
        assert event.actor_id == staff and event.detail["new"] == 1


async def test_cancel_leaves_the_register_alone(jol: Harness) -> None:
    await load_register(jol)
    staff = await staff_member(jol, "admin")
    await preview_as(jol, staff)
    await jol.click(staff, "✖ Cancel")
    assert "has not changed" in ((await jol.last(staff)).text or "")
    assert await register(jol) == ["Fixture Beta LLC", "Fixture Gamma", "ОсОО «Фикстура Альфа»"]


async def test_an_older_preview_cannot_be_applied_after_a_newer_file(jol: Harness) -> None:
    await load_register(jol)
    staff = await staff_member(jol)
    await preview_as(jol, staff)
    first = await jol.last(staff)
    await preview_as(jol, staff, FIXTURE_CSV)
    await jol.click(staff, "✅ Replace the list", message_id=first.message_id)
    await jol.reply_containing(staff, "no longer valid")
    assert await register(jol) == ["Fixture Beta LLC", "Fixture Gamma", "ОсОО «Фикстура Альфа»"]


async def test_an_unreadable_file_is_explained_and_the_next_file_is_read(jol: Harness) -> None:
    staff = await staff_member(jol)
    await jol.send(staff, "/import_agencies")
    await jol.send(staff, "here it is")
    assert "send the CSV file as a document" in ((await jol.last(staff)).text or "")
    await jol.send_document(staff, "list.pdf", b"%PDF-1.4\x00\x00binary", "application/pdf")
    assert "not a text (CSV) file" in ((await jol.last(staff)).text or "")
    await jol.send_document(staff, "agencies.csv", FIXTURE_CSV, "text/csv")
    preview = await jol.reply_containing(staff, "Preview")
    assert "new: 3" in (preview.text or "")


async def test_people_without_the_role_cannot_import_or_read_stats(jol: Harness) -> None:
    await load_register(jol)
    person = await jol.user("en")
    await jol.send(person, "/import_agencies")
    assert "only for the Center's staff" in ((await jol.last(person)).text or "")
    await jol.send_document(person, "agencies.csv", NEW_LIST, "text/csv")
    await jol.send(person, "/check_stats")
    assert "only for the Center's staff" in ((await jol.last(person)).text or "")
    async with jol.session() as session:
        # Only the fixture's own import; the person's file was never read.
        assert await session.scalar(select(func.count()).select_from(AgencyImport)) == 1
        refused = await session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "refused", AuditEvent.actor_id == person)
        )
        assert refused == 2


async def test_a_forged_confirm_button_is_refused(jol: Harness) -> None:
    await load_register(jol)
    staff = await staff_member(jol)
    await preview_as(jol, staff)
    apply_data = next(
        d for d in (await jol.last(staff)).callback_data if d.startswith("agimp:apply")
    )
    person = await jol.user("en")
    await jol.send(person, "/start")
    # The person sends the staff's confirm callback (as a modified client could).
    pressed = await jol.click(person, callback_data=apply_data, chat_id=staff)
    refusal = await jol.emu.wait_for_callback_answer(pressed["callback_query_id"])
    assert "only for the Center's staff" in (refusal.get("text") or "")
    assert await register(jol) == ["Fixture Beta LLC", "Fixture Gamma", "ОсОО «Фикстура Альфа»"]
    async with jol.session() as session:
        job = await session.get(AgencyImport, int(apply_data.rsplit(":", 1)[1]))
        assert job is not None and job.status == "pending"
        assert await session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.actor_id == person)
        )
    # The real staff member can still apply it.
    await jol.click(staff, "✅ Replace the list")
    assert await register(jol) == ["Fixture Delta", "ОсОО «Фикстура Альфа»"]


async def test_check_stats_for_staff_and_coordinators(jol: Harness) -> None:
    for lang, destination, overrides in (
        ("en", "turkey", {"pay_fee": "yes", "passport": "yes"}),
        ("ru", "turkey", {"passport": "yes"}),
        ("ky", "russia", {}),
    ):
        u = await jol.user(lang)
        await begin(jol, u, lang, destination)
        await answer_all(jol, u, overrides)
    coordinator = await staff_member(jol, "coordinator")
    await jol.send(coordinator, "/check_stats")
    text = (await jol.last(coordinator)).text or ""
    assert "Job-offer checks: 3" in text
    assert "🇹🇷 Turkey: 2" in text and "🇷🇺 Russia: 1" in text
    assert "1. Handing over your passport — 2" in text
    assert "Paying a recruiter or agent — 1" in text
    assert "without user ids" in text
    await jol.send(coordinator, "/check_stats 30")
    assert "Job-offer checks: 3" in ((await jol.last(coordinator)).text or "")
