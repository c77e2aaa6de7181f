"""Signing keys for access tokens, kept in the database so that every replica verifies them.

One key signs at a time (the newest). ``hub keys rotate`` adds a new one and retires the
old, which still verifies the tokens it signed until they expire.
"""

from __future__ import annotations

import datetime
import functools
import json
import uuid

from joserfc.jwk import KeySet, RSAKey
from tortoise.expressions import Q

from hub import clock
from hub.models import SigningKey

ALGORITHM = "RS256"


async def create_signing_key() -> SigningKey:
    """A new key that signs from now on; the keys before it are retired."""
    key = RSAKey.generate_key(2048, parameters={"kid": uuid.uuid4().hex, "alg": ALGORITHM})
    now = clock.now()
    await SigningKey.filter(retired_at=None).update(retired_at=now)
    return await SigningKey.create(
        kid=key.kid,
        algorithm=ALGORITHM,
        private_jwk=json.dumps(key.as_dict(private=True)),
        created_at=now,
    )


async def signing_key() -> RSAKey:
    """The key that signs now, made on first use."""
    row = await SigningKey.filter(retired_at=None).order_by("-created_at").first()
    if row is None:
        row = await create_signing_key()
    return parsed(row.private_jwk)


async def verification_keys(token_lifetime: datetime.timedelta) -> KeySet:
    """Every key whose tokens may still be valid: the signing one and recently retired ones."""
    oldest = clock.now() - token_lifetime
    rows = await SigningKey.filter(Q(retired_at=None) | Q(retired_at__gte=oldest))
    return KeySet([parsed(row.private_jwk) for row in rows])


@functools.lru_cache(maxsize=64)
def parsed(private_jwk: str) -> RSAKey:
    """A stored key, parsed. Loading a private RSA key checks it, which costs milliseconds on
    every request; a key's text never changes, so each replica parses it once."""
    return RSAKey.import_key(json.loads(private_jwk))


def public_jwks(keys: KeySet) -> dict[str, object]:
    """The JSON Web Key Set that resource servers and gateways fetch."""
    return {"keys": [key.as_dict(private=False) for key in keys.keys]}
