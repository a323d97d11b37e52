"""The editor's services: the working copy, saving an item, preview, publish, rollback,
history, checks, export and import. They take a session and return outcomes (no aiohttp, no
aiogram types); the pages (pages.py) only read the form, call one of these and render.

Every change is audited in the same transaction (who, when, what, before and after) through
the `audit` callable the page passes in, so a change without its audit line cannot be stored.
"""

from __future__ import annotations

import asyncio
import io
import zipfile
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from content import Check, ContentStore
from content.editing import Change, EditError, Item, apply, diff, find_item, place_issue
from content.library import ContentInvalid, ContentIssue, ContentLibrary
from content.model import text_hash
from db.models import ContentDraft
from db.models.content_drafts import DraftStatus
from db.queries import content_checks, content_releases
from db.queries import content_drafts as drafts
from db.queries.content_checks import NAME_MAX

#: `audit(session, action, target, before=..., after=...)`: the console kit's audit_change
#: with the staff member bound.
Audit = Callable[..., Awaitable[None]]
#: An export or import holds the library's documents only; anything bigger is not ours.
IMPORT_MAX_BYTES = 5_000_000
EXPORT_ROOT = "content/"


@dataclass(frozen=True)
class Workspace:
    """What the editor works on: the newest release's documents and the open draft over it."""

    published: dict[str, str]
    release_id: int | None
    version: str
    draft: ContentDraft | None
    documents: dict[str, str]  # the draft laid over the published documents

    @property
    def changed(self) -> list[str]:
        return sorted(self.draft.documents) if self.draft is not None else []


async def workspace(
    session: AsyncSession, seed: ContentLibrary, *, lock: bool = False
) -> Workspace:
    """*seed*: the library served when nothing has been published yet (the runtime's)."""
    release = await content_releases.latest(session)
    if release is not None:
        published = {str(k): str(v) for k, v in release.documents.items()}
        release_id, version = release.id, release.version
    else:
        published, release_id, version = seed.documents, None, seed.version
    draft = await drafts.open_draft(session, lock=lock)
    return Workspace(published, release_id, version, draft, drafts.overlay(published, draft))


async def build(documents: Mapping[str, str]) -> ContentLibrary:
    """The library of *documents*, or ContentInvalid; parsing all the YAML takes a moment, so
    it runs off the event loop (built libraries are cached by version)."""
    return await asyncio.to_thread(ContentLibrary.from_documents, dict(documents))


async def problems(documents: Mapping[str, str]) -> list[ContentIssue]:
    try:
        await build(documents)
    except ContentInvalid as exc:
        return list(exc.issues)
    return []


# ---------------------------------------------------------------- saving an item


@dataclass(frozen=True)
class FieldProblem:
    field: str  # the field's name in the item ("body", "sources.0.url"); "" the whole item
    language: str  # "ky" / "ru" / "en", or "" when the field has no languages
    message: str


@dataclass
class SaveOutcome:
    saved: bool
    #: Problems at this item's fields (shown beside them).
    at_fields: list[FieldProblem] = field(default_factory=list)
    #: Problems elsewhere that this edit caused (another document refers to this one).
    elsewhere: list[ContentIssue] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


def placed(
    item: Item, issues: list[ContentIssue]
) -> tuple[list[FieldProblem], list[ContentIssue]]:
    """Issues of the library split into those at *item*'s fields and the others."""
    here: list[FieldProblem] = []
    other: list[ContentIssue] = []
    for issue in issues:
        spot = place_issue(item, issue.path) if issue.file == item.file else None
        if spot is None:
            other.append(issue)
        else:
            here.append(FieldProblem(spot[0], spot[1], issue.message))
    return here, other


def edited(ws: Workspace, file: str, key: str, edits: Mapping[str, Mapping[str, str]]) -> str:
    """The document *file* with the item's fields set (EditError: no such item or field)."""
    text = ws.documents.get(file)
    item = find_item(file, text, key) if text is not None else None
    if text is None or item is None:
        raise EditError(f"no item {key!r} in {file!r}")
    return apply(text, item.path, edits)


async def save_item(
    session: AsyncSession,
    seed: ContentLibrary,
    author_id: int,
    file: str,
    key: str,
    edits: Mapping[str, Mapping[str, str]],
    audit: Audit,
) -> SaveOutcome:
    """Validate the edited library and, when it is valid, keep the edit in the draft.

    A refused save stores nothing (the page shows the typed text again with the problems at
    their fields), so the draft is always a valid library and publishing it cannot fail on
    content someone saved earlier.
    """
    ws = await workspace(session, seed, lock=True)
    new_text = edited(ws, file, key, edits)
    old_text = ws.documents[file]
    if new_text == old_text:
        return SaveOutcome(saved=True)
    item = find_item(file, new_text, key)
    assert item is not None
    issues = await problems({**ws.documents, file: new_text})
    if issues:
        here, other = placed(item, issues)
        return SaveOutcome(saved=False, at_fields=here, elsewhere=other)
    draft = ws.draft or await drafts.start_draft(session, author_id, ws.release_id, ws.version)
    drafts.set_documents(draft, author_id, {file: new_text}, ws.published)
    changes = diff({file: old_text}, {file: new_text})
    await audit(
        session,
        "content-draft-save",
        f"{file}#{key}",
        before={c.field: c.before for c in changes},
        after={c.field: c.after for c in changes},
    )
    return SaveOutcome(saved=True, changes=changes)


async def discard(session: AsyncSession, seed: ContentLibrary, audit: Audit) -> bool:
    ws = await workspace(session, seed, lock=True)
    if ws.draft is None:
        return False
    before = {c.file + "#" + c.item + "." + c.field: c.before for c in draft_changes(ws)}
    drafts.close(ws.draft, DraftStatus.DISCARDED)
    await audit(session, "content-draft-discard", f"draft:{ws.draft.id}", before=before)
    return True


def draft_changes(ws: Workspace) -> list[Change]:
    return diff(ws.published, ws.documents)


# ---------------------------------------------------------------- publishing


@dataclass
class PublishOutcome:
    release_id: int | None = None
    library: ContentLibrary | None = None
    issues: list[ContentIssue] = field(default_factory=list)
    nothing: bool = False  # no draft, or it changes nothing
    #: Documents the draft changed that were also published since the draft began (a
    #: rollback, /reload_content): publishing would silently undo that release's text there.
    conflicts: list[str] = field(default_factory=list)


async def publish(
    session: AsyncSession, seed: ContentLibrary, author_id: int, note: str, audit: Audit
) -> PublishOutcome:
    """One release with the draft's changes over the newest release: atomic (one row), and
    every instance serves it within seconds (they poll the newest release id)."""
    ws = await workspace(session, seed, lock=True)
    changes = draft_changes(ws)
    if ws.draft is None or not changes:
        return PublishOutcome(nothing=True)
    conflicts = await _published_meanwhile(session, seed, ws)
    if conflicts:
        return PublishOutcome(conflicts=conflicts)
    try:
        library = await build(ws.documents)
    except ContentInvalid as exc:
        # Someone published meanwhile and the two no longer fit together.
        return PublishOutcome(issues=list(exc.issues))
    release = await content_releases.publish_library(session, library, author_id, note)
    drafts.close(ws.draft, DraftStatus.PUBLISHED, release.id)
    await audit(
        session,
        "content-publish",
        f"release:{release.id}",
        before={"release": ws.release_id, "version": ws.version}
        | {_where(c): c.before for c in changes},
        after={"release": release.id, "version": release.version}
        | {_where(c): c.after for c in changes},
    )
    return PublishOutcome(release_id=release.id, library=library)


async def _published_meanwhile(
    session: AsyncSession, seed: ContentLibrary, ws: Workspace
) -> list[str]:
    """The draft's documents whose published text changed since the draft began."""
    assert ws.draft is not None
    if ws.draft.base_release_id == ws.release_id:
        return []
    base = await release_documents(session, seed, ws.draft.base_release_id)
    if base is None:
        return sorted(ws.draft.documents)
    return sorted(name for name in ws.draft.documents if base.get(name) != ws.published.get(name))


def _where(change: Change) -> str:
    return f"{change.file}#{change.item}.{change.field}"


async def rollback(
    session: AsyncSession,
    seed: ContentLibrary,
    author_id: int,
    release_id: int | None,
    audit: Audit,
) -> PublishOutcome:
    """Publish the documents of an older release again (a new release: history is kept);
    *release_id* None restores the files shipped with the bot."""
    documents = await release_documents(session, seed, release_id)
    if documents is None:
        return PublishOutcome(nothing=True)
    ws = await workspace(session, seed)
    changes = diff(ws.published, documents)
    if not changes:
        return PublishOutcome(nothing=True)
    try:
        library = await build(documents)
    except ContentInvalid as exc:
        return PublishOutcome(issues=list(exc.issues))
    restored = f"#{release_id}" if release_id is not None else "seed"
    release = await content_releases.publish_library(
        session, library, author_id, f"rollback to {restored}"
    )
    await audit(
        session,
        "content-rollback",
        f"release:{release.id}",
        before={"release": ws.release_id, "version": ws.version}
        | {_where(c): c.before for c in changes},
        after={"release": release.id, "restores": restored, "version": release.version}
        | {_where(c): c.after for c in changes},
    )
    return PublishOutcome(release_id=release.id, library=library)


async def release_documents(
    session: AsyncSession, seed: ContentLibrary, release_id: int | None
) -> dict[str, str] | None:
    """A release's documents; None (the id) means the seed files."""
    if release_id is None:
        return seed.documents
    row = await content_releases.get(session, release_id)
    return {str(k): str(v) for k, v in row.documents.items()} if row is not None else None


# ---------------------------------------------------------------- checks


async def mark_checked(
    session: AsyncSession,
    library: ContentLibrary,
    author_id: int,
    name: str,
    key: str,
    audit: Audit,
) -> Check | None:
    """ "Checked against the source today": the record /content_checked writes. None when the
    key names no section or card."""
    item = dict(library.guides.iter_checkable()).get(key)
    if item is None:
        return None
    name = " ".join(name.split())[:NAME_MAX]
    # The hash of the text as checked: a later edit makes this check stale (content_checks).
    row = await content_checks.record_check(
        session, key, author_id, name, library.guides.version, text_hash(item)
    )
    await audit(
        session,
        "content-checked",
        key,
        after={"by": row.checked_by_name, "at": row.checked_at.isoformat()},
    )
    return Check(by=row.checked_by_name, on=row.checked_at.date())


async def checks(
    session: AsyncSession, tz: tzinfo, store: ContentStore | None = None
) -> dict[str, Check]:
    """The newest check of every section and card; with *store*, only those still valid for
    its texts (a check vouches for the text that was checked)."""
    return await content_checks.latest_checks(
        session, tz, store.text_hashes() if store is not None else None
    )


# ---------------------------------------------------------------- export and import


def export_zip(documents: Mapping[str, str]) -> bytes:
    """The documents as the ``content/`` tree (what the repository holds), zipped."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(documents):
            archive.writestr(EXPORT_ROOT + name, documents[name].encode("utf-8"))
    return out.getvalue()


class ImportRefused(ValueError):
    """The upload is not a set of content documents; `issues` says why."""

    def __init__(self, issues: list[ContentIssue]) -> None:
        super().__init__("; ".join(map(str, issues)))
        self.issues = issues


def read_upload(filename: str, data: bytes, known: Mapping[str, str]) -> dict[str, str]:
    """The documents in an upload: a zip of the ``content/`` tree (as exported), or one YAML
    file named like a document (``russia.yaml`` is ``guides/russia.yaml``)."""
    if len(data) > IMPORT_MAX_BYTES:
        raise ImportRefused([ContentIssue(filename, "", "the file is too big")])
    if zipfile.is_zipfile(io.BytesIO(data)):
        return _read_zip(filename, data)
    name = _document_name(filename.rsplit("/", 1)[-1], known)
    if name is None:
        raise ImportRefused([ContentIssue(filename, "", "not a content document")])
    return {name: _text(filename, data)}


def _read_zip(filename: str, data: bytes) -> dict[str, str]:
    docs: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        total = sum(info.file_size for info in archive.infolist())
        if total > IMPORT_MAX_BYTES:
            raise ImportRefused([ContentIssue(filename, "", "the archive is too big")])
        for info in archive.infolist():
            if info.is_dir() or not info.filename.endswith(".yaml"):
                continue
            name = info.filename.removeprefix(EXPORT_ROOT)
            docs[name] = _text(info.filename, archive.read(info))
    if not docs:
        raise ImportRefused([ContentIssue(filename, "", "no YAML documents in the archive")])
    return docs


def _document_name(base: str, known: Mapping[str, str]) -> str | None:
    if base in known:
        return base
    guide = f"guides/{base}"
    return guide if guide in known or (base.endswith(".yaml") and "/" not in base) else None


def _text(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportRefused([ContentIssue(name, "", "not UTF-8 text")]) from exc


async def import_documents(
    session: AsyncSession,
    seed: ContentLibrary,
    author_id: int,
    documents: Mapping[str, str],
    audit: Audit,
) -> SaveOutcome:
    """Validated documents become the draft (to publish like any edit). A zip of the whole
    tree replaces every document; a single file replaces that one."""
    ws = await workspace(session, seed, lock=True)
    candidate = {**ws.documents, **documents}
    issues = await problems(candidate)
    if issues:
        return SaveOutcome(saved=False, elsewhere=issues)
    changes = diff(ws.documents, candidate)
    if not changes:
        return SaveOutcome(saved=True)
    draft = ws.draft or await drafts.start_draft(session, author_id, ws.release_id, ws.version)
    drafts.set_documents(draft, author_id, dict(documents), ws.published)
    await audit(
        session,
        "content-import",
        f"draft:{draft.id}",
        before={_where(c): c.before for c in changes},
        after={_where(c): c.after for c in changes},
    )
    return SaveOutcome(saved=True, changes=changes)
