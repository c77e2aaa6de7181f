"""The authorization server's reads and writes, as async functions over the models."""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import uuid
from typing import Any

from tortoise import connections

from auth.clients import IssuedCode, IssuedRefreshToken, RegisteredClient, SignedInUser
from auth.passwords import NOBODYS_HASH, verify_secret
from auth.scopes import MEMBER_SCOPES, Scope, parse_scopes
from hub import clock
from hub.db import DATABASE
from hub.models import (
    AuthorizationCode,
    OAuthClient,
    Organisation,
    RefreshToken,
    RevokedAccessToken,
    StaffUser,
)
from hub.services.dialect import Dialect
from hub.services.eligibility import is_network_member
from hub.settings import Settings


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def holdable_scopes(organisation_id: int, settings: Settings) -> frozenset[Scope]:
    """The scopes an organisation's clients may be granted today."""
    organisation = await Organisation.get_or_none(id=organisation_id)
    if organisation is None:
        return frozenset()
    is_member = await is_network_member(organisation_id, clock.today())
    scopes = set(MEMBER_SCOPES) if is_member else set()
    if organisation.slug in settings.admin_organisations:
        scopes.add(Scope.HUB_ADMIN)
    return frozenset(scopes)


async def load_client(client_id: str, settings: Settings) -> RegisteredClient | None:
    row = await OAuthClient.get_or_none(client_id=client_id, disabled_at=None)
    if row is None:
        return None
    own = parse_scopes(" ".join(row.scopes))
    return RegisteredClient(row, own & await holdable_scopes(row.organisation_id, settings))


async def sign_in(email: str, password: str) -> StaffUser | None:
    user = await StaffUser.get_or_none(email=email.strip().lower(), disabled_at=None)
    # an unknown address costs the same argon2 check, so timing does not tell who is staff
    matches = await verify_secret(user.password_hash if user else NOBODYS_HASH, password)
    return user if user is not None and matches else None


async def save_code(
    code: str,
    client: RegisteredClient,
    user: SignedInUser,
    data: dict[str, Any],
    settings: Settings,
) -> None:
    issued = clock.now()
    await AuthorizationCode.create(
        code=code,
        client_id=client.row.id,
        user_id=user.row.id,
        # only a redirect URI the request named must be named again to redeem the code
        # (RFC 6749 §4.1.3); one left out was the client's only one, and is not asked for
        redirect_uri=data.get("redirect_uri") or "",
        scope=client.get_allowed_scope(data.get("scope")),
        code_challenge=data["code_challenge"],
        code_challenge_method=data["code_challenge_method"],
        issued_at=issued,
        expires_at=issued + datetime.timedelta(seconds=settings.authorization_code_seconds),
    )


async def claim_code(code: str, client: RegisteredClient, settings: Settings) -> IssuedCode | None:
    """The code, marked used by this call; None if unknown, expired, or already used.

    A code presented again (RFC 6749 §4.1.2), even by a request racing the first, revokes
    every token issued from it: someone else may hold it."""
    row = await AuthorizationCode.get_or_none(code=code, client_id=client.row.id)
    if row is None:
        return None
    if row.used_at is not None:
        await revoke_what_code_issued(row.id, settings)
        return None
    if row.expires_at <= clock.now():
        return None
    # single use, even when two requests race: only one update finds it unused
    claimed = await AuthorizationCode.filter(id=row.id, used_at=None).update(used_at=clock.now())
    if claimed != 1:
        await revoke_what_code_issued(row.id, settings)
        return None
    return IssuedCode(row)


async def revoke_what_code_issued(code_id: int, settings: Settings) -> None:
    """Mark a code replayed, and revoke the tokens issued from it (those issued later are
    revoked by ``save_tokens``, which looks for this mark after recording them)."""
    await AuthorizationCode.filter(id=code_id, replayed_at=None).update(replayed_at=clock.now())
    row = await AuthorizationCode.get(id=code_id)
    if row.token_family is not None:
        await revoke_family(row.token_family, settings)
    if row.access_token_jti is not None:
        lifetime = datetime.timedelta(seconds=settings.access_token_seconds)
        await revoke_access_token(row.access_token_jti, clock.now() + lifetime)


async def user_of_code(code: IssuedCode) -> SignedInUser | None:
    user = await StaffUser.get_or_none(id=code.row.user_id, disabled_at=None)
    return SignedInUser(user) if user is not None else None


def unverified_claims(jwt_token: str) -> dict[str, Any]:
    """The claims of a token this server has just signed itself."""
    payload = jwt_token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


async def save_tokens(
    token: dict[str, Any],
    client: RegisteredClient,
    user: SignedInUser | None,
    rotated: IssuedRefreshToken | None,
    code: IssuedCode | None,
    settings: Settings,
) -> None:
    """Keep the refresh token (hashed) of a token response, in the family it rotated from,
    and, for a code's tokens, which they are: a replay of the code revokes them."""
    refresh = token.get("refresh_token")
    family = rotated.row.family if rotated is not None else str(uuid.uuid4())
    jti = str(unverified_claims(token["access_token"])["jti"])
    if code is not None:
        await AuthorizationCode.filter(id=code.row.id).update(
            token_family=family, access_token_jti=jti
        )
    if refresh:
        issued = clock.now()
        await RefreshToken.create(
            token_hash=token_hash(refresh),
            family=family,
            client_id=client.row.id,
            user_id=user.row.id if user is not None else None,
            scope=token.get("scope") or "",
            access_token_jti=jti,
            issued_at=issued,
            expires_at=issued + datetime.timedelta(seconds=settings.refresh_token_seconds),
        )
    if code is not None and await AuthorizationCode.exists(
        id=code.row.id, replayed_at__not_isnull=True
    ):
        # the code was replayed while these tokens were issued: they are revoked too
        await revoke_what_code_issued(code.row.id, settings)
    if (
        refresh
        and rotated is not None
        and await RefreshToken.exists(family=rotated.row.family, revoked_at__not_isnull=True)
    ):
        # the family was revoked while this refresh ran: what it issued is revoked too
        await revoke_family(rotated.row.family, settings)


async def find_refresh_token(
    token: str, client: RegisteredClient, settings: Settings
) -> IssuedRefreshToken | None:
    """A usable refresh token. Presenting a used or revoked one revokes its whole family."""
    row = await RefreshToken.get_or_none(token_hash=token_hash(token))
    if row is None:
        return None
    found = IssuedRefreshToken(
        row, client.get_client_id() if row.client_id == client.row.id else ""
    )
    if found.is_expired():
        return None
    # Used once: claimed here, atomically, so that of two racing requests only one wins.
    # The other, like any reuse, revokes the whole family.
    claimed = await RefreshToken.filter(id=row.id, rotated_at=None, revoked_at=None).update(
        rotated_at=clock.now()
    )
    if not claimed:
        await revoke_family(row.family, settings)
        return None
    return found


async def revoke_family(family: str, settings: Settings) -> None:
    """Revoke every refresh token of a family, and the access tokens issued with them."""
    rows = await RefreshToken.filter(family=family)
    await RefreshToken.filter(family=family, revoked_at=None).update(revoked_at=clock.now())
    lifetime = datetime.timedelta(seconds=settings.access_token_seconds)
    for row in rows:
        await revoke_access_token(row.access_token_jti, row.issued_at + lifetime)


async def revoke_access_token(jti: str, expires_at: datetime.datetime) -> None:
    """From now on every replica refuses the access token with this ``jti``."""
    await RevokedAccessToken.get_or_create(
        jti=jti, defaults={"expires_at": expires_at, "revoked_at": clock.now()}
    )


async def user_of_refresh_token(token: IssuedRefreshToken) -> SignedInUser | None:
    if token.row.user_id is None:
        return None
    user = await StaffUser.get_or_none(id=token.row.user_id, disabled_at=None)
    return SignedInUser(user) if user is not None else None


async def find_any_refresh_token(token: str) -> IssuedRefreshToken | None:
    """A refresh token by its value, used or not, for revocation and introspection."""
    row = await RefreshToken.get_or_none(token_hash=token_hash(token)).prefetch_related("client")
    return IssuedRefreshToken(row, row.client.client_id) if row is not None else None


async def is_refused(jti: str, client_id: str) -> str | None:
    """Why an access token may not be used any more: it was revoked, or its client was
    disabled since; None when neither. One statement, on every request of every replica."""
    connection = connections.get(DATABASE)
    first, second = Dialect.of(connection).marks(2).split(", ")
    _, rows = await connection.execute_query(
        f"SELECT 'revoked' AS reason FROM revoked_access_token WHERE jti = {first}"
        " UNION ALL SELECT 'client disabled' AS reason FROM oauth_client"
        f" WHERE client_id = {second} AND disabled_at IS NOT NULL",
        [jti, client_id],
    )
    return str(dict(rows[0])["reason"]) if rows else None


async def describe_refresh_token(token: IssuedRefreshToken) -> dict[str, Any]:
    if token.is_revoked() or token.is_expired():
        return {"active": False}
    return {
        "active": True,
        "token_type": "refresh_token",
        "client_id": token.client_id,
        "scope": token.get_scope(),
        "exp": int(token.row.expires_at.timestamp()),
        "iat": int(token.row.issued_at.timestamp()),
    }
