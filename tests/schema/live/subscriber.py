"""A subscriber outside the hub: the graphql-ws client on Node.js (``subscriber.mjs``).

It speaks ``graphql-transport-ws`` to a live hub's ``/graphql`` as a browser's dashboard
or any other client would, with the npm packages that :func:`install` puts in
``tests/schema/live/node_modules`` by ``npm ci`` when they are missing.
"""

from __future__ import annotations

import json
import queue
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from tests.tools import needs, npm_ci

HERE = Path(__file__).resolve().parent
SUBSCRIBER = HERE / "subscriber.mjs"
WAIT_SECONDS = 30.0


def install() -> None:
    npm_ci(HERE, why="the subscription tests subscribe with the graphql-ws client on Node.js")


class Subscriber:
    """One subscription's messages, as the client received them."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put("")  # the client exited

    def message(self, seconds: float = WAIT_SECONDS) -> dict[str, Any]:
        """The next message: ``{"next": …}``, ``{"error": …}``, ``{"complete": True}`` or
        ``{"closed": code}``."""
        try:
            line = self.lines.get(timeout=seconds)
        except queue.Empty:
            raise AssertionError(f"no message within {seconds} s") from None
        if not line:
            stderr = self.process.stderr.read() if self.process.stderr else ""
            raise AssertionError(f"the subscriber exited: {stderr}")
        return dict(json.loads(line))

    def next(self, seconds: float = WAIT_SECONDS) -> dict[str, Any]:
        """The data of the next result, which must have no errors."""
        message = self.message(seconds)
        assert "next" in message, message
        assert "errors" not in message["next"], message
        return dict(message["next"]["data"])

    def refusal(self) -> list[dict[str, Any]]:
        """The errors the subscription was refused with (as ``error`` or in a result)."""
        message = self.message()
        if "error" in message:
            return list(message["error"])
        assert "next" in message and message["next"].get("errors"), message
        return list(message["next"]["errors"])


@contextmanager
def subscribed(
    base: str,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Iterator[Subscriber]:
    """A graphql-ws client subscribed to ``base``'s ``/graphql`` until the block ends."""
    install()
    (node,) = needs("node", why="the subscription tests run the graphql-ws client on Node.js")
    request = {
        "url": base.replace("http://", "ws://") + "/graphql",
        "query": query,
        "variables": variables or {},
        "headers": headers or {},
    }
    process = subprocess.Popen(
        [node, str(SUBSCRIBER)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None
    process.stdin.write(json.dumps(request))
    process.stdin.close()
    try:
        yield Subscriber(process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def following(base: str, topic: str) -> float:
    """How many subscriptions to ``topic`` the hub at ``base`` is serving (its ``/metrics``)."""
    text = httpx.get(f"{base}/metrics").text
    found = re.search(
        rf'^hub_live_subscriptions\{{topic="{re.escape(topic)}"\}} (\S+)$', text, re.M
    )
    return float(found.group(1)) if found else 0.0


def wait_until_following(base: str, topic: str, count: int = 1) -> None:
    """Return once the hub serves ``count`` subscriptions to ``topic``: events written
    before then would reach no one."""
    ends = time.monotonic() + WAIT_SECONDS
    while following(base, topic) < count:
        assert time.monotonic() < ends, f"{base} never followed {topic}"
        time.sleep(0.05)
