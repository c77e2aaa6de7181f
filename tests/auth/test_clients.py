"""Clients, codes and tokens as Authlib sees them (auth/clients.py), one rule at a time:
where a client may be sent back, what it may be granted, how it proves itself, and when a
code or a token stops counting."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from authlib.oauth2.rfc6749.errors import InvalidScopeError

from auth.clients import (
    IssuedAccessToken,
    IssuedCode,
    IssuedRefreshToken,
    RegisteredClient,
    SignedInUser,
)
from auth.passwords import hash_secret
from auth.scopes import Scope
from auth.server import ScopeWithinClient
from hub import clock
from hub.models import AuthorizationCode, OAuthClient, RefreshToken, StaffUser

NOW = datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC)
SECOND = datetime.timedelta(seconds=1)
SIGN, EXPORT = Scope.STATEMENTS_SIGN, Scope.PETITIONS_EXPORT
SECRET = "the system's own secret"


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(clock, "now", lambda: NOW)
    yield


def client(
    *redirect_uris: str,
    method: str = "none",
    grant_types: tuple[str, ...] = ("authorization_code", "refresh_token"),
    secret_hash: str | None = None,
    grantable: frozenset[Scope] = frozenset({SIGN, EXPORT}),
) -> RegisteredClient:
    row = OAuthClient(
        client_id="c0ffee",
        client_secret_hash=secret_hash,
        redirect_uris=list(redirect_uris),
        grant_types=list(grant_types),
        token_endpoint_auth_method=method,
    )
    return RegisteredClient(row, grantable)


def test_a_client_is_sent_back_by_default_only_where_it_has_one_place_to_go() -> None:
    assert client("https://a.example/cb").get_default_redirect_uri() == "https://a.example/cb"
    assert client("https://a.example/cb", "https://b.example/cb").get_default_redirect_uri() is None
    assert client().get_default_redirect_uri() is None


def test_a_redirect_uri_must_be_registered_exactly() -> None:
    registered = client("https://a.example/cb")
    assert registered.check_redirect_uri("https://a.example/cb")
    for other in ("https://a.example/cb/", "https://a.example/cb?x=1", "https://a.example/c"):
        assert not registered.check_redirect_uri(other)


def test_no_scope_asked_means_all_grantable_and_an_empty_one_stays_empty() -> None:
    registered = client(grantable=frozenset({SIGN, EXPORT}))
    assert registered.get_allowed_scope(None) == f"{EXPORT} {SIGN}"
    assert registered.get_allowed_scope("") == ""
    assert registered.get_allowed_scope(f"{SIGN} hub:admin unknown") == str(SIGN)


def test_the_scopes_refused_are_named_unknown_ones_too_and_in_order() -> None:
    registered = client(grantable=frozenset({SIGN}))
    assert registered.refused_scopes(f"zz:unknown {SIGN} {EXPORT}") == [str(EXPORT), "zz:unknown"]
    assert registered.refused_scopes(None) == []
    assert registered.refused_scopes(str(SIGN)) == []


def test_a_client_asking_for_what_it_may_not_hold_is_told_what_it_may() -> None:
    def refusal(registered: RegisteredClient, scope: str) -> str:
        asking = ScopeWithinClient()
        asking.request = SimpleNamespace(client=registered, payload=SimpleNamespace(scope=scope))
        with pytest.raises(InvalidScopeError) as refused:
            asking.validate_requested_scope()
        return str(refused.value.description)

    # a client whose organisation holds none of its scopes today (it left the network)
    assert refusal(client(grantable=frozenset()), f"{SIGN} {EXPORT}") == (
        f"This client may not be granted {EXPORT}, {SIGN}: it may ask for the scopes it was"
        " registered with that its organisation holds today (none)."
    )


def test_a_confidential_client_proves_itself_with_its_own_secret_only() -> None:
    confidential = client(
        method="client_secret_basic", secret_hash=asyncio.run(hash_secret(SECRET))
    )
    assert confidential.check_client_secret(SECRET)
    assert not confidential.check_client_secret(SECRET + "x")
    # a public client has no secret: none it is offered is its own, not even nobody's
    assert not client().check_client_secret("a secret nobody has")


@pytest.mark.parametrize(
    ("registered", "accepted"),
    [
        ("client_secret_basic", {"client_secret_basic", "client_secret_post"}),
        ("client_secret_post", {"client_secret_basic", "client_secret_post"}),
        ("none", {"none"}),
    ],
)
def test_a_client_authenticates_the_way_it_was_registered(
    registered: str, accepted: set[str]
) -> None:
    methods = {"client_secret_basic", "client_secret_post", "none", "private_key_jwt"}
    found = {m for m in methods if client(method=registered).check_endpoint_auth_method(m, "")}
    assert found == accepted


def test_a_client_uses_only_the_grants_it_was_registered_for() -> None:
    dashboard = client(grant_types=("authorization_code", "refresh_token"))
    system = client(grant_types=("client_credentials",))
    assert dashboard.check_grant_type("refresh_token")
    assert not dashboard.check_grant_type("client_credentials")
    assert dashboard.check_response_type("code")
    assert not dashboard.check_response_type("token")
    # a system may not send anyone through the authorization endpoint
    assert not system.check_response_type("code")


def test_a_code_counts_until_the_second_it_expires() -> None:
    code = IssuedCode(AuthorizationCode(expires_at=NOW + SECOND, scope=str(SIGN)))
    assert not code.is_expired()
    assert IssuedCode(AuthorizationCode(expires_at=NOW)).is_expired()
    assert code.get_scope() == str(SIGN)


def test_a_refresh_token_is_its_own_clients_until_it_expires_or_is_used() -> None:
    def token(**row: datetime.datetime | None) -> IssuedRefreshToken:
        return IssuedRefreshToken(RefreshToken(expires_at=NOW + SECOND, **row), "c0ffee")

    fresh = token(revoked_at=None, rotated_at=None)
    assert not fresh.is_revoked() and not fresh.is_expired()
    assert fresh.check_client(client()) and not fresh.check_client(other_client())
    assert token(revoked_at=NOW, rotated_at=None).is_revoked()
    assert token(revoked_at=None, rotated_at=NOW).is_revoked()
    expired = IssuedRefreshToken(RefreshToken(expires_at=NOW, revoked_at=None), "c0ffee")
    assert expired.is_expired()


def test_an_access_token_met_at_an_endpoint_counts_until_its_exp() -> None:
    def token(**claims: object) -> IssuedAccessToken:
        return IssuedAccessToken({"client_id": "c0ffee", **claims}, revoked=False)

    now = int(NOW.timestamp())
    assert not token(exp=now + 1).is_expired()
    assert token(exp=now).is_expired()
    assert token().is_expired()  # no exp: never active
    assert token(exp=now + 1).check_client(client())
    assert not token(exp=now + 1).check_client(other_client())
    assert IssuedAccessToken({"exp": now + 1}, revoked=True).is_revoked()
    assert not token(exp=now + 1).is_revoked()


def test_a_staff_user_is_named_in_tokens_by_their_id() -> None:
    assert SignedInUser(StaffUser(id=7)).get_user_id() == "user:7"


def other_client() -> RegisteredClient:
    other = client()
    other.row.client_id = "decaf"
    return other
