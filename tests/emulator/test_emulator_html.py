"""Telegram-HTML parsing and text limits, directly and through a real aiogram Bot."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.utils import markdown

from emulator import EmulatorClient
from emulator.html_entities import EntityParseError, parse_html, trim_text, utf16_len

# --- the parser on its own ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "text", "entities"),
    [
        ("<b>Hi</b> <i>x</i>", "Hi x", [("bold", 0, 2), ("italic", 3, 1)]),
        (
            "<strong>a</strong><em>b</em><ins>c</ins><del>d</del>",
            "abcd",
            [("bold", 0, 1), ("italic", 1, 1), ("underline", 2, 1), ("strikethrough", 3, 1)],
        ),
        ("<B>x</B>", "x", [("bold", 0, 1)]),
        ("<b>x</>", "x", [("bold", 0, 1)]),
        (
            '<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>',
            "st",
            [("spoiler", 0, 1), ("spoiler", 1, 1)],
        ),
        ("<blockquote expandable>q</blockquote>", "q", [("expandable_blockquote", 0, 1)]),
        ("<blockquote>q</blockquote>", "q", [("blockquote", 0, 1)]),
        ("😀<b>é😀</b>", "😀é😀", [("bold", 2, 3)]),
        ("&#128512;&#x41;&quot;", '😀A"', []),
        ("<code><b>x</b></code>", "x", [("code", 0, 1)]),
        ("<b>a <i>b</i></b>", "a b", [("bold", 0, 3), ("italic", 2, 1)]),
        ("<b></b>x", "x", []),
    ],
)
def test_parser_produces_text_and_utf16_entities(
    source: str, text: str, entities: list[tuple[str, int, int]]
) -> None:
    parsed_text, parsed = parse_html(source)
    assert parsed_text == text
    assert [(e["type"], e["offset"], e["length"]) for e in parsed] == entities


def test_parser_links_and_code_languages() -> None:
    text, entities = parse_html(
        '<a href="https://example.org/?a=1&b=2">l</a> <a href=example.org>m</a> '
        '<pre><code class="language-python">x = 1</code></pre> '
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
    )
    assert text == "l m x = 1 👍"
    assert entities[0] == {
        "type": "text_link",
        "offset": 0,
        "length": 1,
        "url": "https://example.org/?a=1&b=2",
    }
    assert entities[1]["url"] == "http://example.org"
    assert entities[2] == {"type": "pre", "offset": 4, "length": 5, "language": "python"}
    assert entities[3]["type"] == "custom_emoji"
    assert entities[3]["custom_emoji_id"] == "5368324170671202286"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("<Ann>", 'Unsupported start tag "ann" at byte offset 0'),
        ("Hi <Ann>", 'Unsupported start tag "ann" at byte offset 3'),
        ("Привет <Ann>", 'Unsupported start tag "ann" at byte offset 13'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<b>unclosed", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x<i>y</b></i>", 'Unmatched end tag at byte offset 8, expected "</i>", found "</b>"'),
        ("</b>", "Unexpected end tag at byte offset 0"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<tg-emoji>x</tg-emoji>", "Invalid custom emoji identifier specified"),
        ("Tom & Jerry", 'Character "&" at byte offset 4'),
        ("&nbsp;", 'Character "&" at byte offset 0'),
        ("&lt", 'Character "&" at byte offset 0'),
        ("<a href=t.me/x>t</a>", "Unexpected end of name token at byte offset 8"),
    ],
)
def test_parser_rejects_what_telegram_rejects(source: str, message: str) -> None:
    with pytest.raises(EntityParseError) as error:
        parse_html(source)
    assert message in str(error.value)


def test_lenient_ampersand_matches_the_live_server() -> None:
    assert parse_html("Tom & Jerry &amp", strict_ampersand=False) == ("Tom & Jerry &", [])


def test_trim_and_utf16() -> None:
    assert utf16_len("a😀я") == 4
    text, entities = trim_text("  \n<x>  ", [{"type": "bold", "offset": 0, "length": 6}])
    assert text == "<x>"
    assert entities == [{"type": "bold", "offset": 0, "length": 3}]


# --- through the Bot API -----------------------------------------------------------------


@pytest.mark.asyncio
async def test_html_message_is_parsed_into_entities(
    bot: Bot, client: EmulatorClient, ann: int
) -> None:
    source = '<b>Hello</b>, <i>Ann</i>! <a href="https://example.org">Guide</a> <code>42</code>'
    sent = await bot.send_message(ann, source, parse_mode="HTML")

    assert sent.text == "Hello, Ann! Guide 42"
    assert [(e.type, e.offset, e.length) for e in sent.entities or []] == [
        ("bold", 0, 5),
        ("italic", 7, 3),
        ("text_link", 12, 5),
        ("code", 18, 2),
    ]
    assert sent.entities is not None and sent.entities[2].url == "https://example.org"
    assert sent.from_user is not None and sent.from_user.is_bot

    stored = (await client.bot_messages(ann))[-1]
    assert stored.text == "Hello, Ann! Guide 42"
    assert stored["source"] == source
    assert stored["parse_mode"] == "HTML"
    assert stored.entities == [e.model_dump(exclude_none=True) for e in sent.entities]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "source",
    ["Hello, <Ann>!", "Tom & Jerry", "<b>Hello", "<b>x<i>y</b></i>", "<br>", "<p>x</p>"],
)
async def test_bad_html_is_refused_and_nothing_is_sent(
    bot: Bot, client: EmulatorClient, ann: int, source: str
) -> None:
    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_message(ann, source, parse_mode="HTML")
    assert "can't parse entities" in error.value.message
    assert await client.bot_messages(ann) == []
    stats = await client.stats()
    assert stats["sends_accepted"] == 0
    assert any("can't parse entities" in key for key in stats["errors"])


@pytest.mark.asyncio
async def test_escaped_user_input_passes(bot: Bot, ann: int) -> None:
    sent = await bot.send_message(ann, '&lt;Ann &amp; "Bo"&gt;', parse_mode="HTML")
    assert sent.text == '<Ann & "Bo">'
    assert not sent.entities
    # aiogram's own escaping helpers produce acceptable HTML too.
    sent = await bot.send_message(ann, markdown.hbold('<Ann> & "Bo"'), parse_mode="HTML")
    assert sent.text == '<Ann> & "Bo"'


@pytest.mark.asyncio
async def test_plain_text_is_not_parsed(bot: Bot, ann: int) -> None:
    sent = await bot.send_message(ann, "<b>not bold</b> & fine")
    assert sent.text == "<b>not bold</b> & fine"
    assert not sent.entities


@pytest.mark.asyncio
async def test_markdown_is_refused_with_a_clear_message(bot: Bot, ann: int) -> None:
    with pytest.raises(TelegramBadRequest, match="parses HTML only"):
        await bot.send_message(ann, "*bold*", parse_mode="MarkdownV2")


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("я" * 4096, True),  # 2 bytes in UTF-8, 1 UTF-16 unit
        ("я" * 4097, False),
        ("😀" * 2048, True),  # 2 UTF-16 units each
        ("😀" * 2048 + "a", False),
        ("a" * 4095 + "😀", False),
        ("<b>" + "a" * 4096 + "</b>", True),  # tags do not count
        ("&lt;" * 4096, True),  # entities count as one character
        ("  " + "a" * 4096 + "\n\n", True),  # surrounding whitespace is trimmed
    ],
)
async def test_text_length_limit_counts_utf16_after_parsing(
    bot: Bot, ann: int, text: str, ok: bool
) -> None:
    if ok:
        sent = await bot.send_message(ann, text, parse_mode="HTML")
        assert sent.text is not None and utf16_len(sent.text) <= 4096
    else:
        with pytest.raises(TelegramBadRequest, match="message is too long"):
            await bot.send_message(ann, text, parse_mode="HTML")


@pytest.mark.asyncio
async def test_empty_text_is_refused(bot: Bot, ann: int) -> None:
    for text in ("   \n", "<b> </b>"):
        with pytest.raises(TelegramBadRequest, match="message text is empty"):
            await bot.send_message(ann, text, parse_mode="HTML")
