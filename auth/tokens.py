"""Access tokens as JWTs (RFC 9068): verified with the keys in the database, revocable."""

from __future__ import annotations

import datetime

from joserfc import jwt
from joserfc.errors import BadSignatureError, ClaimError, ExpiredTokenError, JoseError
from joserfc.jwt import JWTClaimsRegistry

from auth import keys
from auth.principal import Principal
from auth.scopes import parse_scopes
from auth.storage import is_refused
from hub.settings import Settings

CLOCK_SKEW_SECONDS = 30
"""How far replicas' clocks may disagree: a token issued by one is good at once on another."""


class InvalidToken(Exception):
    """The token cannot be used: the message says why, for the WWW-Authenticate header."""


def organisation_of(claims: dict[str, object]) -> int:
    value = claims.get("org_id")
    if not isinstance(value, int):
        raise InvalidToken("the token names no organisation")
    return value


def user_of(claims: dict[str, object]) -> int | None:
    """The staff user a token acts for (``sub`` is ``user:ID``); None for a client's own."""
    subject = claims.get("sub")
    if isinstance(subject, str) and subject.startswith("user:"):
        return int(subject.removeprefix("user:"))
    return None


async def verify_access_token(token: str, settings: Settings) -> Principal:
    """The principal behind a bearer token, or ``InvalidToken`` saying what is wrong."""
    lifetime = datetime.timedelta(seconds=settings.access_token_seconds)
    try:
        decoded = jwt.decode(
            token, await keys.verification_keys(lifetime), algorithms=[keys.ALGORITHM]
        )
    except BadSignatureError:
        raise InvalidToken("the token's signature is wrong") from None
    except (JoseError, ValueError, TypeError, KeyError):
        # joserfc's own words may quote the token's header: they are not echoed back
        raise InvalidToken(
            "the token is malformed, or its signature is not one of this hub's keys"
        ) from None
    if decoded.header.get("typ") != "at+jwt":
        raise InvalidToken("the token is not an access token (typ must be at+jwt)")
    registry = JWTClaimsRegistry(
        leeway=CLOCK_SKEW_SECONDS,
        iss={"essential": True, "value": settings.issuer},
        aud={"essential": True, "value": settings.audience},
        exp={"essential": True},
        jti={"essential": True},
        client_id={"essential": True},
    )
    try:
        registry.validate(decoded.claims)
    except ExpiredTokenError:
        raise InvalidToken("the token has expired") from None
    except ClaimError as problem:
        # the registered claims and those above are named, never the token's own words;
        # essential claims missing together are named together ("aud,iss")
        named = problem.claim.replace(",", ", ")
        noun = "claims are" if "," in problem.claim else "claim is"
        raise InvalidToken(f"the token's {named} {noun} not valid here") from None
    claims = decoded.claims
    refused = await is_refused(str(claims["jti"]), str(claims["client_id"]))
    if refused == "revoked":
        raise InvalidToken("the token was revoked")
    if refused is not None:
        raise InvalidToken("the token's client was disabled: its tokens are revoked")
    return Principal(
        organisation_id=organisation_of(claims),
        client_id=str(claims["client_id"]),
        user_id=user_of(claims),
        scopes=parse_scopes(str(claims.get("scope", ""))),
        jti=str(claims["jti"]),
        expires_at=datetime.datetime.fromtimestamp(int(claims["exp"]), datetime.UTC),
    )
