"""The pure rules: HTML checks, scheduling, blockers, transitions, window and estimates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.broadcast import (
    CAPTION_LIMIT,
    Action,
    Content,
    HtmlError,
    Problem,
    RateMeter,
    Segment,
    Status,
    after_submit,
    blockers,
    can,
    check_html,
    eta_parts,
    eta_seconds,
    missing_languages,
    needs_approval,
    parse_day,
    parse_local_time,
    prepare_text,
    schedule_problem,
    visible_length,
    window_size,
)
from emulator.html_entities import EntityParseError, parse_html

BISHKEK = ZoneInfo("Asia/Bishkek")

VALID = [
    "plain text",
    "<b>bold</b> and <i>italic</i> &amp; &lt;3",
    '<a href="https://jol.example/korea?a=1&amp;b=2">EPS</a>',
    '<u>u</u><s>s</s><code>x</code><pre><code class="language-python">p</code></pre>',
    '<span class="tg-spoiler">secret</span> <tg-spoiler>x</tg-spoiler>',
    "<blockquote expandable>long quote</blockquote>",
    "<b>Жаңы <i>эреже</i></b> 🇰🇷",
]
INVALID = [
    ("Tom & Jerry", "ampersand"),
    ("5 < 6", "bare-lt"),
    ("<b>open", "unclosed"),
    ("close</b>", "unexpected-close"),
    ("<b><i>x</b></i>", "mismatched"),
    ("<script>x</script>", "tag"),
    ('<a href="javascript:alert(1)">x</a>', "link"),
    ('<span class="x">x</span>', "attribute"),
    ("<br/>", "tag"),
]


@pytest.mark.parametrize("source", VALID)
def test_what_passes_is_accepted_by_telegram(source: str) -> None:
    visible = check_html(source)
    text, _entities = parse_html(source)  # the emulator parses like Telegram's server
    assert visible == text


@pytest.mark.parametrize(("source", "kind"), INVALID)
def test_what_telegram_refuses_is_refused_with_a_reason(source: str, kind: str) -> None:
    with pytest.raises(HtmlError) as caught:
        check_html(source)
    assert caught.value.kind == kind


@pytest.mark.parametrize(("source", "kind"), INVALID[:6])
def test_refusals_match_the_emulator(source: str, kind: str) -> None:
    with pytest.raises(EntityParseError):
        parse_html(source)


def test_text_without_tags_is_taken_literally() -> None:
    assert prepare_text("Q&A: 5 > 3", formatted=False, limit=100) == "Q&amp;A: 5 &gt; 3"
    assert prepare_text("already &amp; escaped", formatted=False, limit=100) == (
        "already &amp; escaped"
    )
    with pytest.raises(HtmlError):
        prepare_text("<b>a & b</b>", formatted=False, limit=100)


def test_length_counts_visible_utf16_units() -> None:
    assert visible_length("<b>" + "я" * 10 + "</b>") == 10
    assert visible_length("🇰🇷") == 4  # two regional indicators, each a surrogate pair
    with pytest.raises(HtmlError) as caught:
        prepare_text("x" * (CAPTION_LIMIT + 1), formatted=False, limit=CAPTION_LIMIT)
    assert caught.value.kind == "too-long"
    with pytest.raises(HtmlError):
        prepare_text("<b> </b>", formatted=False, limit=10)


def test_local_times_are_read_in_bishkek() -> None:
    now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)  # 18:00 in Bishkek
    assert parse_local_time("18:30", now, BISHKEK) == datetime(2026, 11, 28, 12, 30, tzinfo=UTC)
    # Already past today: tomorrow.
    assert parse_local_time("09:00", now, BISHKEK) == datetime(2026, 11, 29, 3, 0, tzinfo=UTC)
    assert parse_local_time("25.12 18:30", now, BISHKEK) == datetime(
        2026, 12, 25, 12, 30, tzinfo=UTC
    )
    assert parse_local_time("01.01.27 08:00", now, BISHKEK) == datetime(
        2027, 1, 1, 2, 0, tzinfo=UTC
    )
    assert parse_local_time("01.02 08:00", now, BISHKEK) == datetime(2027, 2, 1, 2, 0, tzinfo=UTC)
    for bad in ("25:00", "tomorrow", "31.02 10:00", ""):
        assert parse_local_time(bad, now, BISHKEK) is None
    assert schedule_problem(now + timedelta(seconds=10), now) == "past"
    assert schedule_problem(now + timedelta(days=40), now) == "too-far"
    assert schedule_problem(now + timedelta(hours=2), now) is None
    assert parse_day("01.03.2026") == date(2026, 3, 1) == parse_day("2026-03-01")
    assert parse_day("1.3.26") == date(2026, 3, 1)
    assert parse_day("32.01.2026") is None


def test_a_missing_translation_blocks_until_written_or_excluded() -> None:
    content = Content(mode="each", texts={"ru": "Привет"}, languages=("ky", "ru"))
    assert [(b.problem, b.locale) for b in blockers(content, 10)] == [(Problem.MISSING_TEXT, "ky")]
    assert missing_languages(content) == ["ky"]
    excluded = Content(mode="each", texts={"ru": "Привет"}, languages=("ru",))
    assert blockers(excluded, 10) == []
    one = Content(mode="one", texts={"all": "Hello"}, languages=("ky", "ru", "en"))
    assert blockers(one, 10) == []
    assert blockers(Content(mode="each", texts={}, languages=()), 0)[0].problem is (
        Problem.NO_LANGUAGE
    )
    long_caption = Content(
        mode="each", texts={"ru": "x" * 2000}, languages=("ru",), media_kind="photo"
    )
    assert blockers(long_caption, 5)[0].problem is Problem.TOO_LONG
    assert blockers(excluded, 0)[0].problem is Problem.NO_RECIPIENTS


def test_transitions() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert after_submit(True, None, now) is Status.APPROVAL
    assert after_submit(False, None, now) is Status.RUNNING
    assert after_submit(False, now + timedelta(hours=1), now) is Status.SCHEDULED
    assert needs_approval(501, 500) and not needs_approval(500, 500)
    assert can("running", Action.PAUSE) and can("paused", Action.RESUME)
    assert not can("done", Action.CANCEL) and not can("draft", Action.APPROVE)
    assert not can("paused", Action.PAUSE) and not can("cancelled", Action.RESUME)


def test_segment_round_trip() -> None:
    segment = Segment(destination="korea", situation="planning", active_since=date(2026, 3, 1))
    assert Segment.from_json(segment.to_json()) == segment
    assert Segment.from_json({}).is_everyone
    assert segment.with_(destination=None).destination is None


def test_window_and_estimates() -> None:
    assert window_size(25, 4) == 100
    assert window_size(1, 1) == 20  # never starve a slow sender
    assert eta_seconds(250, None, 25) == 10
    assert eta_seconds(250, 5.0, 25) == 50  # the achieved rate, once known
    assert eta_seconds(0, None, 25) == 0
    assert eta_parts(61) == (0, 2) and eta_parts(3600) == (1, 0) and eta_parts(0) == (0, 0)
    meter = RateMeter(span=30)
    meter.add(0.0, 0)
    assert meter.rate() is None
    meter.add(10.0, 100)
    assert meter.rate() == 10.0
