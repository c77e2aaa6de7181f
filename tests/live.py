"""A real `hub serve` on a loopback port, started and stopped by the test that needs it."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

HUB = str(Path(sys.executable).parent / "hub")


PORTS_PER_PROCESS = 300
FIRST_PORT = 10_000
"""Test processes take their servers' ports from ranges of their own below the kernel's
ephemeral ports (32768 and up, where the client end of every connection is numbered).
A port the kernel hands out (binding port 0) may be handed to two processes at once: the
second server then fails to start while the first answers its health check, and the test
talks to another test's hub."""


def _port_range() -> range:
    """This process's ports: the xdist worker's own (gw0, gw1…), or, outside xdist, a range
    chosen by process id (mutation testing runs several test sessions at once)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    slot = int(worker[2:]) if worker.startswith("gw") else 32 + os.getpid() % 40
    first = FIRST_PORT + slot * PORTS_PER_PROCESS
    return range(first, first + PORTS_PER_PROCESS)


_next_port = itertools.count(random.randrange(PORTS_PER_PROCESS))


def free_port() -> int:
    """A loopback port no server listens on, that no other test process will be given."""
    ports = _port_range()
    for _ in range(len(ports)):
        port = ports[next(_next_port) % len(ports)]
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError(f"no free port in {ports}")


@contextmanager
def live_hub(
    database_url: str, subgraph: str | None = None, log: Path | None = None, **settings: Any
) -> Iterator[str]:
    """The base URL of `hub serve` on ``database_url`` until the block ends; with
    ``subgraph``, of `hub serve --subgraph NAME`, serving that subgraph at ``/graphql``;
    with ``log``, what the server logs is written there.

    ``settings`` become ``HUB_<NAME>`` variables and win over the defaults set here: the
    issuer is the server's own URL unless ``issuer`` is given (replicas share one).
    """
    with live_hubs(1, database_url, subgraph, log, **settings) as (base,):
        yield base


@contextmanager
def live_hubs(
    count: int,
    database_url: str,
    subgraph: str | None = None,
    log: Path | None = None,
    **settings: Any,
) -> Iterator[list[str]]:
    """``count`` servers started at the same moment, as replicas of a deployment start."""
    servers = [_start(database_url, subgraph, log, settings) for _ in range(count)]
    try:
        for i, (server, base) in enumerate(servers):
            for _ in range(3):
                try:
                    wait_until_healthy(server, f"{base}/health")
                    drain(server)
                    break
                except PortTaken:
                    # another test process bound the port between our probe and the server
                    servers[i] = server, base = _start(database_url, subgraph, log, settings)
        yield [base for _, base in servers]
    finally:
        for server, _ in servers:
            server.send_signal(signal.SIGINT)
        for server, _ in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def _start(
    database_url: str, subgraph: str | None, log: Path | None, settings: dict[str, Any]
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "HUB_DATABASE_URL": database_url,
        "HUB_LOAD_DEMO_NETWORK": "false",
        "HUB_ISSUER": base,
        # tests that read mail start a sink of their own (mail_sink=True on a free port),
        # and send it (outbox_sender=True)
        "HUB_MAIL_SINK": "false",
        "HUB_OUTBOX_SENDER": "false",
        **{
            f"HUB_{name.upper()}": value if isinstance(value, str) else json.dumps(value)
            for name, value in settings.items()
        },
    }
    # the server writes to the log file itself: this process's copy is closed at once
    with log.open("ab") if log else contextlib.nullcontext(subprocess.PIPE) as stderr:
        server = subprocess.Popen(
            [HUB, "serve", "--port", str(port), *(["--subgraph", subgraph] if subgraph else [])],
            env=env,
            # the log, access lines included, is written to stderr; stdout holds the banner
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )
    return server, base


def drain(server: subprocess.Popen[bytes]) -> None:
    """Read the server's stderr pipe from now on: the hub logs a line per request, and a full
    pipe no one reads would stop it mid-request."""
    if server.stderr is not None:
        threading.Thread(target=server.stderr.read, daemon=True).start()


class PortTaken(AssertionError):
    """The server exited at start because its port was in use."""


def wait_until_healthy(server: subprocess.Popen[bytes], url: str) -> None:
    """Return once ``url`` answers 200; fail with the server's stderr if it exits first."""
    for _ in range(300):
        try:
            if httpx.get(url).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if server.poll() is not None:
            stderr = server.stderr.read().decode() if server.stderr else "exited"
            if "address already in use" in stderr:
                raise PortTaken(stderr)
            raise AssertionError(stderr)
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within 30 s")
