"""The playground's web server: the chat page, the list of people, and a pass-through to the
emulator's control API.

Passing the control API through (instead of letting the page call the emulator's port) gives
the page a single origin: Server-Sent Events, file downloads and a strict Content Security
Policy then need no cross-origin rules, and the emulator can stay on 127.0.0.1 even when the
page is shared on a network.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import User, UserRole
from domain.profile import HOME_TIMEZONE
from domain.roles import Role
from emulator import EmulatorClient, EmulatorError
from playground.seed import DEMO_PEOPLE, FIRST_NEW_PERSON_ID

STATIC = Path(__file__).with_name("static")
LANGUAGES = ("ky", "ru", "en")
# The control API endpoints the page uses; the rest (faults, clock, reset…) stay private.
PROXIED = re.compile(
    r"^/__control/(users|chats/\d+|send_text|start|send_contact|send_document|press_button"
    r"|press_reply_button|commands|files/[A-Za-z0-9_-]+|events)$"
)
_FORWARDED_REQUEST_HEADERS = ("Content-Type", "Last-Event-ID", "Accept")
_FORWARDED_RESPONSE_HEADERS = ("Content-Type", "Content-Disposition", "Cache-Control")
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
# Roles by precedence, for the one label shown next to a person.
_ROLE_ORDER = (Role.ADMIN, Role.COORDINATOR, Role.STAFF)


@dataclass
class WebContext:
    client: EmulatorClient
    emulator_url: str
    sessionmaker: async_sessionmaker[AsyncSession]
    admin_ids: tuple[int, ...]
    database: str  # where the bot keeps people, shown on the page (no password: see runner)
    check_host: bool  # only on loopback: a page bound to a LAN address is reached by IP
    # Tells an open page that the playground was restarted (a new emulator, empty chats).
    instance: str = field(default_factory=lambda: secrets.token_hex(8))


CONTEXT = web.AppKey("context", WebContext)
HTTP = web.AppKey("http", aiohttp.ClientSession)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def create_web_app(context: WebContext) -> web.Application:
    app = web.Application(middlewares=[_guard], client_max_size=25 * 1024 * 1024)
    app[CONTEXT] = context
    app.router.add_get("/", _index)
    app.router.add_static("/static", STATIC, append_version=False)
    app.router.add_get("/api/state", _state)
    app.router.add_post("/api/people", _create_person)
    app.router.add_get("/api/chats/{user_id:\\d+}", _chat)
    app.router.add_route("*", "/__control/{tail:.*}", _proxy)
    app.cleanup_ctx.append(_http_session)
    return app


async def _http_session(app: web.Application) -> Any:
    # No overall timeout: the event stream stays open for as long as the page is.
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None)) as session:
        app[HTTP] = session
        yield


# ---------------------------------------------------------------- safety


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@web.middleware
async def _guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse requests a web site open in the same browser could make to this local server:
    DNS rebinding (a foreign Host name) and cross-site POSTs (a foreign Origin)."""
    context = request.app[CONTEXT]
    host = urlsplit(f"//{request.host}").hostname or ""
    if context.check_host and not is_loopback(host):
        raise web.HTTPForbidden(text="the playground answers on localhost only")
    origin = request.headers.get("Origin")
    if (
        request.method not in ("GET", "HEAD")
        and origin
        and urlsplit(origin).netloc != request.host
    ):
        raise web.HTTPForbidden(text="cross-origin request refused")
    response = await handler(request)
    if not response.prepared:
        # Mounted pages (the staff console) keep their own, stricter headers.
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Cache-Control", "no-cache")
    return response


# ---------------------------------------------------------------- page and people


async def _index(request: web.Request) -> web.StreamResponse:
    return web.FileResponse(STATIC / "index.html")


def _role_label(roles: set[str]) -> str:
    return next((role.value for role in _ROLE_ORDER if role.value in roles), "migrant")


async def _roles(context: WebContext) -> dict[int, set[str]]:
    async with context.sessionmaker() as session:
        rows = await session.execute(select(UserRole.user_id, UserRole.role))
    roles: dict[int, set[str]] = {}
    for user_id, role in rows:
        roles.setdefault(user_id, set()).add(role)
    for admin in context.admin_ids:
        roles.setdefault(admin, set()).add(Role.ADMIN.value)
    return roles


def _person(user: dict[str, Any], roles: dict[int, set[str]]) -> dict[str, Any]:
    return {
        "id": user["id"],
        "first_name": user["first_name"],
        "last_name": user.get("last_name"),
        "language_code": user.get("language_code"),
        "phone_number": user.get("phone_number"),
        "role": _role_label(roles.get(user["id"], set())),
    }


async def _state(request: web.Request) -> web.StreamResponse:
    """The bot, the people (seeded first, then the ones made on the page) and the event
    number the page's stream starts after."""
    context = request.app[CONTEXT]
    health = await context.client.health()
    bot = await context.client.bot_profile()
    users = await context.client.users()
    roles = await _roles(context)
    seeded = [p.id for p in DEMO_PEOPLE]
    users.sort(key=lambda u: (seeded.index(u["id"]) if u["id"] in seeded else 99, u["id"]))
    return web.json_response(
        {
            "bot": {"first_name": bot["first_name"], "username": bot["username"]},
            "people": [_person(user, roles) for user in users],
            "seq": health["last_seq"],
            "database": context.database,
            "instance": context.instance,
        }
    )


async def _create_person(request: web.Request) -> web.StreamResponse:
    context = request.app[CONTEXT]
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="the body must be JSON") from None
    first_name = str(body.get("first_name") or "").strip() if isinstance(body, dict) else ""
    language = body.get("language_code") if isinstance(body, dict) else None
    if not 1 <= len(first_name) <= 64:
        return web.json_response({"error": "a name of 1 to 64 characters"}, status=400)
    if language not in LANGUAGES:
        return web.json_response({"error": "language_code: ky, ru or en"}, status=400)
    # The emulator serialises requests on one event loop, so max+1 cannot collide.
    taken = [u["id"] for u in await context.client.users()]
    user_id = max([FIRST_NEW_PERSON_ID - 1, *taken]) + 1
    user = await context.client.create_user(user_id, first_name, language_code=language)
    return web.json_response(_person(user, {}))


async def _chat(request: web.Request) -> web.StreamResponse:
    """One person's chat as the page draws it, with the event number it is current at.

    The number is read before the chat, so events after it may already be in the snapshot:
    the page applies them again, which is harmless because applying an event is idempotent.
    """
    client = request.app[CONTEXT].client
    user_id = int(request.match_info["user_id"])
    seq = (await client.health())["last_seq"]
    try:
        chat = await client.chat(user_id)
    except EmulatorError as error:
        if error.status != 404:
            raise
        chat = {"messages": [], "reply_keyboard": None}  # nobody has written yet
    commands = await client.commands(user_id=user_id)
    return web.json_response(
        {
            "seq": seq,
            "messages": [m for m in chat["messages"] if not m["deleted"]],
            "reply_keyboard": chat["reply_keyboard"],
            "commands": commands.get("effective", []),
            "timezone": await _time_zone(request.app[CONTEXT], user_id),
        }
    )


async def _time_zone(context: WebContext, user_id: int) -> str:
    """The zone the bot speaks to this person in (their setting, else Bishkek's), so the page
    shows message times as the person's own clock, not the machine's UTC."""
    async with context.sessionmaker() as session:
        zone = await session.scalar(select(User.timezone).where(User.id == user_id))
    return zone or HOME_TIMEZONE


# ---------------------------------------------------------------- control API pass-through


async def _proxy(request: web.Request) -> web.StreamResponse:
    if not PROXIED.match(request.path) or request.method not in ("GET", "POST"):
        raise web.HTTPNotFound()
    context = request.app[CONTEXT]
    headers = {h: request.headers[h] for h in _FORWARDED_REQUEST_HEADERS if h in request.headers}
    body = await request.read() if request.can_read_body else None
    response = web.StreamResponse()
    try:
        async with request.app[HTTP].request(
            request.method,
            context.emulator_url + request.path_qs,
            data=body,
            headers=headers,
            allow_redirects=False,
        ) as upstream:
            response.set_status(upstream.status)
            for name in _FORWARDED_RESPONSE_HEADERS:
                if name in upstream.headers:
                    response.headers[name] = upstream.headers[name]
            response.headers.update(SECURITY_HEADERS)
            await response.prepare(request)
            # Chunk by chunk, so each Server-Sent Event reaches the page as it happens.
            async for chunk in upstream.content.iter_any():
                await response.write(chunk)
    except (aiohttp.ClientError, ConnectionResetError) as exc:
        if not response.prepared:
            raise web.HTTPBadGateway(text=f"emulator unreachable: {type(exc).__name__}") from None
        # The emulator went away mid-stream (it is stopping): end the response here.
        return response
    await response.write_eof()
    return response


__all__ = ["CONTEXT", "WebContext", "create_web_app", "is_loopback"]
