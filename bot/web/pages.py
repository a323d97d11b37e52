"""Serving the features' web pages (`Feature.web`, e.g. the staff console) in each run mode:

- webhook mode: mounted on the webhook server at the path of their URL (`mount`);
- polling mode: a small side server listening on their URL's host and port (`PagesServer`);
- the playground: mounted on the playground page's own server (`mount`).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from aiohttp import web

log = logging.getLogger("jol.web")


def path_of(url: str) -> str:
    return urlsplit(url).path.rstrip("/")


def mount(app: web.Application, pages: list[tuple[str, web.Application]]) -> None:
    """Mount each application at its URL's path; one without a path cannot share a server."""
    for url, pages_app in pages:
        prefix = path_of(url)
        if not prefix:
            log.info("web pages not served here: their URL has no path", extra={"url": url})
            continue
        app.add_subapp(prefix, pages_app)


class PagesServer:
    """Polling mode's side server(s) for the web pages. A port that cannot be had is logged
    and skipped: the bot itself matters more than its console."""

    def __init__(self) -> None:
        self.runners: list[web.AppRunner] = []

    async def start(self, pages: list[tuple[str, web.Application]]) -> None:
        for url, pages_app in pages:
            parts = urlsplit(url)
            host = parts.hostname or "127.0.0.1"
            port = parts.port or (443 if parts.scheme == "https" else 80)
            prefix = path_of(url)
            root = pages_app
            if prefix:
                root = web.Application()
                root.add_subapp(prefix, pages_app)
            runner = web.AppRunner(root, access_log=None, shutdown_timeout=1.0)
            await runner.setup()
            try:
                await web.TCPSite(runner, host, port).start()
            except OSError as exc:
                await runner.cleanup()
                log.warning(
                    "web pages not served: cannot listen",
                    extra={"host": host, "port": port, "error": exc.strerror or str(exc)},
                )
                continue
            self.runners.append(runner)
            log.info("web pages listening", extra={"host": host, "port": port})

    async def stop(self) -> None:
        for runner in self.runners:
            await runner.cleanup()
        self.runners.clear()


__all__ = ["PagesServer", "mount", "path_of"]
