"""The `hub` command as a newcomer runs it: first `hub serve` on an empty database."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.databases import BACKEND
from tests.live import HUB, free_port


@pytest.mark.skipif(BACKEND != "sqlite", reason="the embedded default is SQLite")
def test_first_serve_migrates_and_loads_the_demo_network(tmp_path: Path) -> None:
    # given an empty directory and no database
    port = free_port()
    env = {**os.environ, "HUB_DATABASE_URL": f"sqlite://{tmp_path / 'hub.sqlite3'}"}

    # when `hub serve` starts there
    server = subprocess.Popen(
        [HUB, "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if httpx.get(f"{url}/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        answer = httpx.post(f"{url}/graphql", json={"query": "{ network { memberCount } }"})
        graphiql = httpx.get(f"{url}/graphql", headers={"accept": "text/html"})
    finally:
        server.send_signal(signal.SIGINT)
        output = server.communicate(timeout=30)[0].decode()

    # then the demo network answers, GraphiQL is served, and the server stopped cleanly
    assert answer.json()["data"]["network"]["memberCount"] > 119
    assert "graphiql" in graphiql.text.lower()
    assert server.returncode == 0, output
    assert "Traceback" not in output


def test_schema_export_writes_the_sdl(tmp_path: Path) -> None:
    # when
    subprocess.run([HUB, "schema", "export", "--out", str(tmp_path / "s.graphql")], check=True)
    # then
    assert "type Organisation implements Node" in (tmp_path / "s.graphql").read_text()


def test_seed_refuses_a_database_already_holding_a_network(demo_database_url: str) -> None:
    # when
    result = subprocess.run(
        [HUB, "seed"],
        env={**os.environ, "HUB_DATABASE_URL": demo_database_url},
        capture_output=True,
        text=True,
    )
    # then
    assert result.returncode == 1
    assert "Error:" in result.stderr and "Traceback" not in result.stderr
