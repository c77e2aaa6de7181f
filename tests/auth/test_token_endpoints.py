"""Revocation (RFC 7009) and introspection (RFC 7662), in-process: a client revokes or
introspects its own tokens, never another's; the secretariat introspects any; a revoked
refresh token takes its family's access tokens with it."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from starlette.testclient import TestClient

from hub.models import RevokedAccessToken
from hub.services.access import disable_client
from hub.settings import Settings
from tests.auth.consent import dashboard_tokens
from tests.auth.network import (
    AuthNetwork,
    Member,
    Secretariat,
    build_auth_network,
    build_secretariat,
)
from tests.auth.test_revocations import ask, refresh
from tests.auth.tokens import claims_like, client_credentials, forged
from tests.conftest import hub_client
from tests.databases import fill


@dataclass
class Hub:
    client: TestClient
    network: AuthNetwork
    secretariat: Secretariat
    database_url: str

    @property
    def a(self) -> Member:
        return self.network.members[0]

    @property
    def b(self) -> Member:
        return self.network.members[1]

    def token_of(self, member: Member) -> str:
        return client_credentials(self.client, member.client_id, member.client_secret)

    def revoke(self, member: Member, token: str, **form: str) -> Any:
        return self.client.post(
            "/oauth/revoke",
            data={"token": token, **form},
            auth=(member.client_id, member.client_secret),
        )

    def introspect(self, client_id: str, secret: str, token: str) -> Any:
        return self.client.post(
            "/oauth/introspect", data={"token": token}, auth=(client_id, secret)
        )


@pytest.fixture
def hub(database_url: str) -> Iterator[Hub]:
    network, secretariat = AuthNetwork(), Secretariat()

    async def build() -> None:
        await build_auth_network(network)
        await build_secretariat(secretariat)

    fill(database_url, build)
    with hub_client(database_url, **secretariat.settings()) as client:
        yield Hub(client, network, secretariat, database_url)


def revocations(hub: Hub) -> dict[str, datetime.datetime]:
    found: dict[str, datetime.datetime] = {}

    async def read() -> None:
        for row in await RevokedAccessToken.all():
            found[row.jti] = row.expires_at

    fill(hub.database_url, read)
    return found


def claims_of(hub: Hub, member: Member, token: str) -> dict[str, Any]:
    described = hub.introspect(member.client_id, member.client_secret, token)
    assert described.status_code == 200, described.text
    return dict(described.json())


@pytest.fixture(params=["UTC", "Pacific/Kiritimati"])
def local_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The hub's machine set to UTC, and to a zone fourteen hours ahead of it."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def test_a_revoked_access_token_is_refused_until_it_would_have_expired(
    hub: Hub, local_zone: str
) -> None:
    # given a member's access token, on a machine whose local time may not be UTC
    token = hub.token_of(hub.a)
    claims = claims_of(hub, hub.a, token)
    assert ask(hub.client, token).status_code == 200

    # when its client revokes it
    revoked = hub.revoke(hub.a, token, token_type_hint="access_token")

    # then it is refused from the next request, its revocation kept until its expiry
    assert revoked.status_code == 200
    assert "revoked" in ask(hub.client, token).headers["www-authenticate"]
    expiry = datetime.datetime.fromtimestamp(claims["exp"], datetime.UTC)
    assert revocations(hub) == {claims["jti"]: expiry}
    assert claims_of(hub, hub.a, token) == {"active": False}


def test_a_revoked_refresh_token_takes_its_familys_access_tokens_along(hub: Hub) -> None:
    # given a staff member's sign-in on a dashboard
    _, access, refresh_token = dashboard_tokens(hub.client, hub.a)

    # when the dashboard (a public client) revokes the refresh token
    revoked = hub.client.post(
        "/oauth/revoke", data={"token": refresh_token, "client_id": hub.a.dashboard_id}
    )

    # then it refreshes no more, and the access token issued with it is refused too
    assert revoked.status_code == 200
    assert refresh(hub.client, hub.a.dashboard_id, refresh_token).status_code == 400
    assert "revoked" in ask(hub.client, access).headers["www-authenticate"]


def test_a_client_cannot_revoke_another_clients_token(hub: Hub) -> None:
    token = hub.token_of(hub.a)
    refused = hub.revoke(hub.b, token)
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_grant"
    assert ask(hub.client, token).status_code == 200
    assert revocations(hub) == {}


@pytest.mark.parametrize(
    "token",
    [
        lambda real: forged(claims_like(real)),
        lambda real: "a.b.c",
        lambda real: "not-a-token-the-hub-gave",
    ],
    ids=["forged", "not-a-jwt", "unknown"],
)
def test_revoking_what_the_hub_never_issued_revokes_nothing(hub: Hub, token: Any) -> None:
    # RFC 7009 §2.2: an invalid token is answered 200, as a revoked one is
    real = hub.token_of(hub.a)
    assert hub.revoke(hub.a, token(real)).status_code == 200
    assert revocations(hub) == {}
    assert ask(hub.client, real).status_code == 200


def test_a_client_introspects_its_own_access_token(hub: Hub) -> None:
    token = hub.token_of(hub.a)
    described = claims_of(hub, hub.a, token)
    assert described["active"] is True
    assert described["token_type"] == "Bearer"
    assert (described["client_id"], described["org_id"]) == (
        hub.a.client_id,
        hub.a.organisation_id,
    )
    assert described["scope"] == "statements:sign"


def test_another_clients_token_is_inactive_to_a_client_but_not_to_the_secretariat(
    hub: Hub,
) -> None:
    token = hub.token_of(hub.a)
    assert claims_of(hub, hub.b, token) == {"active": False}
    secretariat = hub.secretariat
    described = hub.introspect(secretariat.client_id, secretariat.client_secret, token).json()
    assert (described["active"], described["client_id"]) == (True, hub.a.client_id)


def test_a_disabled_clients_access_token_is_inactive_even_to_the_secretariat(hub: Hub) -> None:
    # given a member's access token, and its client disabled since
    token = hub.token_of(hub.a)
    fill(hub.database_url, lambda: disable_client(hub.a.client_id, Settings()))

    # then the secretariat is told it is inactive, as every request with it is refused
    secretariat = hub.secretariat
    described = hub.introspect(secretariat.client_id, secretariat.client_secret, token)
    assert described.json() == {"active": False}
    assert "disabled" in ask(hub.client, token).headers["www-authenticate"]


def test_the_secretariat_introspects_a_dashboards_refresh_token(hub: Hub) -> None:
    _, _, refresh_token = dashboard_tokens(hub.client, hub.a)
    secretariat = hub.secretariat
    described = hub.introspect(secretariat.client_id, secretariat.client_secret, refresh_token)
    assert described.json()["active"] is True
    assert described.json()["token_type"] == "refresh_token"
    assert described.json()["client_id"] == hub.a.dashboard_id
    assert claims_of(hub, hub.b, refresh_token) == {"active": False}


def test_a_public_client_may_not_introspect(hub: Hub) -> None:
    _, access, _ = dashboard_tokens(hub.client, hub.a)
    refused = hub.client.post(
        "/oauth/introspect", data={"token": access, "client_id": hub.a.dashboard_id}
    )
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_client"


def test_a_token_the_hub_never_issued_is_inactive(hub: Hub) -> None:
    real = hub.token_of(hub.a)
    for token in (forged(claims_like(real)), "a.b.c", "not-a-token-the-hub-gave"):
        assert claims_of(hub, hub.a, token) == {"active": False}
