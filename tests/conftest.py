"""Shared fixtures: databases, a hub on each, and a GraphQL helper."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from argon2 import PasswordHasher, profiles
from starlette.testclient import TestClient

from auth import passwords
from hub.app import create_app
from hub.settings import Settings
from tests.databases import Databases, fill, session_databases

# the ledgers' signing key is made in the data directory: one of the session's own, never
# the working tree (servers started by tests inherit it, and so sign with the same key)
if "HUB_DATA_DIR" not in os.environ:
    os.environ["HUB_DATA_DIR"] = tempfile.mkdtemp(prefix="hub-test-data-")
    atexit.register(shutil.rmtree, os.environ["HUB_DATA_DIR"], ignore_errors=True)

# argon2 at its cheapest in the tests' own process: microseconds a hash instead of 150 ms of
# CPU, which the suite spent on every client and staff user it made, and every token asked
# for. The hashes are argon2id still (each says its parameters, so the hubs the tests start
# verify them as cheaply). The tests of hashing itself take the hub's own (``hub_argon2``).
passwords._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)


@pytest.fixture
def hub_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 at the hub's own parameters for this test: use it autouse, so that it comes
    before the fixtures that hash."""
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher.from_parameters(passwords.PARAMETERS))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow modules first, then those with the most tests: run in parallel (``--dist
    loadscope`` hands out modules in this order), the slow ones then run beside the rest
    instead of ending the run alone."""
    tests_in = Counter(item.nodeid.partition("::")[0] for item in items)
    items.sort(
        key=lambda item: (
            item.get_closest_marker("slow") is None,
            -tests_in[item.nodeid.partition("::")[0]],
        )
    )


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    with session_databases(tmp_path_factory.mktemp("databases")) as made:
        yield made


@pytest.fixture
def database_url(databases: Databases) -> Iterator[str]:
    """A database with the schema and countries, and nothing else, for this test alone."""
    url = databases.lend()
    yield url
    databases.give_back(url)


@pytest.fixture(scope="session")
def demo_database_url(databases: Databases) -> str:
    """A database holding the demo network; tests must only read it."""
    from fixtures import load_network

    url = databases.new()
    fill(url, lambda: load_network("demo"))
    return url


def hub_client(
    database_url: str, peer: tuple[str, int] = ("testclient", 50000), **settings: Any
) -> TestClient:
    """A client of a hub on ``database_url``, its requests coming from ``peer``."""
    # the OAuth endpoints accept plain http from loopback only, as Authlib does
    # mail is sent only by the tests that read it (their outbox's statements would be
    # counted with the others')
    settings.setdefault("outbox_sender", False)
    app = create_app(Settings(database_url=database_url, load_demo_network=False, **settings))
    return TestClient(app, base_url="http://127.0.0.1", client=peer)


@pytest.fixture(scope="session")
def demo_hub(demo_database_url: str) -> Iterator[TestClient]:
    """The hub serving the demo network."""
    with hub_client(demo_database_url) as client:
        yield client


class GraphQLClient:
    def __init__(self, client: TestClient) -> None:
        self.client = client

    def post(self, query: str, variables: dict[str, Any] | None = None, **headers: str) -> Any:
        response = self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        return response.json()

    def data(self, query: str, variables: dict[str, Any] | None = None, **headers: str) -> Any:
        """The ``data`` of a query that must succeed."""
        body = self.post(query, variables, **headers)
        assert "errors" not in body, body["errors"]
        return body["data"]

    def errors(self, query: str, variables: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The errors of a query that must fail."""
        body = self.post(query, variables)
        assert body.get("errors"), body
        return list(body["errors"])


@pytest.fixture(scope="session")
def demo(demo_hub: TestClient) -> GraphQLClient:
    return GraphQLClient(demo_hub)
