"""Reading each request's bearer token (auth/bearer.py), in-process: who a request acts for,
which requests it reads at all, and a 401 that says why in a header safe to send."""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.authentication import AuthCredentials, AuthenticationError
from starlette.requests import HTTPConnection

from auth.bearer import BearerTokens, TokenHolder, refuse_token
from auth.scopes import Scope
from hub.settings import Settings
from tests.auth.network import AuthNetwork, build_auth_network
from tests.auth.tokens import client_credentials
from tests.conftest import hub_client
from tests.databases import fill

WRONG_SCHEME = "the Authorization header must be 'Bearer <access token>'"


def connection(authorization: str | None, path: str = "/graphql") -> HTTPConnection:
    headers = [] if authorization is None else [(b"authorization", authorization.encode())]
    return HTTPConnection(
        {"type": "http", "method": "POST", "scheme": "http", "server": ("127.0.0.1", 80)}
        | {"path": path, "root_path": "", "query_string": b"", "headers": headers}
    )


def authenticate(database_url: str, authorization: str | None, path: str = "/graphql") -> Any:
    """What the hub's backend makes of the header: None, (credentials, user), or the error."""
    found: list[Any] = []

    async def read() -> None:
        try:
            found.append(
                await BearerTokens(Settings()).authenticate(connection(authorization, path))
            )
        except AuthenticationError as refused:
            found.append(refused)

    fill(database_url, read)
    return found[0]


@pytest.fixture
def token(database_url: str) -> tuple[str, AuthNetwork]:
    network = AuthNetwork()
    fill(database_url, lambda: build_auth_network(network))
    member = network.members[0]
    with hub_client(database_url) as client:
        return client_credentials(client, member.client_id, member.client_secret), network


def test_a_token_makes_the_request_its_clients_with_its_scopes(
    database_url: str, token: tuple[str, AuthNetwork]
) -> None:
    access, network = token
    credentials, user = authenticate(database_url, f"Bearer {access}")
    assert isinstance(credentials, AuthCredentials) and isinstance(user, TokenHolder)
    assert credentials.scopes == [str(Scope.STATEMENTS_SIGN)]
    assert user.principal.organisation_id == network.members[0].organisation_id
    assert (user.is_authenticated, user.display_name) == (True, network.members[0].client_id)


@pytest.mark.parametrize("header", ["bearer {}", "BEARER {}", "Bearer   {}"])
def test_the_scheme_is_read_in_any_case_and_spaces_after_it_are_not_the_token(
    database_url: str, token: tuple[str, AuthNetwork], header: str
) -> None:
    access, network = token
    _, user = authenticate(database_url, header.format(access))
    assert user.principal.client_id == network.members[0].client_id


def test_a_request_without_a_header_is_an_anonymous_readers(database_url: str) -> None:
    assert authenticate(database_url, None) is None


def test_the_oauth_endpoints_read_their_own_authorization_header(database_url: str) -> None:
    # a client's secret in Basic authentication, at the token endpoint, is no bearer token
    assert authenticate(database_url, "Basic Y2xpZW50OnNlY3JldA==", "/oauth/token") is None
    assert isinstance(authenticate(database_url, "Basic x", "/oauthx"), AuthenticationError)


@pytest.mark.parametrize(
    "header", ["Basic Y2xpZW50OnNlY3JldA==", "Bearer", "Bearer    ", "Token x"]
)
def test_a_header_that_is_not_a_bearer_token_is_refused_saying_so(
    database_url: str, header: str
) -> None:
    refused = authenticate(database_url, header)
    assert isinstance(refused, AuthenticationError) and str(refused) == WRONG_SCHEME


def test_a_token_the_hub_cannot_use_is_refused_saying_why(database_url: str) -> None:
    refused = authenticate(database_url, "Bearer not-a-jwt")
    assert isinstance(refused, AuthenticationError)
    assert str(refused) == "the token is malformed, or its signature is not one of this hub's keys"


def test_the_refusal_says_why_in_the_body_and_in_a_header_safe_to_send() -> None:
    # given a reason carrying what no header may: quotes, a line break, non-ASCII, length
    reason = 'the token\'s "kid" is\r\nX-Injected: yes ~ é' + "." * 300

    # when it is refused
    response = refuse_token(connection(None), AuthenticationError(reason))

    # then 401, the whole reason in the body, and a header of printable ASCII, quoted safely
    assert response.status_code == 401
    assert json.loads(bytes(response.body)) == {
        "errors": [
            {
                "message": f"Invalid access token: {reason}",
                "extensions": {"code": "UNAUTHENTICATED"},
            }
        ]
    }
    described = "the token's 'kid' isX-Injected: yes ~ " + "." * 162
    assert response.headers["www-authenticate"] == (
        f'Bearer error="invalid_token", error_description="{described}"'
    )
