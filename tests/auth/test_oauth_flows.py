"""Real OAuth clients (Authlib's httpx client) against the hub's authorization server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import httpx
import pytest
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import OAuth2Client

from tests.auth.network import DASHBOARD_REDIRECT, PASSWORD, AuthNetwork, build_auth_network
from tests.databases import fill
from tests.live import live_hub

VIEWER = "{ viewer { organisation { slug } clientId scopes } }"


@pytest.fixture
def hub(database_url: str) -> Iterator[tuple[str, AuthNetwork]]:
    network = AuthNetwork()
    fill(database_url, lambda: build_auth_network(network))
    with live_hub(database_url) as base:
        yield base, network


def graphql(base: str, token: str, query: str) -> httpx.Response:
    return httpx.post(
        f"{base}/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"}
    )


def sign_in_and_consent(
    base: str, authorization_url: str, email: str, password: str
) -> httpx.Response:
    """What a staff member's browser does: open the consent page, sign in, allow."""
    page = httpx.get(authorization_url)
    assert page.status_code == 200, page.text
    action = unescape(re.search(r'action="([^"]+)"', page.text).group(1))  # type: ignore[union-attr]
    return httpx.post(action, data={"email": email, "password": password, "decision": "approve"})


def test_client_credentials_token_acts_for_its_organisation(hub: tuple[str, AuthNetwork]) -> None:
    # given member A's own system
    base, network = hub
    member = network.members[0]
    client = OAuth2Client(member.client_id, member.client_secret, scope="statements:sign")

    # when it fetches a token with Authlib's client and asks who it is
    token = client.fetch_token(f"{base}/oauth/token", grant_type="client_credentials")
    viewer = graphql(base, token["access_token"], VIEWER).json()["data"]["viewer"]

    # then the token is a bearer JWT acting for A with the scope asked
    assert token["token_type"].lower() == "bearer"
    assert token["access_token"].count(".") == 2
    assert viewer == {
        "organisation": {"slug": member.slug},
        "clientId": member.client_id,
        "scopes": ["statements:sign"],
    }


def test_authorization_code_with_pkce_then_refresh_rotation(hub: tuple[str, AuthNetwork]) -> None:
    # given member A's browser dashboard, a public client using PKCE (S256)
    base, network = hub
    member = network.members[0]
    client = OAuth2Client(
        member.dashboard_id,
        redirect_uri=DASHBOARD_REDIRECT,
        scope="statements:sign",
        code_challenge_method="S256",
        token_endpoint_auth_method="none",
    )
    verifier = generate_token(64)
    url, state = client.create_authorization_url(f"{base}/oauth/authorize", code_verifier=verifier)

    # when A's staff member signs in and allows, and the dashboard redeems the code
    redirect = sign_in_and_consent(base, url, member.staff_email, PASSWORD)
    assert redirect.status_code == 302, redirect.text
    location = redirect.headers["location"]
    token = client.fetch_token(
        f"{base}/oauth/token", authorization_response=location, code_verifier=verifier
    )
    viewer = graphql(base, token["access_token"], VIEWER).json()["data"]["viewer"]

    # then the token acts for A, and its refresh token rotates on use
    assert location.startswith(DASHBOARD_REDIRECT) and f"state={state}" in location
    assert viewer["organisation"] == {"slug": member.slug}
    refreshed = client.refresh_token(f"{base}/oauth/token", refresh_token=token["refresh_token"])
    assert refreshed["refresh_token"] != token["refresh_token"]
    assert graphql(base, refreshed["access_token"], VIEWER).status_code == 200


def test_a_reused_refresh_token_revokes_its_family(hub: tuple[str, AuthNetwork]) -> None:
    # given a dashboard token that was refreshed once
    base, network = hub
    member = network.members[0]
    client = OAuth2Client(
        member.dashboard_id,
        redirect_uri=DASHBOARD_REDIRECT,
        code_challenge_method="S256",
        token_endpoint_auth_method="none",
    )
    verifier = generate_token(64)
    url, _ = client.create_authorization_url(f"{base}/oauth/authorize", code_verifier=verifier)
    location = sign_in_and_consent(base, url, member.staff_email, PASSWORD).headers["location"]
    first = client.fetch_token(
        f"{base}/oauth/token", authorization_response=location, code_verifier=verifier
    )
    second = client.refresh_token(f"{base}/oauth/token", refresh_token=first["refresh_token"])

    # when the first refresh token is presented again (stolen and replayed)
    replay = httpx.post(
        f"{base}/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
            "client_id": member.dashboard_id,
        },
    )

    # then it is refused, and every token of the family stops working
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
    assert graphql(base, second["access_token"], VIEWER).status_code == 401
    reuse_second = httpx.post(
        f"{base}/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": second["refresh_token"],
            "client_id": member.dashboard_id,
        },
    )
    assert reuse_second.status_code == 400


def test_revocation_takes_effect_at_once(hub: tuple[str, AuthNetwork]) -> None:
    # given a valid access token
    base, network = hub
    member = network.members[0]
    client = OAuth2Client(member.client_id, member.client_secret)
    token = client.fetch_token(f"{base}/oauth/token", grant_type="client_credentials")
    assert graphql(base, token["access_token"], VIEWER).status_code == 200

    # when it is revoked (RFC 7009)
    revoked = client.revoke_token(f"{base}/oauth/revoke", token=token["access_token"])

    # then the very next request with it is refused, and introspection says inactive
    assert revoked.status_code == 200
    refused = graphql(base, token["access_token"], VIEWER)
    assert refused.status_code == 401
    assert "revoked" in refused.headers["www-authenticate"]
    introspection = httpx.post(
        f"{base}/oauth/introspect",
        data={"token": token["access_token"]},
        auth=(member.client_id, member.client_secret),
    )
    assert introspection.json() == {"active": False}


def test_metadata_and_jwks_are_published(hub: tuple[str, AuthNetwork]) -> None:
    # when
    base, _ = hub
    metadata = httpx.get(f"{base}/.well-known/oauth-authorization-server").json()
    jwks = httpx.get(metadata["jwks_uri"]).json()
    # then
    assert metadata["issuer"] == base
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert jwks["keys"] and all("d" not in key for key in jwks["keys"])
