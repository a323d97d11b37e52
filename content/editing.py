"""Editing content documents field by field, keeping the YAML as people wrote it.

The console's editor works on the library's documents (content/library.py: file name -> YAML
text). A document is cut into *items* (a guide section, an emergency card, a reminder, a
job-offer question, a ready answer) and each item into *fields*: a text in ky / ru / en side by
side, a list (one entry per line) or a single value. An edit is applied with ruamel.yaml's
round trip, so comments, key order and quoting survive and the exported YAML still reads like
the seed files (a reviewer in git sees only the sentence that changed).

Pure: no aiogram, no database. Validation is the library's (ContentLibrary.from_documents).
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    PlainScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.util import load_yaml_guess_indent

from content.model import LOCALES, SOS_KEY, check_key

PathPart = str | int
Path = tuple[PathPart, ...]

GUIDES_PREFIX = "guides/"
EMERGENCY = "guides/emergency.yaml"
CAMPAIGNS = "campaigns.yaml"
QUESTIONS = "contract_check.yaml"
CANNED = "canned_answers.yaml"

#: Where the items of each kind of document are (a list of mappings with ``id``, or a mapping of
#: mappings); guides are found by their prefix.
ITEM_CONTAINERS: Mapping[str, str] = {
    EMERGENCY: "cards",
    CAMPAIGNS: "campaigns",
    QUESTIONS: "questions",
    CANNED: "",  # the document itself is the list
}
#: The documents the editor covers, in the order the console lists them.
EDITABLE_KINDS = ("guide", "emergency", "campaigns", "questions", "canned")
#: Fields never edited in the browser: ids travel in QR codes, deep links and statistics.
FROZEN_KEYS = frozenset({"id", "key", "dest"})
#: The item of a guide that holds its title and introduction.
GUIDE_HEADER = "_guide"

# A multi-line text is written as a literal block (``|``), as in the seed files.
_PLAIN_TEXT_KINDS = (DoubleQuotedScalarString, SingleQuotedScalarString, PlainScalarString)


class EditError(ValueError):
    """The edit cannot be applied (unknown item or field, a value of the wrong kind)."""


def kind_of(file: str) -> str | None:
    if file == EMERGENCY:
        return "emergency"
    if file.startswith(GUIDES_PREFIX) and file.endswith(".yaml"):
        return "guide"
    return {CAMPAIGNS: "campaigns", QUESTIONS: "questions", CANNED: "canned"}.get(file)


def editable_files(documents: Mapping[str, str]) -> list[str]:
    """The documents the editor covers, guides first (by name), then the others."""
    order = {kind: i for i, kind in enumerate(EDITABLE_KINDS)}
    names = [name for name in documents if kind_of(name) is not None]
    return sorted(names, key=lambda name: (order[kind_of(name) or ""], name))


# ---------------------------------------------------------------- YAML round trip


def _yaml(sequence: int = 4, offset: int = 2) -> YAML:
    yaml = YAML()  # round trip: comments, order and quoting kept
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long sentence the editor typed on one line
    yaml.indent(mapping=2, sequence=sequence, offset=offset)
    return yaml


def load(text: str) -> Any:
    return _yaml().load(text)


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(text: str) -> Any:
    """The values only, for lists and differences: libyaml's parser, 20x faster than the round
    trip (the same values: strings, dates, numbers, lists and mappings)."""
    return yaml.load(text, Loader=_FAST_LOADER)  # noqa: S506 - a SafeLoader


def dump(data: Any, like: str = "") -> str:
    """*data* as YAML, indented like the document *like* (the seed files use two styles)."""
    sequence, offset = 4, 2
    if like:
        _, guessed, guessed_offset = load_yaml_guess_indent(like)
        if guessed:
            sequence, offset = guessed, guessed_offset or 0
    out = io.StringIO()
    _yaml(sequence, offset).dump(data, out)
    return out.getvalue()


# ---------------------------------------------------------------- items and fields


@dataclass(frozen=True)
class Field:
    """One editable value of an item.

    ``kind``: ``texts`` (one text per language), ``lines`` (a list of strings, one per line),
    ``value`` (a single scalar). ``values`` maps a language (``texts``) or ``""`` to the text
    shown in the form; ``multiline`` says whether a text area fits better than a line.
    """

    path: Path  # inside the item
    kind: str
    values: Mapping[str, str]
    multiline: bool = False

    @property
    def name(self) -> str:
        return path_name(self.path)


@dataclass(frozen=True)
class Item:
    file: str
    key: str  # the item's id in its document (section id, card name, campaign id ...)
    path: Path  # inside the document
    title: Mapping[str, str]
    fields: tuple[Field, ...] = field(default=())
    #: The /content_checked key (``russia/entry_ban``, ``sos/russia``); None: not checked.
    check_key: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


def path_name(path: Sequence[PathPart]) -> str:
    """``("sources", 0, "note")`` -> ``sources.0.note``: a form field name and a label."""
    return ".".join(str(part) for part in path)


def parse_path(name: str) -> Path:
    return tuple(int(part) if part.isdigit() else part for part in name.split(".") if part)


def items(file: str, text: str) -> list[Item]:
    """Every item of a document, in the document's order."""
    return list(_items(file, text))


# ruamel's round-trip parser is slow (a guide takes ~0.1 s) and documents are immutable
# texts: the lists and differences the pages show are kept for the last few texts seen.
_CACHED = 64


@lru_cache(maxsize=_CACHED)
def _items(file: str, text: str) -> tuple[Item, ...]:
    data = _read(text)
    kind = kind_of(file)
    found: list[Item] = []
    if kind == "guide" and isinstance(data, Mapping):
        dest = str(data.get("dest", ""))
        header = {k: v for k, v in data.items() if k != "sections"}
        found.append(
            Item(file, GUIDE_HEADER, (), _texts(data.get("title")), _fields(header), None, header)
        )
        for i, section in enumerate(data.get("sections") or ()):
            if isinstance(section, Mapping):
                sid = str(section.get("id", i))
                found.append(
                    Item(
                        file,
                        sid,
                        ("sections", i),
                        _texts(section.get("title")),
                        _fields(section),
                        check_key(dest, sid),
                        section,
                    )
                )
        return tuple(found)
    container: Any = data
    prefix: Path = ()
    box = ITEM_CONTAINERS.get(file)
    if box:
        container = data.get(box) if isinstance(data, Mapping) else None
        prefix = (box,)
    if isinstance(container, Mapping):
        for name, entry in container.items():
            if isinstance(entry, Mapping):
                found.append(
                    Item(
                        file,
                        str(name),
                        (*prefix, str(name)),
                        _texts(entry.get("title")),
                        _fields(entry),
                        check_key(SOS_KEY, str(name)) if kind == "emergency" else None,
                        entry,
                    )
                )
    elif isinstance(container, list):
        for i, entry in enumerate(container):
            if isinstance(entry, Mapping):
                title = _texts(entry.get("title") or entry.get("topic"))
                found.append(
                    Item(
                        file,
                        str(entry.get("id", i)),
                        (*prefix, i),
                        title,
                        _fields(entry),
                        None,
                        entry,
                    )
                )
    return tuple(found)


def find_item(file: str, text: str, key: str) -> Item | None:
    return next((item for item in items(file, text) if item.key == key), None)


def _texts(value: Any) -> dict[str, str]:
    if isinstance(value, Mapping):
        return {loc: str(value.get(loc, "")) for loc in LOCALES}
    return {}


def _is_texts(value: Any) -> bool:
    return (
        isinstance(value, Mapping)
        and bool(value)
        and set(value) <= set(LOCALES)
        and all(isinstance(v, str | list) for v in value.values())
    )


def _fields(node: Mapping[str, Any], path: Path = ()) -> tuple[Field, ...]:
    out: list[Field] = []
    for key, value in node.items():
        if not path and key in FROZEN_KEYS:
            continue
        out.extend(_walk(value, (*path, str(key))))
    return tuple(out)


def _walk(value: Any, path: Path) -> Iterator[Field]:
    if _is_texts(value):
        values = {loc: _as_text(value.get(loc, "")) for loc in LOCALES}
        multiline = any("\n" in v or len(v) > 80 for v in values.values())
        yield Field(path, "texts", values, multiline)
    elif isinstance(value, Mapping):
        for key, sub in value.items():
            yield from _walk(sub, (*path, str(key)))
    elif isinstance(value, list):
        if all(not isinstance(v, Mapping | list) for v in value):
            yield Field(path, "lines", {"": "\n".join(_scalar(v) for v in value)}, True)
        else:
            for i, sub in enumerate(value):
                yield from _walk(sub, (*path, i))
    else:
        text = _scalar(value)
        yield Field(path, "value", {"": text}, "\n" in text)


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(_scalar(v) for v in value)
    return str(value).rstrip("\n")


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# ---------------------------------------------------------------- applying edits


def apply(text: str, item_path: Path, edits: Mapping[str, Mapping[str, str]]) -> str:
    """The document with the item's fields set: *edits* maps a field name (``body``,
    ``sources.0.note``) to its values as the form sent them (per language, or ``""``).

    Only fields whose value changed are touched, so an unchanged field keeps its exact
    spelling. Raises EditError for an unknown item or field.
    """
    data = load(text)
    item = _get(data, item_path)
    if not isinstance(item, Mapping):
        raise EditError(f"no item at {path_name(item_path)!r}")
    known = {f.name: f for f in _fields(item)}
    for name, values in edits.items():
        current = known.get(name)
        if current is None:
            raise EditError(f"unknown field {name!r}")
        wanted = {k: _normalise(v) for k, v in values.items() if k in current.values}
        if all(wanted.get(k, old) == old for k, old in current.values.items()):
            continue
        parent: Any = _get(item, current.path[:-1]) if len(current.path) > 1 else item
        last = current.path[-1]
        old_value = parent[last]
        if current.kind == "texts":
            for loc in LOCALES:
                if loc in wanted and wanted[loc] != current.values.get(loc):
                    old_value[loc] = _like(old_value.get(loc), wanted[loc])
        elif current.kind == "lines":
            lines = [line.strip() for line in wanted.get("", "").split("\n") if line.strip()]
            parent[last] = _list_like(old_value, lines)
        else:
            parent[last] = _scalar_like(old_value, wanted.get("", ""))
    return dump(data, like=text)


def _normalise(value: str) -> str:
    # Browsers send CRLF; a text never ends in blank lines (the loader strips them anyway).
    return value.replace("\r\n", "\n").replace("\r", "\n").rstrip()


def _get(node: Any, path: Path) -> Any:
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _like(old: Any, new: str) -> Any:
    """*new* in the style of *old*: a block for several lines, quotes kept for one line."""
    if isinstance(old, list):
        return _list_like(old, [line.strip() for line in new.split("\n") if line.strip()])
    if "\n" in new:
        # Keep a final newline where the seed had one (``|`` rather than ``|-``).
        keep = isinstance(old, str) and old.endswith("\n")
        return LiteralScalarString(new + ("\n" if keep else ""))
    if isinstance(old, _PLAIN_TEXT_KINDS):
        return type(old)(new)
    return DoubleQuotedScalarString(new) if isinstance(old, LiteralScalarString) else new


def _list_like(old: Any, lines: list[str]) -> Any:
    seq = CommentedSeq(lines)
    if isinstance(old, CommentedSeq) and old.fa.flow_style():
        seq.fa.set_flow_style()
    if isinstance(old, list) and old and isinstance(old[0], DoubleQuotedScalarString):
        seq = CommentedSeq([DoubleQuotedScalarString(v) for v in lines])
        if isinstance(old, CommentedSeq) and old.fa.flow_style():
            seq.fa.set_flow_style()
    return seq


_INT_RE = re.compile(r"^-?[0-9]+$")


def _scalar_like(old: Any, new: str) -> Any:
    """Keep the type the validator expects: a date stays a date, a number a number."""
    new = new.strip()
    if isinstance(old, bool):
        if new.lower() in ("true", "false"):
            return new.lower() == "true"
        return new
    if isinstance(old, dt.date) and not isinstance(old, dt.datetime):
        try:
            return dt.date.fromisoformat(new)
        except ValueError:
            return new  # the validator names the field
    if isinstance(old, int) and _INT_RE.match(new):
        return int(new)
    if old is None and not new:
        return None
    if isinstance(old, _PLAIN_TEXT_KINDS):
        return type(old)(new)
    return new


# ---------------------------------------------------------------- issues at their field


_INDEX_RE = re.compile(r"\[(\d+)\]")
_LABEL_RE = re.compile(r" \([^)]*\)")


def issue_path(path: str) -> Path:
    """A validator's path (``sections[3] (entry_ban).body.ky``, ``cards.russia.title.en``)
    as a document path: ``("sections", 3, "body", "ky")``."""
    path = _LABEL_RE.sub("", path)
    path = _INDEX_RE.sub(lambda m: f".{m.group(1)}", path)
    return parse_path(path.replace(": ", ".").replace(" ", ""))


def place_issue(item: Item, path: str) -> tuple[str, str] | None:
    """The field of *item* an issue's path points at, and its language (or ""); None when
    the issue is about another item. An issue about the item as a whole goes to ``""``."""
    where = issue_path(path)
    if item.path and where[: len(item.path)] != item.path:
        # A list index may be a campaign id in the sub-parsers' paths ("campaign 'dep-30'").
        if item.key not in path:
            return None
        rest: Path = ()
    else:
        rest = where[len(item.path) :] if item.path else where
        if not item.path and rest[:1] == ("sections",):
            return None  # the guide header item does not own its sections' issues
    language = ""
    if rest and rest[-1] in LOCALES:
        language = str(rest[-1])
        rest = rest[:-1]
    names = {f.name for f in item.fields}
    while rest:
        if path_name(rest) in names:
            return path_name(rest), language
        rest = rest[:-1]
    return "", language


# ---------------------------------------------------------------- differences


@dataclass(frozen=True)
class Change:
    """One field that differs between two versions of the documents."""

    file: str
    item: str  # the item's key ("entry_ban", "russia", "dep-30") or "" for the document
    field: str  # path inside the item ("body.ky")
    before: str | None  # None: the field is new
    after: str | None  # None: the field was removed

    def line_diff(self) -> list[tuple[str, str]]:
        """(``-``/``+``/`` ``, line) pairs: what a reviewer reads for a long text."""
        before = (self.before or "").splitlines()
        after = (self.after or "").splitlines()
        return [
            (line[0], line[2:])
            for line in difflib.ndiff(before, after)
            if line[:1] in ("-", "+", " ")
        ]


def leaves(file: str, text: str) -> dict[tuple[str, str], str]:
    """Every scalar of a document under (item key, field path inside the item)."""
    return dict(_leaves(file, text))


@lru_cache(maxsize=_CACHED)
def _leaves(file: str, text: str) -> dict[tuple[str, str], str]:
    data = _read(text)
    known = items(file, text) if kind_of(file) else []
    out: dict[tuple[str, str], str] = {}

    def owner(path: Path) -> tuple[str, Path]:
        best: Item | None = None
        for item in known:
            inside = bool(item.path) and path[: len(item.path)] == item.path
            if inside and (best is None or len(item.path) > len(best.path)):
                best = item
        if best is None:
            if kind_of(file) == "guide" and path[:1] != ("sections",):
                return GUIDE_HEADER, path
            return "", path
        return best.key, path[len(best.path) :]

    def walk(node: Any, path: Path) -> None:
        if isinstance(node, Mapping):
            for key, value in node.items():
                walk(value, (*path, str(key)))
        elif isinstance(node, list) and any(isinstance(v, Mapping | list) for v in node):
            for i, value in enumerate(node):
                walk(value, (*path, i))
        else:
            key, rest = owner(path)
            value = (
                "\n".join(_scalar(v) for v in node) if isinstance(node, list) else _scalar(node)
            )
            out[(key, path_name(rest))] = value.rstrip("\n")

    walk(data, ())
    return out


def diff(before: Mapping[str, str], after: Mapping[str, str]) -> list[Change]:
    """Field by field, every difference between two sets of documents (file name -> YAML)."""
    changes: list[Change] = []
    for file in sorted(set(before) | set(after)):
        old_text, new_text = before.get(file), after.get(file)
        if old_text == new_text:
            continue
        old = leaves(file, old_text) if old_text is not None else {}
        new = leaves(file, new_text) if new_text is not None else {}
        for where in _ordered(old, new):
            if old.get(where) != new.get(where):
                changes.append(Change(file, where[0], where[1], old.get(where), new.get(where)))
    return changes


def _ordered(
    old: Mapping[tuple[str, str], str], new: Mapping[tuple[str, str], str]
) -> list[tuple[str, str]]:
    seen = dict.fromkeys([*new, *old])
    return list(seen)
