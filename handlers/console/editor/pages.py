"""The guide editor's pages (issue 18, item 2): the sections and their status, the editor with
ky / ru / en side by side and the bot's own preview, the draft and publishing, the history
with differences and rollback, "checked against the source today", export and import.

Thin: read the request, call a service (service.py), render a template. Every page requires
the staff role (admins pass); every POST carries the session's CSRF token (the kit's guard);
every change is audited by the service in the change's own transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from aiohttp import web
from multidict import MultiDictProxy

from content import Check
from content.editing import (
    GUIDE_HEADER,
    EditError,
    Item,
    diff,
    editable_files,
    find_item,
    items,
    kind_of,
)
from content.library import CONTENT_DIR, ContentInvalid, ContentLibrary, serving
from content.model import LOCALES
from db.clock import local_today
from db.queries import content_releases
from domain.roles import Role
from handlers.console.editor import service
from handlers.console.editor.preview import item_preview
from handlers.console.web.kit import (
    Section,
    Staff,
    attachment,
    audit_change,
    context_of,
    error_page,
    render,
    requires,
    staff_of,
    transaction,
    url,
)
from handlers.guides.render import center_line

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Fields with a name in the staff's language (console-editor-field-<name>); others show the
#: YAML key they are written under.
NAMED_FIELDS = frozenset(
    {"title", "body", "intro", "keywords", "sources", "as_of", "review_by", "numbers",
     "to_check", "gaps", "links", "checked", "text", "topic", "explain", "todo"}
)  # fmt: skip
#: A publish note is a line for the history, not an essay.
NOTE_MAX = 200


def _holder(request: web.Request) -> Any:
    return context_of(request).runtime.content


def _served(request: web.Request) -> ContentLibrary:
    library: ContentLibrary = _holder(request).library
    return library


def _seed(request: web.Request) -> ContentLibrary:
    """The files shipped with the bot (the first version; export and import's format).
    Cheap: a handful of files, and libraries are cached by the version of their texts."""
    return ContentLibrary.load(context_of(request).settings.content_dir or CONTENT_DIR)


def _auditor(staff: Staff) -> service.Audit:
    async def audit(session: Any, action: str, target: str, **values: Any) -> None:
        await audit_change(session, staff, action, target, **values)

    return audit


def _done(request: web.Request, name: str, done: str, **query: str) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(url(request, name, {"done": done, **query}))


# ---------------------------------------------------------------- the sections list


@requires(Role.STAFF)
async def sections_page(request: web.Request) -> web.StreamResponse:
    context = context_of(request)
    tz = context.settings.tz
    async with transaction(request) as session:
        ws = await service.workspace(session, _seed(request))
        checks = await service.checks(session, tz, _served(request).guides)
    today = local_today(tz)
    groups = []
    for file in editable_files(ws.documents):
        rows = [_status_row(item, checks, today) for item in items(file, ws.documents[file])]
        groups.append({"file": file, "kind": kind_of(file), "rows": rows})
    return await render(
        request,
        "editor_sections.html",
        groups=groups,
        changed=len(service.draft_changes(ws)),
        release_id=ws.release_id,
        done=request.query.get("done", ""),
    )


def _status_row(item: Item, checks: Mapping[str, Check], today: date) -> dict[str, Any]:
    raw = item.raw
    check = checks.get(item.check_key or "") or _yaml_check(raw)
    review = raw.get("review_by")
    return {
        "item": item,
        "as_of": str(raw.get("as_of", "") or ""),
        "check": check,
        "review_by": review if isinstance(review, date) else None,
        "overdue": isinstance(review, date) and review < today,
        "gaps": [str(g) for g in raw.get("gaps") or ()],
        "to_check": len(raw.get("to_check") or ()) if check is None else 0,
        "header": item.key == GUIDE_HEADER,
    }


def _yaml_check(raw: Mapping[str, Any]) -> Check | None:
    checked = raw.get("checked")
    if isinstance(checked, Mapping) and isinstance(checked.get("on"), date):
        return Check(by=str(checked.get("by", "")), on=checked["on"])
    return None


# ---------------------------------------------------------------- the editor


def _edits(form: MultiDictProxy[Any], item: Item) -> dict[str, dict[str, str]]:
    """The form's fields (``<field>|<language>``) for *item*'s known fields only."""
    names = {f.name for f in item.fields}
    edits: dict[str, dict[str, str]] = {}
    for key, value in form.items():
        name, sep, language = key.partition("|")
        if sep and name in names and isinstance(value, str) and language in ("", *LOCALES):
            edits.setdefault(name, {})[language] = value
    return edits


async def _editor(
    request: web.Request,
    ws: service.Workspace,
    file: str,
    key: str,
    *,
    shown: str | None = None,
    outcome: service.SaveOutcome | None = None,
    status: int = 200,
) -> web.StreamResponse:
    """The editor page for an item: the values of *shown* (the document as typed) or of the
    draft, the problems at their fields, and the preview of exactly those values."""
    context = context_of(request)
    text = shown if shown is not None else ws.documents[file]
    item = find_item(file, text, key)
    if item is None:
        return await error_page(request, 404, "console-editor-not-found")
    documents = {**ws.documents, file: text}
    try:
        library: ContentLibrary | None = await service.build(documents)
    except ContentInvalid:
        library = None
    async with transaction(request) as session:
        checks = await service.checks(
            session, context.settings.tz, library.guides if library else None
        )
    translators = {loc: context.catalog.translator(loc) for loc in LOCALES}
    # The bot's screens read the Center's place and hours from the library they serve: the
    # preview reads them from the library being previewed.
    with serving(library or _served(request)):
        preview = item_preview(
            library.guides if library else None,
            item,
            translators,
            checks,
            # An emergency card says where the Center is and when it answers, as in the bot.
            extras=lambda t: center_line(t, context.settings),
        )
    problems: dict[tuple[str, str], list[str]] = {}
    for problem in outcome.at_fields if outcome else ():
        problems.setdefault((problem.field, problem.language), []).append(problem.message)
    published = find_item(file, ws.published[file], key) if file in ws.published else None
    changed = {
        f.name
        for f in item.fields
        if published is None or (published.field(f.name) or f).values != f.values
    }
    return await render(
        request,
        "editor_item.html",
        status=status,
        file=file,
        item=item,
        locales=LOCALES,
        preview=preview,
        problems=problems,
        elsewhere=outcome.elsewhere if outcome else [],
        refused=outcome is not None and not outcome.saved,
        changed=changed,
        check=checks.get(item.check_key or "") or _yaml_check(item.raw),
        done=request.query.get("done", ""),
        in_draft=file in ws.changed,
        named_fields=NAMED_FIELDS,
    )


def _target(request: web.Request, data: Mapping[str, Any]) -> tuple[str, str]:
    file, key = data.get("file"), data.get("key")
    if not isinstance(file, str) or not isinstance(key, str) or kind_of(file) is None:
        raise web.HTTPNotFound()
    return file, key


@requires(Role.STAFF)
async def item_page(request: web.Request) -> web.StreamResponse:
    file, key = _target(request, request.query)
    async with transaction(request) as session:
        ws = await service.workspace(session, _seed(request))
    if file not in ws.documents:
        return await error_page(request, 404, "console-editor-not-found")
    return await _editor(request, ws, file, key)


@requires(Role.STAFF)
async def item_post(request: web.Request) -> web.StreamResponse:
    """Save (validated, into the draft) or Preview (nothing stored) the typed values."""
    form = await request.post()
    file, key = _target(request, form)
    staff = staff_of(request)
    seed = _seed(request)
    async with transaction(request) as session:
        ws = await service.workspace(session, seed)
    if file not in ws.documents:
        return await error_page(request, 404, "console-editor-not-found")
    item = find_item(file, ws.documents[file], key)
    if item is None:
        return await error_page(request, 404, "console-editor-not-found")
    edits = _edits(form, item)
    try:
        typed = service.edited(ws, file, key, edits)
    except EditError:
        return await error_page(request, 400, "console-editor-bad-form")
    if form.get("action") != "save":
        # Preview: the typed values rendered by the bot's screens; nothing is stored.
        issues = await service.problems({**ws.documents, file: typed})
        typed_item = find_item(file, typed, key) or item
        here, other = service.placed(typed_item, issues)
        outcome = service.SaveOutcome(saved=not issues, at_fields=here, elsewhere=other)
        return await _editor(request, ws, file, key, shown=typed, outcome=outcome)
    async with transaction(request) as session:
        outcome = await service.save_item(
            session, seed, staff.user_id, file, key, edits, _auditor(staff)
        )
    if not outcome.saved:
        # Nothing stored; the typed text comes back with the problems at their fields.
        return await _editor(request, ws, file, key, shown=typed, outcome=outcome, status=422)
    raise _done(request, "editor-item", "saved", file=file, key=key)


@requires(Role.STAFF)
async def check_post(request: web.Request) -> web.StreamResponse:
    """ "Checked against the source today": who (the name they type) and when (now)."""
    form = await request.post()
    file, key = _target(request, form)
    check_key, name = form.get("check_key"), form.get("name")
    if not isinstance(check_key, str) or not isinstance(name, str) or not name.strip():
        raise _done(request, "editor-item", "name-needed", file=file, key=key)
    staff = staff_of(request)
    async with transaction(request) as session:
        check = await service.mark_checked(
            session, _served(request), staff.user_id, name, check_key, _auditor(staff)
        )
    if check is None:
        return await error_page(request, 404, "console-editor-not-found")
    raise _done(request, "editor-item", "checked", file=file, key=key)


# ---------------------------------------------------------------- draft and publishing


@requires(Role.STAFF)
async def draft_page(request: web.Request) -> web.StreamResponse:
    async with transaction(request) as session:
        ws = await service.workspace(session, _seed(request))
    return await _draft_page(request, ws, done=request.query.get("done", ""))


async def _draft_page(
    request: web.Request,
    ws: service.Workspace,
    *,
    status: int = 200,
    done: str = "",
    issues: Sequence[Any] = (),
    **extra: Any,
) -> web.StreamResponse:
    """The draft page: its changes, and what a refused publish or import found."""
    return await render(
        request,
        "editor_draft.html",
        status=status,
        ws=ws,
        changes=service.draft_changes(ws),
        done=done,
        issues=list(issues),
        **extra,
    )


@requires(Role.STAFF)
async def publish_post(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    note = form.get("note")
    staff = staff_of(request)
    async with transaction(request) as session:
        outcome = await service.publish(
            session,
            _seed(request),
            staff.user_id,
            (note if isinstance(note, str) else "")[:NOTE_MAX],
            _auditor(staff),
        )
    return await _after_publish(request, outcome, "published")


async def _after_publish(
    request: web.Request, outcome: service.PublishOutcome, done: str
) -> web.StreamResponse:
    if outcome.issues or outcome.conflicts:
        async with transaction(request) as session:
            ws = await service.workspace(session, _seed(request))
        return await _draft_page(
            request, ws, status=422, issues=outcome.issues, conflicts=outcome.conflicts
        )
    if outcome.nothing or outcome.library is None:
        raise _done(request, "editor-draft", "nothing")
    # Committed: this instance serves it now; the others follow within seconds (they poll).
    _holder(request).swap(outcome.library, outcome.release_id)
    raise _done(request, "editor-history", done)


@requires(Role.STAFF)
async def discard_post(request: web.Request) -> web.StreamResponse:
    staff = staff_of(request)
    async with transaction(request) as session:
        await service.discard(session, _seed(request), _auditor(staff))
    raise _done(request, "editor-draft", "discarded")


# ---------------------------------------------------------------- history


@requires(Role.STAFF)
async def history_page(request: web.Request) -> web.StreamResponse:
    async with transaction(request) as session:
        releases = list(await content_releases.history(session))
        ws = await service.workspace(session, _seed(request))
    return await render(
        request,
        "editor_history.html",
        releases=releases,
        seed_served=ws.published == _seed(request).documents,
        done=request.query.get("done", ""),
    )


def _release_id(value: Any) -> int | None:
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


@requires(Role.STAFF)
async def diff_page(request: web.Request) -> web.StreamResponse:
    """The differences between any two releases (``a`` older, ``b`` newer; "seed" = the files)."""
    seed = _seed(request)
    names = (request.query.get("a", ""), request.query.get("b", ""))
    documents = []
    async with transaction(request) as session:
        for name in names:
            docs = (
                seed.documents
                if name == "seed"
                else await service.release_documents(session, seed, _release_id(name))
                if _release_id(name) is not None
                else None
            )
            documents.append(docs)
    if documents[0] is None or documents[1] is None:
        return await error_page(request, 404, "console-editor-not-found")
    changes = diff(documents[0], documents[1])
    return await render(request, "editor_diff.html", a=names[0], b=names[1], changes=changes)


@requires(Role.STAFF)
async def rollback_post(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    chosen = form.get("release")
    release_id = _release_id(chosen)
    if release_id is None and chosen != "seed":
        return await error_page(request, 400, "console-editor-bad-form")
    staff = staff_of(request)
    async with transaction(request) as session:
        outcome = await service.rollback(
            session, _seed(request), staff.user_id, release_id, _auditor(staff)
        )
    if outcome.nothing:
        raise _done(request, "editor-history", "nothing")
    return await _after_publish(request, outcome, "rolled-back")


# ---------------------------------------------------------------- export and import


@requires(Role.STAFF)
async def export_get(request: web.Request) -> web.StreamResponse:
    """The published documents as the content/ tree, zipped (for review in git)."""
    async with transaction(request) as session:
        ws = await service.workspace(session, _seed(request))
    name = f"jol-content-{ws.release_id if ws.release_id is not None else 'seed'}.zip"
    return attachment(service.export_zip(ws.published), name, "application/zip")


@requires(Role.STAFF)
async def import_post(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    upload = form.get("file")
    if not isinstance(upload, web.FileField):
        return await error_page(request, 400, "console-editor-bad-form")
    data = upload.file.read()
    staff = staff_of(request)
    seed = _seed(request)
    async with transaction(request) as session:
        ws = await service.workspace(session, seed)
        try:
            documents = service.read_upload(upload.filename or "", data, ws.documents)
        except service.ImportRefused as exc:
            outcome = service.SaveOutcome(saved=False, elsewhere=exc.issues)
        else:
            outcome = await service.import_documents(
                session, seed, staff.user_id, documents, _auditor(staff)
            )
    if not outcome.saved:
        return await _draft_page(request, ws, status=422, issues=outcome.elsewhere)
    raise _done(request, "editor-draft", "imported")


def routes() -> list[web.AbstractRouteDef]:
    return [
        web.get("/content", sections_page, name="editor"),
        web.get("/content/item", item_page, name="editor-item"),
        web.post("/content/item", item_post, name="editor-item-post"),
        web.post("/content/check", check_post, name="editor-check"),
        web.get("/content/draft", draft_page, name="editor-draft"),
        web.post("/content/publish", publish_post, name="editor-publish"),
        web.post("/content/discard", discard_post, name="editor-discard"),
        web.get("/content/history", history_page, name="editor-history"),
        web.get("/content/diff", diff_page, name="editor-diff"),
        web.post("/content/rollback", rollback_post, name="editor-rollback"),
        web.get("/content/export", export_get, name="editor-export"),
        web.post("/content/import", import_post, name="editor-upload"),
    ]


SECTION = Section(
    name="editor",
    nav_key="console-editor-nav",
    nav_route="editor",
    routes=routes,
    roles=(Role.STAFF,),
    templates=TEMPLATES,
)

__all__ = ["SECTION", "routes"]
