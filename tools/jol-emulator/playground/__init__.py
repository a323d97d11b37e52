"""Try Jol in a browser with no Telegram account and no internet: `python -m bot playground`.

One process runs the project's Bot API emulator, the real bot long-polling it, demo people
(a migrant, a staff member, a coordinator) and a web page that behaves like a Telegram chat.
"""

from playground.runner import (
    PLAYGROUND_TOKEN,
    RunningPlayground,
    run_playground,
    running_playground,
)

__all__ = ["PLAYGROUND_TOKEN", "RunningPlayground", "run_playground", "running_playground"]
