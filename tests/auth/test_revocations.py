"""What revokes tokens besides RFC 7009: a replayed authorization code revokes what it issued
(RFC 6749 §4.1.2), and a disabled client loses every token it holds."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from starlette.testclient import TestClient

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
from tests.auth.network import DASHBOARD_REDIRECT, AuthNetwork, build_auth_network
from tests.auth.tokens import client_credentials
from tests.conftest import hub_client
from tests.databases import fill
from tests.live import HUB

VIEWER = "{ viewer { clientId } }"


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


def test_a_replayed_code_revokes_every_token_it_issued(hub: tuple[TestClient, AuthNetwork]) -> None:
    # given a code redeemed once, and the refresh token then rotated once
    client, network = hub
    member = network.members[0]
    verifier, challenge = pkce_pair()
    code = code_of(
        authorize(client, code_params(member.dashboard_id, challenge), member.staff_email)
    )
    first = redeem(client, member.dashboard_id, code, verifier).json()
    rotated = refresh(client, member.dashboard_id, first["refresh_token"]).json()
    assert ask(client, rotated["access_token"]).status_code == 200

    # when the code is presented again
    replay = redeem(client, member.dashboard_id, code, verifier)

    # then it is refused, and every token issued from it, rotated ones included, is revoked
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
    assert ask(client, first["access_token"]).status_code == 401
    assert ask(client, rotated["access_token"]).status_code == 401
    again = refresh(client, member.dashboard_id, rotated["refresh_token"])
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


def test_racing_redemptions_of_one_code_leave_no_working_token(
    hub: tuple[TestClient, AuthNetwork],
) -> None:
    # given a fresh code
    client, network = hub
    member = network.members[0]
    verifier, challenge = pkce_pair()
    code = code_of(
        authorize(client, code_params(member.dashboard_id, challenge), member.staff_email)
    )

    # when it is redeemed twice at once
    with ThreadPoolExecutor(2) as pool:
        answers = list(
            pool.map(lambda _: redeem(client, member.dashboard_id, code, verifier), range(2))
        )

    # then one got tokens, the other was refused, and the winner's tokens are revoked: a
    # code presented twice may be in someone else's hands
    (won,) = [a for a in answers if a.status_code == 200]
    (lost,) = [a for a in answers if a.status_code != 200]
    assert lost.json()["error"] == "invalid_grant"
    assert ask(client, won.json()["access_token"]).status_code == 401
    assert refresh(client, member.dashboard_id, won.json()["refresh_token"]).status_code == 400


def test_another_sign_in_is_not_revoked_by_a_replay(hub: tuple[TestClient, AuthNetwork]) -> None:
    # given two sign-ins on the same dashboard
    client, network = hub
    member = network.members[0]
    replayed_code, _, _ = dashboard_tokens(client, member)
    _, other_access, other_refresh = dashboard_tokens(client, member)

    # when the first one's code is replayed
    redeem(client, member.dashboard_id, replayed_code, "any verifier")

    # then the second sign-in's tokens still work
    assert ask(client, other_access).status_code == 200
    assert refresh(client, member.dashboard_id, other_refresh).status_code == 200


def test_disabling_a_client_revokes_its_access_and_refresh_tokens(
    hub: tuple[TestClient, AuthNetwork], database_url: str
) -> None:
    # given A's own system with a token, A's dashboard with two sign-ins, and B's system
    client, network = hub
    a, b = network.members
    system_token = client_credentials(client, a.client_id, a.client_secret)
    _, first_access, first_refresh = dashboard_tokens(client, a)
    _, second_access, second_refresh = dashboard_tokens(client, a)
    b_token = client_credentials(client, b.client_id, b.client_secret)

    # when an operator disables A's system and A's dashboard
    outputs = [
        subprocess.run(
            [HUB, "clients", "disable", client_id],
            env={**os.environ, "HUB_DATABASE_URL": database_url},
            capture_output=True,
            text=True,
            timeout=120,
        )
        for client_id in (a.client_id, a.dashboard_id, a.dashboard_id)
    ]

    # then each says what it revoked, and the second time for the dashboard, that it was
    # disabled already
    assert [o.returncode for o in outputs] == [0, 0, 0], [o.stderr for o in outputs]
    assert [json.loads(o.stdout) for o in outputs] == [
        {
            "client_id": a.client_id,
            "refresh_tokens_revoked": 0,
            "access_tokens_revoked": 0,
            "already_disabled": False,
        },
        {
            "client_id": a.dashboard_id,
            "refresh_tokens_revoked": 2,
            "access_tokens_revoked": 2,
            "already_disabled": False,
        },
        {
            "client_id": a.dashboard_id,
            "refresh_tokens_revoked": 0,
            "access_tokens_revoked": 0,
            "already_disabled": True,
        },
    ]
    # and none of A's tokens works any more: those the hub knew by their jti are listed as
    # revoked, and the system's token, which it never kept, is refused for its client
    reasons = []
    for token in (system_token, first_access, second_access):
        refused = ask(client, token)
        assert refused.status_code == 401
        reasons.append(refused.headers["www-authenticate"].split("error_description=")[1])
    assert reasons == [
        '"the token\'s client was disabled: its tokens are revoked"',
        '"the token was revoked"',
        '"the token was revoked"',
    ]
    for token in (first_refresh, second_refresh):
        assert refresh(client, a.dashboard_id, token).status_code in {400, 401}
    # nor can its dashboard start a new sign-in
    _, challenge = pkce_pair()
    page = client.get("/oauth/authorize", params=code_params(a.dashboard_id, challenge))
    assert page.status_code == 400 and "location" not in page.headers
    # while B's token is untouched
    assert ask(client, b_token).status_code == 200


def test_disabling_an_unknown_client_says_so(database_url: str) -> None:
    # when an operator disables a client ID that does not exist
    done = subprocess.run(
        [HUB, "clients", "disable", "no-such-client"],
        env={**os.environ, "HUB_DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    # then the command fails, naming it
    assert done.returncode != 0
    assert "no client has the ID 'no-such-client'" in done.stderr


def test_a_scope_the_client_may_not_have_is_refused_by_name(
    hub: tuple[TestClient, AuthNetwork],
) -> None:
    # given A's client, registered for statements:sign only
    client, network = hub
    member = network.members[0]
    asked = {
        "grant_type": "client_credentials",
        "scope": "petitions:write statements:sign hub:admin",
    }

    # when it asks for that and more, at the token endpoint and at the consent page
    refused = client.post("/oauth/token", data=asked, auth=(member.client_id, member.client_secret))
    _, challenge = pkce_pair()
    params = code_params(member.dashboard_id, challenge, scope="statements:sign petitions:write")
    page = client.get("/oauth/authorize", params=params, follow_redirects=False)

    # then both refuse with invalid_scope, naming the scope it may not have
    assert refused.status_code == 400
    assert refused.json()["error"] == "invalid_scope"
    assert "may not be granted hub:admin, petitions:write:" in refused.json()["error_description"]
    assert page.status_code == 400
    assert refusal_on(page) == (
        "invalid_scope",
        "This client may not be granted petitions:write: it may ask for the scopes it was"
        " registered with that its organisation holds today (statements:sign).",
    )
    assert DASHBOARD_REDIRECT not in page.headers.get("location", "")


def test_a_token_answer_names_the_scope_granted(hub: tuple[TestClient, AuthNetwork]) -> None:
    # given A's client, asking for no scope in particular
    client, network = hub
    member = network.members[0]
    answer = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(member.client_id, member.client_secret),
    )
    # then the answer names what was granted: everything it may hold
    assert answer.json()["scope"] == "statements:sign"
