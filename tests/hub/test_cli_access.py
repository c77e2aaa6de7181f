"""`hub clients create`, `hub users create` and `hub keys rotate`, as an operator runs them."""

from __future__ import annotations

import base64
import json
import os
import subprocess

from starlette.testclient import TestClient

from tests.auth.consent import authorize, code_of, code_params, pkce_pair, redeem
from tests.auth.network import AuthNetwork, build_auth_network
from tests.auth.tokens import client_credentials
from tests.conftest import hub_client
from tests.databases import fill
from tests.live import HUB

VIEWER = "{ viewer { organisation { slug } scopes } }"


def hub_command(
    database_url: str, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [HUB, *args],
        env={**os.environ, "HUB_DATABASE_URL": database_url},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def viewer(client: TestClient, token: str) -> dict:
    response = client.post(
        "/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    return dict(response.json()["data"]["viewer"])


def test_clients_create_prints_credentials_that_work(database_url: str) -> None:
    # given a member organisation
    network = AuthNetwork()
    fill(database_url, lambda: build_auth_network(network))
    slug = network.members[0].slug

    # when an operator registers a client for it
    made = hub_command(
        database_url, "clients", "create", "--org", slug, "--scopes", "statements:sign"
    )

    # then the JSON printed holds credentials that get a token acting for that member
    assert made.returncode == 0, made.stderr
    credentials = json.loads(made.stdout)
    assert set(credentials) == {"client_id", "client_secret"}
    with hub_client(database_url) as client:
        token = client_credentials(client, credentials["client_id"], credentials["client_secret"])
        assert viewer(client, token) == {
            "organisation": {"slug": slug},
            "scopes": ["statements:sign"],
        }


def test_clients_create_refuses_unknown_scopes_and_outsiders(database_url: str) -> None:
    network = AuthNetwork()
    fill(database_url, lambda: build_auth_network(network))
    assert network.outsider is not None

    unknown = hub_command(
        database_url,
        "clients",
        "create",
        "--org",
        network.members[0].slug,
        "--scopes",
        "stmts:sign",
    )
    outsider = hub_command(
        database_url,
        "clients",
        "create",
        "--org",
        network.outsider.slug,
        "--scopes",
        "statements:sign",
    )
    nobody = hub_command(
        database_url, "clients", "create", "--org", "nobody", "--scopes", "statements:sign"
    )

    assert unknown.returncode == 1 and "unknown scopes: stmts:sign" in unknown.stderr
    assert outsider.returncode == 1 and "not a current network member" in outsider.stderr
    assert nobody.returncode == 1 and "no organisation has the slug 'nobody'" in nobody.stderr
    assert "Traceback" not in unknown.stderr + outsider.stderr + nobody.stderr


def test_users_create_adds_a_staff_user_who_can_sign_in(database_url: str) -> None:
    # given member A with its browser dashboard
    network = AuthNetwork()
    fill(database_url, lambda: build_auth_network(network))
    member = network.members[0]

    # when the operator adds a staff user to A, and tries one with a short password
    made = hub_command(
        database_url,
        "users", "create", "--org", network.members[0].slug,
        "--email", "New.Person@Example.org", "--name", "New Person",
        "--password", "a long enough password",
    )  # fmt: skip
    short = hub_command(
        database_url,
        "users", "create", "--org", network.members[0].slug,
        "--email", "other@example.org", "--name", "Other", "--password", "short",
    )  # fmt: skip

    # then the new person signs in on A's consent page (the address in any case), and the
    # dashboard's token acts for A; the short password made no user
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["email"] == "new.person@example.org"
    assert short.returncode == 1 and "at least 12 characters" in short.stderr
    verifier, challenge = pkce_pair()
    with hub_client(database_url) as client:
        params = code_params(member.dashboard_id, challenge)
        signed_in = authorize(
            client, params, "New.Person@example.org", password="a long enough password"
        )
        token = redeem(client, member.dashboard_id, code_of(signed_in), verifier)
        assert token.status_code == 200, token.text
        assert viewer(client, token.json()["access_token"])["organisation"] == {"slug": member.slug}
        refused = authorize(client, params, "other@example.org", password="short")
        assert refused.status_code == 401 and "location" not in refused.headers


def test_keys_rotate_keeps_tokens_signed_by_the_old_key_valid(database_url: str) -> None:
    # given a token signed by the first key
    network = AuthNetwork()
    fill(database_url, lambda: build_auth_network(network))
    member = network.members[0]
    with hub_client(database_url) as client:
        old = client_credentials(client, member.client_id, member.client_secret)
        old_keys = client.get("/oauth/jwks").json()["keys"]

    # when the keys are rotated
    rotated = hub_command(database_url, "keys", "rotate")

    # then new tokens use the new key, and the old token still works
    assert rotated.returncode == 0, rotated.stderr
    new_kid = json.loads(rotated.stdout)["kid"]
    with hub_client(database_url) as client:
        new = client_credentials(client, member.client_id, member.client_secret)
        keys = client.get("/oauth/jwks").json()["keys"]
        assert viewer(client, old)["organisation"] == {"slug": member.slug}
        assert viewer(client, new)["organisation"] == {"slug": member.slug}
    assert {k["kid"] for k in keys} == {old_keys[0]["kid"], new_kid}
    header = json.loads(base64.urlsafe_b64decode(new.split(".")[0] + "=="))
    assert header["kid"] == new_kid
