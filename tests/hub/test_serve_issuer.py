"""`hub serve --port N` names the address it serves as the tokens' issuer, unless told one."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from hub.cli import served_address
from tests.live import HUB, free_port, wait_until_healthy


@contextmanager
def serving(database_url: str, port: int, **environment: str) -> Iterator[str]:
    env = {k: v for k, v in os.environ.items() if k != "HUB_ISSUER"}
    env.update(HUB_DATABASE_URL=database_url, HUB_LOAD_DEMO_NETWORK="false", **environment)
    server = subprocess.Popen(
        [HUB, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(server, f"{base}/health")
        yield base
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_the_issuer_is_the_port_served(database_url: str) -> None:
    # when the hub is served on a port other than 8000, HUB_ISSUER unset
    port = free_port()
    with serving(database_url, port) as base:
        metadata = httpx.get(f"{base}/.well-known/oauth-authorization-server").json()

    # then its metadata names that port
    assert metadata["issuer"] == f"http://127.0.0.1:{port}"
    assert metadata["token_endpoint"] == f"http://127.0.0.1:{port}/oauth/token"


def test_hub_issuer_wins_over_the_port(database_url: str) -> None:
    # when the operator names the issuer (the https address behind the proxy)
    with serving(database_url, free_port(), HUB_ISSUER="https://hub.example.org") as base:
        metadata = httpx.get(f"{base}/.well-known/oauth-authorization-server").json()

    # then that is the issuer
    assert metadata["issuer"] == "https://hub.example.org"


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.0.0.1", "http://127.0.0.1:9000"),
        ("0.0.0.0", "http://127.0.0.1:9000"),
        ("hub.internal", "http://hub.internal:9000"),
        ("::1", "http://[::1]:9000"),
    ],
)
def test_the_address_served_is_one_a_client_reaches(host: str, address: str) -> None:
    assert served_address(host, 9000) == address
