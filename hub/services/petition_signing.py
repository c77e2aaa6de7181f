"""People signing petitions: the rules, once, for the partner widgets and everything else.

A person signs an open petition once, by e-mail address, in any of its languages, from the
hub's own page or a partner's widget: signing again is not counted again, and the answer
does not say whether the address had signed before (it would tell anyone who signed what).
Signing is anonymous, so a network address may sign only so many times an hour, counted
across every petition and every hub process from the signatures themselves; the address is
kept only as a keyed hash.

Signatures are written in batches by :class:`SignatureWriter` (one transaction for every
signature that arrived meanwhile, ``hub.services.signature_batch``): a person is answered
once their signature, and the mail asking them to confirm it, are committed, so an
answered signature is never lost. It counts once confirmed from that mail
(``hub.services.signer_links``), the petition's count moving in the transaction that
confirms it, so it is never off by one.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from tortoise.exceptions import IntegrityError

from hub import clock
from hub.models import HubSecret
from hub.services.checks import readable_name
from hub.services.errors import Refusal, WriteRefused

NAME_LENGTH = 128
SOURCE_LENGTH = 64


@dataclass(frozen=True)
class Signer:
    """A person signing, as they filled in the form."""

    name: str
    email: str
    language: str
    country: str | None = None
    consent_to_contact: bool = False
    consent_wording: str = ""
    """The words of the consent the signer was asked for, as they read them."""


@dataclass(frozen=True)
class Signature:
    """A signature checked and ready to write."""

    petition_id: int
    name: str
    email: str
    language: str
    country: str | None
    consent_to_contact: bool
    source: str
    address_hash: str | None
    signed_at: datetime.datetime
    consent_wording: str = ""


@dataclass(frozen=True)
class Signed:
    """The petition has this person's signature (now, or from before)."""

    petition_id: int
    signature_count: int
    new: bool
    """False when the address had signed already: nothing was counted. Never shown to
    signers, whose answer is the same either way."""


@dataclass(frozen=True)
class Limits:
    """How many signatures one network address may make in a window, across petitions."""

    per_address: int
    window: datetime.timedelta


def check_signer(
    petition_id: int,
    signer: Signer,
    languages: frozenset[str],
    countries: frozenset[str],
    source: str,
    address_hash: str | None,
) -> Signature:
    """The signature, or a refusal naming the field at fault. The petition's own state
    (open, not closed) is checked again when the signature is written."""
    name = readable_name(signer.name)
    if name is None:
        raise WriteRefused(Refusal.INVALID, "Give your name.", "name")
    if len(name) > NAME_LENGTH:
        raise WriteRefused(Refusal.INVALID, f"A name is at most {NAME_LENGTH} characters.", "name")
    email = normalised_email(signer.email)
    if signer.language not in languages:
        raise WriteRefused(
            Refusal.INVALID,
            f"The petition is in {', '.join(sorted(languages))}, not '{signer.language}'.",
            "language",
        )
    country = signer.country.strip().upper() if signer.country else None
    if country is not None and country not in countries:
        raise WriteRefused(
            Refusal.INVALID, f"'{signer.country}' is not an ISO 3166-1 alpha-2 code.", "country"
        )
    if not source or len(source) > SOURCE_LENGTH:
        raise WriteRefused(Refusal.INVALID, "The source names a page or widget.", "source")
    return Signature(
        petition_id=petition_id,
        name=name,
        email=email,
        language=signer.language,
        country=country,
        consent_to_contact=signer.consent_to_contact,
        source=source,
        address_hash=address_hash,
        signed_at=clock.now(),
        consent_wording=signer.consent_wording,
    )


def normalised_email(text: str) -> str:
    """The address as it is kept and compared: one per person per petition."""
    try:
        checked = validate_email(text.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise WriteRefused(Refusal.INVALID, f"Check the e-mail address: {error}", "email") from None
    # at most 254 characters: the checker refuses a longer address, saying by how much
    return checked.normalized.lower()


_ADDRESS_KEY = "address"
_secrets: dict[str, bytes] = {}


async def address_hash(address: str | None) -> str | None:
    """The address hashed with the hub's own key: the same in every process, useless to
    anyone who reads the table without the key."""
    if not address:
        return None
    key = _secrets.get(_ADDRESS_KEY) or await _hub_secret(_ADDRESS_KEY)
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


async def _hub_secret(name: str) -> bytes:
    row = await HubSecret.get_or_none(name=name)
    if row is None:
        try:
            row = await HubSecret.create(name=name, value=secrets.token_hex(32))
        except IntegrityError:  # another process made it first: theirs is the key
            row = await HubSecret.get(name=name)
    _secrets[name] = bytes.fromhex(row.value)
    return _secrets[name]
