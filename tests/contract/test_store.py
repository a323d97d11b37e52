"""What the check and the register store, on both databases: anonymous results and stats,
personal data export/erase, and the atomic register import."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.features import personal_data_of
from content.library import ContentLibrary
from db.models import Agency, AgencyImport, ContractCheck, ContractCheckFlag, ContractCheckResult
from db.privacy import erase_user_data, export_user_data
from db.queries import contract as q
from domain.agencies import parse_csv, preview
from domain.contract import score
from handlers import FEATURES

Q = ContentLibrary.load().questionnaire
DAY = date(2026, 11, 28)

CSV_V1 = (
    "name;permit_number;countries;valid_until;status\n"
    "Fixture Alpha;0001;Турция;2027-01-31;active\n"
    "Fixture Beta;0002;Корея;;active\n"
).encode()
CSV_V2 = (
    "name;permit_number;countries;valid_until;status\n"
    "Fixture Alpha;0001;Турция|Германия;2027-01-31;active\n"
    "Fixture Gamma;0003;;;suspended\n"
    "Broken Row;0004;;99.99.2027;\n"
).encode()


async def finish(
    session: AsyncSession, user_id: int, destination: str, answers: dict[str, str]
) -> int:
    check = await q.start_check(session, user_id, destination, Q.version)
    for qid, answer in answers.items():
        q.set_answer(check, qid, answer)
    return await q.record_result(session, check, score(Q, destination, check.answers), DAY)


async def stage(session: AsyncSession, data: bytes, staff_id: int = 1) -> AgencyImport:
    parsed = parse_csv(data)
    current = await q.all_agencies(session)
    return await q.create_import(
        session, staff_id, parsed, preview(current, parsed), q.fingerprint(current)
    )


# ---------------------------------------------------------------- results and stats


def test_result_tables_have_no_user_column() -> None:
    for model in (ContractCheckResult, ContractCheckFlag):
        columns = {c.key for c in inspect(model).columns}
        assert not {"user_id", "chat_id", "telegram_id"} & columns


async def test_finishing_again_updates_the_same_result(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        first = await finish(session, 11, "turkey", {"pay_fee": "yes"})
        check = await q.get_check(session, 11, lock=True)
        assert check is not None
        q.set_answer(check, "pay_fee", "no")
        second = await q.record_result(session, check, score(Q, "turkey", check.answers), DAY)
        assert first == second
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(ContractCheckResult)) == 1
        flags = set(await session.scalars(select(ContractCheckFlag.question_id)))
        assert "pay_fee" not in flags


async def test_stats_by_destination_and_most_common_flags(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        await finish(session, 1, "turkey", {"pay_fee": "yes", "passport": "yes"})
        await finish(session, 2, "turkey", {"passport": "yes"})
        await finish(session, 3, "russia", {"blank_papers": "yes"})
        good = {x.id: ("yes" if x.id in {"contract_copy", "contract_language", "employer",
                "pay_hours", "housing_deductions", "agency"} else "no")
                for x in Q.questions}  # fmt: skip
        await finish(session, 4, "russia", good)
    async with sessionmaker() as session:
        stats = {s.destination: s for s in await q.check_stats(session)}
    assert stats["turkey"].levels == {"red": 2}
    assert stats["turkey"].top_red[0] == ("passport", 2)
    assert ("pay_fee", 1) in stats["turkey"].top_red
    assert stats["russia"].levels == {"red": 1, "green": 1}
    async with sessionmaker() as session:
        assert await q.check_stats(session, since=date(2027, 1, 1)) == []


async def test_export_and_erase_the_check(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        await finish(session, 42, "korea", {"pay_fee": "yes"})
    async with sessionmaker() as session, session.begin():
        exported = await export_user_data(session, 42, personal_data_of(FEATURES))
    (check,) = exported["contract_check"]
    assert check["destination"] == "korea"
    assert check["answers"] == {"pay_fee": "yes"}
    assert check["result"] == "red"
    async with sessionmaker() as session, session.begin():
        await erase_user_data(session, 42, personal_data_of(FEATURES))
    async with sessionmaker() as session:
        assert await session.get(ContractCheck, 42) is None
        # The anonymous result stays for the totals, with nothing pointing to the person.
        assert await session.scalar(select(func.count()).select_from(ContractCheckResult)) == 1


# ---------------------------------------------------------------- register import


async def register_names(session: AsyncSession) -> list[str]:
    return sorted(await session.scalars(select(Agency.name)))


async def test_import_replaces_the_register(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        job = await stage(session, CSV_V1)
        assert await q.apply_import(session, job) == 2
    async with sessionmaker() as session, session.begin():
        job = await stage(session, CSV_V2)
        assert job.summary == {
            "new": 1, "updated": 1, "unchanged": 0, "removed": 1, "bad": 1, "total": 2,
        }  # fmt: skip
        await q.apply_import(session, job)
    async with sessionmaker() as session:
        assert await register_names(session) == ["Fixture Alpha", "Fixture Gamma"]
        alpha = (await session.scalars(select(Agency).where(Agency.permit_number == "0001"))).one()
        assert alpha.countries == ["Турция", "Германия"]
        assert await q.register_updated_at(session) is not None


async def test_a_stale_preview_is_refused_and_changes_nothing(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        first = await stage(session, CSV_V1)
        first_id = first.id
    async with sessionmaker() as session, session.begin():
        # Someone applies another file in between (a newer preview supersedes older ones,
        # so make the older one pending again to simulate two staff working at once).
        other = await stage(session, CSV_V2)
        await q.apply_import(session, other)
        stale = await q.get_import(session, first_id, lock=True)
        assert stale is not None
        with pytest.raises(q.StaleImport):
            await q.apply_import(session, stale)
    async with sessionmaker() as session:
        assert await register_names(session) == ["Fixture Alpha", "Fixture Gamma"]


async def test_a_failed_import_leaves_the_old_register(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        await q.apply_import(session, await stage(session, CSV_V1))
    with pytest.raises(RuntimeError):
        async with sessionmaker() as session, session.begin():
            await q.apply_import(session, await stage(session, CSV_V2))
            assert await register_names(session) == ["Fixture Alpha", "Fixture Gamma"]
            raise RuntimeError("the process died before commit")
    async with sessionmaker() as session:
        assert await register_names(session) == ["Fixture Alpha", "Fixture Beta"]


async def test_a_newer_preview_supersedes_older_ones(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        old = await stage(session, CSV_V1)
        await stage(session, CSV_V2)
        refreshed = await q.get_import(session, old.id)
        assert refreshed is not None and refreshed.status == "superseded"
