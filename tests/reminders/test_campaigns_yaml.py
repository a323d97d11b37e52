"""content/campaigns.yaml: valid, complete in three languages, and safe to send."""

from __future__ import annotations

import re
from datetime import date

import pytest
import yaml

from content.campaigns import LOCALES, CampaignError, parse_campaigns
from content.library import ContentHolder, ContentInvalid, ContentLibrary
from content.tghtml import links, plain

SEED = ContentLibrary.load()
CAMPAIGNS = SEED.campaigns


def all_texts() -> list[tuple[str, str, str]]:
    out = []
    for c in CAMPAIGNS.campaigns:
        for loc in LOCALES:
            out.append((c.id, loc, c.text[loc]))
            out.append((c.id, loc, c.title[loc]))
            for q in c.survey:
                out.append((c.id, loc, q.text[loc]))
                out.extend((c.id, loc, a.label[loc]) for a in q.answers)
    return out


def test_shipped_campaigns_cover_the_lifecycle() -> None:
    by_situation: dict[str, set[int]] = {}
    for c in CAMPAIGNS.campaigns:
        by_situation.setdefault(c.rule.situation, set()).add(c.rule.offset_days)
    assert {-30, -14, -3, 0} <= by_situation["planning"]
    assert {3, 30} <= by_situation["abroad"]
    assert {7, 30, 91, 182} <= by_situation["returned"]


def test_every_follow_up_has_an_alerting_answer_with_an_offer() -> None:
    for c in CAMPAIGNS.campaigns:
        if c.rule.situation == "planning":
            continue
        if not c.survey:
            # A deadline notice (e.g. the 30-day one in Russia): no question, but a way to act.
            assert c.buttons, c.id
            continue
        alerting = [a for q in c.survey for a in q.answers if a.alert]
        assert alerting, c.id
        assert all(a.offer for a in alerting), c.id


def test_every_campaign_has_sources_and_an_as_of_date() -> None:
    for c in CAMPAIGNS.campaigns:
        assert c.sources and all(s.title for s in c.sources), c.id
        assert c.as_of is not None and date(2000, 1, 1) < c.as_of <= date(2026, 11, 28), c.id
        # Nobody has checked these against the official pages yet: no "checked" date is set.
        assert c.checked is None, c.id


def test_russia_has_a_reminder_before_each_deadline() -> None:
    russia = {
        c.id: c.rule for c in CAMPAIGNS.campaigns if c.rule.destinations == frozenset({"russia"})
    }
    # The ban check about 60 days before departure (not 30).
    assert russia["dep-60-ru"].anchor == "departure_date"
    assert russia["dep-60-ru"].offset_days == -60
    assert "dep-30-ru" not in russia
    # Within 30 days of entry: registration, medical exam, fingerprints; before day 30.
    for cid in ("ru-arr-7", "ru-arr-21"):
        assert russia[cid].anchor == "arrival_date" and 0 < russia[cid].offset_days < 30
    # Before the 90 days end (without grounds), and the yearly medical certificate.
    assert 60 <= russia["ru-90d"].offset_days < 90
    assert 300 <= russia["ru-med-1y"].offset_days < 365
    assert 365 + 300 <= russia["ru-med-2y"].offset_days < 2 * 365


@pytest.mark.parametrize("locale", LOCALES)
def test_the_ban_check_names_both_checkers_and_marks_them_unchecked(locale: str) -> None:
    campaign = CAMPAIGNS.get("dep-60-ru")
    assert campaign is not None
    text = plain(campaign.text[locale])
    assert "migrant.kg" in text
    assert {"ky": "Ички иштер министрлиги", "ru": "МВД", "en": "MVD"}[locale] in text
    assert "⚠" in text  # both links are marked for a check (content-facts §8)
    assert not links(campaign.text[locale])  # and neither is presented as a working link
    assert {"ky": "элчилиг", "ru": "посольств", "en": "embassy"}[locale] in text
    assert "3, 5" in text and "10" in text  # the ban terms of 114-FZ, no "one year"


def test_the_registration_question_is_asked_only_in_russia_before_day_30() -> None:
    asking = [c for c in CAMPAIGNS.campaigns for q in c.survey if q.id == "registered"]
    assert [c.id for c in asking] == ["ru-arr-21"]
    assert asking[0].rule.destinations == frozenset({"russia"})
    assert asking[0].rule.offset_days < 30  # KG citizens have 30 days to register


@pytest.mark.parametrize("locale", LOCALES)
def test_the_90_day_reminder_is_only_for_people_without_grounds(locale: str) -> None:
    campaign = CAMPAIGNS.get("ru-90d")
    assert campaign is not None
    text = plain(campaign.text[locale])
    # It names the grounds that lift the limit, and what a worker with a contract does.
    for ground in ("РВП", "ВНЖ") if locale != "en" else ("RVP", "VNZh"):
        assert ground in text
    assert "90" in text


def test_texts_state_no_unverified_numbers_or_links() -> None:
    bad = []
    for cid, loc, text in all_texts():
        body = plain(text)
        # No phone numbers, fees or amounts: the fact base has no verified hotline, and fees
        # change. The only site named is migrant.kg (the official black-list check).
        if re.search(r"\+?\d[\d\s()-]{5,}\d", body):
            bad.append((cid, loc, "number"))
        if re.search(r"[$€£₽]|\b(?:сом|som|руб|rub|usd)\b", body, re.I):
            bad.append((cid, loc, "money"))
        if links(text):
            bad.append((cid, loc, "link"))
        for domain in re.findall(r"\b[\w-]+\.(?:kg|ru|com|org|gov|uk|tr|kr)\b", body):
            if domain != "migrant.kg":
                bad.append((cid, loc, domain))
    assert bad == []


def test_messages_stay_short_for_cheap_phones() -> None:
    for c in CAMPAIGNS.campaigns:
        for loc in LOCALES:
            assert len(plain(c.text[loc])) < 700, (c.id, loc)


def test_version_changes_with_content() -> None:
    docs = SEED.documents
    docs["campaigns.yaml"] += "\n# edited\n"
    assert ContentLibrary.from_documents(docs).campaigns.version != CAMPAIGNS.version


def test_a_broken_edit_is_refused_and_the_last_good_version_stays() -> None:
    holder = ContentHolder(SEED)
    docs = SEED.documents
    docs["campaigns.yaml"] = "campaigns: [{id: X}]\n"
    with pytest.raises(ContentInvalid) as refused:
        ContentLibrary.from_documents(docs)
    assert {issue.file for issue in refused.value.issues} == {"campaigns.yaml"}
    assert holder.library.campaigns is CAMPAIGNS


VALID = {
    "id": "t-1",
    "situation": "planning",
    "anchor": "departure_date",
    "offset_days": -3,
    "time": "10:00",
    "title": {"ky": "a", "ru": "b", "en": "c"},
    "text": {"ky": "a", "ru": "b", "en": "c"},
    "sources": [{"title": "24.kg 309863 (MFA, late 2024)"}],
    "as_of": date(2024, 12, 1),
}


def problems_of(**changes: object) -> list[str]:
    item = {**VALID, **changes}
    try:
        parse_campaigns({"campaigns": [item]})
    except CampaignError as exc:
        return exc.problems
    return []


def test_minimal_campaign_is_valid() -> None:
    assert problems_of() == []


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"situation": "travelling"}, "situation"),
        ({"anchor": "birthday"}, "anchor"),
        ({"time": "25:00"}, "time"),
        ({"time": 600}, "time"),
        ({"offset_days": "soon"}, "offset_days"),
        ({"text": {"ky": "a", "ru": "b"}}, "en is missing"),
        ({"text": {"ky": "<b>a", "ru": "b", "en": "c"}}, "unclosed"),
        ({"destinations": ["mars"]}, "destinations"),
        ({"buttons": [{"menu": "nowhere"}]}, "buttons[0]"),
        ({"colour": "red"}, "unknown key"),
        ({"sources": None}, "sources"),
        ({"sources": []}, "sources"),
        ({"sources": [{"url": "https://example.org"}]}, "needs a title"),
        ({"sources": [{"title": "x", "url": "http://example.org"}]}, "https://"),
        ({"as_of": None}, "as_of"),
        ({"as_of": "May 2026"}, "as_of"),
        ({"checked": date(2020, 1, 1)}, "before as_of"),
        ({"survey": [{"id": "q", "text": VALID["text"], "answers": [
            {"id": True, "label": VALID["text"]}, {"id": "no", "label": VALID["text"]}]}]},
         'quote "yes"'),
    ],
)  # fmt: skip
def test_mistakes_are_reported(changes: dict[str, object], fragment: str) -> None:
    problems = problems_of(**changes)
    assert any(fragment in p for p in problems), problems


def test_duplicate_ids_and_keys_are_refused() -> None:
    with pytest.raises(CampaignError, match="used twice"):
        parse_campaigns({"campaigns": [VALID, VALID]})
    docs = SEED.documents
    docs["campaigns.yaml"] = yaml.safe_dump({"campaigns": [VALID]}) + "campaigns: []\n"
    with pytest.raises(ContentInvalid, match="duplicate key"):
        ContentLibrary.from_documents(docs)
