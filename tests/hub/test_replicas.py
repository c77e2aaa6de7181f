"""Two `hub serve` replicas on one PostgreSQL database serve one graph.

What one replica needs in order to answer (the keys that signed a token, its revocation,
the rotation of a refresh token, a write, the first answer to an Idempotency-Key) lives
in the database, never only in the memory of the replica that made it. PostgreSQL only:
an SQLite file is not served by two processes in production.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import OAuth2Client

from hub.models import AuditEntry, Organisation, StatementSignature
from hub.models.statements import StatementStatus
from tests import factories
from tests.auth.network import DASHBOARD_REDIRECT, PASSWORD, AuthNetwork, build_auth_network
from tests.auth.test_co_signing import CO_SIGN
from tests.auth.test_oauth_flows import VIEWER, graphql, sign_in_and_consent
from tests.auth.tokens import claims_like, statement_id
from tests.databases import BACKEND, Databases, fill
from tests.live import live_hub

pytestmark = pytest.mark.skipif(
    BACKEND != "postgres",
    reason="replicas share a PostgreSQL database: run with HUB_TEST_POSTGRES_URL",
)

ISSUER = "https://hub.example.org"
"""The one address clients use, in front of both replicas: every token names it."""

SIGNATORIES = """query($id: ID!) {
  node(id: $id) {
    ... on Statement { signatories { totalCount nodes { signedBy organisation { slug } } } }
  }
}"""


@dataclass
class OpenStatements:
    """Open statements led by member A, one per test that writes."""

    read_back: int = 0
    retried: int = 0


@dataclass
class Replicas:
    """Two replicas' base URLs, their one database, and what the tests were given there."""

    a: str
    b: str
    database_url: str
    network: AuthNetwork
    statements: OpenStatements

    def token(self, base: str) -> str:
        """A client-credentials access token of member A's own system, from one replica."""
        m = self.network.members[0]
        response = httpx.post(
            f"{base}/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(m.client_id, m.client_secret),
        )
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    def introspect(self, base: str, token: str) -> dict[str, Any]:
        """What one replica's introspection endpoint tells member A's system of a token."""
        m = self.network.members[0]
        response = httpx.post(
            f"{base}/oauth/introspect", data={"token": token}, auth=(m.client_id, m.client_secret)
        )
        assert response.status_code == 200, response.text
        return dict(response.json())


@pytest.fixture(scope="module")
def replicas(databases: Databases) -> Iterator[Replicas]:
    # Servers take seconds to start: one pair serves the whole module, so each test works
    # on tokens and statements of its own and never on another's.
    database_url = databases.new()
    network, statements = AuthNetwork(), OpenStatements()

    async def build() -> None:
        await build_auth_network(network)
        lead = await Organisation.get(id=network.members[0].organisation_id)
        for name in ("read_back", "retried"):
            made = await factories.statement(lead, status=StatementStatus.OPEN)
            setattr(statements, name, made.id)

    fill(database_url, build)
    with (
        live_hub(database_url, issuer=ISSUER) as a,
        live_hub(database_url, issuer=ISSUER) as b,
    ):
        yield Replicas(a, b, database_url, network, statements)


def assert_refused_as_revoked(response: httpx.Response) -> None:
    """The hub's answer to a revoked bearer token: 401, said why (RFC 6750)."""
    assert response.status_code == 401, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith('Bearer error="invalid_token"'), challenge
    assert "revoked" in challenge


def writes_of(replicas: Replicas, token: str) -> dict[str, int]:
    """The signatures of the retried statement, and the audit entries of ``token``'s writes."""
    counted: dict[str, int] = {}

    async def count() -> None:
        counted["signatures"] = await StatementSignature.filter(
            statement_id=replicas.statements.retried
        ).count()
        counted["audit"] = await AuditEntry.filter(
            token_jti=claims_like(token)["jti"], action="statement.co_sign"
        ).count()

    fill(replicas.database_url, count)
    return counted


def key_id(token: str) -> str:
    """The ``kid`` in a JWT's header: the signing key it names."""
    header = token.split(".")[0]
    return str(json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))["kid"])


def test_a_token_from_one_replica_is_accepted_by_the_other(replicas: Replicas) -> None:
    # given two replicas that both name the shared issuer
    a, b = replicas.a, replicas.b
    for base in (a, b):
        metadata = httpx.get(f"{base}/.well-known/oauth-authorization-server").json()
        assert metadata["issuer"] == ISSUER

    # when member A's own system gets a token from replica A and asks replica B who it is
    token = replicas.token(a)
    answer = graphql(b, token, VIEWER)

    # then B verifies A's signature and acts for the client's organisation
    member = replicas.network.members[0]
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"]["viewer"] == {
        "organisation": {"slug": member.slug},
        "clientId": member.client_id,
        "scopes": ["statements:sign"],
    }
    # and both publish the same verification keys, the one that signed the token among them
    keys_a = httpx.get(f"{a}/oauth/jwks").json()["keys"]
    keys_b = httpx.get(f"{b}/oauth/jwks").json()["keys"]
    assert keys_a == keys_b
    assert key_id(token) in {key["kid"] for key in keys_b}


def test_a_token_revoked_at_one_replica_is_refused_by_both(replicas: Replicas) -> None:
    # given a token from replica A that both replicas accept
    a, b = replicas.a, replicas.b
    token = replicas.token(a)
    assert graphql(a, token, VIEWER).status_code == 200
    assert graphql(b, token, VIEWER).status_code == 200
    assert replicas.introspect(a, token)["active"] is True

    # when the member's system revokes it through replica B (RFC 7009)
    member = replicas.network.members[0]
    revoked = httpx.post(
        f"{b}/oauth/revoke",
        data={"token": token, "token_type_hint": "access_token"},
        auth=(member.client_id, member.client_secret),
    )

    # then both replicas refuse it from the next request on, and A says it is inactive
    assert revoked.status_code == 200, revoked.text
    assert_refused_as_revoked(graphql(a, token, VIEWER))
    assert_refused_as_revoked(graphql(b, token, VIEWER))
    assert replicas.introspect(a, token) == {"active": False}


def test_a_refresh_token_from_one_replica_rotates_once_across_both(replicas: Replicas) -> None:
    # given member A's dashboard signed in through replica A, holding A's refresh token
    a, b = replicas.a, replicas.b
    member = replicas.network.members[0]
    dashboard = OAuth2Client(
        member.dashboard_id,
        redirect_uri=DASHBOARD_REDIRECT,
        code_challenge_method="S256",
        token_endpoint_auth_method="none",
    )
    verifier = generate_token(64)
    url, _ = dashboard.create_authorization_url(f"{a}/oauth/authorize", code_verifier=verifier)
    redirect = sign_in_and_consent(a, url, member.staff_email, PASSWORD)
    assert redirect.status_code == 302, redirect.text
    first = dashboard.fetch_token(
        f"{a}/oauth/token",
        authorization_response=redirect.headers["location"],
        code_verifier=verifier,
    )

    # when it is used at replica B, then presented again at replica A
    second = dashboard.refresh_token(f"{b}/oauth/token", refresh_token=first["refresh_token"])
    replay = httpx.post(
        f"{a}/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
            "client_id": member.dashboard_id,
        },
    )

    # then B rotated it once, A refuses the reuse, and the family B issued is revoked too
    assert second["refresh_token"] != first["refresh_token"]
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant", replay.text
    assert_refused_as_revoked(graphql(b, second["access_token"], VIEWER))
    rotated_again = httpx.post(
        f"{b}/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": second["refresh_token"],
            "client_id": member.dashboard_id,
        },
    )
    assert rotated_again.status_code == 400, rotated_again.text


def test_a_write_through_one_replica_is_read_back_through_the_other(replicas: Replicas) -> None:
    # given an open statement no one has signed
    a, b = replicas.a, replicas.b
    key = statement_id(replicas.statements.read_back)
    token = replicas.token(a)

    # when member A co-signs it through replica A, and replica B is asked at once
    signed = httpx.post(
        f"{a}/graphql",
        json={"query": CO_SIGN, "variables": {"id": key}},
        headers={"Authorization": f"Bearer {token}"},
    )
    read = httpx.post(f"{b}/graphql", json={"query": SIGNATORIES, "variables": {"id": key}})

    # then B lists the signature A wrote
    assert signed.status_code == 200, signed.text
    assert signed.json()["data"]["coSignStatement"]["errors"] == []
    assert read.status_code == 200, read.text
    assert read.json()["data"]["node"]["signatories"] == {
        "totalCount": 1,
        "nodes": [
            {"signedBy": "Director", "organisation": {"slug": replicas.network.members[0].slug}}
        ],
    }


def test_a_retry_at_the_other_replica_replays_the_first_answer(replicas: Replicas) -> None:
    # given a co-signature request with an Idempotency-Key, answered by replica A
    a, b = replicas.a, replicas.b
    token = replicas.token(a)
    request: dict[str, Any] = {
        "json": {"query": CO_SIGN, "variables": {"id": statement_id(replicas.statements.retried)}},
        "headers": {"Authorization": f"Bearer {token}", "Idempotency-Key": "replicas-co-sign"},
    }
    first = httpx.post(f"{a}/graphql", **request)

    # when the member's system retries it, unchanged, and the retry reaches replica B
    retry = httpx.post(f"{b}/graphql", **request)

    # then B answers with A's answer byte for byte, without co-signing again
    assert first.status_code == 200, first.text
    assert "idempotent-replayed" not in first.headers
    assert retry.headers.get("idempotent-replayed") == "true"
    assert retry.status_code == first.status_code
    assert retry.content == first.content
    assert retry.json()["data"]["coSignStatement"]["alreadySigned"] is False
    # and the database holds one signature and one audit entry of that token's write
    assert writes_of(replicas, token) == {"signatures": 1, "audit": 1}
