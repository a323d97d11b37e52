"""A TCP port for a test's server that nothing else on the machine takes meanwhile.

`bind(("127.0.0.1", 0))` hands out a port from the kernel's ephemeral range, the range every
outgoing connection takes its source port from too. A test that closed such a probe and then
started a bot process to listen on the port left it free for seconds, and a connection of
another test took it once in CI ("WEBHOOK_PORT: ... address already in use"). A port below
that range is never handed out on its own: one picked at random that binds now stays free,
unless another test picks the same number at the same moment (about 1 in 10,000).
"""

from __future__ import annotations

import random
import socket
from pathlib import Path

EPHEMERAL_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")
# Where the picks start: above the well-known and most services' ports.
LOWEST = 20_000
_RANDOM = random.SystemRandom()  # not the tests' `random`, which a test may seed


def _ephemeral_floor() -> int:
    try:
        return int(EPHEMERAL_RANGE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32_768  # Linux's default


def free_port() -> int:
    """A port on 127.0.0.1 that binds now, below the ephemeral range where there is room."""
    highest = _ephemeral_floor() - 1
    if highest - LOWEST >= 1_000:
        for _ in range(100):
            port = _RANDOM.randint(LOWEST, highest)
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    continue  # a service or another test has it
                return port
    with socket.socket() as sock:  # no room below the range: the kernel's choice
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
