"""The job-offer check (a person's check in progress; anonymous results for staff totals) and
the register of licensed recruitment agencies with its CSV imports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import BigIntPK, utcnow


class ContractCheck(Base):
    """One person's current check: kept in the database (not only in FSM data) so /check can
    offer "continue where you stopped" after days, a restart or another device.

    Personal data: exported and erased with /mydata and /deletemydata. `result_id` links to the
    anonymous result only while this row exists, so a changed answer updates the same result
    instead of counting the offer twice; erasing this row leaves the result unlinkable.
    """

    __tablename__ = "contract_checks"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    destination: Mapped[str] = mapped_column(String(16))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The question on screen; None once the result was shown.
    current: Mapped[str | None] = mapped_column(String(32))
    questions_version: Mapped[str] = mapped_column(String(16), default="")
    result_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("contract_check_results.id", ondelete="SET NULL")
    )
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None]


class ContractCheckResult(Base):
    """A finished check, with no user id: staff see totals by destination and flag.
    The day (not the time) is kept so small numbers cannot be matched to a visit."""

    __tablename__ = "contract_check_results"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    day: Mapped[date] = mapped_column(index=True)
    destination: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(8))
    questions_version: Mapped[str] = mapped_column(String(16), default="")


class ContractCheckFlag(Base):
    """One red or amber answer of a result (which warning signs are most common)."""

    __tablename__ = "contract_check_flags"

    result_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey("contract_check_results.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )
    question_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    level: Mapped[str] = mapped_column(String(8))

    __table_args__ = (Index("ix_contract_check_flags_level_question", "level", "question_id"),)


class Agency(Base):
    """A company with a state permit to send people to work abroad, from the Ministry of
    Labour's published list (imported by staff; the repository ships none)."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    # Skeletons used for matching (domain.agencies.name_key / permit_key), kept for lookups.
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    permit_number: Mapped[str] = mapped_column(String(64), default="")
    permit_key: Mapped[str] = mapped_column(String(64), default="", index=True)
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    valid_until: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(16), default="active")
    import_id: Mapped[int | None] = mapped_column(BigInteger)


class AgencyImport(Base):
    """A CSV file a staff member sent: parsed and previewed first, applied only on confirm.

    `base_fingerprint` is the register's fingerprint when the preview was made: if the register
    changed in between (another import), applying would be based on a stale preview, so it is
    refused.
    """

    __tablename__ = "agency_imports"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    created_by: Mapped[int | None] = mapped_column(BigInteger, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|applied|cancelled
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    base_fingerprint: Mapped[str] = mapped_column(String(64))
    applied_at: Mapped[datetime | None]


__all__ = ["Agency", "AgencyImport", "ContractCheck", "ContractCheckFlag", "ContractCheckResult"]
