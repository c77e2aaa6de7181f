"""Hive Gateway run with exactly the configuration ``hub schema export`` writes, in front of a
live hub: it answers what the hub answers, passes the hub's headers on, and refuses hostile
queries itself, with the hub's limits, before any subgraph hears of them.

Whether a request reached the hub is read from the hub's own access log: a refusal at the
gateway leaves no line there.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from hub.settings import Settings
from schema.export import export
from tests.databases import Databases, fill
from tests.federation.node import (
    Subgraph,
    compose,
    mesh_compose,
    running_gateway,
    running_hive_gateway,
    without_extensions,
)
from tests.federation.test_gateway import sdl_of
from tests.live import HUB, live_hub

SETTINGS = Settings()
"""The hub's settings, the live hub's and the exported configuration's alike."""


@dataclass(frozen=True)
class Deployment:
    gateway: str
    hub: str
    hub_log: Path
    database_url: str

    def subgraph_requests(self) -> int:
        """How many requests the hub's subgraph routes have received so far."""
        return len(
            re.findall(r"hub\.access .*POST /subgraphs/\w+/graphql \d{3}", self.hub_log.read_text())
        )

    def subgraph_requests_since(self, before: int, seconds: float = 10.0) -> int:
        """How many requests the subgraph routes have received, once more than ``before``
        have and no more come for half a second (the hub logs a request once it has
        answered it, a moment after the gateway may have passed the answer on)."""
        ends = time.monotonic() + seconds
        seen = self.subgraph_requests()
        while time.monotonic() < ends:
            time.sleep(0.5)
            now = self.subgraph_requests()
            if now == seen and now > before:
                return now
            seen = now
        return seen

    def through_gateway(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        response = httpx.post(
            self.gateway, json={"query": query, "variables": variables or {}}, timeout=60
        )
        return response.json()


@pytest.fixture(scope="module")
def deployment(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from fixtures import load_network

    database_url = databases.new()  # a member co-signs here
    fill(database_url, lambda: load_network("demo"))
    folder = tmp_path_factory.mktemp("hive-gateway")
    hub_log = folder / "hub.log"
    with live_hub(database_url, log=hub_log) as hub:
        export(folder, f"{hub}/subgraphs/{{name}}/graphql", SETTINGS)
        mesh_compose(folder)
        with running_hive_gateway(folder) as gateway:
            yield Deployment(gateway, hub, hub_log, database_url)


def nested(depth: int) -> str:
    """A query ``depth`` levels deep as the hub counts depth (the root fields at 0): from
    organisations to the countries they work in, to those countries' members, and on."""
    hops = ["countriesOfWork(first: 1)", "nodes", "members(first: 1)", "nodes"]
    fields = ["organisations(first: 1)", "nodes"]
    while len(fields) < depth:
        fields.append(hops[(len(fields) - 2) % len(hops)])
    query = "id" if fields[depth - 1] == "nodes" else "totalCount"
    for field in reversed(fields[:depth]):
        query = f"{field} {{ {query} }}"
    return f"{{ {query} }}"


def aliased(count: int) -> str:
    return "{ " + " ".join(f"a{i}: network {{ name }}" for i in range(count)) + " }"


FAN_OUT = (
    "query { ...F0 }\n"
    + "\n".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(30))
    + "\nfragment F30 on Query { network { name } }"
)
"""Thirty fragments, each spreading the next twice: 2^30 fields once expanded."""


def costing(first: int) -> str:
    return (
        f"{{ organisations(first: {first}) {{ nodes {{ countriesOfWork(first: {first}) {{"
        f" nodes {{ members(first: {first}) {{ nodes {{ id }} }} }} }} }} }} }}"
    )


def test_the_exported_configuration_carries_the_hubs_limits(deployment: Deployment) -> None:
    config = (deployment.hub_log.parent / "gateway.config.ts").read_text()
    assert f"maxTokens: {SETTINGS.max_query_tokens}," in config
    assert f"maxCost: {SETTINGS.max_query_cost}," in config
    assert f"maxAliasesPlugin({{ n: {SETTINGS.max_aliases} }})" in config


@pytest.mark.parametrize(
    ("name", "allowed", "refused", "message"),
    [
        ("depth", nested(SETTINGS.max_query_depth), nested(52), "depth limit"),
        ("aliases", aliased(SETTINGS.max_aliases), aliased(40), "Aliases limit"),
        ("cost", costing(20), costing(100), "exceeded configured maximum"),
    ],
)
def test_the_gateway_applies_the_hubs_limits_before_asking_the_hub(
    deployment: Deployment, name: str, allowed: str, refused: str, message: str
) -> None:
    # when a query at the hub's limit and one over it go through the gateway
    before = deployment.subgraph_requests()
    answered = deployment.through_gateway(allowed)
    between = deployment.subgraph_requests_since(before)
    refusal = deployment.through_gateway(refused)

    # then the first is answered by the hub, and the second refused by the gateway: the hub
    # heard nothing of it
    assert "errors" not in answered, answered
    assert between > before
    assert refusal.get("data") is None
    assert message in refusal["errors"][0]["message"], refusal
    assert deployment.subgraph_requests() == between


def test_fragments_fanning_out_are_refused_by_the_gateway(deployment: Deployment) -> None:
    # when a document whose fragments expand to 2^30 fields goes through the gateway
    deployment.through_gateway("{ network { name } }")
    before = deployment.subgraph_requests_since(0)
    refusal = deployment.through_gateway(FAN_OUT)

    # then the gateway refuses it, as the hub would, without asking the hub
    assert before > 0
    assert refusal.get("data") is None
    assert refusal["errors"][0]["extensions"]["code"] == "QUERY_TOO_LARGE"
    assert "once its fragments are expanded" in refusal["errors"][0]["message"]
    assert deployment.subgraph_requests() == before


ENTITIES = """query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Organisation { slug } }
}"""


def test_hostile_requests_are_refused_while_health_answers(deployment: Deployment) -> None:
    # given a hostile request of each kind, and 3 000 references sent straight to a subgraph
    references = [{"__typename": "Organisation", "id": "T3JnYW5pc2F0aW9uOjE="}] * 3000
    gateway = [nested(52), aliased(40), FAN_OUT, costing(100)]

    def entities() -> Any:
        return httpx.post(
            f"{deployment.hub}/subgraphs/network/graphql",
            json={"query": ENTITIES, "variables": {"representations": references}},
            timeout=60,
        ).json()

    # when they are all sent at once, four times over, while health is asked
    with ThreadPoolExecutor(max_workers=8) as pool:
        hostile = [pool.submit(deployment.through_gateway, q) for q in gateway * 4]
        hostile += [pool.submit(entities) for _ in range(4)]
        health = []
        while not all(future.done() for future in hostile):
            health.append(httpx.get(f"{deployment.hub}/health", timeout=30).status_code)
            gateway_health = deployment.gateway.removesuffix("/graphql") + "/healthcheck"
            health.append(httpx.get(gateway_health, timeout=30).status_code)
        answers = [future.result() for future in hostile]

    # then every one is refused, none with data, and health answered all along
    assert all(answer.get("data") is None and answer["errors"] for answer in answers)
    assert "at most 100 representations" in answers[-1]["errors"][0]["message"]
    assert answers[-1]["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert set(health) <= {200}


ORGANISATIONS = "{ organisations(first: 3) { nodes { id slug name { text language } } } }"


def test_the_gateway_answers_as_the_hub_and_passes_the_language_on(
    deployment: Deployment,
) -> None:
    # when the same query is asked of the hub and of the gateway, in French
    french = {"Accept-Language": "fr"}
    direct = httpx.post(f"{deployment.hub}/graphql", json={"query": ORGANISATIONS}, headers=french)
    through = httpx.post(deployment.gateway, json={"query": ORGANISATIONS}, headers=french)

    # then the answers are the same, in French where the network has French names
    assert without_extensions(through.json()) == without_extensions(direct.json())


def test_the_gateway_passes_the_token_on(deployment: Deployment) -> None:
    # when a bad token comes through the gateway
    answer = httpx.post(
        deployment.gateway,
        json={"query": ORGANISATIONS},
        headers={"Authorization": "Bearer not-a-token"},
    ).json()

    # then the hub, which alone can read tokens, refused it
    assert "Invalid access token" in str(answer), answer


CO_SIGN = """mutation($id: ID!) {
  coSignStatement(input: {statementId: $id, signedBy: "Director"}) {
    alreadySigned
    signature { signedBy organisation { slug name { text } } statement { slug } }
    errors { code message }
  }
}"""
SIGNATORIES = """query($id: ID!) {
  node(id: $id) { ... on Statement { signatories(first: 100) { nodes { organisation { slug } } } } }
}"""


def test_one_key_through_two_gateways_is_one_write(deployment: Deployment) -> None:
    # given a member's token, an open statement it has not signed, and Apollo Gateway beside
    # Hive Gateway in front of the same hub
    hub_graphql = f"{deployment.hub}/graphql"
    token = member_token(deployment, CCPJ, "statements:sign")
    statement = unsigned_open_statement(hub_graphql, CCPJ)
    subgraphs = [
        Subgraph(name, url, sdl_of(url))
        for name, url in (
            (name, f"{deployment.hub}/subgraphs/{name}/graphql")
            for name in ("network", "campaigns", "statements", "alerts")
        )
    ]
    composition = compose(subgraphs)
    assert composition.supergraph_sdl is not None, composition.errors
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "one-write-two-gateways"}
    request = {"query": CO_SIGN, "variables": {"id": statement}}

    # when the member co-signs through Apollo Gateway, then sends the same request again
    # through Hive Gateway (as a client does when its first gateway timed out)
    with running_gateway(composition.supergraph_sdl) as apollo:
        first = httpx.post(apollo, json=request, headers=headers, timeout=60).json()
    again = httpx.post(deployment.gateway, json=request, headers=headers, timeout=60).json()

    # then the hub wrote it once, and the second gateway's client got the first answer
    payload = first["data"]["coSignStatement"]
    assert payload["errors"] == [] and payload["alreadySigned"] is False
    assert payload["signature"]["organisation"]["name"]["text"]
    assert without_extensions(again) == without_extensions(first)
    after = httpx.post(hub_graphql, json={"query": SIGNATORIES, "variables": {"id": statement}})
    nodes = after.json()["data"]["node"]["signatories"]["nodes"]
    assert [node["organisation"]["slug"] for node in nodes].count(CCPJ) == 1


CCPJ = "canadian-committee-to-protect-journalists"
OPEN_STATEMENTS = """query($slug: String!) {
  open: statements(first: 20, filter: {status: OPEN}) { nodes { id openToAllMembers } }
  signed: statements(first: 100, filter: {signedBy: $slug}) { nodes { id } }
}"""


def member_token(deployment: Deployment, slug: str, scopes: str) -> str:
    database = {"HUB_DATABASE_URL": deployment.database_url, "HUB_LOAD_DEMO_NETWORK": "false"}
    created = subprocess.run(
        [HUB, "clients", "create", "--org", slug, "--scopes", scopes],
        env={**os.environ, **database},
        capture_output=True,
        text=True,
        check=True,
    )
    credentials = json.loads(created.stdout)
    answer = httpx.post(
        f"{deployment.hub}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(credentials["client_id"], credentials["client_secret"]),
    )
    return str(answer.json()["access_token"])


def unsigned_open_statement(hub_graphql: str, slug: str) -> str:
    found = httpx.post(
        hub_graphql, json={"query": OPEN_STATEMENTS, "variables": {"slug": slug}}
    ).json()["data"]
    signed = {node["id"] for node in found["signed"]["nodes"]}
    return str(
        next(
            s["id"]
            for s in found["open"]["nodes"]
            if s["openToAllMembers"] and s["id"] not in signed
        )
    )
