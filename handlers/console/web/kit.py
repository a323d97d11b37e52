"""The console's web kit: context, the guard middleware (session, role, CSRF, headers), pages
rendered from Jinja2 templates in a shared layout, and the audit of changes.

See handlers/console/web/__init__.py for how to use it.
"""

from __future__ import annotations

import functools
import hmac
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web
from markupsafe import Markup
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Catalog, Translator, pick_locale
from db.queries import console as q
from db.queries.users import audit, get_user
from domain.roles import Role, has_role

log = logging.getLogger("jol.console")

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

SESSION_COOKIE = "jol_console"
LOGIN_COOKIE = "jol_console_login"  # the sign-in form's CSRF token, before any session
CSRF_FIELD = "csrf"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# Nothing inline, nothing from another origin: every script, style sheet and image is Jol's.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # The sign-in link carries its token in the path: never tell another site about it.
    # ("no-referrer" would also make browsers send "Origin: null" with our own forms.)
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


# ---------------------------------------------------------------- context


@dataclass(frozen=True)
class Section:
    """One entry of the navigation, and the routes behind it.

    `routes()` returns fresh aiohttp route definitions (`web.get(...)`, `web.post(...)`) with
    names; `nav_route` is the name of the page the navigation links to, `nav_key` its label
    (locales/*/console.ftl or the section's own .ftl), `roles` who sees the entry (the pages
    check their roles themselves with `@requires`). `templates`: a folder of the section's
    own templates, if any.
    """

    name: str
    nav_key: str
    nav_route: str
    routes: Callable[[], Sequence[web.AbstractRouteDef]]
    roles: tuple[Role, ...] = q.CONSOLE_ROLES
    templates: Path | None = None


@dataclass
class ConsoleContext:
    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    catalog: Catalog
    sections: tuple[Section, ...]
    # Anything a section needs from the runtime (the content holder, the bot for /stats...).
    runtime: Any = None
    templates: jinja2.Environment = field(init=False)

    def __post_init__(self) -> None:
        folders = [TEMPLATES, *(s.templates for s in self.sections if s.templates)]
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(f) for f in folders]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    @property
    def secure_cookies(self) -> bool:
        return self.settings.console_url.startswith("https://")


CONTEXT = web.AppKey("console_context", ConsoleContext)


@dataclass(frozen=True)
class Staff:
    """The signed-in person making this request (`staff_of(request)`)."""

    user_id: int
    roles: frozenset[str]
    locale: str
    csrf: str
    session_id: str

    def holds(self, *roles: Role) -> bool:
        return has_role(self.roles, *roles)


STAFF_KEY = web.RequestKey("console_staff", Staff)


def context_of(request: web.Request) -> ConsoleContext:
    return request.config_dict[CONTEXT]


def staff_of(request: web.Request) -> Staff:
    staff = request.get(STAFF_KEY)
    if not isinstance(staff, Staff):
        raise web.HTTPUnauthorized()
    return staff


@asynccontextmanager
async def transaction(request: web.Request) -> AsyncIterator[AsyncSession]:
    """One database transaction: committed when the block ends, rolled back on an error."""
    async with context_of(request).sessionmaker() as session, session.begin():
        yield session


# ---------------------------------------------------------------- access


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
PUBLIC_ROUTES = frozenset({"static", "login", "login-post", "signed-out"})


def public(handler: Handler) -> Handler:
    """A page anyone may open (the sign-in pages)."""
    handler.console_public = True  # type: ignore[attr-defined]
    return handler


def requires(*roles: Role) -> Callable[[Handler], Handler]:
    """Let only people holding one of `roles` (admins hold all) through; others get 403 and
    the refusal is audited. The guard middleware has already checked the session."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def checked(request: web.Request) -> web.StreamResponse:
            staff = staff_of(request)
            if not staff.holds(*roles):
                async with transaction(request) as session:
                    await audit(
                        session, "refused", staff.user_id, target=f"console:{request.path}"
                    )
                return await error_page(request, 403, "console-error-forbidden")
            return await handler(request)

        return checked

    return decorate


def _is_public(request: web.Request) -> bool:
    route = request.match_info.route
    name = route.name or (route.resource.name if route.resource else None)
    return name in PUBLIC_ROUTES


async def _form_token(request: web.Request) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


def same_token(given: str, expected: str) -> bool:
    return bool(given) and bool(expected) and hmac.compare_digest(given, expected)


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every request: the security headers; and, except on the sign-in pages and static
    files, a live session whose person still holds a console role, and on every POST the
    session's CSRF token."""
    try:
        if not _is_public(request):
            refused = await _admit(request)
            if refused is not None:
                return _secured(refused)
        response = await handler(request)
    except web.HTTPException as exc:
        _secure_headers(exc.headers)
        raise
    return _secured(response)


def _secured(response: web.StreamResponse) -> web.StreamResponse:
    if not response.prepared:
        _secure_headers(response.headers)
    return response


def _secure_headers(headers: Any) -> None:
    headers.update(SECURITY_HEADERS)
    headers.setdefault("Cache-Control", "no-store")


async def _admit(request: web.Request) -> web.StreamResponse | None:
    context = context_of(request)
    cookie = request.cookies.get(SESSION_COOKIE, "")
    active = None
    if cookie:
        async with transaction(request) as session:
            active = await q.resume_session(session, cookie, context.settings.admin_ids)
            user = await get_user(session, active.user_id) if active else None
    if active is None:
        # No session, or it ended (idle, signed out, role revoked): the cookie goes too.
        response = await error_page(request, 401, "console-error-signed-out")
        response.del_cookie(SESSION_COOKIE, path=cookie_path(request))
        return response
    # Their language in the bot; before they chose one there, the browser's.
    locale = pick_locale(
        user.locale if user else None, browser_language(request), context.settings.default_locale
    )
    staff = Staff(active.user_id, active.roles, locale, active.csrf, active.id_hash)
    request[STAFF_KEY] = staff
    if request.method in UNSAFE_METHODS and not same_token(await _form_token(request), staff.csrf):
        async with transaction(request) as session:
            await audit(session, "refused", staff.user_id, target="console:csrf")
        log.warning("console form without a valid CSRF token refused")
        return await error_page(request, 403, "console-error-csrf")
    return None


def cookie_path(request: web.Request) -> str:
    """The console's own path (its cookies go nowhere else on a shared server)."""
    base = str(request.app.router["dashboard"].url_for())
    return base.rstrip("/") or "/"


# ---------------------------------------------------------------- pages


def translator(request: web.Request) -> Translator:
    staff = request.get(STAFF_KEY)
    context = context_of(request)
    if isinstance(staff, Staff):
        return context.catalog.translator(staff.locale)
    # Before signing in: the browser's language, if Jol speaks it.
    return context.catalog.translator(
        pick_locale(None, browser_language(request), context.settings.default_locale)
    )


def browser_language(request: web.Request) -> str | None:
    """The browser's first choice of language ("ru-RU,ru;q=0.9" → "ru-RU")."""
    wanted = request.headers.get("Accept-Language", "").split(",")[0].split(";")[0].strip()
    return wanted or None


def url(
    request: web.Request, route: str, query: dict[str, str] | None = None, **parts: str
) -> str:
    """The path of a named console route (works wherever the console is mounted)."""
    target = request.app.router[route].url_for(**parts)
    if query:
        target = target.with_query(query)
    return str(target)


def render_html(request: web.Request, template: str, **values: Any) -> str:
    context = context_of(request)
    t = translator(request)
    staff = request.get(STAFF_KEY)

    def text(key: str, **args: Any) -> Markup:
        # The translator escapes every argument; its result is our own markup.
        return Markup(t(key, **args))  # noqa: S704

    def link(route: str, query: dict[str, str] | None = None, **parts: str) -> str:
        return url(request, route, query, **parts)

    nav = []
    if isinstance(staff, Staff):
        current = request.match_info.route.name
        for section in context.sections:
            if staff.holds(*section.roles):
                nav.append(
                    {
                        "href": link(section.nav_route),
                        "label": text(section.nav_key),
                        "active": current == section.nav_route
                        or (current or "").startswith(f"{section.name}-"),
                    }
                )
    csrf = staff.csrf if isinstance(staff, Staff) else values.pop("csrf", "")
    return context.templates.get_template(template).render(
        t=text,
        url=link,
        static=lambda name: url(request, "static", filename=name),
        nav=nav,
        staff=staff,
        csrf=csrf,
        csrf_field=Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, csrf),
        lang=t.locale,
        **values,
    )


async def render(
    request: web.Request, template: str, *, status: int = 200, **values: Any
) -> web.Response:
    """A page from `template` (which extends "layout.html") with `values`."""
    return web.Response(
        text=render_html(request, template, **values), status=status, content_type="text/html"
    )


async def error_page(request: web.Request, status: int, message_key: str) -> web.Response:
    return await render(request, "error.html", status=status, message_key=message_key)


def redirect(request: web.Request, route: str, **parts: str) -> web.HTTPSeeOther:
    """After a POST: back to a page (POST/redirect/GET)."""
    return web.HTTPSeeOther(url(request, route, None, **parts))


def attachment(body: bytes, name: str, content_type: str) -> web.Response:
    """A download: `body` saved as `name` (CSV exports, the content zip)."""
    return web.Response(
        body=body,
        content_type=content_type,
        charset="utf-8" if content_type.startswith("text/") else None,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# ---------------------------------------------------------------- audit


async def audit_change(
    session: AsyncSession,
    staff: Staff,
    action: str,
    target: str,
    *,
    before: Any = None,
    after: Any = None,
) -> None:
    """Record a change made in the console (who, when, what, before and after) in the audit
    trail (`audit_events`), in the same transaction as the change. Values must be JSON."""
    await audit(
        session, action, staff.user_id, target=target, via="console", before=before, after=after
    )


__all__ = [
    "CONTENT_SECURITY_POLICY",
    "CONTEXT",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "LOGIN_COOKIE",
    "SESSION_COOKIE",
    "ConsoleContext",
    "Section",
    "Staff",
    "attachment",
    "audit_change",
    "context_of",
    "error_page",
    "guard",
    "public",
    "redirect",
    "render",
    "render_html",
    "requires",
    "staff_of",
    "transaction",
    "translator",
    "url",
]
