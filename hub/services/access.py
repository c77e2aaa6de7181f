"""Registering OAuth clients and staff users for member organisations."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from auth.passwords import hash_secret
from auth.scopes import Scope, parse_scopes
from auth.storage import holdable_scopes, revoke_access_token
from hub import clock
from hub.models import OAuthClient, Organisation, RefreshToken, StaffUser
from hub.models.access import STAFF_NAME_LENGTH
from hub.services.checks import readable_name, url_parts
from hub.settings import Settings


class AccessError(ValueError):
    """A registration that cannot be made; the message says why."""


@dataclass(frozen=True)
class RegisteredCredentials:
    client_id: str
    client_secret: str | None


async def organisation_by_slug(slug: str) -> Organisation:
    organisation = await Organisation.get_or_none(slug=slug)
    if organisation is None:
        raise AccessError(f"no organisation has the slug '{slug}'")
    return organisation


def _check_redirect_uri(uri: str) -> str:
    parts = url_parts(uri)
    if parts is None:
        raise AccessError(f"'{uri}' is not an absolute http(s) URI without a fragment")
    loopback = parts.hostname in {"127.0.0.1", "localhost", "::1"}
    if parts.scheme not in {"https", "http"} or not parts.hostname or parts.fragment:
        raise AccessError(f"'{uri}' is not an absolute http(s) URI without a fragment")
    if parts.scheme == "http" and not loopback:
        raise AccessError(f"'{uri}' must use https (plain http is for loopback only)")
    return uri


async def register_client(
    organisation: Organisation,
    name: str,
    scopes: str,
    redirect_uris: list[str],
    settings: Settings,
    public: bool = False,
) -> RegisteredCredentials:
    """A client acting for ``organisation`` only, within the scopes the organisation may hold.

    With redirect URIs it may use the authorization code grant (and refresh tokens); a
    confidential client may also use client credentials. A public client (a browser
    dashboard) has no secret and must use PKCE.
    """
    try:
        asked = parse_scopes(scopes)
    except ValueError as problem:
        raise AccessError(str(problem)) from None
    if not asked:
        raise AccessError("a client needs at least one scope")
    refused = asked - await holdable_scopes(organisation.id, settings)
    if refused:
        raise AccessError(
            f"{organisation.slug} may not hold {', '.join(sorted(refused))}"
            + (" (it is not a current network member)" if Scope.STATEMENTS_SIGN in refused else "")
        )
    uris = [_check_redirect_uri(uri) for uri in redirect_uris]
    if public and not uris:
        raise AccessError("a public client needs a redirect URI")
    grant_types = ["authorization_code", "refresh_token"] if uris else []
    if not public:
        grant_types.append("client_credentials")
    secret = None if public else secrets.token_urlsafe(32)
    client = await OAuthClient.create(
        client_id=new_client_id(),
        client_secret_hash=await hash_secret(secret) if secret else None,
        organisation_id=organisation.id,
        name=name,
        redirect_uris=uris,
        grant_types=grant_types,
        scopes=sorted(asked),
        token_endpoint_auth_method="none" if public else "client_secret_basic",
    )
    return RegisteredCredentials(client.client_id, secret)


async def create_staff_user(
    organisation: Organisation, email: str, name: str, password: str
) -> StaffUser:
    try:
        address = validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise AccessError(f"'{email}' is not an e-mail address: {error}") from None
    label = readable_name(name)
    if label is None or len(label) > STAFF_NAME_LENGTH:
        raise AccessError(f"a staff user's name has 1 to {STAFF_NAME_LENGTH} printable characters")
    if len(password) < 12 or not password.strip():
        raise AccessError("a password needs at least 12 characters, not only spaces")
    if await StaffUser.exists(email=address):
        raise AccessError(f"a staff user with the e-mail {address} exists already")
    return await StaffUser.create(
        organisation_id=organisation.id,
        email=address,
        name=label,
        password_hash=await hash_secret(password),
    )


@dataclass(frozen=True)
class DisabledClient:
    client_id: str
    refresh_tokens_revoked: int
    access_tokens_revoked: int
    already_disabled: bool
    """Disabled before: only tokens still live (none, unless issued meanwhile) were revoked."""


async def disable_client(client_id: str, settings: Settings) -> DisabledClient:
    """Disable a client: it authenticates no more, its live refresh tokens are revoked, and
    every access token it holds is refused from now on (``auth.storage.is_refused`` looks
    at the client; those issued with a refresh token are also listed as revoked, which
    introspection reports)."""
    row = await OAuthClient.get_or_none(client_id=client_id)
    if row is None:
        raise AccessError(f"no client has the ID '{client_id}'")
    now = clock.now()
    disabled = await OAuthClient.filter(id=row.id, disabled_at=None).update(disabled_at=now)
    live = await RefreshToken.filter(client_id=row.id, revoked_at=None, expires_at__gt=now)
    revoked = await RefreshToken.filter(id__in=[r.id for r in live], revoked_at=None).update(
        revoked_at=now
    )
    lifetime = datetime.timedelta(seconds=settings.access_token_seconds)
    access = [r for r in live if r.issued_at + lifetime > now]
    for refresh in access:
        await revoke_access_token(refresh.access_token_jti, refresh.issued_at + lifetime)
    return DisabledClient(client_id, revoked, len(access), already_disabled=not disabled)


def new_client_id() -> str:
    """A client's public name: 128 random bits in hex, which an operator can give any command
    as it is (a URL-safe one could start with "-" and be read as an option)."""
    return secrets.token_hex(16)
