"""Clients, staff users, codes and refresh tokens as Authlib sees them (its mixins)."""

from __future__ import annotations

from dataclasses import dataclass

from authlib.oauth2.rfc6749 import AuthorizationCodeMixin, ClientMixin, TokenMixin

from auth.passwords import NOBODYS_HASH, verify_secret_in_thread
from auth.scopes import Scope, scope_text
from hub import clock
from hub.models import AuthorizationCode, OAuthClient, RefreshToken, StaffUser

SECRET_METHODS = frozenset({"client_secret_basic", "client_secret_post"})
"""How a confidential client may authenticate: either way, whichever it was registered with."""


@dataclass
class RegisteredClient(ClientMixin):  # type: ignore[misc]
    """A client, with the scopes it may be granted today (its own, within its organisation's)."""

    row: OAuthClient
    grantable: frozenset[Scope]

    @property
    def organisation_id(self) -> int:
        return self.row.organisation_id

    def get_client_id(self) -> str:
        return self.row.client_id

    def get_default_redirect_uri(self) -> str | None:
        # a client with several must name one in each request (RFC 6749 §3.1.2.3)
        uris: list[str] = self.row.redirect_uris
        return uris[0] if len(uris) == 1 else None

    def get_allowed_scope(self, scope: str | None) -> str:
        # No scope asked: everything grantable. An empty scope (say, a refresh of a token
        # whose scopes were all refused) stays empty: it never widens.
        if scope is None:
            return scope_text(self.grantable)
        return scope_text({Scope(s) for s in scope.split() if s in self.grantable})

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        # exact match only (RFC 9700 §4.1.3): no prefixes, no patterns
        return redirect_uri in self.row.redirect_uris

    def refused_scopes(self, scope: str | None) -> list[str]:
        """The scopes asked for that this client may not be granted today, unknown ones too."""
        return sorted({s for s in (scope or "").split() if s not in self.grantable})

    def check_client_secret(self, client_secret: str) -> bool:
        """Called in Authlib's worker thread. A public client offered a secret is checked
        against nobody's hash: every client's refusal costs one verification."""
        secret_hash = self.row.client_secret_hash
        matches = verify_secret_in_thread(secret_hash or NOBODYS_HASH, client_secret)
        return secret_hash is not None and matches

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        # a confidential client sends its secret in the Authorization header or in the form
        registered = self.row.token_endpoint_auth_method
        if registered in SECRET_METHODS:
            return method in SECRET_METHODS
        return method == registered

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.row.grant_types

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code" and "authorization_code" in self.row.grant_types


@dataclass
class SignedInUser:
    row: StaffUser

    def get_user_id(self) -> str:
        return f"user:{self.row.id}"


@dataclass
class IssuedCode(AuthorizationCodeMixin):  # type: ignore[misc]
    row: AuthorizationCode

    @property
    def code_challenge(self) -> str:
        return self.row.code_challenge

    @property
    def code_challenge_method(self) -> str:
        return self.row.code_challenge_method

    def get_redirect_uri(self) -> str:
        return self.row.redirect_uri

    def get_scope(self) -> str:
        return self.row.scope

    def is_expired(self) -> bool:
        return self.row.expires_at <= clock.now()


@dataclass
class IssuedRefreshToken(TokenMixin):  # type: ignore[misc]
    row: RefreshToken
    client_id: str

    def check_client(self, client: RegisteredClient) -> bool:
        return self.client_id == client.get_client_id()

    def get_scope(self) -> str:
        return self.row.scope

    def is_revoked(self) -> bool:
        return self.row.revoked_at is not None or self.row.rotated_at is not None

    def is_expired(self) -> bool:
        return self.row.expires_at <= clock.now()


@dataclass
class IssuedAccessToken:
    """A JWT access token met at the revocation or introspection endpoint."""

    claims: dict[str, object]
    revoked: bool

    def is_expired(self) -> bool:
        return int(str(self.claims.get("exp", 0))) <= clock.now().timestamp()

    def is_revoked(self) -> bool:
        return self.revoked

    def check_client(self, client: RegisteredClient) -> bool:
        return self.claims.get("client_id") == client.get_client_id()
