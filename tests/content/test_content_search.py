"""Search: forgiving about alphabet, spelling and language; silent on nonsense."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content import ContentStore, load_content
from content import search as search_module
from content.search import search, skeleton


@pytest.mark.parametrize(
    ("query", "locale", "dest", "section_id"),
    [
        ("патент", "ru", "russia", "work_rights"),
        ("patent", "en", "russia", "work_rights"),
        ("patent", "ky", "russia", "work_rights"),
        ("регистрация", "ru", "russia", "registration"),
        ("registraciya", "ru", "russia", "registration"),
        ("registratsiya", "ky", "russia", "registration"),
        ("каттоо", "ky", "russia", "registration"),
        ("kattoo", "ky", "russia", "registration"),
        ("каттоого туруу", "ky", "russia", "registration"),
        ("registration", "en", "russia", "registration"),
        ("черный список", "ru", "russia", "entry_ban"),
        ("чёрный список", "ky", "russia", "entry_ban"),
        ("chernyy spisok", "ru", "russia", "entry_ban"),
        ("кара тизме", "ky", "russia", "entry_ban"),
        ("entry ban", "en", "russia", "entry_ban"),
        ("регистарция", "ru", "russia", "registration"),  # typo
        ("медосмотр", "ru", "russia", "medical"),
        ("ikamet", "ru", "turkey", "residence"),
        ("E-9", "ky", "korea", "eps"),
        ("как получить работу в корее", "ru", "korea", "eps"),
        ("шенген", "ru", "europe", "eu_visas"),
    ],
)
def test_finds_the_expected_section_first(
    store: ContentStore, query: str, locale: str, dest: str, section_id: str
) -> None:
    hits = search(store, query, locale)
    assert hits, query
    assert (hits[0].dest, hits[0].section_id) == (dest, section_id), hits


@pytest.mark.parametrize(
    ("query", "locale"),
    [
        ("паспорт отобрали", "ru"),
        ("забрали паспорт", "ru"),
        ("паспортту алып коюшту", "ky"),
        ("pasportty alyp koyushtu", "ky"),
        ("passport taken", "en"),
        ("my employer took my passport", "en"),
    ],
)
def test_passport_taken_leads_to_help(store: ContentStore, query: str, locale: str) -> None:
    hits = search(store, query, locale)
    assert hits
    top = {(h.dest, h.section_id) for h in hits[:5]}
    assert ("other", "passport") in top or any(sid == "help" for _, sid in top)
    assert hits[0].section_id in {"help", "passport"}


def test_destination_preference(store: ContentStore) -> None:
    hits = search(store, "паспорт отобрали", "ru", dest="turkey")
    assert (hits[0].dest, hits[0].section_id) == ("turkey", "help")
    hits = search(store, "пенсия", "ky", dest="korea")
    assert (hits[0].dest, hits[0].section_id) == ("korea", "coming_back")


def test_titles_are_in_the_users_language(store: ContentStore) -> None:
    for locale, title in (("ky", "Каттоо"), ("ru", "Регистрация"), ("en", "Registration")):
        hits = search(store, "registration", locale)
        assert hits[0].title.startswith(title)


@pytest.mark.parametrize(
    "query",
    ["qwertyzxcv", "asdf jkl", "банан", "погода в москве", "hello", "привет", "", "   ", "!!!"],
)
def test_nonsense_finds_nothing(store: ContentStore, query: str) -> None:
    for locale in ("ky", "ru", "en"):
        assert search(store, query, locale) == []


def test_limit(store: ContentStore) -> None:
    assert len(search(store, "пенсия", "ru", limit=2)) == 2


def test_skeleton_folds_alphabets_and_spellings() -> None:
    assert skeleton("Каттоо") == skeleton("kattoo")
    assert skeleton("регистрация") == skeleton("registraciya") == skeleton("registratsiya")
    assert skeleton("чёрный") == skeleton("черный") == skeleton("chernyy") == skeleton("chernyi")
    assert skeleton("үй") == skeleton("уй")
    assert skeleton("өлкө") == skeleton("олко")
    assert skeleton("Жол") == skeleton("jol") == skeleton("zhol")


QUERIES = [
    "патент", "регистарция", "каттоого туруу", "chernyy spisok", "ikamet", "E-9",
    "как получить работу в корее", "шенген", "жумуш", "виза", "contract", "миграциялык",
    "medosmotr", "Registracia", "пасспорт", "kara tizme", "eps", "uchet", "tuz", "абв",
    "паспорт отобрали", "зарплата не платят", "work permit korea", "pasportty alyp koyushtu",
]  # fmt: skip


def _every_match(index: Any, query: str) -> dict[str, float]:
    """What `_matches` must find: `match` tried against the whole vocabulary."""
    values = ((token, search_module.match(query, token)) for token in index.vocab)
    return {token: value for token, value in values if value}


def test_search_finds_what_trying_every_word_finds(
    store: ContentStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`search` tries only candidate words (content/search.py:_matches); the same queries with
    every indexed word tried must give the same hits."""
    fast = {(q, loc): search(store, q, loc) for q in QUERIES for loc in ("ky", "ru", "en")}
    monkeypatch.setattr(search_module, "_matches", _every_match)
    full = {(q, loc): search(store, q, loc) for q in QUERIES for loc in ("ky", "ru", "en")}
    assert fast == full
    assert sum(1 for hits in fast.values() if hits) >= len(QUERIES)  # not all empty


def _typed(word: str, edits: list[tuple[int, int, str]]) -> str:
    """`word` as someone might type it: letters dropped, changed, added, the end cut off."""
    for kind, at, letter in edits:
        at = at % (len(word) + 1)
        if kind == 0:
            word = word[:at] + word[at + 1 :]
        elif kind == 1:
            word = word[:at] + letter + word[at + 1 :]
        elif kind == 2:
            word = word[:at] + letter + word[at:]
        else:
            word = word[: max(at, 1)]
    return word


@functools.cache
def _seed_index() -> Any:
    return search_module._index(load_content())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_candidates_hold_every_word_that_matches(data: Any) -> None:
    """Every indexed word `match` gives more than 0 is among `_matches`'s candidates, for
    words of the vocabulary typed with slips, and nothing else is."""
    index = _seed_index()
    word = data.draw(st.sampled_from(index.ordered))
    letters = st.sampled_from("aeiouklmnrstj")
    edits = data.draw(
        st.lists(st.tuples(st.integers(0, 3), st.integers(0, 20), letters), max_size=3)
    )
    query = _typed(word, edits)
    if query:
        assert search_module._matches(index, query) == _every_match(index, query)
