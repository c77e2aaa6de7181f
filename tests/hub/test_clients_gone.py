"""A client that goes away half-way through sending its request is no fault of the hub's:
on every route that reads a body first, one line says so, the access line counts it as 499, and
nothing is logged as an error (a load balancer's health check or a closed laptop lid would
otherwise page someone)."""

from __future__ import annotations

import re
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

from tests.live import live_hub

FORM = "application/x-www-form-urlencoded"
READING_A_BODY = [
    ("/graphql", "application/json"),
    ("/oauth/token", FORM),
    ("/oauth/revoke", FORM),
    ("/oauth/introspect", FORM),
    ("/oauth/authorize", FORM),
    ("/widgets/petitions/a-petition/signatures", "application/json"),
    ("/newsletters/subscriptions", FORM),
]


def leave_half_way(base: str, target: str, kind: str) -> None:
    """POST a request announcing 100 bytes of body, send 10, and close the connection."""
    address = urlsplit(base)
    head = (
        f"POST {target} HTTP/1.1\r\nHost: {address.netloc}\r\nContent-Type: {kind}\r\n"
        "Content-Length: 100\r\n\r\n"
    )
    with socket.create_connection((address.hostname, address.port), timeout=60) as connection:
        connection.sendall(head.encode() + b"email=a%40")
        time.sleep(0.3)  # the hub is reading the body when the connection goes


def test_a_client_gone_half_way_is_a_line_of_the_log_not_a_fault(
    database_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "hub.log"
    with live_hub(database_url, log=log) as base:
        # when a client leaves half-way through each route's body
        for target, kind in READING_A_BODY:
            leave_half_way(base, target, kind)

        # then each is one line saying so and an access line of 499, and no fault is logged
        ends = time.monotonic() + 30
        while log.read_text().count(" 499 ") < len(READING_A_BODY) and time.monotonic() < ends:
            time.sleep(0.1)
    text = log.read_text()
    posted = re.findall(r" POST \S+ (\d{3}) .*path=(\S+)", text)
    assert sorted(posted) == sorted(("499", target) for target, _ in READING_A_BODY)
    said = text.count("The client went away before sending its whole request")
    assert said == len(READING_A_BODY)
    assert " ERROR " not in text and "Traceback" not in text and "Unexpected error" not in text
