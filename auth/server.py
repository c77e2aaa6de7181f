"""The OAuth 2 authorization server: Authlib's grants and endpoints, bridged to Starlette.

Authlib's server is synchronous. Each OAuth request runs in a worker thread
(``anyio.to_thread``); the storage hooks Authlib calls there hop back to the event loop for
the database (``anyio.from_thread.run``). See auth/README.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import anyio.from_thread
from authlib.common.security import generate_token
from authlib.oauth2 import rfc6749, rfc7009, rfc7636, rfc7662
from authlib.oauth2.rfc6749 import OAuth2Request
from authlib.oauth2.rfc6749.errors import (
    InvalidClientError,
    InvalidRequestError,
    InvalidScopeError,
)
from authlib.oauth2.rfc6749.util import extract_basic_authorization
from authlib.oauth2.rfc9068 import JWTBearerTokenGenerator
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from auth import keys, storage
from auth.clients import (
    IssuedAccessToken,
    IssuedCode,
    IssuedRefreshToken,
    RegisteredClient,
    SignedInUser,
)
from auth.passwords import NOBODYS_HASH, verify_secret_in_thread
from auth.scopes import Scope
from hub.settings import Settings

T = TypeVar("T")


def on_loop(function: Callable[..., Coroutine[Any, Any, T]], *args: Any) -> T:
    """Run a coroutine function on the event loop from Authlib's worker thread."""
    return anyio.from_thread.run(function, *args)


class S256Only(rfc7636.CodeChallenge):  # type: ignore[misc]
    """PKCE, required, with S256 only: `plain` and a missing method are refused."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]
    DEFAULT_CODE_CHALLENGE_METHOD = "S256"

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("Missing 'code_challenge': PKCE is required")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("'code_challenge_method' must be S256")
        super().validate_code_challenge(grant, redirect_uri)


CLIENT_REFUSED = (
    "Client authentication failed: the client ID, the secret, or the way they were sent is"
    " not one this hub accepts."
)
"""Said to every client that fails to authenticate, known or not (RFC 6749 §5.2)."""


def client_by_secret(
    query_client: Callable[[str], RegisteredClient | None], client_id: str, secret: str
) -> RegisteredClient | None:
    """The client, if the secret is its own. An unknown client ID costs the same one
    verification (against nobody's hash) as a known one, so neither time nor the answer
    tells which client IDs exist."""
    client = query_client(client_id)
    if client is None:
        verify_secret_in_thread(NOBODYS_HASH, secret)
        return None
    return client if client.check_client_secret(secret) else None


def authenticate_client_secret_basic(
    query_client: Callable[[str], RegisteredClient | None], request: OAuth2Request
) -> RegisteredClient | None:
    client_id, secret = extract_basic_authorization(request.headers)
    return client_by_secret(query_client, client_id, secret) if client_id and secret else None


def authenticate_client_secret_post(
    query_client: Callable[[str], RegisteredClient | None], request: OAuth2Request
) -> RegisteredClient | None:
    client_id, secret = request.form.get("client_id"), request.form.get("client_secret")
    return client_by_secret(query_client, client_id, secret) if client_id and secret else None


def authenticate_none(
    query_client: Callable[[str], RegisteredClient | None], request: OAuth2Request
) -> RegisteredClient | None:
    client_id = request.payload.client_id
    if not client_id or request.payload.data.get("client_secret"):
        return None
    return query_client(client_id)


class ScopeWithinClient:
    """A scope asked for that the client may not be granted today is refused with
    ``invalid_scope`` naming it, rather than quietly left out (RFC 6749 §3.3, §5.2)."""

    request: OAuth2Request

    def validate_requested_scope(self) -> None:
        client: RegisteredClient = self.request.client
        refused = client.refused_scopes(self.request.payload.scope)
        if refused:
            raise InvalidScopeError(
                f"This client may not be granted {', '.join(refused)}: it may ask for the"
                f" scopes it was registered with that its organisation holds today"
                f" ({client.get_allowed_scope(None) or 'none'})."
            )


class AuthorizationCodeGrant(ScopeWithinClient, rfc6749.AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]

    def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
        server: HubAuthorizationServer = self.server
        on_loop(
            storage.save_code,
            code,
            request.client,
            request.user,
            request.payload.data,
            server.settings,
        )

    def query_authorization_code(self, code: str, client: RegisteredClient) -> IssuedCode | None:
        server: HubAuthorizationServer = self.server
        return on_loop(storage.claim_code, code, client, server.settings)

    def delete_authorization_code(self, authorization_code: IssuedCode) -> None:
        """Nothing to do: ``claim_code`` marked the code used before tokens were issued."""

    def authenticate_user(self, authorization_code: IssuedCode) -> SignedInUser | None:
        return on_loop(storage.user_of_code, authorization_code)


class RefreshTokenGrant(rfc6749.RefreshTokenGrant):  # type: ignore[misc]
    INCLUDE_NEW_REFRESH_TOKEN = True  # rotation: each refresh token is used once
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]

    def authenticate_refresh_token(self, refresh_token: str) -> IssuedRefreshToken | None:
        server: HubAuthorizationServer = self.server
        return on_loop(
            storage.find_refresh_token, refresh_token, self.request.client, server.settings
        )

    def authenticate_user(self, refresh_token: IssuedRefreshToken) -> SignedInUser | None:
        return on_loop(storage.user_of_refresh_token, refresh_token)

    def revoke_old_credential(self, refresh_token: IssuedRefreshToken) -> None:
        """Nothing to do: ``save_tokens`` marks the old token rotated with the new one."""


class ClientCredentialsGrant(ScopeWithinClient, rfc6749.ClientCredentialsGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]


class AccessTokenGenerator(JWTBearerTokenGenerator):  # type: ignore[misc]
    """RFC 9068 access tokens, naming the one organisation the token acts for."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(
            issuer=settings.issuer,
            alg=keys.ALGORITHM,
            refresh_token_generator=lambda *_args, **_kwargs: generate_token(48),
            expires_generator=lambda client, grant_type: settings.access_token_seconds,
        )
        self.settings = settings

    def get_jwks(self) -> KeySet:
        return KeySet([on_loop(keys.signing_key)])

    def get_audiences(self, client: RegisteredClient, user: Any, scope: str) -> str:
        return self.settings.audience

    def get_extra_claims(
        self, client: RegisteredClient, grant_type: str, user: Any, scope: str
    ) -> dict[str, Any]:
        return {"org_id": client.organisation_id}


class TokenLookup:
    """Finding the token a revocation or introspection request names."""

    settings: Settings

    def query_token(self, token_string: str, token_type_hint: str | None) -> Any:
        if token_string.count(".") == 2:
            lifetime = datetime.timedelta(seconds=self.settings.access_token_seconds)
            try:
                keyset = on_loop(keys.verification_keys, lifetime)
                decoded = jwt.decode(token_string, keyset, algorithms=[keys.ALGORITHM])
            except (JoseError, ValueError):
                return None
            claims = dict(decoded.claims)
            jti, client_id = str(claims.get("jti")), str(claims.get("client_id"))
            return IssuedAccessToken(
                claims, on_loop(storage.is_refused, jti, client_id) is not None
            )
        return on_loop(storage.find_any_refresh_token, token_string)


class RevocationEndpoint(TokenLookup, rfc7009.RevocationEndpoint):  # type: ignore[misc]
    """RFC 7009. Revoking a refresh token also revokes its family's access tokens."""

    CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]

    def __init__(self, server: HubAuthorizationServer) -> None:
        super().__init__(server)
        self.settings = server.settings

    def revoke_token(self, token: Any, request: OAuth2Request) -> None:
        if isinstance(token, IssuedAccessToken):
            expires = datetime.datetime.fromtimestamp(int(str(token.claims["exp"])), datetime.UTC)
            on_loop(storage.revoke_access_token, str(token.claims["jti"]), expires)
        else:
            on_loop(storage.revoke_family, token.row.family, self.settings)


class IntrospectionEndpoint(TokenLookup, rfc7662.IntrospectionEndpoint):  # type: ignore[misc]
    """RFC 7662, for resource servers: a client may introspect its own tokens; admins any."""

    CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def __init__(self, server: HubAuthorizationServer) -> None:
        super().__init__(server)
        self.settings = server.settings

    def check_permission(
        self, token: Any, client: RegisteredClient, request: OAuth2Request
    ) -> bool:
        return token.check_client(client) or Scope.HUB_ADMIN in client.grantable

    def introspect_token(self, token: Any) -> dict[str, Any]:
        if isinstance(token, IssuedAccessToken):
            return {"token_type": "Bearer", **token.claims}  # Authlib adds "active": true
        return on_loop(storage.describe_refresh_token, token)


class HubAuthorizationServer(rfc6749.AuthorizationServer):  # type: ignore[misc]
    """The hub's authorization server; requests reach it through ``auth.routes``."""

    def __init__(self, settings: Settings) -> None:
        # no scopes_supported: each grant checks the scopes asked against the client's own
        # (ScopeWithinClient), and the metadata lists the catalogue (auth.routes)
        super().__init__()
        self.settings = settings
        self.register_token_generator("default", AccessTokenGenerator(settings))
        self.register_grant(AuthorizationCodeGrant, [S256Only(required=True)])
        self.register_grant(RefreshTokenGrant)
        self.register_grant(ClientCredentialsGrant)
        self.register_endpoint(RevocationEndpoint)
        self.register_endpoint(IntrospectionEndpoint)
        self.register_client_auth_method("client_secret_basic", authenticate_client_secret_basic)
        self.register_client_auth_method("client_secret_post", authenticate_client_secret_post)
        self.register_client_auth_method("none", authenticate_none)

    def authenticate_client(
        self, request: OAuth2Request, methods: list[str], endpoint: str = "token"
    ) -> RegisteredClient:
        try:
            client: RegisteredClient = super().authenticate_client(request, methods, endpoint)
        except InvalidClientError as refused:
            # one answer for an unknown client, a wrong secret and a wrong method
            raise InvalidClientError(
                status_code=refused.status_code, description=CLIENT_REFUSED
            ) from None
        return client

    def query_client(self, client_id: str) -> RegisteredClient | None:
        return on_loop(storage.load_client, client_id, self.settings)

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        # the refresh token rotated, or the code redeemed: each None for the other grants
        rotated, code = request.refresh_token, request.authorization_code
        on_loop(
            storage.save_tokens, token, request.client, request.user, rotated, code, self.settings
        )

    def create_oauth2_request(self, request: OAuth2Request) -> OAuth2Request:
        return request  # auth.routes builds it from the Starlette request

    def create_json_request(self, request: Any) -> Any:
        return request

    def handle_response(self, status: int, body: Any, headers: list[tuple[str, str]]) -> Any:
        return status, body, headers

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """The hub listens to no Authlib signals: writes are audited by the services."""
