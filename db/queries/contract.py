"""Job-offer checks, their anonymous results, and the licensed-agency register.

Functions take the update's session and never commit. `PERSONAL_DATA` (declared by the contract
feature) covers the check's personal data in /mydata and /deletemydata.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter as Tally
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Agency, AgencyImport, ContractCheck, ContractCheckFlag, ContractCheckResult
from db.privacy import PersonalData
from db.types import utcnow
from domain.agencies import Entry, ParsedFile, Preview, Row, name_key, permit_key
from domain.contract import Level, Result

# ---------------------------------------------------------------- the check in progress


def _is_postgres(session: AsyncSession) -> bool:
    return session.bind is not None and session.bind.dialect.name == "postgresql"


async def get_check(
    session: AsyncSession, user_id: int, *, lock: bool = False
) -> ContractCheck | None:
    """The person's check. `lock=True` when it is about to change: two quick taps then run
    one after the other (row lock on PostgreSQL; SQLite transactions are already serial)."""
    stmt = select(ContractCheck).where(ContractCheck.user_id == user_id)
    if lock:
        stmt = stmt.with_for_update()
    return (await session.scalars(stmt.execution_options(populate_existing=True))).first()


async def start_check(
    session: AsyncSession, user_id: int, destination: str, version: str
) -> ContractCheck:
    """A new check, or the destination changed on the current one (answers are kept: the
    questions are the same for every country but one)."""
    check = await get_check(session, user_id, lock=True)
    if check is None:
        check = ContractCheck(
            user_id=user_id,
            destination=destination,
            answers={},
            questions_version=version,
            started_at=utcnow(),
            updated_at=utcnow(),
        )
        session.add(check)
    else:
        check.destination = destination
        check.questions_version = version
    await session.flush()
    return check


async def discard_check(session: AsyncSession, user_id: int) -> None:
    """Start again: the old answers go; an already recorded result stays (anonymous)."""
    await session.execute(delete(ContractCheck).where(ContractCheck.user_id == user_id))


def set_answer(check: ContractCheck, question_id: str, answer: str) -> None:
    # A new dict, so SQLAlchemy sees the JSON column change.
    check.answers = {**check.answers, question_id: answer}
    check.updated_at = utcnow()


async def record_result(
    session: AsyncSession, check: ContractCheck, result: Result, day: date
) -> int:
    """Store the anonymous result of a finished check. A check finished again after a changed
    answer replaces its earlier result rather than counting the same offer twice."""
    row = await session.get(ContractCheckResult, check.result_id) if check.result_id else None
    if row is None:
        row = ContractCheckResult(
            day=day,
            destination=check.destination,
            level=result.level.value,
            questions_version=check.questions_version,
        )
        session.add(row)
        await session.flush()
    else:
        row.destination = check.destination
        row.level = result.level.value
        row.questions_version = check.questions_version
        await session.execute(
            delete(ContractCheckFlag).where(ContractCheckFlag.result_id == row.id)
        )
    for flag in result.flags:
        session.add(
            ContractCheckFlag(result_id=row.id, question_id=flag.question_id, level=flag.level)
        )
    check.result_id = row.id
    check.finished_at = utcnow()
    check.current = None
    await session.flush()
    return row.id


@dataclass
class DestinationStats:
    destination: str
    levels: dict[str, int] = field(default_factory=dict)
    top_red: list[tuple[str, int]] = field(default_factory=list)
    top_amber: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.levels.values())


async def check_stats(
    session: AsyncSession, since: date | None = None, top: int = 5
) -> list[DestinationStats]:
    """Totals by destination and level, and the most common red and amber flags."""
    level_stmt = select(
        ContractCheckResult.destination, ContractCheckResult.level, func.count()
    ).group_by(ContractCheckResult.destination, ContractCheckResult.level)
    flag_stmt = (
        select(
            ContractCheckResult.destination,
            ContractCheckFlag.level,
            ContractCheckFlag.question_id,
            func.count(),
        )
        .join(ContractCheckResult, ContractCheckResult.id == ContractCheckFlag.result_id)
        .group_by(
            ContractCheckResult.destination, ContractCheckFlag.level, ContractCheckFlag.question_id
        )
    )
    if since is not None:
        level_stmt = level_stmt.where(ContractCheckResult.day >= since)
        flag_stmt = flag_stmt.where(ContractCheckResult.day >= since)
    stats: dict[str, DestinationStats] = {}
    for destination, level, count in await session.execute(level_stmt):
        stats.setdefault(destination, DestinationStats(destination)).levels[level] = count
    tallies: dict[tuple[str, str], Tally[str]] = {}
    for destination, level, question_id, count in await session.execute(flag_stmt):
        tallies.setdefault((destination, level), Tally())[question_id] += count
    for (destination, level), tally in tallies.items():
        entry = stats.setdefault(destination, DestinationStats(destination))
        # Ties in question-id order, so the list is stable between runs.
        ranked = sorted(tally.items(), key=lambda item: (-item[1], item[0]))[:top]
        if level == Level.RED:
            entry.top_red = ranked
        elif level == Level.AMBER:
            entry.top_amber = ranked
    return sorted(stats.values(), key=lambda s: (-s.total, s.destination))


# ---------------------------------------------------------------- the agency register


def _entry(agency: Agency) -> Entry:
    return Entry(
        id=agency.id,
        name=agency.name,
        permit_number=agency.permit_number,
        countries=tuple(agency.countries or ()),
        valid_until=agency.valid_until,
        status=agency.status,
    )


async def all_agencies(session: AsyncSession) -> list[Entry]:
    """The whole register (a few hundred rows at most: the Ministry lists ~165 companies), for
    fuzzy matching in Python, which no SQL `LIKE` could do across scripts."""
    rows = await session.scalars(select(Agency).order_by(Agency.id))
    return [_entry(a) for a in rows]


async def get_agency(session: AsyncSession, agency_id: int) -> Entry | None:
    agency = await session.get(Agency, agency_id)
    return _entry(agency) if agency else None


async def register_updated_at(session: AsyncSession) -> datetime | None:
    """When the register was last replaced (shown to people so they know how fresh it is)."""
    return await session.scalar(
        select(func.max(AgencyImport.applied_at)).where(AgencyImport.status == "applied")
    )


def fingerprint(entries: list[Entry]) -> str:
    """Changes whenever any agency's data changes; compared between preview and apply."""
    payload = sorted(
        [
            e.name,
            e.permit_number,
            list(e.countries),
            e.valid_until.isoformat() if e.valid_until else "",
            e.status,
        ]
        for e in entries
    )
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


async def create_import(
    session: AsyncSession,
    staff_id: int,
    parsed: ParsedFile,
    summary: Preview,
    base: str,
) -> AgencyImport:
    # An older preview that nobody confirmed can no longer be applied by mistake.
    await session.execute(
        update(AgencyImport).where(AgencyImport.status == "pending").values(status="superseded")
    )
    row = AgencyImport(
        created_by=staff_id,
        created_at=utcnow(),
        status="pending",
        rows=[r.as_dict() for r in parsed.rows],
        summary={
            "new": summary.new,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "removed": len(summary.removed),
            "bad": len(summary.bad),
            "total": summary.total,
        },
        base_fingerprint=base,
    )
    session.add(row)
    await session.flush()
    return row


async def get_import(
    session: AsyncSession, import_id: int, *, lock: bool = False
) -> AgencyImport | None:
    stmt = select(AgencyImport).where(AgencyImport.id == import_id)
    if lock:
        stmt = stmt.with_for_update()
    return (await session.scalars(stmt.execution_options(populate_existing=True))).first()


class StaleImport(Exception):
    """The register changed after the preview was shown."""


# Any constant: it only serialises imports against each other on PostgreSQL.
_REGISTER_LOCK = 0x4A6F6C02


async def apply_import(session: AsyncSession, job: AgencyImport) -> int:
    """Replace the whole register with the import's rows, in the caller's transaction: readers
    see the old register or the new one, never a mix, and a failure leaves the old one."""
    if _is_postgres(session):
        # Two imports confirmed at once would otherwise both delete-then-insert.
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _REGISTER_LOCK})
    if fingerprint(await all_agencies(session)) != job.base_fingerprint:
        raise StaleImport
    await session.execute(delete(Agency))
    rows = [Row.from_dict(raw) for raw in job.rows]
    for row in rows:
        session.add(
            Agency(
                name=row.name,
                name_key=name_key(row.name)[:200],
                permit_number=row.permit_number[:64],
                permit_key=permit_key(row.permit_number)[:64],
                countries=list(row.countries),
                valid_until=row.valid_until,
                status=row.status.value,
                import_id=job.id,
            )
        )
    job.status = "applied"
    job.applied_at = utcnow()
    await session.flush()
    return len(rows)


# ---------------------------------------------------------------- personal data


async def _export_check(session: AsyncSession, user_id: int) -> Any:
    check = await get_check(session, user_id)
    if check is None:
        return []
    level = None
    if check.result_id:
        level = await session.scalar(
            select(ContractCheckResult.level).where(ContractCheckResult.id == check.result_id)
        )
    # A list of one, so /mydata counts it as one record.
    return [
        {
            "destination": check.destination,
            "answers": dict(check.answers),
            "started_at": check.started_at.isoformat(),
            "finished_at": check.finished_at.isoformat() if check.finished_at else None,
            "result": level,
        }
    ]


async def _erase_check(session: AsyncSession, user_id: int) -> None:
    # The anonymous result row stays for the totals; with this row gone nothing links it back.
    await discard_check(session, user_id)


async def _export_imports(session: AsyncSession, user_id: int) -> Any:
    rows = await session.scalars(select(AgencyImport).where(AgencyImport.created_by == user_id))
    return [
        {"created_at": r.created_at.isoformat(), "status": r.status, "rows": len(r.rows)}
        for r in rows
    ]


async def _erase_imports(session: AsyncSession, user_id: int) -> None:
    # Staff member's own record of who imported: the import itself is the register's history.
    await session.execute(
        update(AgencyImport).where(AgencyImport.created_by == user_id).values(created_by=None)
    )


# What this module stores about a person, for /mydata and /deletemydata (db/privacy.py);
# declared in the feature's FEATURE.
PERSONAL_DATA: tuple[PersonalData, ...] = (
    PersonalData("contract_check", _export_check, _erase_check),
    PersonalData("agency_imports", _export_imports, _erase_imports),
)
