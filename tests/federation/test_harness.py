"""The federation harness proved on the hub: its monolith, alone behind an Apollo Gateway.

The monolith at ``/graphql`` is a federation v2 subgraph, so Apollo's composition must
accept it as the one subgraph of a supergraph, and the gateway must answer what the hub
answers, passing the client's Authorization and Accept-Language headers on to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.federation.node import (
    Composition,
    Subgraph,
    compose,
    running_gateway,
    without_extensions,
)
from tests.live import live_hub

ORGANISATIONS = "{ organisations(first: 3) { edges { node { id slug name { text } } } } }"
CO_SIGN = 'mutation { coSignStatement(input: {statementId: "U3RhdGVtZW50OjE="}) { alreadySigned } }'


def post(url: str, query: str, **headers: str) -> httpx.Response:
    """POST ``query`` to a GraphQL endpoint, as a client outside the hub would."""
    return httpx.post(url, json={"query": query}, headers=headers, timeout=30)


@pytest.fixture(scope="module")
def hub(demo_database_url: str) -> Iterator[str]:
    """The URL of a live hub's ``/graphql`` on the demo network."""
    with live_hub(demo_database_url) as base:
        yield f"{base}/graphql"


@pytest.fixture(scope="module")
def composition(hub: str) -> Composition:
    """The live hub's own SDL, composed as the one subgraph ``hub``."""
    sdl = post(hub, "{ _service { sdl } }").json()["data"]["_service"]["sdl"]
    return compose([Subgraph(name="hub", url=hub, sdl=sdl)])


@pytest.fixture(scope="module")
def gateway(composition: Composition) -> Iterator[str]:
    """The URL of an Apollo Gateway in front of the live hub."""
    assert composition.supergraph_sdl is not None, composition.errors
    with running_gateway(composition.supergraph_sdl) as url:
        yield url


def test_the_hub_composes_as_one_subgraph(composition: Composition) -> None:
    # then
    assert composition.errors == ()
    assert composition.supergraph_sdl is not None
    assert "join__Graph" in composition.supergraph_sdl


def test_the_gateway_answers_as_the_hub_does(hub: str, gateway: str) -> None:
    # when
    direct = post(hub, ORGANISATIONS)
    through = post(gateway, ORGANISATIONS)

    # then
    assert direct.status_code == through.status_code == 200
    assert len(direct.json()["data"]["organisations"]["edges"]) == 3
    assert without_extensions(through.json()) == without_extensions(direct.json())


def test_the_gateway_passes_the_bearer_token_on(gateway: str) -> None:
    # when
    anonymous = post(gateway, ORGANISATIONS).json()
    bad_token = post(gateway, ORGANISATIONS, Authorization="Bearer not-a-token").json()

    # then the hub, not the gateway, refused the token: only the hub can say 401 here
    assert "errors" not in anonymous
    [error] = bad_token["errors"]
    refusal: dict[str, Any] = error["extensions"]["response"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert refusal["status"] == 401
    assert refusal["body"]["errors"][0]["message"].startswith("Invalid access token")


def test_the_gateway_passes_accept_language_on(hub: str, gateway: str) -> None:
    # when
    direct = without_extensions(post(hub, ORGANISATIONS, **{"Accept-Language": "en"}).json())
    through = without_extensions(post(gateway, ORGANISATIONS, **{"Accept-Language": "en"}).json())
    originals = without_extensions(post(gateway, ORGANISATIONS).json())

    # then the demo network has organisations named in other languages first
    assert through == direct
    assert through != originals


def test_the_hub_still_guards_scoped_fields_behind_the_gateway(hub: str, gateway: str) -> None:
    # given the gateway does not enforce @requiresScopes (see gateway.mjs)

    # when a mutation that needs `statements:sign` comes without a token
    direct = post(hub, CO_SIGN).json()
    through = post(gateway, CO_SIGN).json()

    # then the hub refuses it either way
    assert direct["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert through["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert through["errors"][0]["message"] == direct["errors"][0]["message"]
