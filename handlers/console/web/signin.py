"""Signing in with the one-time link `/console` sent, and signing out.

GET /login/{token} only shows a button: link previews (Telegram fetches links to draw them)
and prefetching browsers must not spend the link. The POST from that page spends it, opens
the session and sets its cookie. The form carries a token that must match a cookie the page
set (double submit), so another site cannot sign someone in with its own link.
"""

from __future__ import annotations

import secrets

from aiohttp import web

from db.queries import console as q
from db.queries.users import audit
from handlers.console.web.kit import (
    CSRF_FIELD,
    LOGIN_COOKIE,
    SESSION_COOKIE,
    context_of,
    cookie_path,
    public,
    redirect,
    render,
    same_token,
    staff_of,
    transaction,
)

REASON_KEYS = {
    "unknown": "console-login-unknown",
    "used": "console-login-used",
    "expired": "console-login-expired",
    "role": "console-login-no-role",
}


@public
async def login_page(request: web.Request) -> web.StreamResponse:
    token = request.match_info["token"]
    async with transaction(request) as session:
        state = await q.peek_link(session, token)
    if state.user_id is None:
        return await render(
            request, "error.html", status=403, message_key=REASON_KEYS[state.reason]
        )
    form_token = secrets.token_urlsafe(24)
    response = await render(request, "login.html", csrf=form_token, token=token)
    _set_cookie(request, response, LOGIN_COOKIE, form_token, max_age=int(q.LINK_VALID.seconds))
    return response


@public
async def login(request: web.Request) -> web.StreamResponse:
    token = request.match_info["token"]
    form = await request.post()
    given = form.get(CSRF_FIELD)
    if not isinstance(given, str) or not same_token(given, request.cookies.get(LOGIN_COOKIE, "")):
        return await render(request, "error.html", status=403, message_key="console-error-csrf")
    settings = context_of(request).settings
    async with transaction(request) as session:
        state = await q.spend_link(session, token)
        reason = state.reason
        opened = None
        if state.user_id is not None:
            if await q.may_use_console(session, state.user_id, settings.admin_ids):
                opened = await q.open_session(session, state.user_id)
                await audit(session, "console-sign-in", state.user_id, target="console")
            else:
                reason = "role"
    if opened is None:
        return await render(request, "error.html", status=403, message_key=REASON_KEYS[reason])
    response = redirect(request, "dashboard")
    _set_cookie(request, response, SESSION_COOKIE, opened.cookie, max_age=None)
    response.del_cookie(LOGIN_COOKIE, path=cookie_path(request))
    raise response


async def logout(request: web.Request) -> web.StreamResponse:
    staff = staff_of(request)
    async with transaction(request) as session:
        await q.end_session(session, staff.session_id)
        await audit(session, "console-sign-out", staff.user_id, target="console")
    response = redirect(request, "signed-out")
    response.del_cookie(SESSION_COOKIE, path=cookie_path(request))
    raise response


@public
async def signed_out(request: web.Request) -> web.StreamResponse:
    return await render(request, "error.html", message_key="console-signed-out")


def _set_cookie(
    request: web.Request,
    response: web.StreamResponse,
    name: str,
    value: str,
    *,
    max_age: int | None,
) -> None:
    # Secure behind HTTPS (the public URL, or a TLS connection); the session cookie has no
    # Max-Age: it ends with the browser, or sooner on the server (8 h idle, role revoked).
    secure = context_of(request).secure_cookies or request.secure
    response.set_cookie(
        name,
        value,
        path=cookie_path(request),
        max_age=max_age,
        httponly=True,
        samesite="Strict",
        secure=secure,
    )


def routes() -> list[web.AbstractRouteDef]:
    return [
        web.get("/login/{token}", login_page, name="login"),
        web.post("/login/{token}", login, name="login-post"),
        web.post("/logout", logout, name="logout"),
        web.get("/signed-out", signed_out, name="signed-out"),
    ]


__all__ = ["routes"]
