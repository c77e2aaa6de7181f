"""The ports test servers listen on: each test process has its own, below the kernel's
ephemeral ports, so that no two processes start servers on one port and no server's port
is one a client connection already holds."""

from __future__ import annotations

import contextlib
import socket
from pathlib import Path

import pytest

from tests import live


def ephemeral_ports() -> range:
    low, high = map(int, Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    return range(low, high + 1)


def test_each_xdist_worker_has_ports_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    ranges = []
    for worker in ("gw0", "gw1", "gw7"):
        monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
        ranges.append(set(live._port_range()))
    assert all(len(ports) == live.PORTS_PER_PROCESS for ports in ranges)
    assert not ranges[0] & ranges[1] and not ranges[1] & ranges[2] and not ranges[0] & ranges[2]


@pytest.mark.parametrize("worker", ["gw0", "gw31", ""])
def test_the_ports_are_below_the_ephemeral_ones(
    worker: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
    ports = live._port_range()
    assert ports.stop <= ephemeral_ports().start
    assert live.free_port() in ports


def test_a_port_in_use_is_not_given(monkeypatch: pytest.MonkeyPatch) -> None:
    # given every port of this process's range but one taken by a listening server
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw5")
    ports = live._port_range()
    listening = []
    try:
        for port in ports[:-1]:
            server = socket.socket()
            listening.append(server)
            with contextlib.suppress(OSError):  # taken already: as good
                server.bind(("127.0.0.1", port))
                server.listen()
        # then the one left is given, and again: nothing else is free
        assert {live.free_port() for _ in range(3)} == {ports[-1]}
    finally:
        for server in listening:
            server.close()
