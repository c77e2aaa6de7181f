"""The authorization server's HTTP endpoints, under Starlette."""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import anyio.to_thread
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import OAuth2Payload, OAuth2Request
from authlib.oauth2.rfc6749.errors import (
    InsecureTransportError,
    InvalidScopeError,
    UnsupportedResponseTypeError,
)
from authlib.oauth2.rfc6749.util import extract_basic_authorization
from authlib.oauth2.rfc8414 import AuthorizationServerMetadata
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from auth import keys, storage
from auth.clients import RegisteredClient, SignedInUser
from auth.limits import OAuthLimits, Refused
from auth.scopes import DESCRIPTIONS, Scope
from auth.server import HubAuthorizationServer
from hub.models import Organisation
from hub.network_address import client_address

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")

# The consent page must not be framed by another site (clickjacking).
PAGE_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'; default-src 'self' 'unsafe-inline'",
    "Cache-Control": "no-store",
}


class FormPayload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self._datalist: defaultdict[str, list[str]] = defaultdict(list)
        for key, value in pairs:
            self._datalist[key].append(value)
        self._data = {key: values[0] for key, values in self._datalist.items()}

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return self._datalist


class StarletteOAuth2Request(OAuth2Request):  # type: ignore[misc]
    """Authlib's view of a Starlette request whose form has been read."""

    def __init__(self, request: Request, form: list[tuple[str, str]]) -> None:
        super().__init__(method=request.method, uri=str(request.url), headers=request.headers)
        self._query = list(request.query_params.multi_items())
        self._form = form
        self.payload = FormPayload(self._query + form)

    @property
    def args(self) -> dict[str, str]:
        return dict(self._query)

    @property
    def form(self) -> dict[str, str]:
        return dict(self._form)


async def oauth_request(request: Request) -> StarletteOAuth2Request:
    form: list[tuple[str, str]] = []
    if request.method == "POST":
        form = [(k, v) for k, v in (await request.form()).multi_items() if isinstance(v, str)]
    return StarletteOAuth2Request(request, form)


def respond(result: tuple[int, Any, list[tuple[str, str]]]) -> Response:
    status, body, headers = result
    location = dict(headers).get("Location")
    if location:
        return RedirectResponse(location, status_code=302, headers={"Cache-Control": "no-store"})
    # Authlib's answer names its own Content-Type (application/json)
    return Response(json.dumps(body), status_code=status, headers=dict(headers))


def client_id_of(oauth: StarletteOAuth2Request) -> str | None:
    """The client a token request names, in its Authorization header or its form."""
    named, _secret = extract_basic_authorization(oauth.headers)
    return named or oauth.form.get("client_id") or None


def slow_down(refused: Refused) -> Response:
    """RFC 6585's 429, with the token endpoint's error body (RFC 8628's ``slow_down``)."""
    return JSONResponse(
        {"error": "slow_down", "error_description": refused.reason},
        status_code=429,
        headers={"Retry-After": str(refused.retry_after), "Cache-Control": "no-store"},
    )


class AuthorizationEndpoints:
    """The authorization server's endpoints, one method each, and the limits they share."""

    def __init__(self, server: HubAuthorizationServer) -> None:
        self.server = server
        self.settings = server.settings
        self.limits = OAuthLimits(server.settings)

    def routes(self) -> list[Route]:
        return [
            Route("/oauth/token", self.token, methods=["POST"]),
            Route("/oauth/revoke", self.revoke, methods=["POST"]),
            Route("/oauth/introspect", self.introspect, methods=["POST"]),
            Route("/oauth/authorize", self.authorize, methods=["GET", "POST"]),
            Route("/oauth/jwks", self.jwks),
            Route("/.well-known/oauth-authorization-server", self.metadata),
        ]

    async def token(self, request: Request) -> Response:
        return await self._answer_client(request, self.server.create_token_response)

    async def revoke(self, request: Request) -> Response:
        answer = partial(self.server.create_endpoint_response, "revocation")
        return await self._answer_client(request, answer)

    async def introspect(self, request: Request) -> Response:
        answer = partial(self.server.create_endpoint_response, "introspection")
        return await self._answer_client(request, answer)

    async def _answer_client(
        self,
        request: Request,
        answer: Callable[[StarletteOAuth2Request], tuple[int, Any, list[tuple[str, str]]]],
    ) -> Response:
        """Every endpoint where a client authenticates (and so costs an argon2 verification)
        counts against the same limits: a flood of wrong secrets cannot move to another one."""
        oauth = await oauth_request(request)
        refused = self.limits.token_request(client_id_of(oauth), self._address(request))
        if refused is not None:
            return slow_down(refused)
        return respond(await anyio.to_thread.run_sync(answer, oauth))

    def _address(self, request: Request) -> str:
        """The network address a request came from (the proxy's client, when the hub trusts
        the proxy: ``HUB_TRUSTED_PROXIES``)."""
        return client_address(request, self.settings.trusted_proxies) or "unknown"

    async def authorize(self, request: Request) -> Response:
        oauth = await oauth_request(request)
        try:
            grant = await anyio.to_thread.run_sync(self.server.get_consent_grant, oauth)
        except OAuth2Error as error:
            # An unknown client or a redirect URI off by one character: never redirect there.
            return refusal(request, error.error, described(error, oauth))
        client: RegisteredClient = grant.client
        scope = client.get_allowed_scope(oauth.payload.scope)
        if not scope:
            return refusal(
                request, InvalidScopeError.error, "none of the scopes asked for may be granted"
            )
        if request.method == "GET":
            return await consent_page(request, client, scope)
        user: SignedInUser | None = None
        if oauth.form.get("decision") == "approve":
            email = oauth.form.get("email", "")
            address = self._address(request)
            refused = self.limits.sign_in_attempt(address) or self.limits.lockout(email)
            if refused is not None:
                return await consent_page(
                    request, client, scope, refused.reason, 429, refused.retry_after
                )
            row = await storage.sign_in(email, oauth.form.get("password", ""))
            if row is None:
                self.limits.failed_sign_in(email)
                return await consent_page(request, client, scope, "Wrong e-mail or password.", 401)
            self.limits.signed_in(email)
            if row.organisation_id != client.organisation_id:
                return await consent_page(
                    request, client, scope, "You are not staff of this organisation.", 403
                )
            user = SignedInUser(row)
        run = partial(
            self.server.create_authorization_response, oauth, grant_user=user, grant=grant
        )
        return respond(await anyio.to_thread.run_sync(run))

    async def metadata(self, _request: Request) -> JSONResponse:
        issuer = self.settings.issuer
        document = AuthorizationServerMetadata(
            {
                "issuer": issuer,
                "authorization_endpoint": f"{issuer}/oauth/authorize",
                "token_endpoint": f"{issuer}/oauth/token",
                "revocation_endpoint": f"{issuer}/oauth/revoke",
                "introspection_endpoint": f"{issuer}/oauth/introspect",
                "jwks_uri": f"{issuer}/oauth/jwks",
                "scopes_supported": [str(scope) for scope in Scope],
                "response_types_supported": ["code"],
                "grant_types_supported": [
                    "authorization_code",
                    "client_credentials",
                    "refresh_token",
                ],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_basic",
                    "client_secret_post",
                    "none",
                ],
                "revocation_endpoint_auth_methods_supported": [
                    "client_secret_basic",
                    "client_secret_post",
                    "none",
                ],
                "introspection_endpoint_auth_methods_supported": [
                    "client_secret_basic",
                    "client_secret_post",
                ],
                "code_challenge_methods_supported": ["S256"],
            }
        )
        document.validate()
        return JSONResponse(dict(document))

    async def jwks(self, _request: Request) -> JSONResponse:
        await keys.signing_key()  # the first request of a new hub makes the first key
        lifetime = datetime.timedelta(seconds=self.settings.access_token_seconds)
        keyset = await keys.verification_keys(lifetime)
        return JSONResponse(keys.public_jwks(keyset), headers={"Cache-Control": "max-age=300"})


async def consent_page(
    request: Request,
    client: RegisteredClient,
    scope: str,
    error: str = "",
    status: int = 200,
    retry_after: int = 0,
) -> Response:
    """The page where an organisation's staff approve or deny a client's request."""
    organisation = await Organisation.get(id=client.organisation_id)
    names = organisation.name
    return templates.TemplateResponse(
        request,
        "consent.html",
        {
            "client_name": client.row.name,
            "organisation_name": names.get("en") or next(iter(names.values()), organisation.slug),
            "scopes": [(s, DESCRIPTIONS[Scope(s)]) for s in scope.split()],
            "action": str(request.url),
            "error": error,
        },
        status_code=status,
        headers={**PAGE_HEADERS, **({"Retry-After": str(retry_after)} if retry_after else {})},
    )


def described(error: OAuth2Error, oauth: StarletteOAuth2Request) -> str | None:
    """What the person at the browser is told of ``error``: Authlib's description, but for a
    response type the hub does not serve (Authlib gives the response type alone there)."""
    if isinstance(error, UnsupportedResponseTypeError):
        asked = oauth.payload.response_type
        if not asked:
            return "The request names no response_type: a client asks for 'code'."
        return f"The response_type '{asked}' is not served here: a client asks for 'code'."
    return error.description  # type: ignore[no-any-return]


def refusal(request: Request, error: str, description: str | None) -> Response:
    """A page saying why an authorization request cannot go on (never a redirect)."""
    return templates.TemplateResponse(
        request,
        "error.html",
        {"error": error, "description": description},
        status_code=400,
        headers=PAGE_HEADERS,
    )


async def insecure_transport(_request: Request, _error: Exception) -> Response:
    """Plain http from a host other than loopback: OAuth 2 needs TLS, so nothing is done."""
    return JSONResponse(
        {
            "error": InsecureTransportError.error,
            "error_description": "OAuth 2 needs https. Behind a proxy that ends TLS, let the"
            " hub trust its X-Forwarded-Proto (FORWARDED_ALLOW_IPS=<the proxy's address>).",
        },
        status_code=400,
        headers={"Cache-Control": "no-store"},
    )


EXCEPTION_HANDLERS = {InsecureTransportError: insecure_transport}
"""The app's handlers for errors raised before an endpoint can answer them itself."""
