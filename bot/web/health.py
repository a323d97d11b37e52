"""A small side HTTP server for processes without a webhook (long polling, the sender alone):
/healthz, /readyz and /metrics, as webhook mode serves them (bot/web/server.py), on
HEALTH_HOST:HEALTH_PORT (127.0.0.1:8081 by default; HEALTH_PORT=0 turns it off).

docker-compose.yml's polling service uses /readyz as its healthcheck.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings
from bot.metrics import Metrics
from bot.startup import StartupError
from bot.web.server import readiness

log = logging.getLogger("jol.health")


async def listen(
    runner: web.AppRunner, host: str, port: int, *, variable: str, hint: str = "choose a free port"
) -> None:
    """Serve `runner` on host:port. A port that cannot be had (in use, not allowed) stops the
    start-up with one line naming `variable` (bot/startup.py prints it), not a traceback."""
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as exc:
        raise StartupError(
            f"{variable}: cannot listen on {host}:{port} ({exc.strerror or exc}); {hint}"
        ) from None


class HealthServer:
    def __init__(
        self,
        engine: AsyncEngine,
        metrics: Metrics,
        ping: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        self.engine = engine
        self.metrics = metrics
        self.ping = ping  # Redis (the cluster's lock store), when there is one
        self.stopping = False
        self._runner: web.AppRunner | None = None

    def app(self) -> web.Application:
        app = web.Application()
        app.add_routes(
            [
                web.get("/healthz", self.healthz),
                web.get("/readyz", self.readyz),
                web.get("/metrics", self.serve_metrics),
            ]
        )
        return app

    async def start(self, settings: Settings) -> int | None:
        """Listen (unless HEALTH_PORT=0); returns the bound port."""
        if settings.health_port == 0:
            return None
        self._runner = web.AppRunner(self.app(), access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        try:
            await listen(
                self._runner, settings.health_host, settings.health_port,
                variable="HEALTH_PORT", hint="choose a free port, or 0 for none",
            )  # fmt: skip
        except StartupError:
            await self._runner.cleanup()
            self._runner = None
            raise
        log.info("health server listening", extra={"port": settings.health_port})
        return settings.health_port

    async def stop(self) -> None:
        self.stopping = True
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def healthz(self, request: web.Request) -> web.Response:
        return web.json_response({"alive": True})

    async def readyz(self, request: web.Request) -> web.Response:
        """Working: not stopping, database reachable and fully migrated, Redis answering."""
        return await readiness(stopping=self.stopping, engine=self.engine, ping=self.ping)

    async def serve_metrics(self, request: web.Request) -> web.Response:
        body = await self.metrics.render()
        return web.Response(body=body.encode(), headers={"Content-Type": CONTENT_TYPE_PLAIN_0_0_4})


__all__ = ["HealthServer", "listen"]
