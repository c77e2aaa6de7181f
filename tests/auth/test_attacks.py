"""Tokens and grants that must not work, each refused with a clear error."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any

import authlib.oauth2.rfc9068.token
import pytest
from authlib.common.security import generate_token
from starlette.testclient import TestClient

from auth.tokens import CLOCK_SKEW_SECONDS
from hub.models import Organisation
from hub.services.access import register_client
from hub.settings import Settings
from tests.auth.consent import (
    authorize,
    code_of,
    code_params,
    dashboard_tokens,
    pkce_pair,
    redeem,
    refresh,
    refusal_on,
)
from tests.auth.network import (
    DASHBOARD_REDIRECT,
    AuthNetwork,
    build_auth_network,
)
from tests.auth.tokens import claims_like, client_credentials, forged, now
from tests.conftest import hub_client
from tests.databases import fill

VIEWER = "{ viewer { organisation { slug } } }"


@pytest.fixture
def hub(database_url: str) -> Iterator[tuple[TestClient, AuthNetwork]]:
    network = AuthNetwork()
    fill(database_url, lambda: build_auth_network(network))
    with hub_client(database_url) as client:
        yield client, network


def ask(client: TestClient, token: str) -> Any:
    return client.post(
        "/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {token}"}
    )


def unsigned(claims: dict[str, Any]) -> str:
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'at+jwt'})}.{part(claims)}."


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        (lambda real: forged(claims_like(real)), "signature"),
        (lambda real: unsigned(claims_like(real)), "signature"),
        (lambda real: forged(claims_like(real, exp=now() - 10)), "signature"),
        (lambda real: real[:-4] + ("AAAA" if not real.endswith("AAAA") else "BBBB"), "signature"),
        (lambda real: "not-a-jwt", "malformed"),
    ],
    ids=["forged", "alg-none", "forged-expired", "bit-flipped", "garbage"],
)
def test_tokens_the_hub_did_not_sign_are_refused(
    hub: tuple[TestClient, AuthNetwork], tamper: Any, reason: str
) -> None:
    # given a real token, tampered with
    client, network = hub
    member = network.members[0]
    real = client_credentials(client, member.client_id, member.client_secret)

    # when it is used
    response = ask(client, tamper(real))

    # then 401, and WWW-Authenticate says why
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["www-authenticate"]
    assert reason in response.headers["www-authenticate"]


@pytest.mark.parametrize(
    ("setting", "value", "reason"),
    [
        ("issuer", "https://elsewhere.example.org", "iss"),
        ("audience", "another-resource", "aud"),
        ("issued_ago", 3600, "expired"),  # 15 minutes' lifetime, an hour ago
    ],
)
def test_wrong_issuer_audience_and_expired_tokens_are_refused(
    database_url: str, monkeypatch: pytest.MonkeyPatch, setting: str, value: Any, reason: str
) -> None:
    # given a token issued by a hub configured otherwise (another issuer, another audience),
    # or issued longer ago than it lives
    network = AuthNetwork()
    fill(database_url, lambda: build_auth_network(network))
    member = network.members[0]
    configured = {} if setting == "issued_ago" else {setting: value}
    with monkeypatch.context() as then, hub_client(database_url, **configured) as other:
        if setting == "issued_ago":  # the moment Authlib writes into the token's iat and exp
            earlier = SimpleNamespace(time=lambda: time.time() - value)
            then.setattr(authlib.oauth2.rfc9068.token, "time", earlier)
        token = client_credentials(other, member.client_id, member.client_secret)

    # when this hub reads it
    with hub_client(database_url) as client:
        response = ask(client, token)

    # then
    assert response.status_code == 401
    assert reason in response.headers["www-authenticate"].lower()


def test_a_bearer_header_without_a_token_is_a_401(hub: tuple[TestClient, AuthNetwork]) -> None:
    client, _ = hub
    response = client.post("/graphql", json={"query": VIEWER}, headers={"Authorization": "Basic x"})
    assert response.status_code == 401


def test_an_authorization_code_is_single_use(hub: tuple[TestClient, AuthNetwork]) -> None:
    # given a code redeemed once
    client, network = hub
    member = network.members[0]
    verifier, challenge = pkce_pair()
    redirect = authorize(client, code_params(member.dashboard_id, challenge), member.staff_email)
    code = code_of(redirect)
    assert redeem(client, member.dashboard_id, code, verifier).status_code == 200

    # when it is redeemed again
    again = redeem(client, member.dashboard_id, code, verifier)

    # then
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"code_challenge_method": "plain"}, "'code_challenge_method' must be S256"),
        ({"code_challenge_method": ""}, "'code_challenge_method' must be S256"),
        ({"code_challenge": ""}, "Missing 'code_challenge': PKCE is required"),
        ({"code_challenge": "too-short"}, "Invalid 'code_challenge'"),
    ],
    ids=["plain", "no-method", "no-challenge", "malformed-challenge"],
)
def test_pkce_downgrades_are_refused(
    hub: tuple[TestClient, AuthNetwork], changes: dict[str, str], reason: str
) -> None:
    # given an authorization request without S256
    client, network = hub
    member = network.members[0]
    _, challenge = pkce_pair()
    params = {k: v for k, v in code_params(member.dashboard_id, challenge, **changes).items() if v}

    # when
    page = client.get("/oauth/authorize", params=params, follow_redirects=False)

    # then the request goes no further than an error page that says why
    assert page.status_code == 400
    assert "location" not in page.headers
    assert refusal_on(page) == ("invalid_request", reason)


@pytest.mark.parametrize(
    ("verifier", "error", "description"),
    [
        (generate_token(64), "invalid_grant", "Code challenge failed."),
        ("", "invalid_request", "Missing 'code_verifier'"),
    ],
    ids=["wrong", "missing"],
)
def test_a_code_is_redeemed_with_its_own_verifier_only(
    hub: tuple[TestClient, AuthNetwork], verifier: str, error: str, description: str
) -> None:
    # given a code asked for with a PKCE challenge
    client, network = hub
    member = network.members[0]
    real, challenge = pkce_pair()
    redirect = authorize(client, code_params(member.dashboard_id, challenge), member.staff_email)
    code = code_of(redirect)

    # when it is redeemed with another verifier, or none
    refused = redeem(client, member.dashboard_id, code, verifier)

    # then it is refused, and spent: the real verifier cannot redeem it after
    assert refused.status_code == 400
    assert (refused.json()["error"], refused.json()["error_description"]) == (error, description)
    assert redeem(client, member.dashboard_id, code, real).json()["error"] == "invalid_grant"


def test_a_redirect_uri_one_character_off_is_never_redirected_to(
    hub: tuple[TestClient, AuthNetwork],
) -> None:
    # given the registered redirect URI with one character more
    client, network = hub
    member = network.members[0]
    _, challenge = pkce_pair()
    params = code_params(member.dashboard_id, challenge, redirect_uri=DASHBOARD_REDIRECT + "s")

    # when
    page = client.get("/oauth/authorize", params=params, follow_redirects=False)

    # then an error page, no redirect at all
    assert page.status_code == 400
    assert "location" not in page.headers


def test_a_code_asked_without_a_redirect_uri_is_redeemed_without_one(
    hub: tuple[TestClient, AuthNetwork],
) -> None:
    # given a dashboard with one redirect URI, which asks for a code without naming it
    client, network = hub
    member = network.members[0]
    verifier, challenge = pkce_pair()
    params = code_params(member.dashboard_id, challenge)
    del params["redirect_uri"]

    # when staff allow it, and the dashboard redeems the code without a redirect URI either
    redirect = authorize(client, params, member.staff_email)
    redeemed = redeem(client, member.dashboard_id, code_of(redirect), verifier, redirect_uri=None)

    # then the code went to its one redirect URI, and tokens come back (RFC 6749 §4.1.3 asks
    # for the redirect URI at the token endpoint only when the authorization request had it)
    assert redirect.headers["location"].startswith(DASHBOARD_REDIRECT + "?")
    assert redeemed.status_code == 200, redeemed.text
    assert ask(client, redeemed.json()["access_token"]).json()["data"]["viewer"]["organisation"]


def test_a_client_with_several_redirect_uris_must_name_one(
    hub: tuple[TestClient, AuthNetwork], database_url: str
) -> None:
    # given a dashboard registered with two redirect URIs
    client, network = hub
    member = network.members[0]
    dashboard: list[str] = []

    async def register() -> None:
        organisation = await Organisation.get(id=member.organisation_id)
        uris = [DASHBOARD_REDIRECT, "http://127.0.0.1:9999/other"]
        registered = await register_client(
            organisation, "Two-page dashboard", "statements:sign", uris, Settings(), public=True
        )
        dashboard.append(registered.client_id)

    fill(database_url, register)
    _, challenge = pkce_pair()
    params = code_params(dashboard[0], challenge)
    del params["redirect_uri"]

    # when it asks for a code without naming one
    page = client.get("/oauth/authorize", params=params, follow_redirects=False)

    # then an error page says so, and nothing is redirected to either (RFC 6749 §3.1.2.3)
    assert page.status_code == 400
    assert "location" not in page.headers
    assert refusal_on(page) == ("invalid_request", "Missing 'redirect_uri' in request.")


def test_staff_of_b_cannot_authorize_a_client_of_a(hub: tuple[TestClient, AuthNetwork]) -> None:
    # given A's dashboard and B's staff member
    client, network = hub
    a, b = network.members
    _, challenge = pkce_pair()

    # when B's staff member signs in on A's consent page
    response = authorize(client, code_params(a.dashboard_id, challenge), b.staff_email)

    # then no code is issued
    assert response.status_code == 403
    assert "location" not in response.headers


def test_a_wrong_password_issues_no_code(hub: tuple[TestClient, AuthNetwork]) -> None:
    client, network = hub
    member = network.members[0]
    _, challenge = pkce_pair()
    response = client.post(
        "/oauth/authorize",
        params=code_params(member.dashboard_id, challenge),
        data={"email": member.staff_email, "password": "wrong", "decision": "approve"},
        follow_redirects=False,
    )
    assert response.status_code == 401 and "location" not in response.headers


def test_a_client_gets_only_its_organisations_scopes(hub: tuple[TestClient, AuthNetwork]) -> None:
    # given A's client, registered for statements:sign only
    client, network = hub
    member = network.members[0]
    # when it asks for more
    response = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "scope": "statements:sign hub:admin"},
        auth=(member.client_id, member.client_secret),
    )
    # then no token: the scope it may not hold is refused by name (RFC 6749 §5.2)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"
    assert response.json()["error_description"] == (
        "This client may not be granted hub:admin: it may ask for the scopes it was registered"
        " with that its organisation holds today (statements:sign)."
    )


def test_an_outsider_cannot_be_registered_for_member_scopes(database_url: str) -> None:
    from hub.services.access import AccessError, organisation_by_slug, register_client
    from hub.settings import Settings

    network = AuthNetwork()
    fill(database_url, lambda: build_auth_network(network))
    assert network.outsider is not None
    outsider_slug = network.outsider.slug
    refusals: list[str] = []

    async def register() -> None:
        outsider = await organisation_by_slug(outsider_slug)
        try:
            await register_client(outsider, "x", "statements:sign", [], Settings())
        except AccessError as refusal:
            refusals.append(str(refusal))

    fill(database_url, register)
    assert refusals and "not a current network member" in refusals[0]


def test_a_header_the_hub_cannot_echo_is_still_a_clean_401(
    hub: tuple[TestClient, AuthNetwork],
) -> None:
    # given a real token's claims under a header with a kid no HTTP header can carry
    client, network = hub
    member = network.members[0]
    real = client_credentials(client, member.client_id, member.client_secret)
    hostile = forged(claims_like(real), header={"kid": "☃\r\nX-Injected: yes"})
    # when
    response = ask(client, hostile)
    # then
    assert response.status_code == 401
    assert "X-Injected" not in response.headers["www-authenticate"]


def test_a_consent_with_no_grantable_scope_is_refused(hub: tuple[TestClient, AuthNetwork]) -> None:
    # given a dashboard registered for statements:sign asking only for hub:admin
    client, network = hub
    member = network.members[0]
    _, challenge = pkce_pair()
    params = code_params(member.dashboard_id, challenge, scope="hub:admin")
    # when
    page = client.get("/oauth/authorize", params=params, follow_redirects=False)
    # then no consent page (and no code, whose refresh could later widen to every scope)
    assert page.status_code == 400
    assert refusal_on(page)[0] == "invalid_scope"


def test_racing_refreshes_with_one_token_leave_no_working_branch(
    hub: tuple[TestClient, AuthNetwork],
) -> None:
    # given a dashboard's refresh token
    client, network = hub
    member = network.members[0]
    verifier, challenge = pkce_pair()
    redirect = authorize(client, code_params(member.dashboard_id, challenge), member.staff_email)
    code = code_of(redirect)
    refresh = redeem(client, member.dashboard_id, code, verifier).json()["refresh_token"]
    form = {
        "grant_type": "refresh_token",
        "refresh_token": refresh,
        "client_id": member.dashboard_id,
    }

    # when it is presented twice at once
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda _: client.post("/oauth/token", data=form), range(2)))

    # then exactly one got new tokens (the claim is atomic: one of the two always wins), the
    # other was refused, and nothing the winner got works afterwards
    (won,) = [a for a in answers if a.status_code == 200]
    (lost,) = [a for a in answers if a.status_code != 200]
    assert lost.status_code == 400 and lost.json()["error"] == "invalid_grant"
    again = client.post("/oauth/token", data={**form, "refresh_token": won.json()["refresh_token"]})
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    assert ask(client, won.json()["access_token"]).status_code == 401


@pytest.mark.parametrize(("ahead", "status"), [(10, 200), (60, 401)])
def test_a_replica_whose_clock_is_behind_accepts_fresh_tokens_within_the_skew(
    hub: tuple[TestClient, AuthNetwork], monkeypatch: pytest.MonkeyPatch, ahead: int, status: int
) -> None:
    # given a token issued by a replica whose clock runs `ahead` seconds ahead of this one
    client, network = hub
    member = network.members[0]
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + ahead)
    token = client_credentials(client, member.client_id, member.client_secret)
    monkeypatch.undo()

    # when this replica reads it at once
    response = ask(client, token)

    # then a skew within CLOCK_SKEW_SECONDS is tolerated, a larger one is not
    assert ahead <= CLOCK_SKEW_SECONDS or status == 401
    assert response.status_code == status, response.text


@pytest.mark.parametrize("path", ["/oauth/token", "/oauth/revoke", "/oauth/introspect"])
def test_plain_http_from_another_host_is_refused_with_a_reason(
    hub: tuple[TestClient, AuthNetwork], path: str
) -> None:
    # given a request over plain http, not from loopback (a proxy the hub does not trust)
    client, network = hub
    member = network.members[0]
    outside = TestClient(client.app, base_url="http://hub.example.org")

    # when it asks an OAuth endpoint
    response = outside.post(
        path,
        data={"grant_type": "client_credentials", "token": "x"},
        auth=(member.client_id, member.client_secret),
    )

    # then 400 insecure_transport, saying what to do, and no token
    assert response.status_code == 400
    assert response.json()["error"] == "insecure_transport"
    assert "FORWARDED_ALLOW_IPS" in response.json()["error_description"]


def test_a_public_client_that_sends_a_secret_is_refused(
    hub: tuple[TestClient, AuthNetwork],
) -> None:
    # given a dashboard's refresh token
    client, network = hub
    member = network.members[0]
    _, _, refresh_token = dashboard_tokens(client, member)

    # when the dashboard, which has no secret, sends one with it
    refused = refresh(client, member.dashboard_id, refresh_token, client_secret="a guess")

    # then it is refused as a client that failed to authenticate, and the token is not spent
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_client"
    refreshed = refresh(client, member.dashboard_id, refresh_token)
    assert refreshed.status_code == 200, refreshed.text
