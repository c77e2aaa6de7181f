"""The rules a signer's form must meet before anything is written
(``hub.services.petition_signing.check_signer``): each refusal names its field and says
what was wrong; what passes is kept as it will be compared (names and addresses
normalised, the country upper-case)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from typing import Any

import pytest

from hub import db
from hub.models import HubSecret
from hub.services import petition_signing
from hub.services.errors import Refusal, WriteRefused
from hub.services.petition_signing import (
    NAME_LENGTH,
    SOURCE_LENGTH,
    Signer,
    address_hash,
    check_signer,
    normalised_email,
)

LANGUAGES = frozenset({"en", "ar"})
COUNTRIES = frozenset({"BR", "MX"})


def checked(source: str = "hub", **fields: object) -> petition_signing.Signature:
    form = {"name": "Ana Souza", "email": "ana@example.org", "language": "en", **fields}
    return check_signer(7, Signer(**form), LANGUAGES, COUNTRIES, source, "hashed")  # type: ignore[arg-type]


def refusal(source: str = "hub", **fields: object) -> tuple[Refusal, str | None, str]:
    with pytest.raises(WriteRefused) as refused:
        checked(source, **fields)
    return refused.value.code, refused.value.field, refused.value.message


def test_a_good_form_is_kept_as_it_will_be_compared() -> None:
    signature = checked(
        name="  Ana\u0301   Souza ",
        email=" Ana@Example.ORG ",
        language="ar",
        country=" br ",
        consent_to_contact=True,
        consent_wording="Send me news",
        source="widget:daily-lantern",
    )
    assert signature.petition_id == 7
    assert signature.name == "Aná Souza"  # NFC, single spaces, trimmed
    assert signature.email == "ana@example.org"
    assert (signature.language, signature.country) == ("ar", "BR")
    assert (signature.consent_to_contact, signature.consent_wording) == (True, "Send me news")
    assert (signature.source, signature.address_hash) == ("widget:daily-lantern", "hashed")
    assert signature.signed_at.tzinfo is not None
    assert checked().country is None
    assert checked(country="").country is None


def test_a_name_is_given_printable_and_short_enough() -> None:
    for name in ("", "   ", "Ana\x00", "Ana\u200b", "Ana\x1b[31m"):
        assert refusal(name=name) == (Refusal.INVALID, "name", "Give your name.")
    assert checked(name="a" * NAME_LENGTH).name == "a" * NAME_LENGTH
    assert refusal(name="a" * (NAME_LENGTH + 1)) == (
        Refusal.INVALID,
        "name",
        f"A name is at most {NAME_LENGTH} characters.",
    )


def test_an_address_is_checked_and_short_enough() -> None:
    code, field, message = refusal(email="not an address")
    assert (code, field) == (Refusal.INVALID, "email")
    assert message.startswith("Check the e-mail address: ")
    longest = f"{'a' * 64}@{'b' * 63}.{'c' * 63}.{'d' * 57}.org"
    assert len(longest) == 254  # RFC 5321's limit
    assert normalised_email(longest) == longest
    with pytest.raises(WriteRefused) as refused:
        normalised_email(longest.replace(".org", ".orgs"))
    assert (refused.value.field, refused.value.message) == (
        "email",
        "Check the e-mail address: The email address is too long (1 character too many).",
    )


def test_the_language_is_one_of_the_petitions() -> None:
    assert refusal(language="fr") == (
        Refusal.INVALID,
        "language",
        "The petition is in ar, en, not 'fr'.",
    )


def test_the_country_is_a_known_code() -> None:
    assert refusal(country="XX") == (
        Refusal.INVALID,
        "country",
        "'XX' is not an ISO 3166-1 alpha-2 code.",
    )


def test_the_source_names_a_page_or_widget() -> None:
    assert checked(source="s" * SOURCE_LENGTH).source == "s" * SOURCE_LENGTH
    for source in ("", "s" * (SOURCE_LENGTH + 1)):
        assert refusal(source=source) == (
            Refusal.INVALID,
            "source",
            "The source names a page or widget.",
        )


def test_network_addresses_are_hashed_with_one_key_per_database(database_url: str) -> None:
    async def hashed() -> list[Any]:
        petition_signing._secrets.clear()
        async with db.connected(database_url):
            first = [await address_hash("192.0.2.1"), await address_hash("192.0.2.2")]
            petition_signing._secrets.clear()  # another process reads the key made here
            key = bytes.fromhex((await HubSecret.get(name="address")).value)
            return [*first, await address_hash("192.0.2.1"), await address_hash(None), key]

    one, two, again, none, key = asyncio.run(hashed())
    # the address keyed with the database's own secret, not a plain digest anyone can rebuild
    assert one == hmac.new(key, b"192.0.2.1", hashlib.sha256).hexdigest()
    assert one != hashlib.sha256(b"192.0.2.1").hexdigest()
    assert one != two
    assert again == one
    assert none is None


def test_a_key_made_by_another_process_meanwhile_is_the_one_used(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def raced() -> tuple[str | None, str | None]:
        petition_signing._secrets.clear()
        async with db.connected(database_url):
            theirs = await address_hash("192.0.2.1")  # the other process made the key
            petition_signing._secrets.clear()
            # this process looked before theirs was committed, and found none
            monkeypatch.setattr(HubSecret, "get_or_none", missing)
            return theirs, await address_hash("192.0.2.1")

    async def missing(**_where: object) -> None:
        return None

    theirs, ours = asyncio.run(raced())
    assert ours == theirs


def test_the_key_is_made_once_read_once_and_32_random_bytes(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def hashed() -> tuple[list[str | None], str]:
        petition_signing._secrets.clear()
        async with db.connected(database_url):
            made = [await address_hash("192.0.2.1")]
            # once made, the key is not made again...
            monkeypatch.setattr(HubSecret, "create", refuse)
            petition_signing._secrets.clear()
            made.append(await address_hash("192.0.2.1"))
            # ...and once read, not read again
            monkeypatch.setattr(HubSecret, "get_or_none", refuse)
            made.append(await address_hash("192.0.2.1"))
            monkeypatch.undo()
            (secret,) = await HubSecret.filter(name="address").values_list("value", flat=True)
            return made, str(secret)

    async def refuse(**_fields: object) -> None:
        raise AssertionError("the key was looked for or made again")

    made, secret = asyncio.run(hashed())
    assert made[0] == made[1] == made[2]
    assert len(bytes.fromhex(secret)) == 32
