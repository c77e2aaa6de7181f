"""Client authentication at the token endpoint: every failure costs one argon2 verification
and reads the same, whether the client exists or not; both ways of sending a secret work."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from argon2 import PasswordHasher
from starlette.testclient import TestClient

from auth.server import CLIENT_REFUSED
from tests.auth.consent import refresh
from tests.auth.network import AuthNetwork, build_auth_network
from tests.conftest import hub_client
from tests.databases import fill

VIEWER = "{ viewer { clientId organisation { slug } } }"


@pytest.fixture
def hub(database_url: str) -> Iterator[tuple[TestClient, AuthNetwork]]:
    network = AuthNetwork()
    fill(database_url, lambda: build_auth_network(network))
    with hub_client(database_url) as client:
        yield client, network


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every argon2 verification the hub makes, by the hash it checked against."""
    seen: list[str] = []
    verify = PasswordHasher.verify

    def counted(self: PasswordHasher, secret_hash: str, secret: str) -> bool:
        seen.append(secret_hash)
        return verify(self, secret_hash, secret)

    monkeypatch.setattr(PasswordHasher, "verify", counted)
    return seen


def ask_token(
    client: TestClient, client_id: str, secret: str, how: str = "basic"
) -> httpx.Response:
    if how == "basic":
        return client.post(
            "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
        )
    return client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )


def assert_refused_alike(known: httpx.Response, unknown: httpx.Response) -> None:
    """Refused with the same status, headers and words: nothing tells which client exists."""
    assert known.status_code == unknown.status_code == 401
    refused = {"error": "invalid_client", "error_description": CLIENT_REFUSED}
    assert known.json() == unknown.json() == refused
    assert known.headers.get("www-authenticate") == unknown.headers.get("www-authenticate")


@pytest.mark.parametrize("how", ["basic", "post"])
def test_unknown_and_known_clients_cost_and_read_the_same(
    hub: tuple[TestClient, AuthNetwork], verifications: list[str], how: str
) -> None:
    # given a client that exists, and a client ID that does not
    client, network = hub
    member = network.members[0]

    # when each is sent a wrong secret
    known = ask_token(client, member.client_id, "wrong secret", how)
    after_known = len(verifications)
    unknown = ask_token(client, "no-such-client", "wrong secret", how)

    # then both are refused with the same status, headers and words, after exactly one
    # argon2 verification each
    assert_refused_alike(known, unknown)
    assert (after_known, len(verifications) - after_known) == (1, 1)


@pytest.mark.parametrize("how", ["basic", "post"])
@pytest.mark.parametrize("blank", ["client_id", "secret"])
def test_credentials_missing_a_half_are_refused_before_any_verification(
    hub: tuple[TestClient, AuthNetwork], verifications: list[str], how: str, blank: str
) -> None:
    # given a client's ID with an empty secret, or a secret with an empty client ID
    client, network = hub
    member = network.members[0]
    client_id = "" if blank == "client_id" else member.client_id
    secret = "" if blank == "secret" else member.client_secret

    # when they are sent
    refused = ask_token(client, client_id, secret, how)

    # then they are refused as any failure is, without hashing anything (for a known client
    # and an unknown one alike, since nothing is looked up)
    assert refused.status_code == 401
    assert refused.json()["error_description"] == CLIENT_REFUSED
    assert verifications == []


def test_a_client_named_without_a_secret_reads_the_same_known_or_not(
    hub: tuple[TestClient, AuthNetwork],
) -> None:
    # given a confidential client's ID, and an ID no client has, each sent without a secret
    # in a grant a public client may ask for
    client, network = hub
    named = (network.members[0].client_id, "no-such-client")
    asked = [refresh(client, client_id, "r") for client_id in named]

    # then both are refused alike: neither a public client's sign-in nor this client's
    assert_refused_alike(*asked)


def test_a_public_client_offered_a_secret_costs_one_verification_too(
    hub: tuple[TestClient, AuthNetwork], verifications: list[str]
) -> None:
    # given a public dashboard client, which has no secret
    client, network = hub
    dashboard = network.members[0].dashboard_id

    # when someone sends it one
    refused = ask_token(client, dashboard, "a guess")

    # then it is refused as any client is, after one verification
    assert refused.status_code == 401
    assert refused.json()["error_description"] == CLIENT_REFUSED
    assert len(verifications) == 1


def test_a_disabled_client_reads_as_an_unknown_one(
    hub: tuple[TestClient, AuthNetwork], database_url: str
) -> None:
    # given a member's client, disabled
    client, network = hub
    member = network.members[0]
    from hub.services.access import disable_client
    from hub.settings import Settings

    fill(database_url, lambda: disable_client(member.client_id, Settings()))

    # when it asks for a token with its own, right secret
    refused = ask_token(client, member.client_id, member.client_secret)

    # then it is refused as an unknown client is
    unknown = ask_token(client, "no-such-client", member.client_secret)
    assert refused.status_code == 401
    assert refused.json() == unknown.json()


def test_client_secret_post_works_and_is_advertised(hub: tuple[TestClient, AuthNetwork]) -> None:
    # given a confidential client, registered as client_secret_basic
    client, network = hub
    member = network.members[0]

    # when it sends its secret in the form instead
    answer = ask_token(client, member.client_id, member.client_secret, "post")

    # then it gets a token acting for it, and the metadata says both ways work
    assert answer.status_code == 200, answer.text
    token = answer.json()["access_token"]
    viewer = client.post(
        "/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {token}"}
    ).json()["data"]["viewer"]
    assert viewer == {"clientId": member.client_id, "organisation": {"slug": member.slug}}
    metadata = client.get("/.well-known/oauth-authorization-server").json()
    assert {"client_secret_basic", "client_secret_post"} <= set(
        metadata["token_endpoint_auth_methods_supported"]
    )
