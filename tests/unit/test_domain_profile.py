from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.onboarding import Progress, Step, next_step
from domain.profile import (
    DateProblem,
    Destination,
    Situation,
    check_anchor_date,
    default_timezone,
    parse_user_date,
)
from domain.roles import Role, has_role

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("15.03.2027", date(2027, 3, 15)),
        ("15/03/27", date(2027, 3, 15)),
        ("2027-03-15", date(2027, 3, 15)),
        (" 1.4.2027 ", date(2027, 4, 1)),
        ("31.02.2027", None),
        ("next week", None),
        ("15.03", None),
    ],
)
def test_parse_user_date(typed: str, expected: date | None) -> None:
    assert parse_user_date(typed, TODAY) == expected


RU_NOMINATIVE = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
]
RU_GENITIVE = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
KY_TRADITIONAL = (
    "Бирдин айы", "Жалган куран", "Чын куран", "Бугу", "Кулжа", "Теке", "Баш оона",
    "Аяк оона", "Тогуздун айы", "Жетинин айы", "Бештин айы", "Үчтүн айы",
)  # fmt: skip
EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("15 март", date(2027, 3, 15)),  # without a year: the nearest 15 March to today
        ("1 ноября", date(2026, 11, 1)),
        ("March 15", date(2027, 3, 15)),
        ("15-март", date(2027, 3, 15)),
        ("15-марттан", date(2027, 3, 15)),  # a Kyrgyz case ending
        ("2027-жылдын 15-марты", date(2027, 3, 15)),
        ("15 марта 2027 года", date(2027, 3, 15)),
        ("15th of March 2027", date(2027, 3, 15)),
        ("Бугунун 3-күнү", date(2027, 4, 3)),
        ("1 Бештин айы", date(2026, 11, 1)),
        ("5 мая", date(2027, 5, 5)),
        ("Dec 1", date(2026, 12, 1)),
        ("31 февраля", None),
        ("15 март 16 апрель", None),
        ("March", None),
        ("15 март жок", None),
    ],
)
def test_dates_with_month_names(typed: str, expected: date | None) -> None:
    assert parse_user_date(typed, TODAY) == expected


@pytest.mark.parametrize(
    "names", [RU_NOMINATIVE, RU_GENITIVE, KY_TRADITIONAL, EN_MONTHS], ids=lambda n: n[0]
)
def test_every_month_name_in_every_written_form(names: list[str]) -> None:
    """Each month, upper or lower case, day before or after the name, hyphenated the Kyrgyz
    way, with and without a year (then the nearest date to today, never more than half a
    year away)."""
    for month, name in enumerate(names, start=1):
        for day in (1, 9, 28):
            for spelled in (name, name.lower(), name.upper()):
                written = date(2027, month, day)
                assert parse_user_date(f"{day} {spelled} 2027", TODAY) == written
                assert parse_user_date(f"{spelled} {day}, 2027", TODAY) == written
                assert parse_user_date(f"2027-жылы {day}-{spelled}", TODAY) == written
                for typed in (f"{day} {spelled}", f"{day}-{spelled}", f"{spelled} {day}"):
                    found = parse_user_date(typed, TODAY)
                    assert found is not None and (found.month, found.day) == (month, day)
                    assert abs((found - TODAY).days) <= 183, typed


def test_anchor_dates_must_make_sense() -> None:
    assert check_anchor_date("departure", date(2026, 11, 1), TODAY) is DateProblem.MUST_BE_FUTURE
    assert check_anchor_date("departure", TODAY, TODAY) is None
    assert check_anchor_date("arrival", date(2027, 1, 1), TODAY) is DateProblem.MUST_BE_PAST
    assert check_anchor_date("return", date(1980, 1, 1), TODAY) is DateProblem.TOO_FAR_PAST
    assert check_anchor_date("departure", date(2031, 1, 1), TODAY) is DateProblem.TOO_FAR_FUTURE


def test_time_zone_follows_where_the_person_is() -> None:
    assert default_timezone(Situation.ABROAD, Destination.KOREA) == "Asia/Seoul"
    assert default_timezone(Situation.PLANNING, Destination.KOREA) == "Asia/Bishkek"
    assert default_timezone(Situation.RETURNED, Destination.RUSSIA) == "Asia/Bishkek"


def _p(**kw: object) -> Progress:
    base: dict[str, object] = dict(
        locale="ky", consent_at=None, consent_declined_at=None,
        situation=None, destination=None, onboarded_at=None,
    )  # fmt: skip
    base.update(kw)
    return Progress(**base)  # type: ignore[arg-type]


def test_onboarding_resumes_at_the_first_missing_answer() -> None:
    assert next_step(None) is Step.LANGUAGE
    assert next_step(_p(locale=None)) is Step.LANGUAGE
    assert next_step(_p()) is Step.CONSENT
    assert next_step(_p(consent_declined_at=NOW)) is Step.DONE
    assert next_step(_p(consent_at=NOW)) is Step.SITUATION
    assert next_step(_p(consent_at=NOW, situation="abroad")) is Step.DESTINATION
    assert next_step(_p(consent_at=NOW, situation="abroad", destination="korea")) is Step.DATE
    done = _p(consent_at=NOW, situation="abroad", destination="korea", onboarded_at=NOW)
    assert next_step(done) is Step.DONE


def test_admin_holds_every_role() -> None:
    assert has_role({"admin"}, Role.COORDINATOR)
    assert has_role({"staff"}, Role.STAFF, Role.COORDINATOR)
    assert not has_role({"staff"}, Role.COORDINATOR)
    assert not has_role(set(), Role.STAFF)
