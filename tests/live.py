"""A real `hub serve` on a loopback port, started and stopped by the test that needs it."""

from __future__ import annotations

import contextlib
import json
import os
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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
