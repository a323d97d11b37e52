"""JSON for the Bot API traffic (every update parsed, every request's keyboard serialised):
orjson when it is installed (`pip install '.[speed]'`), otherwise the standard library, which
gives the same results more slowly."""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - the extra is optional
    orjson = None  # type: ignore[assignment]


def loads(data: str | bytes) -> Any:
    if orjson is not None:
        return orjson.loads(data)
    return json.loads(data)


def dumps(value: Any) -> str:
    if orjson is not None:
        return orjson.dumps(value).decode()
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


__all__ = ["dumps", "loads"]
