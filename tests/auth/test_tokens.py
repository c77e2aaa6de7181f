"""The token rules (auth/tokens.py), checked on tokens signed with the hub's own key: what a
good token says, and each way a token is refused, in the words the 401 carries."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from auth import keys
from auth.scopes import Scope
from auth.tokens import InvalidToken, verify_access_token
from hub import clock, db
from hub.models import RevokedAccessToken, SigningKey
from hub.settings import Settings

SETTINGS = Settings(issuer="https://hub.example.org", audience="hub-api")


@pytest.fixture
async def connected(database_url: str) -> AsyncIterator[None]:
    async with db.connected(database_url):
        yield


def claims(**changes: Any) -> dict[str, Any]:
    """The claims the hub puts in a token for a member's dashboard, with some changed."""
    now = int(time.time())
    return {
        "iss": SETTINGS.issuer,
        "aud": SETTINGS.audience,
        "sub": "user:7",
        "client_id": "dashboard-7",
        "org_id": 42,
        "scope": "statements:sign petitions:write",
        "jti": "jti-1",
        "iat": now,
        "exp": now + 300,
        **changes,
    }


async def signed(body: dict[str, Any], typ: str = "at+jwt", key: RSAKey | None = None) -> str:
    """A token signed as the hub signs (with its key, unless another is given)."""
    key = key or await keys.signing_key()
    return jwt.encode({"alg": keys.ALGORITHM, "typ": typ, "kid": key.kid}, body, key)


async def refused(token: str) -> str:
    with pytest.raises(InvalidToken) as problem:
        await verify_access_token(token, SETTINGS)
    return str(problem.value)


async def test_a_good_token_names_its_organisation_client_user_and_scopes(
    connected: None,
) -> None:
    # given a token for a staff user's dashboard
    body = claims()
    # when
    principal = await verify_access_token(await signed(body), SETTINGS)
    # then
    assert principal.organisation_id == 42
    assert principal.client_id == "dashboard-7"
    assert principal.user_id == 7
    assert principal.scopes == {Scope.STATEMENTS_SIGN, Scope.PETITIONS_WRITE}
    assert principal.jti == "jti-1"
    assert principal.expires_at == datetime.datetime.fromtimestamp(body["exp"], datetime.UTC)


async def test_a_clients_own_token_has_no_user(connected: None) -> None:
    # given a client credentials token: its subject is the client, and it may hold no scope
    body = claims(sub="client:dashboard-7")
    del body["scope"]
    # when
    principal = await verify_access_token(await signed(body), SETTINGS)
    # then
    assert (principal.user_id, principal.scopes) == (None, frozenset())


async def test_a_token_signed_by_another_key_is_refused(connected: None) -> None:
    # given a key the hub never made, with the kid of the hub's own
    own = await keys.signing_key()
    other = RSAKey.generate_key(2048, parameters={"kid": own.kid})
    # then
    assert await refused(await signed(claims(), key=other)) == "the token's signature is wrong"


async def test_a_token_the_hub_cannot_read_is_malformed(connected: None) -> None:
    assert await refused("not.a.token") == (
        "the token is malformed, or its signature is not one of this hub's keys"
    )


async def test_an_id_token_is_not_an_access_token(connected: None) -> None:
    assert await refused(await signed(claims(), typ="JWT")) == (
        "the token is not an access token (typ must be at+jwt)"
    )


@pytest.mark.parametrize("claim", ["iss", "aud", "exp", "jti", "client_id"])
async def test_a_token_without_an_essential_claim_is_refused(connected: None, claim: str) -> None:
    body = claims()
    del body[claim]
    assert await refused(await signed(body)) == f"the token's {claim} claim is not valid here"


@pytest.mark.parametrize(
    ("claim", "value"),
    [("iss", "https://elsewhere.example.org"), ("aud", "another-api")],
)
async def test_a_token_for_another_hub_is_refused(connected: None, claim: str, value: str) -> None:
    assert await refused(await signed(claims(**{claim: value}))) == (
        f"the token's {claim} claim is not valid here"
    )


async def test_a_token_not_yet_valid_is_refused(connected: None) -> None:
    body = claims(nbf=int(time.time()) + 600)
    assert await refused(await signed(body)) == "the token's nbf claim is not valid here"


@pytest.mark.parametrize("iat", ["yesterday", None, 10**12])
async def test_a_token_issued_at_no_time_or_in_the_future_is_refused(
    connected: None, iat: Any
) -> None:
    assert await refused(await signed(claims(iat=iat))) == (
        "the token's iat claim is not valid here"
    )


async def test_essential_claims_missing_together_are_named_together(connected: None) -> None:
    body = claims()
    del body["iss"], body["aud"]
    assert await refused(await signed(body)) == "the token's aud, iss claims are not valid here"


def _forged(alg: str, body: dict[str, Any], kid: str, secret: bytes | None) -> str:
    """A token whose header names ``alg``, MACed with ``secret`` (or unsigned)."""

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    signing_input = f"{part(json.dumps({'alg': alg, 'typ': 'at+jwt', 'kid': kid}).encode())}."
    signing_input += part(json.dumps(body).encode())
    mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest() if secret else b""
    return f"{signing_input}.{part(mac)}"


@pytest.mark.parametrize("alg", ["HS256", "none"])
async def test_a_token_in_another_algorithm_is_refused(connected: None, alg: str) -> None:
    # given the classic forgeries: the hub's public key used as an HMAC secret, and no
    # signature at all, each naming the hub's own key
    own = await keys.signing_key()
    secret = own.as_pem(private=False) if alg == "HS256" else None
    # then
    assert await refused(_forged(alg, claims(), own.kid, secret)) == (
        "the token is malformed, or its signature is not one of this hub's keys"
    )


@pytest.mark.parametrize(("seconds_ago", "good"), [(5, True), (120, False)])
async def test_an_expired_token_is_refused_beyond_the_clock_skew(
    connected: None, seconds_ago: int, good: bool
) -> None:
    # given a token that expired a moment ago (within the skew replicas may have) or long ago
    token = await signed(claims(exp=int(time.time()) - seconds_ago))
    # then
    if good:
        assert (await verify_access_token(token, SETTINGS)).jti == "jti-1"
    else:
        assert await refused(token) == "the token has expired"


async def test_a_revoked_token_is_refused(connected: None) -> None:
    # given the token's jti revoked
    await RevokedAccessToken.create(
        jti="jti-1", expires_at=clock.now() + datetime.timedelta(minutes=5), revoked_at=clock.now()
    )
    # then
    assert await refused(await signed(claims())) == "the token was revoked"
    assert (await verify_access_token(await signed(claims(jti="jti-2")), SETTINGS)).jti == "jti-2"


@pytest.mark.parametrize("org_id", [None, "42"])
async def test_a_token_for_no_organisation_is_refused(connected: None, org_id: Any) -> None:
    body = claims(org_id=org_id)
    if org_id is None:
        del body["org_id"]
    assert await refused(await signed(body)) == "the token names no organisation"


async def test_a_retired_key_verifies_its_tokens_until_they_expire(connected: None) -> None:
    # given a token signed by a key, then a new key
    token = await signed(claims())
    old = await keys.signing_key()
    await keys.create_signing_key()

    # then the old key's tokens verify for as long as tokens live, and not after
    assert (await verify_access_token(token, SETTINGS)).jti == "jti-1"
    lifetime = datetime.timedelta(seconds=SETTINGS.access_token_seconds)
    retired_long_ago = clock.now() - lifetime - datetime.timedelta(seconds=1)

    await SigningKey.filter(kid=old.kid).update(retired_at=retired_long_ago)
    assert await refused(token) == (
        "the token is malformed, or its signature is not one of this hub's keys"
    )
