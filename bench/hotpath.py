"""Where one update's CPU goes: `python -m bench.hotpath` (or `python bench/hotpath.py`).

`bench/updates.py` measures the real process under load, where the emulator, the people and
PostgreSQL share the machine's two cores with the bot, so a run's CPU per update moves by a few
per cent from run to run. This bench takes the network and that noise out, to see the parts:
the production runtime (`build_runtime`, webhook mode's delivery rules, PostgreSQL, Redis) runs
in this process, people's updates are fed to the dispatcher one at a time as webhook mode does
(the update parsed from JSON, the reply dumped to JSON), and the Bot API is answered in memory:
each call's JSON is built and each result parsed by aiogram as over HTTP, only no socket. What
Telegram's side does is counted here too, a little: the updates' and the results' JSON are
made in this process (the emulator's work in `bench/updates.py`), about 20 µs an update.

It prints the CPU per update of the same walk (onboarding, then presses as `bench/updates.py`'s
people make them) as it is and with one part taken out at a time, so the difference is that
part's cost.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import logging
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python bench/hotpath.py`
    sys.path.insert(0, str(ROOT))

from aiogram import Bot  # noqa: E402
from aiogram.methods import TelegramMethod  # noqa: E402
from aiogram.types import Update  # noqa: E402

from bench.outbox import recreate_database  # noqa: E402
from bench.updates import AVOID, DB_URL, REDIS_URL, SEARCHES, WEIGHTS  # noqa: E402
from bot.bot_session import drop_pressed_echoes, json_values, webhook_reply_body  # noqa: E402
from bot.cluster import LocalIsolation  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.logs import setup_logging  # noqa: E402
from bot.metrics import UpdateMetrics  # noqa: E402
from bot.middlewares.clean_text import CLEAN_FLAG, json_may_hold_hostile  # noqa: E402
from bot.runtime import Runtime, build_runtime  # noqa: E402
from bot.web import delivery  # noqa: E402
from bot.web.delivery import Delivery  # noqa: E402

BOT = {"id": 123456, "is_bot": True, "first_name": "Jol", "username": "jol_bot"}


class MemoryApi:
    """The Bot API, answered in memory: what each chat's latest message and buttons are."""

    def __init__(self) -> None:
        self.buttons: dict[int, list[str]] = {}
        self.message_ids = itertools.count(1000)
        self.calls: Counter[str] = Counter()

    async def make_request(self, session: Any, bot: Bot, method: TelegramMethod[Any]) -> Any:
        name = method.__api_method__
        self.calls[name] += 1
        values = json_values(session, bot, method) or {}
        body = json.dumps(values, ensure_ascii=False)  # the request, as the real session sends it
        result: Any = True
        if name.startswith(("send", "editMessage")) and name != "sendChatAction":
            chat_id = int(getattr(method, "chat_id", None) or values["chat_id"])
            markup = values.get("reply_markup") or {}
            rows = markup.get("inline_keyboard") or []
            self.buttons[chat_id] = [
                b["callback_data"] for r in rows for b in r if "callback_data" in b
            ]
            result = {
                "message_id": values.get("message_id") or next(self.message_ids),
                "from": BOT,
                "chat": {"id": chat_id, "type": "private", "first_name": "A"},
                "date": int(time.time()),
                "text": values.get("text") or values.get("caption") or "",
                **({"reply_markup": markup} if rows else {}),
            }
        elif name == "getMe":
            result = BOT
        content = json.dumps({"ok": True, "result": result}, ensure_ascii=False)
        del body
        return session.check_response(
            bot=bot, method=method, status_code=200, content=content
        ).result


class People:
    """People using the bot one update at a time, as webhook mode receives them."""

    def __init__(self, runtime: Runtime, api: MemoryApi, seed: int) -> None:
        self.runtime = runtime
        self.api = api
        self.rng = random.Random(seed)
        self.update_ids = itertools.count(1)
        self.last_text: dict[int, dict[str, Any]] = {}

    async def feed(self, payload: dict[str, Any]) -> None:
        """What bot/web/server.py does with a webhook request, without the HTTP."""
        bot, dispatcher = self.runtime.bot, self.runtime.dispatcher
        assert dispatcher is not None
        raw = json.dumps(payload, ensure_ascii=False)
        update = Update.model_validate(drop_pressed_echoes(json.loads(raw)), context={"bot": bot})
        sent = Delivery(bot.id, update.update_id)
        clean = {CLEAN_FLAG: True} if not json_may_hold_hostile(raw) else {}
        await dispatcher.feed_update(bot, update, jol_delivery=sent, **clean)
        if sent.reply is not None:
            webhook_reply_body(bot, sent.reply)

    def _user(self, uid: int) -> dict[str, Any]:
        return {"id": uid, "is_bot": False, "first_name": "A", "language_code": "ru"}

    async def text(self, uid: int, text: str) -> None:
        chat = {"id": uid, "type": "private", "first_name": "A"}
        message = {
            "message_id": next(self.api.message_ids),
            "from": self._user(uid),
            "chat": chat,
            "date": int(time.time()),
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
        await self.feed({"update_id": next(self.update_ids), "message": message})

    async def press(self, uid: int, data: str) -> None:
        shown = {
            "message_id": 999,
            "from": BOT,
            "chat": {"id": uid, "type": "private", "first_name": "A"},
            "date": int(time.time()),
            "text": "…",
            "reply_markup": {
                "inline_keyboard": [
                    [{"text": d, "callback_data": d}] for d in self.api.buttons.get(uid, [])
                ]
            },
        }
        query = {
            "id": str(next(self.update_ids)),
            "from": self._user(uid),
            "chat_instance": "1",
            "data": data,
            "message": shown,
        }
        await self.feed({"update_id": next(self.update_ids), "callback_query": query})

    async def pick(self, uid: int, wanted: Callable[[str], bool]) -> None:
        choices = [d for d in self.api.buttons.get(uid, []) if wanted(d)]
        if choices:
            await self.press(uid, self.rng.choice(choices))
        else:
            await self.text(uid, "/menu")

    async def onboard(self, uid: int) -> None:
        await self.text(uid, "/start")
        await self.pick(uid, lambda d: d.startswith("lang:"))
        await self.pick(uid, lambda d: d == "ob:consent:yes")
        await self.pick(uid, lambda d: d.startswith("ob:situation:"))
        await self.pick(uid, lambda d: d.startswith("ob:destination:"))
        await self.pick(uid, lambda d: d.startswith("ob:skip"))

    async def step(self, uid: int) -> None:
        roll = self.rng.random()
        options = [d for d in self.api.buttons.get(uid, []) if not any(a in d for a in AVOID)]
        if roll < 0.08 or not options:
            await self.text(uid, "/menu")
        elif roll < 0.12:
            await self.text(uid, self.rng.choice(SEARCHES))
        else:
            weights = [WEIGHTS.get(d.split(":", 1)[0], 1) for d in options]
            await self.press(uid, self.rng.choices(options, weights)[0])


# The parts that can be taken out, one at a time: name -> what taking it out does.
def _no_redis(runtime: Runtime) -> None:
    assert runtime.dispatcher is not None
    runtime.dispatcher.fsm.events_isolation = LocalIsolation()


def _no_update_log(runtime: Runtime) -> None:
    logging.getLogger("jol.updates").setLevel(logging.WARNING)


def _no_metrics(runtime: Runtime) -> None:
    assert runtime.dispatcher is not None
    outer = runtime.dispatcher.update.outer_middleware
    outer._middlewares[:] = [m for m in outer._middlewares if not isinstance(m, UpdateMetrics)]


ABLATIONS: dict[str, Callable[[Runtime], None]] = {
    "the person's lock in Redis": _no_redis,
    "the update's log line": _no_update_log,
    "the update's metrics": _no_metrics,
}


@contextlib.asynccontextmanager
async def running(redis: bool) -> AsyncIterator[tuple[Runtime, MemoryApi]]:
    await recreate_database(DB_URL)
    values: dict[str, Any] = {
        "bot_token": "123456:BENCH-token",
        "database_url": DB_URL,
        "log_level": "INFO",
        "webhook_url": "https://bench.invalid/hook",
        "webhook_secret": "bench-secret",
    }
    if redis:
        values["redis_url"] = REDIS_URL
    settings = load_settings(**values)
    # The update's log line goes to a file, as the real process's stderr does under the bench.
    setup_logging(settings.log_level)
    log_file = ROOT / "data" / "bench" / "hotpath.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    logging.getLogger().handlers[0].setStream(log_file.open("a", encoding="utf-8"))  # type: ignore[attr-defined]
    logging.getLogger("jol.updates").setLevel(logging.NOTSET)
    api = MemoryApi()
    async with build_runtime(settings, background=False, commands=False) as runtime:
        session = runtime.bot.session
        session.make_request = lambda bot, method, timeout=None: api.make_request(  # type: ignore[method-assign]
            session, bot, method
        )
        assert runtime.dispatcher is not None
        delivery.install(runtime.dispatcher, runtime.sessionmaker, settings.webhook_max_deliveries)
        yield runtime, api


async def measure(args: argparse.Namespace, take_out: str | None) -> float:
    """CPU per update of the walk (ms), with the part `take_out` taken out."""
    async with running(redis=not args.no_redis) as (runtime, api):
        if take_out is not None:
            ABLATIONS[take_out](runtime)
        people = People(runtime, api, args.seed)
        uids = [8_000_000_000 + i for i in range(args.people)]
        # Several people at once, each one update at a time, as `bench/updates.py` delivers
        # them: a round trip then costs what it costs under load, where the event loop wakes
        # for many ready sockets at once, not a wake-up of its own.
        groups = [uids[i :: args.concurrency] for i in range(args.concurrency)]

        async def walk(group: list[int], steps: int) -> None:
            for _ in range(steps):
                await people.step(people.rng.choice(group))

        await asyncio.gather(*(_onboard_all(people, group) for group in groups))
        await asyncio.gather(*(walk(g, args.warmup // args.concurrency) for g in groups))
        steps = args.updates // args.concurrency
        started = time.process_time()
        await asyncio.gather(*(walk(group, steps) for group in groups))
        return (time.process_time() - started) / (steps * len(groups)) * 1000


async def _onboard_all(people: People, group: list[int]) -> None:
    for uid in group:
        await people.onboard(uid)


async def bench(args: argparse.Namespace) -> None:
    # A first run pays what a process pays once (models built, statements compiled): not shown.
    await measure(argparse.Namespace(**{**vars(args), "updates": args.updates // 4}), None)
    parts = [name for name in ABLATIONS if not (args.no_redis and "Redis" in name)]
    if args.whole_only:
        parts = []
    runs: dict[str | None, list[float]] = {None: [], **{name: [] for name in parts}}
    for _ in range(args.rounds):  # interleaved, so a drift of the machine touches all alike
        for name in runs:
            runs[name].append(await measure(args, name))
    whole = statistics.median(runs[None])
    print(
        f"CPU per update, everything: {whole:.3f} ms (median of {args.rounds} runs of "
        f"{args.updates} updates: {_listed(runs[None])})"
    )
    for name in parts:
        without = statistics.median(runs[name])
        print(
            f"  without {name}: {without:.3f} ms ({_listed(runs[name])}); "
            f"it costs {whole - without:+.3f} ms"
        )


def _listed(values: list[float]) -> str:
    return " / ".join(f"{v:.3f}" for v in values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=64)
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--updates", type=int, default=3200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=16, help="people active at once")
    parser.add_argument("--no-redis", action="store_true")
    parser.add_argument("--whole-only", action="store_true", help="take no part out")
    args = parser.parse_args()
    from bot.event_loop import run

    run(bench(args), "auto")


if __name__ == "__main__":
    main()
