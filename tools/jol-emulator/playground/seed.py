"""Demo people for the playground: a migrant, a staff member and a coordinator.

The staff member and the coordinator get their roles in the database (`user_roles`), exactly as
an admin's /grant would give them, so the bot treats them as Center staff: staff commands in
the menu, notices about questions and bookings.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.queries import contract
from db.queries.users import ensure_user, grant_role, record_consent
from domain.agencies import parse_csv, preview
from domain.roles import Role
from emulator import EmulatorClient


@dataclass(frozen=True)
class DemoPerson:
    id: int
    first_name: str
    last_name: str
    language_code: str
    role: Role | None  # None: a migrant, the bot's ordinary user

    @property
    def label(self) -> str:
        return self.role.value if self.role else "migrant"


DEMO_PEOPLE = (
    DemoPerson(700100001, "Айгүл", "Осмонова", "ky", None),
    DemoPerson(700100002, "Нурлан", "Касымов", "ru", Role.STAFF),
    DemoPerson(700100003, "Динара", "Абдыкадырова", "ky", Role.COORDINATOR),
)
# A made-up register, so the agency check can be tried: every permit number starts with
# DEMO- and the bot labels these agencies "DEMO — not real data" wherever they appear. One of
# each standing: licensed, suspended, expired.
DEMO_AGENCIES_CSV = (
    "name;permit_number;countries;valid_until;status\n"
    "ОсОО «Демо Алтын Жол»;DEMO-0001;Турция|Германия;2099-12-31;active\n"
    "Demo Silk Road Recruiting LLC;DEMO-0002;Корея;2099-12-31;suspended\n"
    "ОсОО «Демо Тоо Нуру»;DEMO-0003;Россия;2020-01-01;active\n"
).encode()
# People made on the page get ids from here up, well apart from the seeded ones.
FIRST_NEW_PERSON_ID = 700200001


async def seed_database(sessionmaker: async_sessionmaker[AsyncSession], granted_by: int) -> None:
    """Grant the demo roles, and onboard the staff: their language is chosen and the privacy
    step answered (declined — staff share no migration plans), so /start shows their tools at
    once instead of the migrant's questions. Idempotent: a kept database is simply reused."""
    async with sessionmaker() as session, session.begin():
        for person in DEMO_PEOPLE:
            if person.role is None:
                continue
            await grant_role(session, person.id, person.role.value, granted_by=granted_by)
            user = await ensure_user(session, person.id, person.language_code)
            if user.consent_at is None and user.consent_declined_at is None:
                await record_consent(session, user, given=False)
        await seed_demo_register(session, granted_by)


async def seed_demo_register(session: AsyncSession, loaded_by: int) -> None:
    """Load the demo register through the same import as staff use, unless a register (the
    demo one, or a real one someone uploaded to this playground) is already there."""
    current = await contract.all_agencies(session)
    if current:
        return
    parsed = parse_csv(DEMO_AGENCIES_CSV)
    job = await contract.create_import(
        session, loaded_by, parsed, preview(current, parsed), contract.fingerprint(current)
    )
    await contract.apply_import(session, job)


async def seed_emulator(client: EmulatorClient) -> None:
    for person in DEMO_PEOPLE:
        await client.create_user(
            person.id,
            person.first_name,
            last_name=person.last_name,
            language_code=person.language_code,
        )
    # A bot cannot write first to someone who never opened it, and staff get notices from the
    # bot (new questions, bookings): they have pressed Start, as real staff would have.
    for person in DEMO_PEOPLE:
        if person.role is not None:
            await client.start(person.id)
