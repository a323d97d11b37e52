"""tests/ports.py: a test server's port comes from below the kernel's ephemeral range, where
no outgoing connection can take it between the pick and the server's bind."""

from __future__ import annotations

import socket

from tests.ports import LOWEST, _ephemeral_floor, free_port


def test_a_picked_port_is_free_and_below_the_ephemeral_range() -> None:
    ports = {free_port() for _ in range(20)}
    assert len(ports) > 1  # picked at random, not one number for every test
    for port in ports:
        assert LOWEST <= port < _ephemeral_floor()
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))


def test_a_taken_port_is_not_picked() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", free_port()))
        taken.listen()
        busy = taken.getsockname()[1]
        assert all(free_port() != busy for _ in range(200))
