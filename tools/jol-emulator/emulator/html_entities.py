"""Telegram-HTML parsing, the way the Bot API server does it.

The Bot API turns `parse_mode=HTML` text into plain text plus an `entities` array. This module
reproduces that, including the errors: a bot that sends `<Ann>` gets
`Bad Request: can't parse entities: Unsupported start tag "ann" at byte offset 0` from Telegram,
so it must get the same here, or the emulator would hide the bug (engineering notes §3.1).

The algorithm follows tdlib's `parse_html` (td/telegram/MessageEntity.cpp): tags are
scanned left to right, attribute values may be quoted or bare name tokens, end tags may be
abbreviated to `</>`, and byte offsets in error messages are UTF-8 byte offsets. One deliberate
difference, on by default: a `&` that does not start one of the supported entities is an error
(`strict_ampersand`). Telegram's documentation requires escaping it, while the real server
silently keeps it; an unescaped `&` is the same bug as an unescaped `<` (user text interpolated
without `html.escape`), only luckier, so the emulator reports it.

Offsets and lengths of entities are in UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "EntityParseError",
    "find_bot_commands",
    "parse_html",
    "trim_text",
    "utf16_len",
]

# Tag names the Bot API accepts (https://core.telegram.org/bots/api#html-style).
_ALLOWED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",  # only <span class="tg-spoiler"> gets this far
}

_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

# tdlib's is_space(): the ASCII whitespace set, nothing Unicode.
_SPACES = frozenset(" \t\r\n\v\f")

_URL_SCHEMES = frozenset({"http", "https", "tg", "ton", "ftp"})


class EntityParseError(ValueError):
    """Invalid Telegram HTML; `str(err)` is what follows `can't parse entities: `."""


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units: characters outside the BMP (most emoji) count twice.
    Counted by the codec (a lone surrogate, which JSON can carry, counts once): ~25× faster
    than a loop over the characters, on every text and entity the emulator measures."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_start: int
    byte_pos: int
    expandable: bool = False


@dataclass
class _Parser:
    source: str
    strict_ampersand: bool
    out: list[str] = field(default_factory=list)
    utf16: int = 0
    entities: list[dict[str, Any]] = field(default_factory=list)
    stack: list[_OpenTag] = field(default_factory=list)

    def byte_offset(self, index: int) -> int:
        return len(self.source[:index].encode("utf-8"))

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.utf16 += utf16_len(text)

    def is_space(self, index: int) -> bool:
        return index < len(self.source) and self.source[index] in _SPACES

    def skip_spaces(self, index: int) -> int:
        while self.is_space(index):
            index += 1
        return index

    def decode_entity(self, index: int) -> tuple[str, int] | None:
        """Decode `&...;` at `index`; return (character, next index) or None if it is no entity.

        Like tdlib, the final `;` is optional and numeric references must stay below U+10FFFF.
        In strict mode the `;` is required, as the documentation shows every entity with it.
        """
        src = self.source
        end = index + 1
        if end < len(src) and src[end] == "#":
            end += 1
            hexadecimal = end < len(src) and src[end] in "xX"
            if hexadecimal:
                end += 1
            digits_start = end
            allowed = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
            while end < len(src) and src[end] in allowed:
                end += 1
            digits = src[digits_start:end]
            if not digits or end - index >= 10:
                return None
            code = int(digits, 16 if hexadecimal else 10)
            if code == 0 or code >= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                return None
            char = chr(code)
        else:
            while end < len(src) and src[end].isascii() and src[end].isalpha():
                end += 1
            name = src[index + 1 : end]
            if name not in _NAMED_ENTITIES:
                return None
            char = _NAMED_ENTITIES[name]
        if end < len(src) and src[end] == ";":
            return char, end + 1
        if self.strict_ampersand:
            return None
        return char, end

    def fail(self, message: str) -> EntityParseError:
        return EntityParseError(message)

    def parse(self) -> tuple[str, list[dict[str, Any]]]:
        src = self.source
        i = 0
        n = len(src)
        while i < n:
            ch = src[i]
            if ch == "&":
                decoded = self.decode_entity(i)
                if decoded is not None:
                    self.emit(decoded[0])
                    i = decoded[1]
                    continue
                if self.strict_ampersand:
                    raise self.fail(
                        f'Character "&" at byte offset {self.byte_offset(i)} does not start '
                        'a supported HTML entity and must be escaped as "&amp;"'
                    )
                self.emit("&")
                i += 1
                continue
            if ch != "<":
                # Copy a run of ordinary characters at once.
                j = i + 1
                while j < n and src[j] not in "<&":
                    j += 1
                self.emit(src[i:j])
                i = j
                continue
            closing = i + 1 < n and src[i + 1] == "/"
            i = self.close_tag(i) if closing else self.open_tag(i)
        if self.stack:
            raise self.fail(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        return "".join(self.out), _finish_entities(self.entities)

    def open_tag(self, begin: int) -> int:
        src = self.source
        n = len(src)
        i = begin + 1
        while i < n and not self.is_space(i) and src[i] != ">":
            i += 1
        if i >= n:
            raise self.fail(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        tag = src[begin + 1 : i].lower()
        if tag not in _ALLOWED_TAGS:
            raise self.fail(
                f'Unsupported start tag "{tag}" at byte offset {self.byte_offset(begin)}'
            )
        argument = ""
        expandable = False
        while True:
            i = self.skip_spaces(i)
            if i >= n:
                raise self.fail(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
            if src[i] == ">":
                break
            name_start = i
            while i < n and not self.is_space(i) and src[i] not in "=>":
                i += 1
            attribute = src[name_start:i].lower()
            if not attribute:
                raise self.fail(
                    f'Empty attribute name in the tag "{tag}" at byte offset '
                    f"{self.byte_offset(begin)}"
                )
            i = self.skip_spaces(i)
            if i >= n:
                raise self.fail(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
            if src[i] != "=":
                # A value-less attribute; only <blockquote expandable> means something.
                if tag == "blockquote" and attribute == "expandable":
                    expandable = True
                continue
            i = self.skip_spaces(i + 1)
            if i >= n:
                raise self.fail(
                    f'Unclosed start tag "{tag}" at byte offset {self.byte_offset(begin)}'
                )
            value, i = self.attribute_value(i)
            if i >= n:
                raise self.fail(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
            if tag == "a" and attribute == "href":
                argument = value
            elif tag == "code" and attribute == "class" and value.startswith("language-"):
                argument = value[len("language-") :]
            elif tag == "span" and attribute == "class" and value.startswith("tg-"):
                argument = value[len("tg-") :]
            elif tag == "tg-emoji" and attribute == "emoji-id":
                argument = value
        if tag == "span" and argument != "spoiler":
            raise self.fail(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte_offset(begin)}'
            )
        self.stack.append(
            _OpenTag(tag, argument, self.utf16, self.byte_offset(begin), expandable=expandable)
        )
        return i + 1

    def attribute_value(self, i: int) -> tuple[str, int]:
        src = self.source
        n = len(src)
        if src[i] not in "\"'":
            # An unquoted name token: letters, digits, periods and hyphens (HTML 4 rules).
            start = i
            while i < n and ((src[i].isascii() and src[i].isalnum()) or src[i] in ".-"):
                i += 1
            if i < n and not self.is_space(i) and src[i] != ">":
                raise self.fail(
                    f"Unexpected end of name token at byte offset {self.byte_offset(start)}"
                )
            return src[start:i].lower(), i
        quote = src[i]
        i += 1
        value: list[str] = []
        while i < n and src[i] != quote:
            if src[i] == "&":
                # Inside attribute values tdlib keeps an undecodable "&" as is (URLs with
                # query strings are common), so the strict rule does not apply here.
                decoded = _Parser(self.source, strict_ampersand=False).decode_entity(i)
                if decoded is not None:
                    value.append(decoded[0])
                    i = decoded[1]
                    continue
            value.append(src[i])
            i += 1
        if i < n:
            i += 1  # the closing quote
        return "".join(value), i

    def close_tag(self, begin: int) -> int:
        src = self.source
        n = len(src)
        if not self.stack:
            raise self.fail(f"Unexpected end tag at byte offset {self.byte_offset(begin)}")
        i = begin + 2
        while i < n and not self.is_space(i) and src[i] != ">":
            i += 1
        end_name = src[begin + 2 : i]
        i = self.skip_spaces(i)
        if i >= n or src[i] != ">":
            raise self.fail(f"Unclosed end tag at byte offset {self.byte_offset(begin)}")
        top = self.stack[-1]
        if end_name and end_name.lower() != top.name:
            raise self.fail(
                f"Unmatched end tag at byte offset {self.byte_offset(begin)}, "
                f'expected "</{top.name}>", found "</{end_name}>"'
            )
        self.stack.pop()
        length = self.utf16 - top.utf16_start
        if length > 0:
            self.add_entity(top, length)
        return i + 1

    def add_entity(self, tag: _OpenTag, length: int) -> None:
        offset = tag.utf16_start
        last = self.entities[-1] if self.entities else None
        same_range = last is not None and last["offset"] == offset and last["length"] == length
        if tag.name in _SIMPLE_TAGS:
            self.entities.append(_entity(_SIMPLE_TAGS[tag.name], offset, length))
        elif tag.name == "a":
            url = tag.argument or "".join(self.out)[_utf16_index(self.out, offset) :]
            normalized = _normalize_url(url)
            if normalized is not None:  # like Telegram, an unusable URL just loses its link
                self.entities.append(_entity("text_link", offset, length, url=normalized))
        elif tag.name == "code":
            if same_range and last is not None and last["type"] == "pre" and tag.argument:
                last["language"] = tag.argument
            else:
                entity = _entity("code", offset, length)
                if tag.argument:
                    entity["_language"] = tag.argument  # becomes pre's language if wrapped
                self.entities.append(entity)
        elif tag.name == "pre":
            if same_range and last is not None and last["type"] == "code":
                language = last.pop("_language", None)
                last["type"] = "pre"
                if language:
                    last["language"] = language
            else:
                self.entities.append(_entity("pre", offset, length))
        elif tag.name == "tg-emoji":
            if not tag.argument.isdigit() or int(tag.argument) == 0:
                raise self.fail("Invalid custom emoji identifier specified")
            self.entities.append(
                _entity("custom_emoji", offset, length, custom_emoji_id=tag.argument)
            )
        elif tag.name == "blockquote":
            kind = "expandable_blockquote" if tag.expandable else "blockquote"
            self.entities.append(_entity(kind, offset, length))


def _entity(kind: str, offset: int, length: int, **extra: str) -> dict[str, Any]:
    return {"type": kind, "offset": offset, "length": length, **extra}


def _utf16_index(parts: list[str], utf16_offset: int) -> int:
    """Python string index in "".join(parts) that corresponds to a UTF-16 offset."""
    text = "".join(parts)
    units = 0
    for index, ch in enumerate(text):
        if units >= utf16_offset:
            return index
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def _normalize_url(url: str) -> str | None:
    url = url.strip()
    if not url or any(ch in _SPACES for ch in url):
        return None
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", url)
    if match:
        scheme = match.group(1).lower()
        if scheme not in _URL_SCHEMES and scheme != "mailto":
            return None
        return url
    # Telegram accepts bare host names and prefixes them with http://
    host = re.split(r"[/?#]", url, maxsplit=1)[0]
    if "." not in host and host.split(":")[0] != "localhost":
        return None
    return "http://" + url


def _finish_entities(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop helper keys and entities Telegram does not allow inside code/pre; sort like the API."""
    for entity in entities:
        entity.pop("_language", None)
    code_ranges = [
        (e["offset"], e["offset"] + e["length"]) for e in entities if e["type"] in ("code", "pre")
    ]
    kept = []
    for entity in entities:
        start, end = entity["offset"], entity["offset"] + entity["length"]
        inside_code = entity["type"] not in ("code", "pre") and any(
            lo <= start and end <= hi for lo, hi in code_ranges
        )
        if not inside_code:
            kept.append(entity)
    kept.sort(key=lambda e: (e["offset"], -e["length"]))
    return kept


def parse_html(source: str, *, strict_ampersand: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML; return (plain text, entities). Raise EntityParseError if invalid."""
    return _Parser(source, strict_ampersand=strict_ampersand).parse()


# tdlib trims these before measuring and storing a text.
_TRIM = " \t\r\n\v\f"


def trim_text(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Strip leading/trailing whitespace and shift/clip entities, as Telegram does on send."""
    stripped_left = text.lstrip(_TRIM)
    lead = utf16_len(text[: len(text) - len(stripped_left)])
    result = stripped_left.rstrip(_TRIM)
    total = utf16_len(result)
    fixed = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            fixed.append({**entity, "offset": start, "length": end - start})
    return result, fixed


_COMMAND_RE = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")


def find_bot_commands(text: str) -> list[dict[str, Any]]:
    """`bot_command` entities for /commands in user text, as Telegram clients produce them."""
    found = []
    for match in _COMMAND_RE.finditer(text):
        offset = utf16_len(text[: match.start()])
        found.append(_entity("bot_command", offset, utf16_len(match.group(0))))
    return found
