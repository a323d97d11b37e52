"""The console's aiohttp application: the guard, the sign-in pages, static files and every
section's pages (`SECTIONS`: one line per section, in navigation order)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiohttp import web

from content.library import serving
from handlers.console.web import signin
from handlers.console.web.kit import CONTEXT, STATIC, ConsoleContext, Section, guard


def default_sections() -> tuple[Section, ...]:
    from handlers.console.editor import pages as editor
    from handlers.console.web import dashboard, week

    return (dashboard.SECTION, week.SECTION, editor.SECTION)


def build_console_app(runtime: Any, sections: Sequence[Section] | None = None) -> web.Application:
    """The console for a runtime (bot/runtime.py:Runtime), as a fresh aiohttp application."""
    chosen = tuple(default_sections() if sections is None else sections)
    context = ConsoleContext(
        settings=runtime.settings,
        sessionmaker=runtime.sessionmaker,
        catalog=runtime.catalog,
        sections=chosen,
        runtime=runtime,
    )
    # Forms are small; the editor's YAML imports are the largest thing posted.
    app = web.Application(
        middlewares=[guard, _serving_content(runtime)], client_max_size=4 * 1024 * 1024
    )
    app[CONTEXT] = context
    app.router.add_static("/static", STATIC, name="static", append_version=True)
    app.add_routes(signin.routes())
    for section in chosen:
        app.add_routes(section.routes())
    return app


def _serving_content(runtime: Any) -> Any:
    """Each request reads one content library (content.library.current()), as an update does:
    the one the runtime serves when the request arrives."""

    @web.middleware
    async def middleware(request: web.Request, handler: Any) -> web.StreamResponse:
        with serving(runtime.content.library):
            response: web.StreamResponse = await handler(request)
            return response

    return middleware


__all__ = ["build_console_app", "default_sections"]
