"""`hub serve` keeps an idle connection open for HUB_KEEP_ALIVE_SECONDS, so that a proxy
which reuses its connections longer than the default 5 s can be told the hub does too."""

from __future__ import annotations

import http.client
import time
from urllib.parse import urlsplit

from tests.live import live_hub


def connected(base: str) -> http.client.HTTPConnection:
    """A connection to the hub that has been answered once."""
    address = urlsplit(base)
    connection = http.client.HTTPConnection(str(address.hostname), address.port, timeout=30)
    assert health(connection) == 200
    return connection


def health(connection: http.client.HTTPConnection) -> int:
    connection.request("GET", "/health")
    answer = connection.getresponse()
    answer.read()
    return answer.status


def test_an_idle_connection_is_closed_after_the_keep_alive(database_url: str) -> None:
    # given a hub that keeps idle connections for a second
    with live_hub(database_url, keep_alive_seconds=1) as base:
        connection = connected(base)
        assert connection.sock is not None
        # when its client says nothing more, then the hub closes the connection, well
        # before the default 5 s (a read still waiting after 3 s fails the test)
        connection.sock.settimeout(3)
        assert connection.sock.recv(1) == b""
        connection.close()


def test_a_connection_idle_less_than_the_keep_alive_still_serves(database_url: str) -> None:
    # given a hub that keeps idle connections for a minute
    with live_hub(database_url, keep_alive_seconds=60) as base:
        connection = connected(base)
        first = connection.sock
        # when its client sends the next request on it after longer than the default 5 s
        time.sleep(6)
        # then the hub answers it, on the same connection
        assert health(connection) == 200
        assert connection.sock is first
        connection.close()
