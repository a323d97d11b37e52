"""content/campaigns.yaml: valid, complete in three languages, and safe to send."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from content.campaigns import (
    CAMPAIGNS_FILE,
    LOCALES,
    CampaignError,
    current_campaigns,
    load_campaigns,
    parse_campaigns,
)
from content.tghtml import links, plain

CAMPAIGNS = load_campaigns()


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
        alerting = [a for q in c.survey for a in q.answers if a.alert]
        assert alerting, c.id
        assert all(a.offer for a in alerting), c.id


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


def test_version_changes_with_content(tmp_path: Path) -> None:
    copy = tmp_path / "campaigns.yaml"
    copy.write_bytes(CAMPAIGNS_FILE.read_bytes())
    first = load_campaigns(copy)
    copy.write_text(CAMPAIGNS_FILE.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert load_campaigns.__wrapped__(copy).version != first.version


def test_a_broken_edit_keeps_the_last_good_version(tmp_path: Path) -> None:
    copy = tmp_path / "campaigns.yaml"
    copy.write_bytes(CAMPAIGNS_FILE.read_bytes())
    good = current_campaigns(copy)
    copy.write_text("campaigns: [{id: X}]\n", encoding="utf-8")
    import os

    os.utime(copy, (1, 1))  # a different mtime, as after an edit
    assert current_campaigns(copy) is good


VALID = {
    "id": "t-1",
    "situation": "planning",
    "anchor": "departure_date",
    "offset_days": -3,
    "time": "10:00",
    "title": {"ky": "a", "ru": "b", "en": "c"},
    "text": {"ky": "a", "ru": "b", "en": "c"},
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
        ({"survey": [{"id": "q", "text": VALID["text"], "answers": [
            {"id": True, "label": VALID["text"]}, {"id": "no", "label": VALID["text"]}]}]},
         'quote "yes"'),
    ],
)  # fmt: skip
def test_mistakes_are_reported(changes: dict[str, object], fragment: str) -> None:
    problems = problems_of(**changes)
    assert any(fragment in p for p in problems), problems


def test_duplicate_ids_and_keys_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CampaignError, match="used twice"):
        parse_campaigns({"campaigns": [VALID, VALID]})
    broken = tmp_path / "dup.yaml"
    broken.write_text(yaml.safe_dump({"campaigns": [VALID]}) + "campaigns: []\n")
    with pytest.raises(CampaignError, match="duplicate key"):
        load_campaigns(broken)
