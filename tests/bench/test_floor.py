"""The floor serves the captured answer byte for byte, and stops with its process group."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
from starlette.testclient import TestClient

from bench.floor import BODY_FILE_VARIABLE, create_floor_app
from bench.run import REPOSITORY
from bench.servers import ServerSpec, free_port, running, uvicorn_command

CAPTURED = '{"data":{"campaign":{"slug":"day-to-end-impunity","title":{"text":"Día"}}}}'.encode()


def test_the_floor_answers_any_post_with_the_captured_bytes() -> None:
    # given
    client = TestClient(create_floor_app(CAPTURED))

    # when
    response = client.post("/graphql", json={"query": "{ campaign { slug } }"})

    # then
    assert response.status_code == 200
    assert response.content == CAPTURED
    assert response.headers["content-type"] == "application/json"


def test_the_floor_serves_the_captured_petition_card() -> None:
    client = TestClient(create_floor_app(CAPTURED, counter=b'{"signatureCount":12}'))
    response = client.get("/counter")
    assert response.status_code == 200
    assert response.content == b'{"signatureCount":12}'


def test_the_floor_server_process_serves_the_file_and_is_stopped(tmp_path: Path) -> None:
    # given the captured answer in a file, and the floor as the bench starts it
    body = tmp_path / "answer.json"
    body.write_bytes(CAPTURED)
    port = free_port()
    spec = ServerSpec(
        name="floor-test",
        command=uvicorn_command("bench.floor:create_floor_app", port),
        environment={BODY_FILE_VARIABLE: str(body), "PYTHONPATH": str(REPOSITORY)},
        ready_probe=None,
        cwd=REPOSITORY,
    )

    # when
    with running(spec, port, tmp_path / "logs") as floor:
        served = httpx.post(floor.graphql_url, json={"query": "{ __typename }"}).content
        pid = floor.pid

    # then
    assert served == CAPTURED
    assert not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
