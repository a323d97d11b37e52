"""The register of licensed recruitment agencies: matching what people type, and reading the
Ministry of Labour's list from a CSV file.

Plain functions, no database and no aiogram. People type agency names the way they saw them —
in Cyrillic or Latin, with «quotes», with or without "ОсОО"/"LLC", with typos — so names are
reduced to a *skeleton* (transliterated, legal-form words dropped, look-alike spellings merged)
and compared on that.

Safety rule: only an exact skeleton or permit-number match is shown as "this agency". A merely
similar name is offered as "did you mean …?", because a look-alike name is exactly what a fake
recruiter would use.

CSV format (documented for staff in `locales/*/contract.ftl`, `contract-import-help`):
one header row, then one agency per row; `;`, `,` or tab separated; UTF-8 (with or without BOM)
or Windows-1251 (what Excel saves in Russian). Columns, by header name (case-insensitive; the
Russian and Kyrgyz names below are accepted too):

    name           required  the company name as registered
    permit_number  optional  the permit number (identifies the agency when present)
    countries      optional  countries the permit covers, separated by | , ; or /
    valid_until    optional  the permit's end date: YYYY-MM-DD, DD.MM.YYYY or DD/MM/YYYY
    status         optional  active (default) or suspended
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from difflib import SequenceMatcher
from enum import StrEnum

# ---------------------------------------------------------------- normalisation

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "ң": "n",
    "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ү": "u",
    "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "i",
    "ь": "", "э": "e", "ю": "iu", "я": "ia", "і": "i", "ә": "a", "ғ": "g", "қ": "k",
    "ұ": "u", "һ": "h",
}  # fmt: skip

# Latin spellings of the same sounds, merged after transliteration ("Djob"/"Job"/"Джоб",
# "Khan"/"Han", "Lux"/"Люкс"). Order matters: longer patterns first.
_SOUNDS = (
    ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("ph", "f"), ("ck", "k"),
    ("sch", "sh"), ("tch", "ch"), ("ts", "c"), ("tz", "c"), ("x", "ks"), ("q", "k"),
    ("w", "v"), ("y", "i"), ("ee", "i"), ("oo", "u"), ("ou", "u"),
)  # fmt: skip

# Legal-form words that people add or leave out: Kyrgyz (ОсОО, ЖЧК), Russian (ООО, ИП…),
# English (LLC, Ltd). Compared after transliteration (before sound merging).
_LEGAL_FORMS = frozenset(
    {
        "osoo", "ooo", "oao", "zao", "pao", "ao", "ip", "chp", "zhchk", "azhk",
        "llc", "ltd", "limited", "inc", "co", "corp", "jsc", "llp", "gmbh",
    }
)  # fmt: skip
_QUOTES_AND_PUNCT = re.compile(r"[\"'«»“”„‘’`´.,;:!?()\[\]{}&+/\\|*_#№-]+")
_SPACES = re.compile(r"\s+")


def transliterate(text: str) -> str:
    """Lower-case Latin letters, digits and spaces: Cyrillic (Kyrgyz letters included) is
    transliterated; accents are dropped."""
    text = unicodedata.normalize("NFKC", text).casefold()
    out = []
    for char in text:
        if char in _CYRILLIC:
            out.append(_CYRILLIC[char])
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        out.append(base)
    text = _QUOTES_AND_PUNCT.sub(" ", "".join(out))
    text = re.sub(r"[^a-z0-9 ]", " ", text)
    return _SPACES.sub(" ", text).strip()


def _merge_sounds(word: str) -> str:
    for pattern, replacement in _SOUNDS:
        word = word.replace(pattern, replacement)
    # "c" before e/i sounds like s ("Service"), otherwise like k ("Cargo"); "ch" stays.
    word = re.sub(r"c(?=[ei])", "s", word)
    word = re.sub(r"c(?!h)", "k", word)
    word = re.sub(r"(?<=[aeiou])j$", "i", word)  # "-ij" is how some write "-ый"/"-ий"
    return re.sub(r"(.)\1+", r"\1", word)  # "Kamelott" = "Камелот"


def name_tokens(name: str) -> list[str]:
    words = [w for w in transliterate(name).split() if w not in _LEGAL_FORMS]
    return [_merge_sounds(w) for w in words]


def name_key(name: str) -> str:
    """The skeleton two spellings of one name share: `ОсОО «Камелотт»` = `Kamelott LLC`."""
    return "".join(name_tokens(name))


def permit_key(value: str) -> str:
    """A permit number without "№", spaces, dashes or dots; Cyrillic look-alikes as Latin."""
    # NFKC would turn "№" into "No": drop it first, then a leading "No"/"N"/"номер" word.
    words = transliterate(value.replace("№", " ")).split()
    while words and words[0] in {"no", "n", "nomer", "number", "nr"}:
        words.pop(0)
    text = "".join(words)
    return re.sub(r"^(no|nr)(?=\d)", "", text)


def looks_like_permit(text: str) -> bool:
    digits = sum(c.isdigit() for c in text)
    return digits >= 2 and digits * 2 >= len(re.sub(r"\W", "", text))


# ---------------------------------------------------------------- matching


class Status(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


class Standing(StrEnum):
    """What the register says today (an active permit past its end date has expired)."""

    LICENSED = "licensed"
    SUSPENDED = "suspended"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    name: str
    permit_number: str
    countries: tuple[str, ...]
    valid_until: date | None
    status: str


# The playground's made-up register marks its agencies by their permit numbers, so the bot
# can label them "DEMO — not real data" wherever they appear (playground/seed.py).
DEMO_PERMIT_PREFIX = "DEMO-"


def is_demo(entry: Entry) -> bool:
    return entry.permit_number.upper().startswith(DEMO_PERMIT_PREFIX)


def standing(entry: Entry, today: date) -> Standing:
    if entry.status == Status.SUSPENDED:
        return Standing.SUSPENDED
    if entry.valid_until is not None and entry.valid_until < today:
        return Standing.EXPIRED
    return Standing.LICENSED


@dataclass(frozen=True, slots=True)
class Match:
    entry: Entry
    score: float  # 1.0: exact skeleton or permit number
    exact: bool


STRONG, CANDIDATE = 0.9, 0.75
MAX_CANDIDATES = 5


def _similarity(query: str, name: str) -> float:
    if not query or not name:
        return 0.0
    return SequenceMatcher(None, query, name, autojunk=False).ratio()


def name_score(query: str, name: str) -> float:
    """How close a typed name is to a registered one, 0..1. Besides the whole name, a typed
    name may equal a run of the registered name's words ("Kamelott" for "Kamelott Travel"),
    but only when it is long enough not to match everything."""
    q_tokens, n_tokens = name_tokens(query), name_tokens(name)
    q, n = "".join(q_tokens), "".join(n_tokens)
    best = _similarity(q, n)
    if len(q) >= 5 and len(n_tokens) > 1:
        for start in range(len(n_tokens)):
            for end in range(start + 1, len(n_tokens) + 1):
                window = "".join(n_tokens[start:end])
                if len(window) >= 5:
                    # A partial-name hit is never "exact": the rest of the name may differ.
                    best = max(best, min(_similarity(q, window), 0.95))
    return best


def find(query: str, entries: Iterable[Entry]) -> list[Match]:
    """Register entries for what the person typed, best first.

    Exact matches (same permit number, or same name skeleton) come first, marked `exact`; then
    up to MAX_CANDIDATES other names at least CANDIDATE-similar, for "did you mean …?". A
    permit-number match comes alone: a number is not spelled in many ways.
    """
    entries = list(entries)
    query = query.strip()
    if not query:
        return []
    qpermit = permit_key(query)
    if qpermit and any(c.isdigit() for c in qpermit):
        by_permit = [
            e for e in entries if e.permit_number and permit_key(e.permit_number) == qpermit
        ]
        if by_permit:
            return [Match(e, 1.0, True) for e in by_permit]
    qkey = name_key(query)
    if not qkey:
        return []
    exact = [Match(e, 1.0, True) for e in entries if name_key(e.name) == qkey]
    exact_ids = {m.entry.id for m in exact}
    scored = [(name_score(query, e.name), e) for e in entries if e.id not in exact_ids]
    close = [Match(e, s, False) for s, e in scored if s >= CANDIDATE]
    close.sort(key=lambda m: (-m.score, m.entry.name.casefold()))
    return exact + close[:MAX_CANDIDATES]


# ---------------------------------------------------------------- CSV import

MAX_FILE_BYTES = 2_000_000
MAX_ROWS = 5000
MAX_NAME = 200

# Accepted header names per column (compared after casefold and trimming "№", "*", quotes).
COLUMN_ALIASES: Mapping[str, frozenset[str]] = {
    "name": frozenset(
        {
            "name", "company", "agency", "company name", "название", "наименование",
            "наименование организации", "название компании", "компания", "организация",
            "аталышы", "аталыш", "уюм", "уюмдун аталышы", "компаниянын аталышы",
        }
    ),
    "permit_number": frozenset(
        {
            "permit_number", "permit", "permit no", "permit number", "license", "licence",
            "license number", "licence number", "номер", "номер разрешения", "разрешение",
            "номер лицензии", "лицензия", "уруксат", "уруксат номери", "уруксаттын номери",
        }
    ),
    "countries": frozenset(
        {"countries", "country", "страны", "страна", "өлкөлөр", "өлкө", "страны трудоустройства"}
    ),
    "valid_until": frozenset(
        {
            "valid_until", "valid until", "expires", "expiry", "end date", "срок действия",
            "действует до", "действительно до", "срок", "мөөнөтү", "мөөнөт", "жарактуу мөөнөтү",
        }
    ),
    "status": frozenset({"status", "статус", "абалы", "абал", "состояние"}),
}  # fmt: skip

STATUS_ALIASES: Mapping[str, Status] = {
    "": Status.ACTIVE,
    "active": Status.ACTIVE,
    "licensed": Status.ACTIVE,
    "valid": Status.ACTIVE,
    "действует": Status.ACTIVE,
    "действующий": Status.ACTIVE,
    "действующее": Status.ACTIVE,
    "активный": Status.ACTIVE,
    "жарактуу": Status.ACTIVE,
    "күчүндө": Status.ACTIVE,
    "suspended": Status.SUSPENDED,
    "приостановлен": Status.SUSPENDED,
    "приостановлено": Status.SUSPENDED,
    "приостановлена": Status.SUSPENDED,
    "токтотулган": Status.SUSPENDED,
}

_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d.%m.%y")


class BadReason(StrEnum):
    """Why a row was refused; rendered for staff as `contract-import-bad-<reason>`."""

    NO_NAME = "no-name"
    NAME_TOO_LONG = "name-too-long"
    BAD_DATE = "bad-date"
    BAD_STATUS = "bad-status"
    DUPLICATE = "duplicate"


class FileProblem(StrEnum):
    TOO_BIG = "too-big"
    NOT_TEXT = "not-text"
    NO_HEADER = "no-header"
    NO_NAME_COLUMN = "no-name-column"
    TOO_MANY_ROWS = "too-many-rows"
    NO_ROWS = "no-rows"


@dataclass(frozen=True, slots=True)
class Row:
    """A valid row, as it will be stored."""

    line: int
    name: str
    permit_number: str
    countries: tuple[str, ...]
    valid_until: date | None
    status: Status

    @property
    def identity(self) -> str:
        """The permit number identifies an agency; without one, its name skeleton does."""
        return (
            f"permit:{permit_key(self.permit_number)}"
            if self.permit_number
            else (f"name:{name_key(self.name)}")
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "name": self.name,
            "permit_number": self.permit_number,
            "countries": list(self.countries),
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "status": self.status.value,
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, object]) -> Row:
        until = raw.get("valid_until")
        countries = raw.get("countries") or []
        assert isinstance(countries, list)
        return cls(
            line=int(str(raw.get("line", 0))),
            name=str(raw["name"]),
            permit_number=str(raw.get("permit_number") or ""),
            countries=tuple(str(c) for c in countries),
            valid_until=date.fromisoformat(str(until)) if until else None,
            status=Status(str(raw.get("status") or "active")),
        )


@dataclass(frozen=True, slots=True)
class BadRow:
    line: int
    reason: BadReason
    value: str = ""  # the offending cell, shortened, for the staff message
    other_line: int = 0  # for duplicates: the line that came first


@dataclass(slots=True)
class ParsedFile:
    rows: list[Row] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    problem: FileProblem | None = None


def decode(data: bytes) -> str | None:
    """UTF-8 (BOM or not), else Windows-1251; None for something that is not text."""
    if b"\x00" in data[:4096]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError:
        return None


def _header_name(cell: str) -> str:
    cleaned = cell.replace("\ufeff", "").replace("_", " ").strip().strip("\"'«»*№: ")
    return _SPACES.sub(" ", cleaned.casefold()).strip()


def _column_for(cell: str) -> str | None:
    header = _header_name(cell)
    for column, aliases in COLUMN_ALIASES.items():
        if header in {_header_name(alias) for alias in aliases}:
            return column
    return None


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def parse_date(value: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def split_countries(value: str) -> tuple[str, ...]:
    parts = re.split(r"[|,;/]", value)
    seen: list[str] = []
    for part in parts:
        country = _SPACES.sub(" ", part).strip()
        if country and country.casefold() not in {c.casefold() for c in seen}:
            seen.append(country)
    return tuple(seen)


def _short(value: str, limit: int = 40) -> str:
    value = _SPACES.sub(" ", value).strip()
    return value if len(value) <= limit else value[: limit - 1] + "…"


def parse_csv(data: bytes) -> ParsedFile:
    """Read the Ministry's list. Row problems are collected with line numbers (as a
    spreadsheet shows them: the header is line 1); file problems stop the parse."""
    result = ParsedFile()
    if len(data) > MAX_FILE_BYTES:
        result.problem = FileProblem.TOO_BIG
        return result
    text = decode(data)
    if text is None:
        result.problem = FileProblem.NOT_TEXT
        return result
    lines = text.splitlines()
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        result.problem = FileProblem.NO_HEADER
        return result
    delimiter = _sniff_delimiter(lines[header_index])
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    columns: dict[int, str] | None = None
    seen: dict[str, int] = {}
    count = 0
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue  # blank lines and trailing ";;;;" rows that spreadsheets leave
        if columns is None:
            columns = {}
            for index, cell in enumerate(record):
                column = _column_for(cell)
                if column and column not in columns.values():
                    columns[index] = column
            if "name" not in columns.values():
                result.problem = FileProblem.NO_NAME_COLUMN
                return result
            continue
        count += 1
        if count > MAX_ROWS:
            result.problem = FileProblem.TOO_MANY_ROWS
            return result
        cells = {column: "" for column in COLUMN_ALIASES}
        for index, column in columns.items():
            if index < len(record):
                cells[column] = record[index].strip()
        row = _parse_row(line, cells, result.bad)
        if row is None:
            continue
        if row.identity in seen:
            result.bad.append(
                BadRow(line, BadReason.DUPLICATE, _short(row.name), seen[row.identity])
            )
            continue
        seen[row.identity] = line
        result.rows.append(row)
    if columns is None:
        result.problem = FileProblem.NO_HEADER
    elif not result.rows and not result.bad:
        result.problem = FileProblem.NO_ROWS
    return result


def _parse_row(line: int, cells: Mapping[str, str], bad: list[BadRow]) -> Row | None:
    name = _SPACES.sub(" ", cells["name"]).strip()
    if not name_key(name):
        bad.append(BadRow(line, BadReason.NO_NAME, _short(cells["name"])))
        return None
    if len(name) > MAX_NAME:
        bad.append(BadRow(line, BadReason.NAME_TOO_LONG, _short(name)))
        return None
    until: date | None = None
    if cells["valid_until"]:
        try:
            until = parse_date(cells["valid_until"])
        except ValueError:
            bad.append(BadRow(line, BadReason.BAD_DATE, _short(cells["valid_until"])))
            return None
    status = STATUS_ALIASES.get(cells["status"].casefold().strip())
    if status is None:
        bad.append(BadRow(line, BadReason.BAD_STATUS, _short(cells["status"])))
        return None
    return Row(
        line=line,
        name=name,
        permit_number=_SPACES.sub(" ", cells["permit_number"]).strip(),
        countries=split_countries(cells["countries"]),
        valid_until=until,
        status=status,
    )


# ---------------------------------------------------------------- preview


@dataclass(frozen=True, slots=True)
class Preview:
    new: int
    updated: int
    unchanged: int
    removed: tuple[str, ...]  # names of register entries the file no longer has
    bad: tuple[BadRow, ...]
    total: int  # valid rows = the register's size after applying

    @property
    def changes(self) -> int:
        return self.new + self.updated + len(self.removed)


def entry_identity(entry: Entry) -> str:
    return (
        f"permit:{permit_key(entry.permit_number)}"
        if entry.permit_number
        else (f"name:{name_key(entry.name)}")
    )


def _same(entry: Entry, row: Row) -> bool:
    return (
        entry.name == row.name
        and entry.permit_number == row.permit_number
        and tuple(entry.countries) == row.countries
        and entry.valid_until == row.valid_until
        and entry.status == row.status.value
    )


def preview(current: Sequence[Entry], parsed: ParsedFile) -> Preview:
    """What applying the file would change: the register is replaced by the file's valid rows."""
    existing = {entry_identity(e): e for e in current}
    new = updated = unchanged = 0
    incoming: set[str] = set()
    for row in parsed.rows:
        incoming.add(row.identity)
        entry = existing.get(row.identity)
        if entry is None:
            new += 1
        elif _same(entry, row):
            unchanged += 1
        else:
            updated += 1
    removed = tuple(
        sorted((e.name for key, e in existing.items() if key not in incoming), key=str.casefold)
    )
    return Preview(new, updated, unchanged, removed, tuple(parsed.bad), len(parsed.rows))
