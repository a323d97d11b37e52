"""Read the YAML files, validate them and build a :class:`ContentStore`.

``load_content`` either returns a complete, valid store or raises
:class:`ContentError` with every problem found; the bot keeps serving the last
good store in that case (see ``/reload_content``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from content.model import Check, ContentStore, EmergencyCard, Guide, Link, Section, Source
from content.validate import Problem, parse_date, parse_month, validate

GUIDES_DIR = Path(__file__).resolve().parent / "guides"
#: Kept for callers that copy the shipped guides (tests).
DATA_DIR = GUIDES_DIR
EMERGENCY_FILE = "emergency.yaml"


class ContentError(Exception):
    """The content files are broken; ``problems`` lists what to fix, one per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} content problem(s):\n" + "\n".join(problems))
        self.problems = problems


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader that refuses duplicate keys (PyYAML silently keeps the last one); libyaml's C
    parser when installed (10x faster: the content is read at start-up)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
    return result


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def load_content(path: Path | None = None) -> ContentStore:
    """Load every ``*.yaml`` in *path* (default: the package's ``guides/`` folder)."""
    folder = path or GUIDES_DIR
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise ContentError([f"{folder}: no *.yaml files"])
    texts: dict[str, str] = {}
    problems: list[str] = []
    for file in files:
        try:
            texts[file.name] = file.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(f"{file.name}: cannot read YAML: {exc}")
    if problems:
        raise ContentError(problems)
    return build_store(texts)


def parse_yaml(text: str) -> Any:
    """YAML text to data, refusing duplicate keys; raises ``yaml.YAMLError``."""
    return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - SafeLoader subclass


def store_problems(texts: Mapping[str, str]) -> tuple[dict[str, Any], list[Problem]]:
    """Parse and validate guide files (name -> YAML text; the emergency cards are the file
    named ``emergency.yaml``); the raw data and every problem, each naming its file."""
    problems: list[Problem] = []
    raw: dict[str, Any] = {"guides": {}, "emergency": None}
    for name in sorted(texts):
        try:
            parsed = parse_yaml(texts[name])
        except yaml.YAMLError as exc:
            problems.append(Problem(name, f"cannot read YAML: {exc}"))
            continue
        if Path(name).name == EMERGENCY_FILE:
            raw["emergency"] = parsed
            raw["emergency_name"] = name
        else:
            raw["guides"][name] = parsed
    problems += validate(raw)
    return raw, problems


def store_version(texts: Mapping[str, str]) -> str:
    """A short hash of the guide files: it travels in callback data (a changed guide makes
    old buttons say "the guide was updated"), so other documents do not change it."""
    digest = hashlib.sha256()
    for name in sorted(texts):
        digest.update(Path(name).name.encode() + b"\0" + texts[name].encode("utf-8") + b"\0")
    return digest.hexdigest()[:10]


def build_store(texts: Mapping[str, str]) -> ContentStore:
    """A valid store from guide files (name -> YAML text), or ContentError with every problem."""
    raw, problems = store_problems(texts)
    if problems:
        raise ContentError([str(p) for p in problems])
    return _build(raw, store_version(texts))


def _texts(data: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType({loc: text.strip() for loc, text in data.items()})


def _sources(data: list[Mapping[str, Any]]) -> tuple[Source, ...]:
    sources = [
        Source(
            title=s["title"].strip(),
            url=s.get("url"),
            official=bool(s.get("official", False)),
            note=_texts(s["note"]) if s.get("note") else None,
        )
        for s in data
    ]
    # Official pages first; editors' order is kept within each group (sorted() is stable).
    return tuple(sorted(sources, key=lambda src: not src.official))


def _month(value: Any) -> date:
    parsed = parse_month(value)
    assert parsed is not None  # validated before building
    return parsed


def _check(value: Any) -> Check | None:
    if not value:
        return None
    return Check(by=str(value["by"]).strip(), on=_date(value["on"]))


def _strings(values: Any) -> tuple[str, ...]:
    return tuple(str(v).strip() for v in values or ())


def _date(value: Any) -> date:
    parsed = parse_date(value)
    assert parsed is not None  # validated before building
    return parsed


def _build(raw: Mapping[str, Any], version: str) -> ContentStore:
    guides: dict[str, Guide] = {}
    for data in raw["guides"].values():
        sections = tuple(
            Section(
                id=s["id"],
                title=_texts(s["title"]),
                body=_texts(s["body"]),
                keywords=MappingProxyType(
                    {loc: tuple(w.strip() for w in words) for loc, words in s["keywords"].items()}
                ),
                sources=_sources(s["sources"]),
                as_of=_month(s["as_of"]),
                review_by=_date(s["review_by"]),
                numbers=_strings(s.get("numbers")),
                to_check=_strings(s.get("to_check")),
                links=tuple(
                    Link(dest=dest, section_id=sid)
                    for dest, _, sid in (str(v).partition("/") for v in s.get("links") or ())
                ),
                checked=_check(s.get("checked")),
                gaps=_strings(s.get("gaps")),
            )
            for s in data["sections"]
        )
        guides[data["dest"]] = Guide(
            dest=data["dest"],
            title=_texts(data["title"]),
            intro=_texts(data["intro"]),
            sections=sections,
        )
    cards = {
        key: EmergencyCard(
            key=key,
            title=_texts(c["title"]),
            body=_texts(c["body"]),
            sources=_sources(c["sources"]),
            as_of=_month(c["as_of"]),
            review_by=_date(c["review_by"]),
            numbers=_strings(c.get("numbers")),
            to_check=_strings(c.get("to_check")),
            checked=_check(c.get("checked")),
        )
        for key, c in raw["emergency"]["cards"].items()
    }
    return ContentStore(
        guides=MappingProxyType(guides), cards=MappingProxyType(cards), version=version
    )
