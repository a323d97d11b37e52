"""The staff console (issue 18): a web page for the Center's desk and charts for phones.

- `/console` (staff, coordinators; private chat) sends a one-time sign-in link
  (handlers/console/telegram.py; tokens and sessions in db/queries/console.py);
- the web pages: handlers/console/web (the kit other sections build on: see its docstring),
  served by every run mode through `FEATURE.web` (bot/web/pages.py);
- `/stats` sends the main charts as one PNG.
"""

from __future__ import annotations

from typing import Any

from bot.features import Feature, WebPages
from db.queries import content_drafts
from db.queries.console import PERSONAL_DATA
from handlers.console import jobs, telegram


def _build_web(runtime: Any) -> Any:
    from handlers.console.web.app import build_console_app

    return build_console_app(runtime)


FEATURE = Feature(
    name="console",
    routers=lambda: [telegram.build_router()],
    personal_data=PERSONAL_DATA + content_drafts.PERSONAL_DATA,
    jobs=jobs.JOBS,
    web=WebPages(url=lambda settings: settings.console_url, build=_build_web),
    text_prefixes=("console-",),
)

__all__ = ["FEATURE"]
