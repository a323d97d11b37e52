"""Structured (JSON) logging. Only the fields a call passes in `extra` are added — by design no
update payload ever reaches the log."""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

_STANDARD = set(vars(logging.LogRecord("x", 0, "x", 0, "x", None, None))) | {"message", "asctime"}


TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"


class JsonFormatter(logging.Formatter):
    # (second, its text): a busy process writes a line per update, and its lines share their
    # second; `formatTime` made the text anew for each (`localtime` and `strftime`). One
    # attribute, set whole, so a line logged from another thread reads a matching pair.
    _second: tuple[int, str] = (-1, "")

    def timestamp(self, created: float) -> str:
        """`formatTime` of TIME_FORMAT (seconds), made once per second."""
        second, text = self._second
        if int(created) != second:
            text = time.strftime(TIME_FORMAT, self.converter(created))
            self._second = (int(created), text)
        return text

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": self.timestamp(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                payload[key] = value
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


def setup_logging(level: str = "INFO", fmt: str = "json") -> None:
    # No line shows the thread's or the process's name or id, nor the file and line a record
    # was made at, so no record looks them up (the logging HOWTO's "Optimization", which names
    # these four): a saving on the line every update writes.
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    logging._srcfile = None
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # aiogram logs "Update id=… is handled" lines and, on failures, whole updates: keep only its
    # warnings; our own middleware logs one line per update.
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    logging.getLogger("aiogram.dispatcher").setLevel(logging.WARNING)
    # The scheduler announces every run of every job; only its problems are worth a line.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # Alembic announces each of its plugins ("setup plugin ...") on every start.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
