"""Agency matching and the CSV reader, on their own. Agency names here are made-up fixtures:
the repository ships no register."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import (
    MAX_FILE_BYTES,
    BadReason,
    Entry,
    FileProblem,
    Standing,
    Status,
    find,
    name_key,
    parse_csv,
    permit_key,
    preview,
    standing,
)

REGISTER = [
    Entry(1, "ОсОО «Тестовый Караван»", "KG-0001/26", ("Турция",), date(2027, 1, 31), "active"),
    Entry(2, "Example Fly Work LLC", "№ 0002", ("Германия", "Польша"), None, "active"),
    Entry(3, "Sample Jumush Service", "0003-A", (), date(2026, 1, 1), "active"),
    Entry(4, "Ак-Жол Тест", "0004", ("Корея",), None, "suspended"),
    Entry(5, "Караван Тур", "0005", (), None, "active"),
]


def names(query: str) -> list[tuple[str, bool]]:
    return [(m.entry.name, m.exact) for m in find(query, REGISTER)]


# ---------------------------------------------------------------- spelling variants


@pytest.mark.parametrize(
    "typed",
    [
        "Тестовый Караван",
        "тестовый караван",
        "ТЕСТОВЫЙ КАРАВАН",
        '"Тестовый Караван" ЖЧК',
        "ООО Тестовый Караван",
        "Testovyi Karavan",
        "Testovyy Karavan LLC",
        "Testovij Karawan",
    ],
)
def test_cyrillic_latin_case_quotes_and_legal_forms_match_exactly(typed: str) -> None:
    assert names(typed)[0] == ("ОсОО «Тестовый Караван»", True)


def test_spelling_variants_of_the_same_sound_are_the_same_name() -> None:
    assert names("Sample Jumush Servise")[0] == ("Sample Jumush Service", True)


def test_latin_name_typed_in_cyrillic() -> None:
    assert names("Экзампл Флай Ворк")[0][0] == "Example Fly Work LLC"


@pytest.mark.parametrize("typed", ["Tеstovy Karavn", "Тестовый Карован", "Sample Jumosh Service"])
def test_small_typos_are_offered_but_never_as_the_same_agency(typed: str) -> None:
    found = names(typed)
    assert found, typed
    assert found[0][1] is False  # "did you mean …?", not "this agency"


def test_a_longer_registered_name_is_offered_for_its_part() -> None:
    found = names("Karavan Tur")
    assert found[0] == ("Караван Тур", True)
    # The other "Karavan" appears as a similar name, not as the same one.
    assert ("ОсОО «Тестовый Караван»", False) in found


@pytest.mark.parametrize("typed", ["KG-0001/26", "kg 0001 26", "№ KG0001/26", "КГ-0001/26"])
def test_permit_numbers_match_in_any_spelling(typed: str) -> None:
    assert names(typed) == [("ОсОО «Тестовый Караван»", True)]


def test_permit_number_with_leading_number_sign() -> None:
    assert names("0002") == [("Example Fly Work LLC", True)]
    assert names("N 0002") == [("Example Fly Work LLC", True)]
    assert names("номер 0002") == [("Example Fly Work LLC", True)]


def test_unknown_names_and_permits_find_nothing() -> None:
    assert names("Совсем Другая Компания") == []
    assert names("9999") == []
    assert names("   ") == []


def test_name_key_drops_only_legal_forms() -> None:
    assert name_key("ОсОО «Альфа»") == name_key("Alfa LLC") == name_key("альфа")
    assert name_key("Alfa Travel") != name_key("Alfa")
    assert permit_key("№ 12-34") == permit_key("1234")


# ---------------------------------------------------------------- standing


def test_standing_today() -> None:
    today = date(2026, 11, 28)
    assert standing(REGISTER[0], today) is Standing.LICENSED
    assert standing(REGISTER[1], today) is Standing.LICENSED  # no end date given
    assert standing(REGISTER[2], today) is Standing.EXPIRED
    assert standing(REGISTER[3], today) is Standing.SUSPENDED
    on_last_day = Entry(9, "X", "", (), today, "active")
    assert standing(on_last_day, today) is Standing.LICENSED


# ---------------------------------------------------------------- CSV


GOOD_SEMICOLON = (
    "\ufeffname;permit_number;countries;valid_until;status\n"
    "ОсОО «Тестовый Караван»;KG-0001/26;Турция;31.01.2027;active\n"
    "Example Fly Work LLC;№ 0002;Германия|Польша;;\n"
    "Ак-Жол Тест;0004;Корея;2027-03-01;suspended\n"
)


def test_semicolon_utf8_with_bom() -> None:
    parsed = parse_csv(GOOD_SEMICOLON.encode("utf-8"))
    assert parsed.problem is None and parsed.bad == []
    assert [r.name for r in parsed.rows] == [
        "ОсОО «Тестовый Караван»",
        "Example Fly Work LLC",
        "Ак-Жол Тест",
    ]
    first, second, third = parsed.rows
    assert first.valid_until == date(2027, 1, 31) and first.countries == ("Турция",)
    assert second.countries == ("Германия", "Польша") and second.valid_until is None
    assert second.status is Status.ACTIVE and third.status is Status.SUSPENDED
    assert [r.line for r in parsed.rows] == [2, 3, 4]


def test_comma_quoted_fields_and_russian_headers_in_windows_1251() -> None:
    text = (
        "Название,Номер разрешения,Страны,Действует до,Статус\r\n"
        '"Караван Тур","0005","Турция, ОАЭ",01/02/2027,действует\r\n'
        "\r\n"
        '"ОсОО ""Альфа""",0006,Корея,2027-01-01,приостановлено\r\n'
    )
    parsed = parse_csv(text.encode("cp1251"))
    assert parsed.problem is None and parsed.bad == []
    assert parsed.rows[0].countries == ("Турция", "ОАЭ")
    assert parsed.rows[0].valid_until == date(2027, 2, 1)
    assert parsed.rows[1].name == 'ОсОО "Альфа"'
    assert parsed.rows[1].status is Status.SUSPENDED
    assert parsed.rows[1].line == 4  # the blank line still counts, as in a spreadsheet


def test_kyrgyz_headers_and_extra_columns() -> None:
    text = "№;Аталышы;Уруксат номери;Өлкөлөр;Эскертүү\n1;Караван Тур;0005;Түркия;x\n"
    parsed = parse_csv(text.encode())
    assert parsed.problem is None
    assert parsed.rows[0].name == "Караван Тур" and parsed.rows[0].permit_number == "0005"


def test_bad_rows_are_reported_with_line_numbers_and_reasons() -> None:
    text = (
        "name;permit_number;countries;valid_until;status\n"
        "Good One;0001;Турция;2027-01-01;active\n"  # 2
        ";0002;Турция;2027-01-01;active\n"  # 3 no name
        "Bad Date;0003;Турция;31-31-2027;active\n"  # 4
        "Bad Status;0004;Турция;;closed\n"  # 5
        "Copy Of One;0001;Турция;;\n"  # 6 same permit as line 2
        ";;;;\n"  # 7 empty: ignored
        "Good Two;;;;\n"  # 8
    )
    parsed = parse_csv(text.encode())
    assert parsed.problem is None
    assert [r.name for r in parsed.rows] == ["Good One", "Good Two"]
    assert [(b.line, b.reason) for b in parsed.bad] == [
        (3, BadReason.NO_NAME),
        (4, BadReason.BAD_DATE),
        (5, BadReason.BAD_STATUS),
        (6, BadReason.DUPLICATE),
    ]
    assert parsed.bad[1].value == "31-31-2027"
    assert parsed.bad[3].other_line == 2


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", FileProblem.NO_HEADER),
        (b"\n\n", FileProblem.NO_HEADER),
        (b"name;permit_number\n", FileProblem.NO_ROWS),
        (b"company_id;city\n1;Bishkek\n", FileProblem.NO_NAME_COLUMN),
        (b"%PDF-1.4\x00\x00\x01binary", FileProblem.NOT_TEXT),
        (b"x" * (MAX_FILE_BYTES + 1), FileProblem.TOO_BIG),
    ],
)
def test_files_that_cannot_be_read(data: bytes, problem: FileProblem) -> None:
    assert parse_csv(data).problem is problem


# ---------------------------------------------------------------- preview


def test_preview_counts_new_updated_unchanged_removed_and_bad() -> None:
    current = [
        Entry(
            1, "ОсОО «Тестовый Караван»", "KG-0001/26", ("Турция",), date(2027, 1, 31), "active"
        ),
        Entry(2, "Example Fly Work LLC", "№ 0002", ("Германия",), None, "active"),
        Entry(7, "Old Closed Agency", "0007", (), None, "active"),
    ]
    text = GOOD_SEMICOLON + "Broken;0009;;not-a-date;\n"
    summary = preview(current, parse_csv(text.encode()))
    assert summary.unchanged == 1  # Тестовый Караван
    assert summary.updated == 1  # Fly Work: a country added
    assert summary.new == 1  # Ак-Жол Тест
    assert summary.removed == ("Old Closed Agency",)
    assert [b.line for b in summary.bad] == [5]
    assert summary.total == 3
