"""What no browser sends, refused with a clear 4xx by every widget route: an ``Origin`` whose
port is out of range or whose host is broken, a slug of 2 MB, JSON nested a thousand deep;
a long address is one short line of the access log."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from starlette.testclient import TestClient

from tests.hub.widgets.petitions import WidgetPetitions
from tests.live import live_hub

SIGNER = {"name": "Amal", "email": "amal@example.org"}
MALFORMED_ORIGINS = ["https://news.example:99999", "https://news.example:port", "http://[::1"]


@pytest.mark.parametrize("origin", MALFORMED_ORIGINS)
def test_a_malformed_origin_is_refused_by_name(
    hub: TestClient, petitions: WidgetPetitions, origin: str
) -> None:
    # when a signature and a preflight come with an Origin no browser sends
    signed = hub.post(
        f"/widgets/petitions/{petitions.open}/signatures", json=SIGNER, headers={"origin": origin}
    )
    asked = hub.options(
        f"/widgets/petitions/{petitions.open}/signatures", headers={"origin": origin}
    )

    # then both are refused as a bad origin, named, and nothing is counted
    for refused in (signed, asked):
        assert refused.status_code == 400
        assert refused.json()["error"]["code"] == "bad_origin"
        assert refused.json()["error"]["field"] == "origin"
        assert "not a web origin" in refused.json()["error"]["message"]
    card = hub.get(f"/widgets/petitions/{petitions.open}").json()
    assert card["signatureCount"] == 0


def test_json_nested_a_thousand_deep_is_refused(
    hub: TestClient, petitions: WidgetPetitions
) -> None:
    # when a signature's JSON nests a thousand deep
    deep = '{"name": "Amal", "email": "amal@example.org", "x": ' + "[" * 1000 + "]" * 1000 + "}"
    refused = hub.post(
        f"/widgets/petitions/{petitions.open}/signatures",
        content=deep,
        headers={"content-type": "application/json"},
    )

    # then it is refused, saying how deep JSON may go
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "bad_json"
    assert "deeper than 32" in refused.json()["error"]["message"]


def raw_request(base: str, method: str, target: str, body: bytes = b"") -> tuple[int, bytes]:
    """Send a request whose address no HTTP client library lets through (they stop at
    64 KB), and read its whole answer: the status and the body."""
    address = urlsplit(base)
    head = (
        f"{method} {target} HTTP/1.1\r\nHost: {address.netloc}\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    with socket.create_connection((address.hostname, address.port), timeout=60) as connection:
        connection.sendall(head.encode() + body)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


@pytest.fixture
def logged_hub(demo_database_url: str, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A live hub, and the file its log (the access log among it) is written to."""
    log = tmp_path / "hub.log"
    with live_hub(demo_database_url, log=log) as base:
        yield base, log


def every_route(base: str, slug: str) -> list[tuple[int, bytes]]:
    signer = b'{"name": "Amal", "email": "amal@example.org"}'
    return [
        raw_request(base, "GET", f"/widgets/petitions/{slug}"),
        raw_request(base, "GET", f"/widgets/petitions/{slug}/frame"),
        raw_request(base, "GET", f"/widgets/petitions/{slug}/events"),
        raw_request(base, "POST", f"/widgets/petitions/{slug}/signatures", signer),
    ]


def test_a_long_slug_is_a_404_in_a_few_words_and_a_short_line_of_the_log(
    logged_hub: tuple[str, Path],
) -> None:
    # when every widget route is asked for a petition whose slug is 20 000 characters long
    base, log = logged_hub
    answers = every_route(base, "a" * 20_000)

    # then each is a 404 naming the petition in a few words, and one short line of the log
    for status, body in answers:
        assert status == 404
        assert len(body) < 1000 and "(20000 characters)" in body.decode()
    lines = [line for line in log.read_text().splitlines() if "aaaaaaaaaa" in line]
    assert len(lines) == len(answers)
    # (the access line: time, request id, route, status, and the path cut to 200 characters)
    assert all(len(line) < 600 and re.search(r"… \(200\d\d characters\)", line) for line in lines)


def test_a_slug_of_2_mb_is_refused_and_logged_once_without_it(
    logged_hub: tuple[str, Path],
) -> None:
    # when every widget route is asked for a petition whose slug is 2 MB long
    base, log = logged_hub
    answers = every_route(base, "a" * 2_000_000)

    # then the server refuses each request as malformed before the hub reads it: a 400, one
    # line of the log each, which does not repeat the address
    assert [status for status, _ in answers] == [400] * len(answers)
    text = log.read_text()
    assert text.count("Invalid HTTP request received.") == len(answers)
    assert "aaaaaaaaaa" not in text
