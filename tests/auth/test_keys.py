"""The keys that sign access tokens, kept in the database so that every replica verifies the
same ones: one signs at a time (made on first use), a rotation retires it, and a retired key
still verifies its tokens for as long as they may live, then no longer."""

from __future__ import annotations

import datetime
import json
from collections.abc import AsyncIterator

import pytest
from joserfc import jwt
from joserfc.errors import BadSignatureError, InvalidKeyIdError
from joserfc.jwk import KeySet, RSAKey

from auth import keys
from hub import clock, db
from hub.models import SigningKey

LIFETIME = datetime.timedelta(hours=1)


@pytest.fixture
async def connected(database_url: str) -> AsyncIterator[None]:
    async with db.connected(database_url):
        yield


def kids(key_set: KeySet) -> set[str]:
    return {key.kid for key in key_set.keys if key.kid}


def signed_by(key: RSAKey) -> str:
    return jwt.encode({"alg": keys.ALGORITHM, "kid": key.kid}, {"sub": "org-1"}, key)


async def test_the_first_key_is_made_on_first_use_and_then_kept(connected: None) -> None:
    assert await SigningKey.all().count() == 0

    # when the hub first signs, and signs again
    first = await keys.signing_key()
    again = await keys.signing_key()

    # then one key was made, stored with its algorithm and private half, and used both times
    (row,) = await SigningKey.all()
    assert (row.kid, row.algorithm, row.retired_at) == (first.kid, "RS256", None)
    assert again.kid == first.kid
    stored = json.loads(row.private_jwk)
    assert (stored["kty"], stored["alg"], stored["kid"]) == ("RSA", "RS256", first.kid)
    assert "d" in stored  # the private exponent: this key signs
    assert first.as_dict(private=False)["n"] == stored["n"]
    assert first.raw_value.key_size == 2048
    assert len(first.kid or "") == 32


async def test_a_new_key_signs_from_now_on_and_retires_the_one_before(connected: None) -> None:
    # given the key signing now
    old = await keys.signing_key()

    # when a new one is made
    before = clock.now()
    new = await keys.create_signing_key()
    after = clock.now()

    # then the new key signs, and the old one was retired at that moment
    assert (await keys.signing_key()).kid == new.kid != old.kid
    retired = await SigningKey.get(kid=old.kid)
    assert retired.retired_at is not None
    assert before <= retired.retired_at <= after
    assert new.retired_at is None
    assert before <= new.created_at <= after
    assert await SigningKey.filter(retired_at=None).count() == 1


async def test_of_several_unretired_keys_the_newest_signs(connected: None) -> None:
    # given two keys left unretired (a rotation on another replica, half seen)
    first = await keys.create_signing_key()
    second = await keys.create_signing_key()
    await SigningKey.filter(kid=first.kid).update(
        retired_at=None, created_at=clock.now() - datetime.timedelta(minutes=5)
    )

    # then the newer one signs
    assert (await keys.signing_key()).kid == second.kid


async def test_a_retired_key_verifies_only_as_long_as_its_tokens_may_live(
    connected: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a token signed by a key that has since been retired
    old = await keys.signing_key()
    token = signed_by(old)
    new = await keys.create_signing_key()

    # then, within a token's lifetime of the retirement, both keys verify
    both = await keys.verification_keys(LIFETIME)
    assert kids(both) == {old.kid, new.kid}
    assert jwt.decode(token, both).claims["sub"] == "org-1"

    # and a retirement exactly a lifetime ago still counts, one a microsecond older does not
    now = clock.now()
    monkeypatch.setattr(clock, "now", lambda: now)
    await SigningKey.filter(kid=old.kid).update(retired_at=now - LIFETIME)
    assert kids(await keys.verification_keys(LIFETIME)) == {old.kid, new.kid}
    microsecond = datetime.timedelta(microseconds=1)
    await SigningKey.filter(kid=old.kid).update(retired_at=now - LIFETIME - microsecond)
    only_new = await keys.verification_keys(LIFETIME)
    assert kids(only_new) == {new.kid}
    with pytest.raises(InvalidKeyIdError):
        jwt.decode(token, only_new)


async def test_no_key_verifies_a_token_another_key_signed(connected: None) -> None:
    # given a token signed by a key the hub does not hold
    stranger = RSAKey.generate_key(2048, parameters={"kid": "stranger", "alg": "RS256"})
    await keys.signing_key()
    forged = jwt.encode({"alg": "RS256", "kid": (await keys.signing_key()).kid}, {}, stranger)

    # then the hub's keys refuse it
    with pytest.raises(BadSignatureError):
        jwt.decode(forged, await keys.verification_keys(LIFETIME))


async def test_the_published_key_set_holds_public_halves_only(connected: None) -> None:
    old = await keys.signing_key()
    new = await keys.create_signing_key()

    published = keys.public_jwks(await keys.verification_keys(LIFETIME))

    assert {key["kid"] for key in published["keys"]} == {old.kid, new.kid}  # type: ignore[index]
    for key in published["keys"]:  # type: ignore[attr-defined]
        assert key["kty"] == "RSA" and key["alg"] == "RS256"
        assert not {"d", "p", "q", "dp", "dq", "qi"} & set(key)


def test_a_stored_key_is_parsed_once() -> None:
    key = RSAKey.generate_key(2048, parameters={"kid": "parsed-once"})
    text = json.dumps(key.as_dict(private=True))
    keys.parsed.cache_clear()

    assert keys.parsed(text) is keys.parsed(text)
    assert keys.parsed(text).kid == "parsed-once"
    assert keys.parsed.cache_info().misses == 1
