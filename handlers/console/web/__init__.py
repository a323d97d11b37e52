"""The staff console's web kit: aiohttp + Jinja2 (autoescaped), for every console section.

What every request gets for free (`kit.guard`, handlers/console/web/app.py):
- a live session: the cookie (HttpOnly, SameSite=Strict, Secure behind HTTPS) names a row of
  `console_sessions`; it ends after 8 hours idle, on sign-out, and at once when its person no
  longer holds a console role (checked on every request). No session: 401 and a page saying
  to send /console to the bot. Sign-in pages and static files are the only public routes.
- CSRF: every POST/PUT/PATCH/DELETE must carry the session's token, as the form field
  `csrf` (templates: `{{ csrf_field }}`) or the header `X-CSRF-Token` (scripts: read it
  from `<meta name="csrf">` if you add one); otherwise 403, audited.
- headers: a strict Content-Security-Policy (`kit.CONTENT_SECURITY_POLICY`: no inline script
  or style, nothing from another origin; put CSS/JS/images in a `static/` folder of ours),
  nosniff, no referrer, no framing, `Cache-Control: no-store`.

Adding a section (e.g. the guide editor), in its own module `handlers/console/web/<name>.py`:

    from aiohttp import web
    from domain.roles import Role
    from handlers.console.web.kit import (
        Section, audit_change, redirect, render, requires, staff_of, transaction,
    )

    @requires(Role.STAFF)                      # 403 + audit for anyone else (admins pass)
    async def guides(request: web.Request) -> web.StreamResponse:
        async with transaction(request) as session:     # one DB transaction
            rows = ...
        return await render(request, "guides.html", rows=rows)

    @requires(Role.STAFF)
    async def save(request: web.Request) -> web.StreamResponse:
        form = await request.post()            # CSRF already checked by the guard
        staff = staff_of(request)              # user_id, roles, locale
        async with transaction(request) as session:
            before, after = ..., ...
            await audit_change(session, staff, "guide-save", "g:russia/entry",
                               before=before, after=after)   # same transaction as the change
        raise redirect(request, "guides")      # POST/redirect/GET

    def routes() -> list[web.AbstractRouteDef]:
        return [web.get("/guides", guides, name="guides"),
                web.post("/guides/save", save, name="guides-save")]

    SECTION = Section(name="guides", nav_key="console-nav-guides", nav_route="guides",
                      routes=routes, roles=(Role.STAFF,), templates=Path(...)/"templates")

then add `SECTION` to `default_sections()` in handlers/console/web/app.py (one line; the
order is the navigation's). Route names must be unique in the console; prefix them with the
section's name (`guides-...`) so the navigation marks the section active.

Templates extend "layout.html" and fill `{% block main %}` (and `{% block title %}`); they get
`t("key", **args)` (the signed-in person's language; arguments escaped), `url("route-name",
query={...}, **parts)`, `static("file")`, `csrf_field`, `csrf`, `staff`, `nav`. Every text is
a key in locales/{ky,ru,en}/<your feature>.ftl, as in the bot. A form:

    <form method="post" action="{{ url('guides-save') }}">{{ csrf_field }} ... </form>

Audit: `audit_change(session, staff, action, target, before=..., after=...)` writes
`audit_events` (who = staff.user_id, when = now, what = action + target, before/after as JSON,
via "console"). Sign-in, sign-out and refusals are audited by the kit itself.

Tests: tests/console/conftest.py has `console` (a signed-in aiohttp client on the runtime of
the `jol` harness) and helpers to sign in as any role.
"""

from handlers.console.web.kit import (
    CONTENT_SECURITY_POLICY,
    ConsoleContext,
    Section,
    Staff,
    audit_change,
    context_of,
    error_page,
    redirect,
    render,
    requires,
    staff_of,
    transaction,
    translator,
    url,
)

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "ConsoleContext",
    "Section",
    "Staff",
    "audit_change",
    "context_of",
    "error_page",
    "redirect",
    "render",
    "requires",
    "staff_of",
    "transaction",
    "translator",
    "url",
]
