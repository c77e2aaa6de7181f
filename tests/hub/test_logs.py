"""The hub's log: one JSON object per line (or text, as set), every line of a request carrying
its id — the caller's trace id when it sent a ``traceparent`` — which the answer returns in
``X-Request-Id``; faults logged once with their reference; long inputs cut."""

from __future__ import annotations

import io
import json
import logging
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from hub.logs import MAX_CHARS, MAX_EXCEPTION_CHARS, handler_for
from hub.readiness import Readiness
from hub.settings import Settings
from tests.conftest import hub_client
from tests.live import live_hub

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"
REQUEST_ID = re.compile(r"^[0-9a-f]{32}$")


def lines_of(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """What the hub logs in this process, as ``hub serve`` writes it in JSON."""
    stream = io.StringIO()
    handler = handler_for(Settings(log_format="json"), stream)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def test_a_served_hubs_lines_are_json_and_each_request_has_an_access_line(
    database_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "hub.log"
    with live_hub(database_url, log=log, log_format="json") as base:
        # when a request continues a caller's trace, and two others start none
        traced = httpx.get(f"{base}/ready", headers={"traceparent": TRACEPARENT})
        fresh = [httpx.get(f"{base}/widgets/petitions/nowhere") for _ in range(2)]
        bad_parent = httpx.get(f"{base}/health", headers={"traceparent": "00-zz-11-01"})
    lines = lines_of(log.read_text())

    # then the traced one's id is the trace's, and the others have ids of their own
    assert traced.headers["x-request-id"] == TRACE_ID
    ids = [r.headers["x-request-id"] for r in [*fresh, bad_parent]]
    assert all(REQUEST_ID.match(i) for i in ids) and len(set(ids)) == 3
    assert TRACE_ID not in ids
    # and every line the server wrote is a JSON object with a time, a level and a message
    assert lines and all({"time", "level", "message"} <= set(line) for line in lines)
    # and each request has one access line naming its route, status and duration
    access = {line["request_id"]: line for line in lines if line["logger"] == "hub.access"}
    assert access[TRACE_ID]["route"] == "/ready" and access[TRACE_ID]["status"] == 200
    assert access[ids[0]]["route"] == "/widgets/petitions/{slug}"
    assert access[ids[0]]["status"] == 404
    assert all(access[i]["duration_ms"] >= 0 for i in [TRACE_ID, *ids])
    assert [line["request_id"] for line in lines if line["logger"] == "hub.access"].count(
        TRACE_ID
    ) == 1


def test_a_masked_fault_is_logged_once_with_its_reference_and_the_request_id(
    database_url: str, json_log: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a fault in the hub's code under a field
    async def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("the search index fell over")

    monkeypatch.setattr("schema.alerts.queries.search_alerts", broken)

    # when a client asks for that field
    with hub_client(database_url) as hub:
        response = hub.post(
            "/graphql",
            json={"query": '{ alerts(filter: {search: "radio"}) { totalCount } }'},
            headers={"traceparent": TRACEPARENT},
        )

    # then the client sees a reference and nothing of the fault
    (error,) = response.json()["errors"]
    reference = error["extensions"]["reference"]
    assert error["message"] == f"Unexpected error (reference {reference})."
    assert "fell over" not in response.text
    # and the log has the fault once, whole, with the reference and the request's id
    lines = lines_of(json_log.getvalue())
    faults = [line for line in lines if reference in line["message"]]
    assert len(faults) == 1
    assert faults[0]["error_reference"] == reference
    assert faults[0]["request_id"] == TRACE_ID == response.headers["x-request-id"]
    assert "fell over" in faults[0]["exception"]
    # and every line written while the request was served carries its id
    assert {line["request_id"] for line in lines if line["request_id"]} == {TRACE_ID}
    assert [line["logger"] for line in lines if line["request_id"]].count("hub.access") == 1


def test_a_fault_no_route_answered_is_a_500_with_a_reference_logged_once(
    database_url: str, json_log: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_args: object) -> object:
        raise RuntimeError("readiness broke")

    monkeypatch.setattr(Readiness, "answer", broken)
    with hub_client(database_url) as hub:
        response = hub.get("/ready")

    assert response.status_code == 500
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "readiness broke" not in response.text and "Traceback" not in response.text
    reference = error["extensions"]["reference"]
    lines = lines_of(json_log.getvalue())
    faults = [line for line in lines if line.get("error_reference") == reference]
    assert len(faults) == 1 and "readiness broke" in faults[0]["exception"]
    assert faults[0]["request_id"] == response.headers["x-request-id"]
    (access,) = [line for line in lines if line["logger"] == "hub.access"]
    assert access["status"] == 500 and access["route"] == "/ready"


def raw_get(base: str, target: str) -> tuple[int, str]:
    """GET ``target`` over a plain socket; the answer's status and X-Request-Id."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=60) as connection:
        request = f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        connection.sendall(request.encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head = answer.split(b"\r\n\r\n", 1)[0].decode()
    status = int(head.split(" ", 2)[1])
    headers = dict(line.split(": ", 1) for line in head.split("\r\n")[1:] if ": " in line)
    return status, {k.lower(): v for k, v in headers.items()}.get("x-request-id", "")


def test_a_2_mb_slug_in_a_path_is_refused_by_the_server_and_not_logged(
    database_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "hub.log"

    # when a client sends a 2 MB slug in a path
    with live_hub(database_url, log=log, log_format="json") as base:
        status, _ = raw_get(base, f"/widgets/petitions/{'s' * 2_000_000}")
    lines = lines_of(log.read_text())

    # then the server refuses the request before the hub reads it, and logs that once,
    # without the slug
    assert status == 400
    refused = [line for line in lines if line["message"] == "Invalid HTTP request received."]
    assert len(refused) == 1
    assert all(len(json.dumps(line)) < MAX_CHARS for line in lines)


def test_a_2_mb_slug_a_fault_carries_is_logged_cut_and_once(
    database_url: str, json_log: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    slug = "s" * 2_000_000

    # given a fault whose error holds everything the read was given
    async def broken(*args: object) -> object:
        raise RuntimeError(f"could not read {args!r}")

    monkeypatch.setattr("schema.reads.plans.run", broken)
    monkeypatch.setattr("schema.reads.roots.run", broken)

    # when a client asks for a petition by a 2 MB slug
    with hub_client(database_url, max_body_bytes=4_000_000) as hub:
        response = hub.post(
            "/graphql",
            json={
                "query": "query($slug: String!) { petition(slug: $slug) { title { text } } }",
                "variables": {"slug": slug},
            },
        )

    # then the client reads a reference, and the log holds the fault once, cut
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    written = json_log.getvalue()
    lines = lines_of(written)
    (fault,) = [line for line in lines if line.get("error_reference")]
    assert "s" * 100 in fault["exception"] and "characters)" in fault["exception"]
    assert len(fault["exception"]) <= MAX_EXCEPTION_CHARS + 100
    assert sum("s" * 100 in line for line in written.splitlines()) == 1
    assert len(written) < 2 * MAX_EXCEPTION_CHARS


def test_text_logs_carry_the_request_id_too(database_url: str, tmp_path: Path) -> None:
    log = tmp_path / "hub.log"
    with live_hub(database_url, log=log, log_format="text") as base:
        httpx.get(f"{base}/health", headers={"traceparent": TRACEPARENT})
    (access,) = [line for line in log.read_text().splitlines() if TRACE_ID in line]
    assert " INFO hub.access " in access
    assert f"[{TRACE_ID}] GET /health 200" in access
    with pytest.raises(json.JSONDecodeError):
        json.loads(access)


def test_a_database_gone_away_is_one_line_and_a_fault_keeps_its_trace() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("hub.tests.lost")
    logger.addHandler(handler_for(Settings(log_format="json"), stream))
    logger.propagate = False
    try:
        for error in (ConnectionRefusedError(111, "Connection refused"), KeyError("slug")):
            try:
                raise error
            except Exception:
                logger.warning("Failed to restore the pool connection floor", exc_info=True)
    finally:
        logger.handlers.clear()
        logger.propagate = True
    away, fault = lines_of(stream.getvalue())

    assert away["message"] == (
        "Failed to restore the pool connection floor:"
        " ConnectionRefusedError(111, 'Connection refused')"
    )
    assert "exception" not in away
    assert "Traceback" in fault["exception"] and "KeyError" in fault["exception"]
