"""The validator refuses each kind of broken content, with a message that says where."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from content import ContentError, load_content
from tests.content.conftest import Writer, minimal_data


def _problems(write_data: Writer, mutate: Callable[[dict[str, Any]], None]) -> list[str]:
    data = minimal_data()
    mutate(data)
    with pytest.raises(ContentError) as exc:
        load_content(write_data(data))
    return exc.value.problems


def _first(data: dict[str, Any]) -> dict[str, Any]:
    return data["guides"]["russia.yaml"]["sections"][0]


def test_minimal_fixture_is_valid(write_data: Writer) -> None:
    store = load_content(write_data(minimal_data()))
    assert store.destinations() == ("russia", "turkey", "korea", "europe", "other")
    assert store.section("russia", "first") is not None


def test_missing_language(write_data: Writer) -> None:
    problems = _problems(write_data, lambda d: _first(d)["body"].pop("ky"))
    assert any(
        "russia.yaml: sections[0] (first).body.ky" in p and "missing" in p for p in problems
    )


def test_empty_language_in_title(write_data: Writer) -> None:
    problems = _problems(write_data, lambda d: _first(d)["title"].update(en="  "))
    assert any("title.en" in p for p in problems)


def test_missing_language_in_emergency_card(write_data: Writer) -> None:
    problems = _problems(write_data, lambda d: d["emergency"]["cards"]["turkey"]["body"].pop("ru"))
    assert any("cards.turkey.body.ru" in p for p in problems)


def test_missing_keywords_for_a_language(write_data: Writer) -> None:
    problems = _problems(write_data, lambda d: _first(d)["keywords"].update(ky=[]))
    assert any("keywords.ky" in p for p in problems)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<b>bold", "unclosed"),
        ("<b><i>x</b></i>", "does not close"),
        ("<p>paragraph</p>", "not allowed"),
        ("<h1>x</h1>", "not allowed"),
        ("Tom & Jerry", "unescaped '&'"),
        ("1 < 2", "unescaped '<'"),
        ("a > b", "unescaped '>'"),
        ("&nbsp;", "unescaped '&'"),
        ("<b class='x'>x</b>", "takes no attributes"),
        ("<code><b>x</b></code>", "inside <code>"),
    ],
)
def test_bad_html(write_data: Writer, body: str, expected: str) -> None:
    problems = _problems(write_data, lambda d: _first(d)["body"].update(ru=body))
    assert any("body.ru" in p and expected in p for p in problems), problems


@pytest.mark.parametrize(
    "href",
    ["mfa.gov.kg", "javascript:alert(1)", "ftp://mfa.gov.kg", "https://", "http://exa mple.kg"],
)
def test_bad_link_in_body(write_data: Writer, href: str) -> None:
    body = f'See <a href="{href}">this</a>.'
    problems = _problems(write_data, lambda d: _first(d)["body"].update(en=body))
    assert any("body.en" in p and ("link" in p or "href" in p) for p in problems), problems


def test_bad_source_url(write_data: Writer) -> None:
    problems = _problems(
        write_data, lambda d: _first(d)["sources"].append({"title": "x", "url": "www.x"})
    )
    assert any("sources[2].url" in p for p in problems)


def test_section_without_sources(write_data: Writer) -> None:
    problems = _problems(write_data, lambda d: _first(d).update(sources=[]))
    assert any("needs at least one source" in p for p in problems)


@pytest.mark.parametrize("value", ["2026-13", "05.2026", "soon", None, "2026-05-01"])
def test_bad_or_missing_as_of(write_data: Writer, value: object) -> None:
    problems = _problems(write_data, lambda d: _first(d).update(as_of=value))
    assert any("sections[0] (first).as_of" in p and "month of the sources" in p for p in problems)


def test_section_without_as_of(write_data: Writer) -> None:
    problems = _problems(write_data, lambda d: _first(d).pop("as_of"))
    assert any("(first).as_of" in p for p in problems)


def test_card_without_as_of(write_data: Writer) -> None:
    problems = _problems(write_data, lambda d: d["emergency"]["cards"]["russia"].pop("as_of"))
    assert any("cards.russia.as_of" in p for p in problems)


def test_old_verified_date_is_refused(write_data: Writer) -> None:
    # The single "verified" date overstated freshness: it must not come back unnoticed.
    problems = _problems(write_data, lambda d: _first(d).update(verified="2026-11-28"))
    assert any("(first).verified" in p and "replaced by as_of" in p for p in problems)


def test_bad_review_date(write_data: Writer) -> None:
    problems = _problems(write_data, lambda d: _first(d).update(review_by="28.11.2026"))
    assert any("review_by" in p and "not a date" in p for p in problems)


def test_review_before_as_of(write_data: Writer) -> None:
    problems = _problems(write_data, lambda d: _first(d).update(review_by="2026-01-01"))
    assert any("review_by" in p and "before as_of" in p for p in problems)


def test_check_needs_a_name_and_a_date(write_data: Writer) -> None:
    problems = _problems(write_data, lambda d: _first(d).update(checked={"on": "2026-12-01"}))
    assert any("(first).checked.by" in p for p in problems)
    problems = _problems(write_data, lambda d: _first(d).update(checked={"by": "Aida"}))
    assert any("(first).checked.on" in p for p in problems)


def test_check_in_yaml_is_loaded(write_data: Writer) -> None:
    data = minimal_data()
    _first(data)["checked"] = {"by": "Aida", "on": "2026-12-01"}
    section = load_content(write_data(data)).section("russia", "first")
    assert section is not None and section.checked is not None
    assert (section.checked.by, section.checked.on.isoformat()) == ("Aida", "2026-12-01")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Call <b>112</b> at once.", "112"),
        ("The helpline 08000 121 700 is free.", "08000 121 700"),
        ("Fee: 7,000 rubles.", "7,000"),
        ("Within 30 days of arrival.", "30"),
        ("Korea: 1644-0644.", "1644-0644"),
    ],
)
def test_unsourced_number_fails(write_data: Writer, text: str, number: str) -> None:
    problems = _problems(write_data, lambda d: _first(d)["body"].update(ru=text))
    assert any(
        "(first).body.ru" in p and repr(number) in p and "not marked as sourced" in p
        for p in problems
    )


def test_number_marked_as_sourced_passes(write_data: Writer) -> None:
    data = minimal_data()
    for loc in ("ky", "ru", "en"):
        _first(data)["body"][loc] = 'Call 112 or <a href="https://x.org/a?id=3000">x</a>.'
    _first(data)["numbers"] = ["112"]  # the digits inside the link address are not read
    assert load_content(write_data(data)).section("russia", "first") is not None


def test_marked_number_no_body_uses_is_reported(write_data: Writer) -> None:
    problems = _problems(write_data, lambda d: _first(d).update(numbers=["999"]))
    assert any("(first).numbers" in p and "'999'" in p for p in problems)


def test_link_to_missing_section(write_data: Writer) -> None:
    problems = _problems(write_data, lambda d: _first(d).update(links=["other/nowhere"]))
    assert any("links" in p and "other/nowhere" in p for p in problems)


def test_official_sources_are_listed_first(write_data: Writer) -> None:
    data = minimal_data()
    _first(data)["sources"] = [
        {"title": "blog.example (2025)"},
        {"title": "mfa.gov.kg", "official": True},
    ]
    section = load_content(write_data(data)).section("russia", "first")
    assert section is not None
    assert [s.title for s in section.sources] == ["mfa.gov.kg", "blog.example (2025)"]


def test_duplicate_section_id(write_data: Writer) -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["guides"]["russia.yaml"]["sections"][1]["id"] = "first"

    problems = _problems(write_data, mutate)
    assert any("duplicate section id 'first'" in p for p in problems)


def test_duplicate_destination(write_data: Writer) -> None:
    problems = _problems(write_data, lambda d: d["guides"]["turkey.yaml"].update(dest="russia"))
    assert any("already defined" in p for p in problems)
    assert any("no guide for destination 'turkey'" in p for p in problems)


@pytest.mark.parametrize("sid", ["Entry-Ban", "въезд", "a b", "x" * 33, "x" * 60])
def test_unsafe_or_too_long_id(write_data: Writer, sid: str) -> None:
    problems = _problems(write_data, lambda d: _first(d).update(id=sid))
    assert any(".id" in p for p in problems), problems


def test_unknown_key_is_reported(write_data: Writer) -> None:
    problems = _problems(write_data, lambda d: _first(d).update(reviewby="2027-01-01"))
    assert any("unknown key 'reviewby'" in p for p in problems)


def test_missing_emergency_card(write_data: Writer) -> None:
    problems = _problems(write_data, lambda d: d["emergency"]["cards"].pop("general"))
    assert any("missing card 'general'" in p for p in problems)


def test_emergency_card_must_fit_one_message(write_data: Writer) -> None:
    long_body = "\n\n".join(["Paragraph of text. " * 20] * 12)
    problems = _problems(
        write_data, lambda d: d["emergency"]["cards"]["korea"]["body"].update(en=long_body)
    )
    assert any("cards.korea.body.en" in p and "one page" in p for p in problems)


def test_title_is_plain_text(write_data: Writer) -> None:
    problems = _problems(write_data, lambda d: _first(d)["title"].update(ru="<b>Виза</b>"))
    assert any("title.ru" in p and "plain text" in p for p in problems)


def test_duplicate_yaml_key(write_data: Writer) -> None:
    folder = write_data(minimal_data())
    path = folder / "korea.yaml"
    path.write_text(path.read_text("utf-8") + "dest: korea\n", "utf-8")
    with pytest.raises(ContentError) as exc:
        load_content(folder)
    assert any("korea.yaml" in p and "duplicate key" in p for p in exc.value.problems)


def test_broken_yaml_syntax(write_data: Writer) -> None:
    folder = write_data(minimal_data())
    (folder / "europe.yaml").write_text("dest: [europe\n", "utf-8")
    with pytest.raises(ContentError) as exc:
        load_content(folder)
    assert any("europe.yaml: cannot read YAML" in p for p in exc.value.problems)


def test_all_problems_reported_at_once(write_data: Writer) -> None:
    def mutate(d: dict[str, Any]) -> None:
        _first(d)["body"]["ky"] = "<b>x"
        _first(d)["review_by"] = "2020-01-01"
        d["guides"]["korea.yaml"]["sections"][0]["title"].pop("en")

    problems = _problems(write_data, mutate)
    assert len(problems) >= 3
