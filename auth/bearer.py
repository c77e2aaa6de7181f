"""Reading the bearer token of each request: Starlette authentication for the hub's API."""

from __future__ import annotations

from starlette.authentication import (
    AuthCredentials,
    AuthenticationBackend,
    AuthenticationError,
    BaseUser,
)
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, Response

from auth.principal import Principal
from auth.tokens import InvalidToken, verify_access_token
from hub.settings import Settings


class TokenHolder(BaseUser):
    """The request's user: the principal behind its access token."""

    def __init__(self, principal: Principal) -> None:
        self.principal = principal

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def display_name(self) -> str:
        return self.principal.client_id


class BearerTokens(AuthenticationBackend):
    """No Authorization header: an anonymous reader. A bad bearer token: 401, said why."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser] | None:
        header = conn.headers.get("authorization")
        if header is None or conn.url.path.startswith("/oauth/"):
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError("the Authorization header must be 'Bearer <access token>'")
        try:
            principal = await verify_access_token(token.strip(), self.settings)
        except InvalidToken as problem:
            raise AuthenticationError(str(problem)) from None
        return AuthCredentials(sorted(principal.scopes)), TokenHolder(principal)


def refuse_token(_conn: HTTPConnection, error: Exception) -> Response:
    """RFC 6750 §3: 401 with a WWW-Authenticate header naming the error."""
    # printable ASCII only, and short: a header must never carry what a client sent
    description = "".join(c for c in str(error) if " " <= c <= "~").replace('"', "'")[:200]
    return JSONResponse(
        {
            "errors": [
                {
                    "message": f"Invalid access token: {error}",
                    "extensions": {"code": "UNAUTHENTICATED"},
                }
            ]
        },
        status_code=401,
        headers={
            "WWW-Authenticate": f'Bearer error="invalid_token", error_description="{description}"'
        },
    )
