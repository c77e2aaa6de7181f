"""The supergraph: the hub's subgraphs and a member's own, composed by Apollo's composition and
served by a real Apollo Gateway, answer as the monolith does.

The network subgraph runs alone (``hub serve --subgraph network``); the campaigns,
statements and alerts subgraphs are served by a second hub at ``/subgraphs/NAME/graphql``, beside
the monolith the answers are compared with; the member's subgraph is the example in
``examples/member-subgraph``. Everything listens on loopback and stops with the module.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench.queries import DASHBOARD_QUERIES, DashboardQuery
from bench.statements import hub_statements
from bench.targets import Targets
from hub.settings import Settings
from schema.export import export
from tests.databases import Databases, fill
from tests.federation.node import (
    Composition,
    Subgraph,
    compose,
    mesh_compose,
    running_gateway,
    without_extensions,
)
from tests.live import HUB, free_port, live_hub, wait_until_healthy

pytestmark = pytest.mark.slow

MEMBER_EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "member-subgraph"
CCPJ = "canadian-committee-to-protect-journalists"
SDL = "{ _service { sdl } }"


@dataclass(frozen=True)
class Federation:
    monolith: str
    """The monolith's ``/graphql``, on the same database."""
    gateway: str
    composition: Composition
    database_url: str
    targets: Targets

    def ask(
        self, url: str, query: str, variables: dict[str, Any] | None = None, **headers: str
    ) -> Any:
        response = httpx.post(
            url, json={"query": query, "variables": variables or {}}, headers=headers, timeout=60
        )
        assert response.status_code == 200, response.text
        return response.json()

    def both(self, query: str, variables: dict[str, Any] | None = None) -> tuple[Any, Any]:
        """The monolith's answer and the gateway's, to the same request, without extensions."""
        return (
            without_extensions(self.ask(self.monolith, query, variables)),
            without_extensions(self.ask(self.gateway, query, variables)),
        )


@contextmanager
def member_subgraph() -> Iterator[str]:
    """The member's example subgraph, on a loopback port, as its README runs it."""
    port = free_port()
    app = ["member_subgraph:app", "--app-dir", str(MEMBER_EXAMPLE)]
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", *app, "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(server, f"{base}/graphql?query=%7B__typename%7D")
        yield f"{base}/graphql"
    finally:
        server.terminate()
        server.wait(timeout=20)


def sdl_of(url: str) -> str:
    """A subgraph's SDL as a gateway or rover reads it: from ``_service { sdl }``."""
    response = httpx.post(url, json={"query": SDL}, timeout=30)
    assert response.status_code == 200, response.text
    return str(response.json()["data"]["_service"]["sdl"])


@pytest.fixture(scope="module")
def federation(databases: Databases) -> Iterator[Federation]:
    from fixtures import load_network

    database_url = databases.new()
    fill(database_url, lambda: load_network("demo"))
    targets, _ = hub_statements(database_url, DASHBOARD_QUERIES)
    with (
        live_hub(database_url) as hub,
        live_hub(database_url, subgraph="network", issuer=hub) as network,
        member_subgraph() as member,
    ):
        urls = {
            "network": f"{network}/graphql",
            "campaigns": f"{hub}/subgraphs/campaigns/graphql",
            "statements": f"{hub}/subgraphs/statements/graphql",
            "alerts": f"{hub}/subgraphs/alerts/graphql",
            "member": member,
        }
        composition = compose([Subgraph(name, url, sdl_of(url)) for name, url in urls.items()])
        assert composition.errors == ()
        assert composition.supergraph_sdl is not None
        with running_gateway(composition.supergraph_sdl) as gateway:
            yield Federation(f"{hub}/graphql", gateway, composition, database_url, targets)


def test_the_exported_subgraphs_compose_without_errors_or_hints(tmp_path: Path) -> None:
    # given the files `hub schema export --out DIR` writes
    export(tmp_path, "http://127.0.0.1:8000/subgraphs/{name}/graphql", Settings())
    names = [path.stem for path in sorted(tmp_path.glob("*.graphql")) if path.stem != "hub"]

    # when Apollo's composition composes them
    composition = compose(
        [
            Subgraph(
                name,
                f"http://127.0.0.1:8000/subgraphs/{name}/graphql",
                (tmp_path / f"{name}.graphql").read_text(),
            )
            for name in names
        ]
    )

    # then it reports nothing: no error, and no hint left to explain
    assert sorted(names) == ["alerts", "campaigns", "network", "statements"]
    assert composition.errors == ()
    assert composition.hints == ()


def test_the_exported_mesh_config_composes_with_hives_tools(tmp_path: Path) -> None:
    # given the files `hub schema export --out DIR` writes
    export(tmp_path, "http://hub-{name}.internal:8000/graphql", Settings())

    # when Hive's mesh-compose composes them from mesh.config.ts
    supergraph = mesh_compose(tmp_path)

    # then every subgraph is in the supergraph, at its routing URL
    for name in ("network", "campaigns", "statements", "alerts"):
        assert f'url: "http://hub-{name}.internal:8000/graphql"' in supergraph
    assert "type Organisation" in supergraph and "coSignedStatements" in supergraph


def test_the_supergraph_keeps_the_scopes_and_every_subgraph(federation: Federation) -> None:
    sdl = federation.composition.supergraph_sdl or ""

    assert federation.composition.hints == ()
    assert '@requiresScopes(scopes: [["statements:sign"]])' in sdl
    assert '@requiresScopes(scopes: [["hub:admin"]])' in sdl
    assert '@requiresScopes(scopes: [["alerts:write"]])' in sdl
    for name in ("NETWORK", "CAMPAIGNS", "STATEMENTS", "ALERTS", "MEMBER"):
        assert f'join__graph(name: "{name.lower()}"' in sdl


@pytest.mark.parametrize("query", DASHBOARD_QUERIES, ids=lambda query: query.name)
def test_dashboard_queries_answer_through_the_gateway_as_the_monolith_does(
    federation: Federation, query: DashboardQuery
) -> None:
    # when the dashboard asks the monolith and the gateway the same question
    monolith, gateway = federation.both(query.hub, query.hub_variables(federation.targets))

    # then the answers are the same, to the byte once parsed, and not empty
    assert "errors" not in monolith, monolith
    assert gateway == monolith


ONE_OF_EACH = """{
  organisations(first: 1) { nodes { id } }
  countries(first: 1) { nodes { id } }
  network { members(first: 1) { nodes { id } } }
  groups(first: 1) { nodes { id membershipHistory(first: 1) { nodes { id } } } }
  campaigns(first: 1) { nodes { id timeline(first: 1) { nodes { id } } } }
  petitions(first: 1) { nodes { id endorsements(first: 1) { nodes { id } } } }
  statements(first: 1, filter: {status: PUBLISHED}) {
    nodes { id signatories(first: 1) { nodes { id } } }
  }
  alerts(first: 1) { nodes { id } }
}"""

NODE = """query($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Organisation {
      slug campaigns { totalCount } coSignedStatements { totalCount } alerts { totalCount }
    }
    ... on Country { code members { totalCount } alerts(first: 1) { nodes { occurredOn } } }
    ... on NetworkMembership { joinedOn organisation { slug } }
    ... on Group { slug campaigns { totalCount } statements { totalCount } }
    ... on GroupMembership { role ofGroup: group { slug } }
    ... on Campaign { slug statements { totalCount } leadOrganisation { slug } }
    ... on Milestone { occurredOn ofCampaign: campaign { slug } }
    ... on Petition { slug campaign { slug } }
    ... on PetitionEndorsement { endorsedAt organisation { slug } }
    ... on Statement { slug status group { slug } }
    ... on StatementSignature { signedAt statement { slug } organisation { slug } }
    ... on Alert {
      occurredOn title { text } violations country { code } sourceOrganisation { slug }
    }
  }
}"""


def global_ids(value: Any) -> list[str]:
    """Every ``id`` in an answer, depth first."""
    if isinstance(value, dict):
        own = [value["id"]] if "id" in value else []
        return own + [found for child in value.values() for found in global_ids(child)]
    if isinstance(value, list):
        return [found for child in value for found in global_ids(child)]
    return []


def test_node_resolves_every_entity_type_through_the_gateway(federation: Federation) -> None:
    # given one global ID of each entity type of the network
    ids = global_ids(federation.ask(federation.monolith, ONE_OF_EACH)["data"])
    types = set()

    for node_id in ids:
        # when the gateway looks it up (the network subgraph answers `node`, each
        # type's own subgraph the rest)
        monolith, gateway = federation.both(NODE, {"id": node_id})

        # then it answers as the monolith does
        assert "errors" not in monolith, monolith
        assert gateway == monolith
        types.add(gateway["data"]["node"]["__typename"])

    assert types == {
        "Organisation",
        "Country",
        "NetworkMembership",
        "Group",
        "GroupMembership",
        "Campaign",
        "Milestone",
        "Petition",
        "PetitionEndorsement",
        "Statement",
        "StatementSignature",
        "Alert",
    }


def register_client(federation: Federation, slug: str, scopes: str) -> tuple[str, str]:
    database = {"HUB_DATABASE_URL": federation.database_url, "HUB_LOAD_DEMO_NETWORK": "false"}
    created = subprocess.run(
        [HUB, "clients", "create", "--org", slug, "--scopes", scopes],
        env={**os.environ, **database},
        capture_output=True,
        text=True,
        check=True,
    )
    credentials = json.loads(created.stdout)
    return credentials["client_id"], credentials["client_secret"]


OPEN_STATEMENTS = """query($slug: String!) {
  open: statements(first: 20, filter: {status: OPEN}) { nodes { id openToAllMembers } }
  signed: statements(first: 100, filter: {signedBy: $slug}) { nodes { id } }
}"""
SIGNATORIES = """query($id: ID!) {
  node(id: $id) { ... on Statement { signatories(first: 100) { nodes { organisation { slug } } } } }
}"""
CO_SIGN = """mutation($id: ID!) {
  coSignStatement(input: {statementId: $id, signedBy: "Director"}) {
    alreadySigned
    signature { signedBy organisation { slug name { text } } statement { slug } }
    errors { code message }
  }
}"""


def test_a_members_write_goes_through_the_gateway_with_its_token(federation: Federation) -> None:
    # given the member's client, its token from the hub, and an open statement it has not signed
    client_id, secret = register_client(federation, CCPJ, "statements:sign")
    hub = federation.monolith.removesuffix("/graphql")
    token = httpx.post(
        f"{hub}/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
    ).json()["access_token"]
    found = federation.ask(federation.monolith, OPEN_STATEMENTS, {"slug": CCPJ})["data"]
    signed = {node["id"] for node in found["signed"]["nodes"]}
    statement = next(
        s for s in found["open"]["nodes"] if s["openToAllMembers"] and s["id"] not in signed
    )

    # when it co-signs through the gateway, without and then with its token, then retries
    anonymous = federation.ask(federation.gateway, CO_SIGN, {"id": statement["id"]})
    member = {"Authorization": f"Bearer {token}", "Idempotency-Key": "co-sign-via-gateway"}
    signed_through = federation.ask(federation.gateway, CO_SIGN, {"id": statement["id"]}, **member)
    retried = federation.ask(federation.gateway, CO_SIGN, {"id": statement["id"]}, **member)

    # then the hub refused the first for want of a token, wrote the second once, and
    # answered its retry (whose follow-up reads carried the key too) with the first answer
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    payload = signed_through["data"]["coSignStatement"]
    assert payload["errors"] == [] and payload["alreadySigned"] is False
    assert payload["signature"]["organisation"]["slug"] == CCPJ
    assert payload["signature"]["organisation"]["name"]["text"]  # from the network subgraph
    after = federation.ask(federation.monolith, SIGNATORIES, {"id": statement["id"]})
    slugs = [n["organisation"]["slug"] for n in after["data"]["node"]["signatories"]["nodes"]]
    assert slugs.count(CCPJ) == 1
    assert retried == signed_through


MEMBER_AND_HUB = """query($slug: String!) {
  organisation(slug: $slug) {
    name { text }
    isMember
    campaigns { totalCount }
    coSignedStatements { totalCount }
    helpline { year casesOpened }
  }
}"""


def test_a_members_own_field_is_served_beside_the_hubs_in_one_query(
    federation: Federation,
) -> None:
    # when a dashboard asks for hub fields of three subgraphs and the member's own field
    ccpj = federation.ask(federation.gateway, MEMBER_AND_HUB, {"slug": CCPJ})
    other_slug = federation.ask(
        federation.monolith, "{ organisations(first: 2) { nodes { slug } } }"
    )["data"]["organisations"]["nodes"][-1]["slug"]
    other = federation.ask(federation.gateway, MEMBER_AND_HUB, {"slug": other_slug})

    # then the member's figures come with the hub's fields, which match the monolith's
    assert "errors" not in ccpj, ccpj
    organisation = ccpj["data"]["organisation"]
    assert organisation["helpline"] == [
        {"year": 2024, "casesOpened": 48},
        {"year": 2025, "casesOpened": 55},
    ]
    monolith = federation.ask(
        federation.monolith,
        MEMBER_AND_HUB.replace("helpline { year casesOpened }", ""),
        {"slug": CCPJ},
    )["data"]["organisation"]
    assert {key: value for key, value in organisation.items() if key != "helpline"} == monolith
    # and the member serves nothing for an organisation that is not its own
    assert other["data"]["organisation"]["helpline"] == []
