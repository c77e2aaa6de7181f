"""Signers' names and addresses sealed to the organisation that started the petition.

Each organisation may hold Curve25519 key pairs (``hub organisations keygen``): the hub
keeps the public key, the organisation the private one. A signer's name and address are
sealed (libsodium's sealed boxes, through PyNaCl) to the organisation's newest public key
when they sign, so the hub can write them but never read them again; only the
organisation's private key opens them (``hub petitions export``). An organisation without
a key gets no names or addresses at all: its signatures are counted, and deduplicated by
their keyed hash, but cannot be exported.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from tortoise.backends.base.client import BaseDBAsyncClient

from hub import clock
from hub.models import Organisation, OrganisationKey
from hub.services.errors import Refusal, WriteRefused


class KeyRefused(Exception):
    """A private key that is not one, or does not open what it was asked to."""


def new_key_pair() -> tuple[str, str]:
    """A fresh key pair: (private, public), each base64."""
    private = PrivateKey.generate()
    return _b64(bytes(private)), _b64(bytes(private.public_key))


async def register_key(slug: str) -> tuple[OrganisationKey, str]:
    """A new key pair for the organisation: its public half kept as the newest, the
    private half returned (base64) for the organisation to keep."""
    organisation = await Organisation.get_or_none(slug=slug)
    if organisation is None:
        raise WriteRefused(Refusal.NOT_FOUND, f"No organisation is called '{slug}'.", "slug")
    private, public = new_key_pair()
    key = await OrganisationKey.create(
        organisation_id=organisation.id, public_key=public, created_at=clock.now()
    )
    return key, private


async def newest_keys(
    connection: BaseDBAsyncClient, organisation_ids: Iterable[int]
) -> dict[int, str]:
    """Each organisation's newest public key (base64), for those that have one."""
    # each organisation's newest comes last, and is the one kept
    rows = (
        await OrganisationKey.filter(organisation_id__in=sorted(set(organisation_ids)))
        .using_db(connection)
        .order_by("created_at", "id")
        .values("organisation_id", "public_key")
    )
    return {int(row["organisation_id"]): str(row["public_key"]) for row in rows}


def seal(public_key: str, text: str) -> str:
    """``text`` sealed to ``public_key``: base64, opened only by its private key."""
    box = SealedBox(PublicKey(base64.b64decode(public_key)))
    return _b64(box.encrypt(text.encode()))


def private_key(text: str) -> PrivateKey:
    """A private key as ``hub organisations keygen`` wrote it."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        return PrivateKey(raw)
    except (ValueError, TypeError, CryptoError):
        raise KeyRefused("This is not a private key written by hub organisations keygen") from None


def public_key_of(private: PrivateKey) -> str:
    return _b64(bytes(private.public_key))


def open_sealed(private: PrivateKey, sealed: str) -> str:
    try:
        return SealedBox(private).decrypt(base64.b64decode(sealed)).decode()
    except CryptoError:
        raise KeyRefused("This private key does not open what was sealed") from None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()
