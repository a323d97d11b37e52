"""The shipped content: valid, complete, short enough, and free of invented contacts."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

import pytest

from content import DESTINATIONS, LOCALES, ContentStore, deep_link_payload, parse_deep_link
from content.paging import DEFAULT_LIMIT, paginate
from content.tghtml import check, links, utf16_len
from content.validate import TELEGRAM_LIMIT, overdue

# Domains that /work/shared/content-facts.md names as official or primary sources. A new
# link domain needs a source there first; then add it here in the same change.
ALLOWED_LINK_DOMAINS = {
    "mfa.gov.kg",  # KR Foreign Ministry: embassy memos, "Diplomatic missions"
    "mlsp.gov.kg",  # Ministry of Labour: licensed-agency list, Moscow office
    "socfond.kg",  # Social Fund: voluntary contributions
    "e-ikamet.goc.gov.tr",  # Turkish residence permits
    "www.eps.go.kr",  # EPS (Korea)
    "iris.iom.int",  # IOM IRIS
    "migrationnetwork.un.org",  # ILO fair-recruitment principles
    "www.ihrb.org",  # Employer Pays Principle
    "www.ilo.org",  # ILO helpdesk FAQ
    # Emergency numbers (fact base §8), each on its official page:
    "mchs.gov.ru",  # Russia: Система-112
    "112.gov.tr",  # Turkey: 112
    "goc.gov.tr",  # Turkey: YİMER 157
    "www.hikorea.go.kr",  # Korea: 1345
    "digital-strategy.ec.europa.eu",  # EU: 112
    "www.gov.uk",  # UK: 999, modern slavery
    "www.modernslaveryhelpline.org",  # UK helpline
    "egov.kz",  # Kazakhstan: 112, 102, 103
}
#: Links resting on old sources (issue 15, item 5): never offered as the way to do something.
UNCHECKED_LINKS = ("https://services.fms.gov.ru", "https://migrant.kg")

# Phone-number-like text: "+996...", tel: links, 6+ digits in a row, or grouped local
# formats such as "(312) 66-05-55", "0312 66 05 55", "66-05-55". Content-facts gives no
# phone number we may publish, so the whitelist is empty; an entry needs a content-facts source.
PHONE_WHITELIST: dict[str, str] = {}
_PHONE_RE = re.compile(
    r"(?<!\d)\+\s?\d|tel:|\d{6,}"
    r"|\(?\d{3,4}\)?[ .\-]?\d{2,3}[ .\-]?\d{2}[ .\-]?\d{2}\b"
    r"|\b\d{2,3}-\d{2}-\d{2}\b"
)


def test_phone_pattern_catches_numbers() -> None:
    for text in ("+996 312 000000", "(312) 66-05-55", "0312 66 05 55", "66-05-55", "tel:1"):
        assert _PHONE_RE.search(text), text
    for text in ("$1 800 (2025)", "8,5 млн", "1 350 человек", "55 000 сом", "28.11.2026"):
        assert not _PHONE_RE.search(text), text


def _all_texts(store: ContentStore) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for dest in store.destinations():
        guide = store.guide(dest)
        assert guide is not None
        for loc in LOCALES:
            out.append((f"{dest}.title.{loc}", guide.title[loc]))
            out.append((f"{dest}.intro.{loc}", guide.intro[loc]))
        for section in guide.sections:
            for loc in LOCALES:
                out.append((f"{dest}/{section.id}.title.{loc}", section.title[loc]))
                out.append((f"{dest}/{section.id}.body.{loc}", section.body[loc]))
    for key, card in store.cards.items():
        for loc in LOCALES:
            out.append((f"sos/{key}.title.{loc}", card.title[loc]))
            out.append((f"sos/{key}.body.{loc}", card.body[loc]))
    return out


def test_every_destination_has_a_guide_and_a_card(store: ContentStore) -> None:
    assert store.destinations() == DESTINATIONS
    for dest in DESTINATIONS:
        guide = store.guide(dest)
        assert guide is not None and len(guide.sections) >= 5
        assert store.emergency(dest).key == (dest if dest != "other" else "general")
    assert store.emergency(None).key == "general"
    assert store.emergency("nowhere").key == "general"


def test_every_page_fits_a_telegram_message(store: ContentStore) -> None:
    for dest, section in store.iter_sections():
        for loc in LOCALES:
            pages = paginate(section.body[loc])
            assert pages, (dest, section.id, loc)
            for page in pages:
                assert utf16_len(page) <= DEFAULT_LIMIT < TELEGRAM_LIMIT
                assert check(page) == [], (dest, section.id, loc)


def test_emergency_cards_are_one_message(store: ContentStore) -> None:
    for key, card in store.cards.items():
        for loc in LOCALES:
            assert len(paginate(card.body[loc])) == 1, (key, loc)


def test_no_invented_contacts(store: ContentStore) -> None:
    for where, text in _all_texts(store):
        for m in _PHONE_RE.finditer(text):
            assert m.group(0) in PHONE_WHITELIST, f"{where}: phone-like {m.group(0)!r}"


def test_links_only_to_sourced_domains(store: ContentStore) -> None:
    urls = [(where, url) for where, text in _all_texts(store) for url in links(text)]
    urls += [
        (f"{dest}/{s.id}.sources", src.url)
        for dest, s in store.iter_sections()
        for src in s.sources
        if src.url
    ]
    urls += [
        (f"sos/{k}.sources", src.url)
        for k, c in store.cards.items()
        for src in c.sources
        if src.url
    ]
    assert urls
    for where, url in urls:
        assert urlsplit(url).scheme == "https", (where, url)
        assert urlsplit(url).hostname in ALLOWED_LINK_DOMAINS, (where, url)


def test_links_resting_on_old_sources_are_not_offered(store: ContentStore) -> None:
    for where, text in _all_texts(store):
        for url in links(text):
            assert not url.startswith(UNCHECKED_LINKS), (where, url)
    section = store.section("russia", "entry_ban")
    assert section is not None
    for loc, marker in (("ky", "⚠ текшериле элек"), ("ru", "⚠ не проверено"), ("en", "⚠ not")):
        assert marker in section.body[loc]
        assert 'href="https://mfa.gov.kg"' in section.body[loc]  # the embassy route instead
    assert section.to_check


def test_every_section_is_sourced_and_dated(store: ContentStore) -> None:
    # The fact base was compiled on 2026-11-28 from sources no newer than May 2026: no
    # section may claim to be newer than its sources, and none is checked until staff do it.
    for key, item in store.iter_checkable():
        assert item.sources, key
        assert date(2019, 1, 1) <= item.as_of <= date(2026, 5, 1), key
        assert item.as_of < item.review_by <= date(2027, 5, 28), key
        assert item.checked is None, key


def test_official_sources_come_first(store: ContentStore) -> None:
    for key, item in store.iter_checkable():
        flags = [src.official for src in item.sources]
        assert flags == sorted(flags, reverse=True), key


def test_closed_amnesties_are_marked_closed(store: ContentStore) -> None:
    # Historical amnesties may be mentioned only as ended.
    for dest, sid in (("russia", "stay_limits"), ("korea", "illegal")):
        section = store.section(dest, sid)
        assert section is not None
        assert "закончилась" in section.body["ru"]
        assert "бүттү" in section.body["ky"]
        assert "ended" in section.body["en"]


@pytest.mark.parametrize(
    ("loc", "claim", "hedge"),
    [
        ("ru", "6 месяцев", "уточняйте в Центре"),
        ("ky", "6 айлык", "Борбордон тактаңыз"),
        ("en", "6-month", "check with the Center"),
    ],
)
def test_turkey_six_months_is_only_reported(
    store: ContentStore, loc: str, claim: str, hedge: str
) -> None:
    # content-facts marks the 2024 "6-month visa-free stay" [verify]: never as fact.
    section = store.section("turkey", "visa_free")
    assert section is not None
    para = next(p for p in section.body[loc].split("\n\n") if claim in p)
    assert hedge in para and "90" in para


def test_no_unverified_hotline_numbers(store: ContentStore) -> None:
    # "189" / "1899" are old or unconfirmed hotlines in content-facts: not published.
    for where, text in _all_texts(store):
        assert not re.search(r"\b189\d?\b", text), where


def test_deep_links_round_trip(store: ContentStore) -> None:
    for dest, section in store.iter_sections():
        payload = deep_link_payload(dest, section.id)
        assert len(payload) <= 64 and re.fullmatch(r"[A-Za-z0-9_-]+", payload)
        assert parse_deep_link(payload) == (dest, section.id)
    assert parse_deep_link("g_russia") == ("russia", None)
    assert parse_deep_link("book_consultation") is None
    assert parse_deep_link("g_") is None
    assert parse_deep_link("g_russia_") is None


def test_overdue_lists_sections_past_review(store: ContentStore) -> None:
    assert overdue(store, date(2026, 12, 1)) == []
    due = overdue(store, date(2027, 3, 1))
    assert ("russia", "entry_ban", date(2027, 2, 28)) in due
    assert all(item[2] < date(2027, 3, 1) for item in due)
    everything = overdue(store, date(2030, 1, 1))
    assert len(everything) == sum(1 for _ in store.iter_sections()) + len(store.cards)
    assert ("emergency", "general", date(2027, 5, 28)) in everything


def test_version_is_stable(store: ContentStore) -> None:
    from content import load_content

    assert load_content().version == store.version
    assert re.fullmatch(r"[0-9a-f]{10}", store.version)


@pytest.mark.parametrize(
    ("loc", "safe", "wrong"),
    [
        ("ru", "на 3, 5 или даже 10 лет", "через календарный год"),
        ("ky", "3, 5 же ал тургай 10 жылга", "бир календардык жылдан кийин"),
        ("en", "There is no one-year ban.", "after one calendar year"),
    ],
)
def test_overstay_bans_are_3_5_or_10_years(
    store: ContentStore, loc: str, safe: str, wrong: str
) -> None:
    # Issue 15, items 1 and 9: 114-FZ bans (fact base §8), and "banned" people in Kyrgyz.
    section = store.section("russia", "entry_ban")
    assert section is not None
    assert safe in section.body[loc] and wrong not in section.body[loc]
    if loc == "ky":
        assert "<b>Россияга кирүүгө тыюу салынган</b> адамдардын ичинен атын" in section.body[loc]


@pytest.mark.parametrize(
    ("loc", "ruid", "extend"),
    [
        (
            "ru",
            "не позднее чем за 72 часа до пересечения границы",
            "до того, как закончатся 90 дней",
        ),
        ("ky", "жок дегенде 72 саат мурун тиркемеден арыз бериңиз", "90 күн бүтө электе"),
        ("en", "at least 72 hours before you cross the border anyway", "before the 90 days end"),
    ],
)
def test_ruid_and_extension_deadlines(
    store: ContentStore, loc: str, ruid: str, extend: str
) -> None:
    documents = store.section("russia", "documents")
    stay = store.section("russia", "stay_limits")
    assert documents is not None and stay is not None
    assert ruid in documents.body[loc]
    assert "no one is refused" not in documents.body["en"]  # open item 1: not stated as fact
    assert extend in stay.body[loc]
