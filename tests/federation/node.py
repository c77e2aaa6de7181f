"""Apollo Federation for the tests: compose subgraph SDLs, run an Apollo Gateway, and run Hive
Gateway from a folder that ``hub schema export`` wrote.

Apollo's are its own JavaScript (``compose.mjs`` and ``gateway.mjs`` beside this module),
Hive's its ``hive-gateway`` command, run on Node.js with the npm packages that :func:`install`
puts in ``tests/federation/node_modules`` by ``npm ci --prefix tests/federation`` when missing.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

import httpx

from tests.live import free_port
from tests.tools import npm_ci

FEDERATION_DIR = Path(__file__).resolve().parent
NODE_MODULES = FEDERATION_DIR / "node_modules"
COMPOSE = FEDERATION_DIR / "compose.mjs"
GATEWAY = FEDERATION_DIR / "gateway.mjs"

READY_SECONDS = 30.0
"""How long the gateway may take to load its supergraph and listen."""
STOP_SECONDS = 15.0
"""How long the gateway may take to drain and exit before it is killed."""


@dataclass(frozen=True)
class Subgraph:
    """One subgraph to compose: its name, the URL the gateway sends its requests to, its SDL."""

    name: str
    url: str
    sdl: str


@dataclass(frozen=True)
class Diagnostic:
    """A composition error or hint, as Apollo's composition reports it."""

    code: str
    message: str


@dataclass(frozen=True)
class Composition:
    """What composing the subgraphs gave: the supergraph SDL, or the errors that stopped it."""

    errors: tuple[Diagnostic, ...]
    hints: tuple[Diagnostic, ...]
    supergraph_sdl: str | None


def install() -> None:
    """Install the npm packages the harness runs on, if they are missing."""
    npm_ci(
        FEDERATION_DIR,
        why="the federation tests run Apollo's composition and gateway on Node.js 20 or newer",
    )


def compose(subgraphs: list[Subgraph]) -> Composition:
    """Compose ``subgraphs`` into a supergraph with Apollo Federation v2's composition."""
    install()
    request = {"subgraphs": [asdict(subgraph) for subgraph in subgraphs]}
    run = subprocess.run(
        ["node", str(COMPOSE)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if run.returncode != 0:
        raise RuntimeError(f"compose.mjs crashed (exit {run.returncode}):\n{run.stderr}")
    answer = json.loads(run.stdout)
    return Composition(
        errors=tuple(Diagnostic(**error) for error in answer["errors"]),
        hints=tuple(Diagnostic(**hint) for hint in answer["hints"]),
        supergraph_sdl=answer["supergraphSdl"],
    )


def mesh_compose(folder: Path) -> str:
    """The supergraph SDL that Hive's ``mesh-compose`` makes from ``folder/mesh.config.ts``."""
    install()
    run = subprocess.run(
        [str(NODE_MODULES / ".bin" / "mesh-compose"), "-o", "supergraph.graphql"],
        cwd=folder,
        env={**os.environ, "NODE_PATH": str(NODE_MODULES)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    if run.returncode != 0:
        raise RuntimeError(f"mesh-compose failed (exit {run.returncode}):\n{run.stderr}")
    return (folder / "supergraph.graphql").read_text(encoding="utf-8")


@contextmanager
def running_gateway(supergraph_sdl: str) -> Iterator[str]:
    """The base URL (``http://127.0.0.1:PORT/``) of an Apollo Gateway serving the supergraph."""
    install()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="gateway-") as workdir:
        supergraph = Path(workdir) / "supergraph.graphql"
        supergraph.write_text(supergraph_sdl, encoding="utf-8")
        log = Path(workdir) / "gateway.log"
        with log.open("w") as stderr:
            gateway = subprocess.Popen(
                ["node", str(GATEWAY), str(supergraph), str(port)],
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                start_new_session=True,
            )
            try:
                _wait_until_ready(gateway, log)
                yield f"http://127.0.0.1:{port}/"
            finally:
                _stop(gateway)


@contextmanager
def running_hive_gateway(folder: Path) -> Iterator[str]:
    """The GraphQL URL of Hive Gateway run as its README says, in ``folder``: with the
    ``gateway.config.ts`` and ``supergraph.graphql`` found there, and nothing else."""
    install()
    # the configuration imports its packages from beside it, as in a deployment's folder
    (folder / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
    port = free_port()
    log = folder / "hive-gateway.log"
    with log.open("w") as output:
        gateway = subprocess.Popen(
            [str(NODE_MODULES / ".bin" / "hive-gateway"), "supergraph"],
            cwd=folder,
            env={**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "NODE_ENV": "production"},
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + READY_SECONDS
        while not _answers(f"{base}/readiness"):
            if gateway.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Hive Gateway did not start; its log:\n{log.read_text()}")
            time.sleep(0.2)
        yield f"{base}/graphql"
    finally:
        _stop(gateway)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=5).status_code == 200
    except httpx.TransportError:
        return False


def _wait_until_ready(gateway: subprocess.Popen[str], log: Path) -> None:
    """Return once the gateway prints ``ready``; raise with its stderr if it never does."""
    stdout: IO[str] | None = gateway.stdout
    assert stdout is not None
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        # stdout carries the "ready" line alone, so a readable pipe holds a whole line
        readable, _, _ = select.select([stdout], [], [], 0.1)
        if not readable:
            continue
        line = stdout.readline()
        if line.startswith("ready"):
            return
        if not line:  # stdout closed: the gateway is exiting
            gateway.wait(timeout=STOP_SECONDS)
            break
    state = (
        f"exited with code {gateway.returncode}"
        if gateway.poll() is not None
        else f"was not ready after {READY_SECONDS:g} s"
    )
    raise RuntimeError(f"the gateway {state}; its stderr:\n{log.read_text()}")


def _stop(gateway: subprocess.Popen[Any]) -> None:
    """SIGTERM, then SIGKILL for the whole session if the gateway does not exit in time."""
    if gateway.poll() is None:
        gateway.send_signal(signal.SIGTERM)
        try:
            gateway.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(gateway.pid, signal.SIGKILL)
            gateway.wait()
    if gateway.stdout is not None:
        gateway.stdout.close()


def without_extensions(answer: dict[str, Any]) -> dict[str, Any]:
    """An answer without its ``extensions``: the hub reports there what each query cost, and
    a gateway answers with extensions of its own."""
    return {key: value for key, value in answer.items() if key != "extensions"}
