"""How long tests wait: every wait for the bot (a reply, a delivery, a process start) is
`scaled(seconds)`, stretched by one factor for slow or busy machines.

    JOL_TEST_TIMEOUT_SCALE=3 make test

The factor only lengthens deadlines; nothing sleeps longer when things are fast.
"""

from __future__ import annotations

import os

TIMEOUT_SCALE_VARIABLE = "JOL_TEST_TIMEOUT_SCALE"


def timeout_scale() -> float:
    raw = os.environ.get(TIMEOUT_SCALE_VARIABLE, "").strip()
    if not raw:
        return 1.0
    try:
        factor = float(raw)
    except ValueError:
        factor = 0.0
    if not factor > 0:
        raise ValueError(f"{TIMEOUT_SCALE_VARIABLE} must be a positive number, not {raw!r}")
    return factor


def scaled(seconds: float) -> float:
    return seconds * timeout_scale()
