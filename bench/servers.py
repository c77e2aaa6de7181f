"""Starting and stopping the servers under test: each in its own process group, on loopback.

Every server is a subprocess started in a new session, so that stopping it stops whatever
it started too; :func:`running` stops it on the way out, whatever happened inside.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
"""Every server and the load generator talk over loopback, and only over loopback."""

START_TIMEOUT_SECONDS = 90.0
STOP_TIMEOUT_SECONDS = 10.0

WORKERS = 1
"""uvicorn worker processes for the hub and the floor. One, because PostGraphile runs as one
Node process: the comparison is one server process against one."""


@dataclass(frozen=True)
class ServerSpec:
    """How to start one server and how to tell that it is ready."""

    name: str
    command: Sequence[str]
    environment: Mapping[str, str]
    ready_probe: Mapping[str, object] | None
    """A GraphQL body to POST to ``/graphql`` until it answers 200; None: GET ``/health``."""
    cwd: Path | None = None


@dataclass(frozen=True)
class RunningServer:
    name: str
    port: int
    pid: int
    log_file: Path

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def graphql_url(self) -> str:
        return f"{self.base_url}/graphql"


class ServerFailed(RuntimeError):
    """A server exited or did not answer in time."""


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def uvicorn_command(app_factory: str, port: int) -> list[str]:
    """uvicorn serving ``module:factory`` as ``hub serve`` does, minus the access log."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        app_factory,
        "--factory",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(WORKERS),
        "--log-level",
        "warning",
        "--no-access-log",
    ]


@contextmanager
def running(spec: ServerSpec, port: int, log_dir: Path) -> Iterator[RunningServer]:
    """The server started, ready, and stopped when the block ends."""
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / f"{spec.name}.log"
    with log_file.open("wb") as log:
        process = subprocess.Popen(
            list(spec.command),
            env={**os.environ, **spec.environment},
            cwd=spec.cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            server = RunningServer(spec.name, port, process.pid, log_file)
            _wait_until_ready(process, server, spec.ready_probe)
            yield server
        finally:
            stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server's whole process group: politely, then not."""
    if process.poll() is not None:
        return
    for sent in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sent)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
            return
        except subprocess.TimeoutExpired:
            continue


def _wait_until_ready(
    process: subprocess.Popen[bytes],
    server: RunningServer,
    probe: Mapping[str, object] | None,
) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerFailed(
                f"{server.name} exited with {process.returncode} while starting:\n"
                + _tail(server.log_file)
            )
        if _answers(server, probe):
            return
        time.sleep(0.25)
    raise ServerFailed(
        f"{server.name} did not answer within {START_TIMEOUT_SECONDS:.0f} s:\n"
        + _tail(server.log_file)
    )


def _answers(server: RunningServer, probe: Mapping[str, object] | None) -> bool:
    if probe is None:
        request = urllib.request.Request(f"http://{HOST}:{server.port}/health")
    else:
        request = urllib.request.Request(
            server.graphql_url,
            data=json.dumps(probe).encode(),
            headers={"content-type": "application/json"},
        )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status) == 200
    except (OSError, urllib.error.URLError):
        return False


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
