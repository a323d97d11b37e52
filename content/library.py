"""One content library: everything editors write, loaded and validated as a whole.

The library holds the guides and emergency cards, the Center's services (with the Center's
card: place and opening hours), the reminder campaigns, the job-offer check's questions, the
consultants' ready answers and the glossary. It is immutable; a new version is a new library,
and a runtime swaps the whole of it at once through its one `ContentHolder`.

API (the staff console's editor builds on exactly this):

- ``ContentLibrary.load(directory: Path) -> ContentLibrary``: the seed YAML (the package's
  ``content/`` folder by default, setting ``CONTENT_DIR``).
- ``ContentLibrary.from_documents(docs: Mapping[str, str]) -> ContentLibrary``: *docs* maps a
  file name relative to ``content/`` to its YAML text: ``"guides/russia.yaml"`` ...
  ``"guides/emergency.yaml"``, ``"services.yaml"``, ``"campaigns.yaml"``,
  ``"contract_check.yaml"``, ``"canned_answers.yaml"``, ``"glossary.yaml"`` (`DOCUMENTS`
  lists the fixed ones; any ``guides/<name>.yaml`` is a guide). Both raise
  ``ContentInvalid`` (content/validate.py) with every ``ContentIssue(file, path, message)``
  found, never a half-built library.
- ``library.documents -> dict[str, str]``: the texts it was built from (a copy);
  ``library.version``: a hash of them (equal documents, equal version).
- Parts: ``library.guides`` (`ContentStore`: guides and cards), ``library.services``
  (`ServiceCatalog`, incl. ``center_hours``), ``library.campaigns`` (`CampaignSet`),
  ``library.questionnaire`` (`domain.contract.Questionnaire`), ``library.canned``
  (tuple of `Canned`), ``library.glossary`` (`Glossary`).
- ``ContentHolder(library, release_id=None, seed_dir=CONTENT_DIR)``: ``holder.library`` is
  the current library; ``holder.swap(library, release_id)`` replaces it whole. Every reader
  goes through the runtime's holder (handlers get it as ``content_holder``, jobs as
  ``ctx.content``); read ``holder.library`` once per update so one update sees one version.

Releases (db/queries/content_releases.py) store the documents of each published library; the
runtime serves the newest one and a poll job swaps every instance to a newer one.
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from content.campaigns import CampaignError, CampaignSet, parse_campaigns
from content.canned import Canned, CannedError, parse_canned
from content.glossary import Glossary, avoided_terms, parse_glossary
from content.loader import _build, parse_yaml, store_problems, store_version
from content.model import ContentStore
from content.services import ServiceCatalog, ServicesError, parse_services
from content.validate import ContentInvalid, ContentIssue, issue_from
from db.types import utcnow
from domain.contract import Questionnaire, QuestionnaireError, parse_questionnaire

log = logging.getLogger("jol.content")

CONTENT_DIR = Path(__file__).resolve().parent
GUIDES_PREFIX = "guides/"
SERVICES = "services.yaml"
CAMPAIGNS = "campaigns.yaml"
QUESTIONS = "contract_check.yaml"
CANNED = "canned_answers.yaml"
GLOSSARY = "glossary.yaml"
#: The documents every library has besides its guides (``guides/*.yaml``).
DOCUMENTS = (SERVICES, CAMPAIGNS, QUESTIONS, CANNED, GLOSSARY)
#: A library's documents are small; this refuses a pasted binary or a runaway editor.
DOCUMENT_MAX_CHARS = 1_000_000


def is_guide_document(name: str) -> bool:
    rest = name.removeprefix(GUIDES_PREFIX)
    return (
        name.startswith(GUIDES_PREFIX)
        and rest.endswith(".yaml")
        and "/" not in rest
        and len(rest) > len(".yaml")
    )


def documents_version(docs: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(docs):
        digest.update(name.encode() + b"\0" + docs[name].encode("utf-8") + b"\0")
    return digest.hexdigest()[:16]


@dataclass(frozen=True, eq=False)
class ContentLibrary:
    version: str
    guides: ContentStore
    services: ServiceCatalog
    campaigns: CampaignSet
    questionnaire: Questionnaire
    canned: tuple[Canned, ...]
    glossary: Glossary
    _documents: Mapping[str, str]

    @property
    def documents(self) -> dict[str, str]:
        return dict(self._documents)

    def canned_answer(self, ident: str) -> Canned | None:
        return next((a for a in self.canned if a.id == ident), None)

    @classmethod
    def load(cls, directory: Path = CONTENT_DIR) -> ContentLibrary:
        """The library written in *directory* (``guides/*.yaml`` and the `DOCUMENTS`)."""
        docs: dict[str, str] = {}
        issues: list[ContentIssue] = []
        paths = [directory / name for name in DOCUMENTS]
        paths += sorted((directory / GUIDES_PREFIX).glob("*.yaml"))
        for path in paths:
            name = path.relative_to(directory).as_posix()
            try:
                docs[name] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                issues.append(ContentIssue(name, "", f"cannot read: {exc}"))
        if issues:
            raise ContentInvalid(issues)
        return cls.from_documents(docs)

    @classmethod
    def from_documents(cls, docs: Mapping[str, str]) -> ContentLibrary:
        docs = {str(name): str(text) for name, text in docs.items()}
        version = documents_version(docs)
        cached = _built.get(version)
        if cached is not None:
            return cached
        library = _assemble(docs, version)
        _built[version] = library
        while len(_built) > _BUILT_KEPT:
            _built.popitem(last=False)
        return library


# Libraries are immutable, so the last few built are kept by version: a release that equals
# the seed (or a poll that finds the version it already built) costs no second parse.
_BUILT_KEPT = 4
_built: OrderedDict[str, ContentLibrary] = OrderedDict()


def _assemble(docs: Mapping[str, str], version: str) -> ContentLibrary:
    issues: list[ContentIssue] = []
    for name, text in docs.items():
        if name not in DOCUMENTS and not is_guide_document(name):
            issues.append(ContentIssue(name, "", "unknown document; expected guides/*.yaml or "
                                       + ", ".join(DOCUMENTS)))  # fmt: skip
        elif len(text) > DOCUMENT_MAX_CHARS:
            issues.append(ContentIssue(name, "", f"longer than {DOCUMENT_MAX_CHARS} characters"))
    for name in DOCUMENTS:
        if name not in docs:
            issues.append(ContentIssue(name, "", "missing"))
    guide_texts = {name: text for name, text in docs.items() if is_guide_document(name)}
    if not guide_texts:
        issues.append(ContentIssue(GUIDES_PREFIX, "", "no guides/*.yaml"))
    if issues:
        raise ContentInvalid(issues)

    raw_guides, problems = store_problems(guide_texts)
    for problem in problems:
        issues.append(_guide_issue(problem.where, problem.message, guide_texts))
    parsed = {name: _parse(name, docs[name], issues) for name in DOCUMENTS}
    services = _part(SERVICES, parse_services, parsed, issues, ServicesError)
    campaigns = _part(
        CAMPAIGNS,
        lambda raw: parse_campaigns(raw, _short_hash(docs[CAMPAIGNS])),
        parsed,
        issues,
        CampaignError,
    )
    questionnaire = _part(
        QUESTIONS,
        lambda raw: parse_questionnaire(raw, _short_hash(docs[QUESTIONS])),
        parsed,
        issues,
        QuestionnaireError,
    )
    canned = _part(CANNED, parse_canned, parsed, issues, CannedError)
    glossary_problems: list[tuple[str, str]] = []
    glossary = parse_glossary(parsed[GLOSSARY], glossary_problems) if parsed[GLOSSARY] else None
    issues += [ContentIssue(GLOSSARY, path, message) for path, message in glossary_problems]
    if services is not None and campaigns is not None:
        issues += _campaigns_book_services(campaigns, services)
    if glossary is not None:
        # One name per thing in every text people read (locales/ are checked by the tests).
        texts = {**raw_guides["guides"], **{n: parsed[n] for n in DOCUMENTS if n != GLOSSARY}}
        if raw_guides.get("emergency_name"):
            texts[raw_guides["emergency_name"]] = raw_guides["emergency"]
        for name, data in texts.items():
            issues += [ContentIssue(name, p, m) for p, m in avoided_terms(glossary, data)]
    if issues or None in (services, campaigns, questionnaire, canned, glossary):
        raise ContentInvalid(issues or [ContentIssue("", "", "content could not be built")])
    assert services is not None and campaigns is not None and questionnaire is not None
    assert canned is not None and glossary is not None
    return ContentLibrary(
        version=version,
        guides=_build(raw_guides, store_version(guide_texts)),
        services=services,
        campaigns=campaigns,
        questionnaire=questionnaire,
        canned=canned,
        glossary=glossary,
        _documents=MappingProxyType(dict(docs)),
    )


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _parse(name: str, text: str, issues: list[ContentIssue]) -> Any:
    try:
        return parse_yaml(text)
    except yaml.YAMLError as exc:
        issues.append(ContentIssue(name, "", f"cannot read YAML: {exc}"))
        return None


def _part(
    name: str,
    parse: Any,
    parsed: Mapping[str, Any],
    issues: list[ContentIssue],
    error: type[Exception],
) -> Any:
    raw = parsed[name]
    if raw is None:
        if not any(issue.file == name for issue in issues):
            issues.append(ContentIssue(name, "", "empty"))
        return None
    try:
        return parse(raw)
    except error as exc:
        problems = getattr(exc, "problems", None) or [str(exc)]
        issues.extend(issue_from(name, str(problem)) for problem in problems)
        return None


def _guide_issue(where: str, message: str, guide_texts: Mapping[str, str]) -> ContentIssue:
    for name in guide_texts:
        if where == name or where.startswith((name + ":", name + ".")):
            return ContentIssue(name, where[len(name) :].lstrip(".: "), message)
    return ContentIssue(GUIDES_PREFIX, where if where != "guides" else "", message)


def _campaigns_book_services(
    campaigns: CampaignSet, services: ServiceCatalog
) -> list[ContentIssue]:
    """A reminder's "book" button must offer a service that services.yaml has."""
    known = set(services.keys)
    issues = []
    for campaign in campaigns.campaigns:
        offered = [b.target for b in campaign.buttons if b.kind == "book"]
        offered += [a.offer for q in campaign.survey for a in q.answers if a.offer]
        for key in offered:
            if key not in known:
                issues.append(
                    ContentIssue(
                        CAMPAIGNS,
                        f"campaign {campaign.id!r}",
                        f"offers service {key!r}, which services.yaml does not have",
                    )
                )
    return issues


class ContentHolder:
    """The runtime's current library; one per runtime, shared by the dispatcher (handlers get
    it as ``content_holder``) and the background jobs. `swap` replaces the whole library."""

    def __init__(
        self,
        library: ContentLibrary,
        release_id: int | None = None,
        seed_dir: Path = CONTENT_DIR,
    ) -> None:
        self._library = library
        #: Where /reload_content reads the YAML (setting CONTENT_DIR).
        self.seed_dir = seed_dir
        #: The release being served (content_releases.id); None: the seed files.
        self.release_id = release_id
        self.loaded_at: datetime | None = utcnow()
        #: Problems found by the last refused reload (cleared by a successful one).
        self.last_problems: list[str] = []

    @property
    def library(self) -> ContentLibrary:
        return self._library

    @property
    def store(self) -> ContentStore:
        """The guides and emergency cards of the current library."""
        return self._library.guides

    def load_seed(self) -> ContentLibrary:
        """The library written in `seed_dir` now (blocking: run it in a thread)."""
        return ContentLibrary.load(self.seed_dir)

    def swap(self, library: ContentLibrary, release_id: int | None = None) -> bool:
        """Serve *library* from now on; False (and nothing changes) if it is already served."""
        self.release_id = release_id if release_id is not None else self.release_id
        self.last_problems = []
        if library is self._library or library.version == self._library.version:
            return False
        old, self._library, self.loaded_at = self._library.version, library, utcnow()
        log.info("content swapped", extra={"old": old, "new": library.version})
        return True


# The library one update (or one job run) reads: taken from the runtime's holder once when the
# update arrives (bot/factory.py) or the job starts (bot/background.py), so code deep inside a
# feature (booking texts, reminder planning, the job-offer check) reads the same version as
# the handler, without passing it through every call.
_serving: ContextVar[ContentLibrary] = ContextVar("jol_content_library")


def current() -> ContentLibrary:
    """The library of the running update or job (`serving`); LookupError outside one."""
    try:
        return _serving.get()
    except LookupError:
        raise LookupError(
            "no content library here: run inside an update or a job of a runtime, or wrap "
            "the call in content.library.serving(library)"
        ) from None


@contextmanager
def serving(library: ContentLibrary) -> Iterator[ContentLibrary]:
    """Make *library* `current()` inside the block (the runtime does this per update/job)."""
    token = _serving.set(library)
    try:
        yield library
    finally:
        _serving.reset(token)


__all__ = [
    "CONTENT_DIR",
    "DOCUMENTS",
    "ContentHolder",
    "ContentInvalid",
    "ContentIssue",
    "ContentLibrary",
    "current",
    "documents_version",
    "is_guide_document",
    "serving",
]
