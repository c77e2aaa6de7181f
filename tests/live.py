"""A real `hub serve` on a loopback port, started and stopped by the test that needs it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
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
def live_hub(database_url: str, **settings: Any) -> Iterator[str]:
    """The base URL of `hub serve` on ``database_url`` until the block ends."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "HUB_DATABASE_URL": database_url,
        "HUB_LOAD_DEMO_NETWORK": "false",
        "HUB_ISSUER": base,
        **{
            f"HUB_{name.upper()}": value if isinstance(value, str) else json.dumps(value)
            for name, value in settings.items()
        },
    }
    server = subprocess.Popen(
        [HUB, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/health").status_code == 200:
                    break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                time.sleep(0.1)
        yield base
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
