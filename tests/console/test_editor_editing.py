"""The editor's pure parts: YAML edited in place (comments, order and quoting kept), items and
fields in three languages, issues placed at their field, per-field differences, the preview."""

from __future__ import annotations

import datetime as dt

import pytest

from content import editing
from content.library import ContentInvalid, ContentLibrary
from handlers.console.editor.preview import page, telegram_to_browser
from handlers.console.editor.service import placed


@pytest.fixture(scope="module")
def seed() -> dict[str, str]:
    return ContentLibrary.load().documents


def test_every_document_survives_a_round_trip_byte_for_byte(seed: dict[str, str]) -> None:
    for name, text in seed.items():
        assert editing.dump(editing.load(text), like=text) == text, name


def test_items_of_every_kind_have_their_three_languages(seed: dict[str, str]) -> None:
    files = editing.editable_files(seed)
    kinds = {editing.kind_of(f) for f in files}
    assert kinds == {"guide", "emergency", "campaigns", "questions", "canned"}
    for file in files:
        found = editing.items(file, seed[file])
        assert found, file
        for item in found:
            texts = [f for f in item.fields if f.kind == "texts"]
            assert texts, (file, item.key)
            assert all(set(f.values) == {"ky", "ru", "en"} for f in texts)
            # Ids travel in QR codes, deep links and statistics: never edited here.
            assert not {"id", "key", "dest"} & {f.name for f in item.fields}


def test_an_edit_changes_that_sentence_and_nothing_else(seed: dict[str, str]) -> None:
    text = seed["guides/russia.yaml"]
    item = editing.find_item("guides/russia.yaml", text, "entry_ban")
    assert item is not None and item.check_key == "russia/entry_ban"
    body = item.fields[[f.name for f in item.fields].index("body")].values
    new_ky = body["ky"].replace("салынган-салынбаганын", "бар-жогун", 1)
    edited = editing.apply(
        text,
        item.path,
        # The browser sends CRLF and every language; unchanged ones stay byte for byte.
        {"body": {**body, "ky": new_ky.replace("\n", "\r\n")}, "review_by": {"": "2027-03-01"}},
    )
    changed = [
        (a, b) for a, b in zip(text.splitlines(), edited.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 2
    assert "тыюу бар-жогун текшериңиз" in changed[0][1]
    assert changed[1] == ("    review_by: 2027-02-28", "    review_by: 2027-03-01")
    # Still a date for the validator, and the library accepts the edited documents.
    assert editing.load(edited)["sections"][0]["review_by"] == dt.date(2027, 3, 1)
    ContentLibrary.from_documents({**seed, "guides/russia.yaml": edited})

    changes = editing.diff(seed, {**seed, "guides/russia.yaml": edited})
    assert [(c.file, c.item, c.field) for c in changes] == [
        ("guides/russia.yaml", "entry_ban", "body.ky"),
        ("guides/russia.yaml", "entry_ban", "review_by"),
    ]
    lines = changes[0].line_diff()
    assert ("+", new_ky.splitlines()[0]) in lines


def test_a_new_line_makes_a_block_and_lists_keep_their_style(seed: dict[str, str]) -> None:
    text = seed["canned_answers.yaml"]
    item = editing.find_item("canned_answers.yaml", text, "received")
    assert item is not None
    edited = editing.apply(text, item.path, {"text": {"en": "Line one\nLine two"}})
    assert editing.load(edited)[0]["text"]["en"] == "Line one\nLine two"
    assert "    en: |-\n      Line one\n      Line two\n" in edited
    russia = seed["guides/russia.yaml"]
    section = editing.find_item("guides/russia.yaml", russia, "entry_ban")
    assert section is not None
    numbers = editing.apply(russia, section.path, {"numbers": {"": "1\n2\n\n3"}})
    assert '    numbers: ["1", "2", "3"]\n' in numbers


def test_unknown_fields_are_refused(seed: dict[str, str]) -> None:
    text = seed["guides/russia.yaml"]
    item = editing.find_item("guides/russia.yaml", text, "entry_ban")
    assert item is not None
    with pytest.raises(editing.EditError):
        editing.apply(text, item.path, {"id": {"": "renamed"}})
    with pytest.raises(editing.EditError):
        editing.apply(text, ("sections", 999), {"body": {"ky": "x"}})


def test_issues_point_at_their_field(seed: dict[str, str]) -> None:
    text = seed["guides/russia.yaml"]
    item = editing.find_item("guides/russia.yaml", text, "documents")
    assert item is not None
    index = item.path[1]
    assert editing.place_issue(item, f"sections[{index}] (documents).body.ky") == ("body", "ky")
    assert editing.place_issue(item, "sections[0] (entry_ban).body.ky") is None
    # An issue about a field the item lacks goes to the nearest field it has, or the item.
    assert editing.place_issue(item, f"sections[{index}] (documents).links") == ("", "")
    first = editing.find_item("guides/russia.yaml", text, "entry_ban")
    assert first is not None
    assert editing.place_issue(first, "sections[0] (entry_ban).sources[0].url") == (
        "sources.0.url",
        "",
    )
    card = editing.find_item(editing.EMERGENCY, seed[editing.EMERGENCY], "turkey")
    assert card is not None
    assert editing.place_issue(card, "cards.turkey.title.en") == ("title", "en")


def test_the_preview_shows_only_telegrams_tags() -> None:
    shown = telegram_to_browser(
        '<b>Bold</b> &amp; <a href="https://mfa.gov.kg">site</a> <script>x</script>'
    )
    assert "<b>Bold</b> &amp; " in shown
    assert 'href="https://mfa.gov.kg" rel="noopener noreferrer nofollow"' in shown
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    refused = page("<b>unclosed & wrong")
    assert refused.problems
    assert "<b>" not in refused.html


def test_the_library_refuses_an_avoided_term_at_its_field(seed: dict[str, str]) -> None:
    """The editor's save validates with the library: a glossary-avoided word is one problem,
    placed at the Kyrgyz body of the section it was typed in."""
    text = seed["guides/russia.yaml"]
    item = editing.find_item("guides/russia.yaml", text, "entry_ban")
    assert item is not None
    body = item.field("body")
    assert body is not None
    edited = editing.apply(
        text, item.path, {"body": {"ky": body.values["ky"].replace("Россияга", "Орусияга", 1)}}
    )
    with pytest.raises(ContentInvalid) as refused:
        ContentLibrary.from_documents({**seed, "guides/russia.yaml": edited})
    here, elsewhere = placed(item, refused.value.issues)
    assert [(p.field, p.language) for p in here] == [("body", "ky")]
    assert elsewhere == []
