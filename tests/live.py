"""A real hub server on a loopback port, started and stopped by the test that needs it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from hub.app import create_app
from hub.settings import Settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def live_hub(database_url: str, **settings: Any) -> Iterator[str]:
    """The base URL of a hub serving ``database_url`` until the block ends."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    app = create_app(
        Settings(database_url=database_url, load_demo_network=False, issuer=base, **settings)
    )
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.05)
        assert server.started, "the hub did not start"
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
