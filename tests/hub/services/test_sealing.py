"""Sealing signers to their organisation's key: what the hub keeps (the public half, dated),
which key seals (the newest), and what a wrong or broken private key is told."""

from __future__ import annotations

import base64
import datetime
from collections.abc import AsyncIterator

import pytest
from nacl.public import PrivateKey
from tortoise import connections

from hub import clock, db
from hub.db import DATABASE
from hub.models import Organisation, OrganisationKey
from hub.services import sealing
from hub.services.errors import Refusal, WriteRefused
from hub.services.sealing import KeyRefused
from tests import factories

NOW = datetime.datetime(2026, 12, 2, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
async def organisations(database_url: str) -> AsyncIterator[list[Organisation]]:
    async with db.connected(database_url):
        yield await factories.organisations(3)


def test_a_new_key_pair_opens_what_is_sealed_to_it() -> None:
    private, public = sealing.new_key_pair()
    opened = sealing.open_sealed(sealing.private_key(private), sealing.seal(public, "Maryam"))
    assert opened == "Maryam"
    assert sealing.public_key_of(sealing.private_key(private)) == public
    # each half is 32 bytes, base64, and each pair is new
    assert len(base64.b64decode(private)) == len(base64.b64decode(public)) == 32
    assert sealing.new_key_pair() != (private, public)


def test_what_is_sealed_is_not_the_text_and_differs_each_time() -> None:
    _, public = sealing.new_key_pair()
    once, twice = (
        sealing.seal(public, "maryam@example.org"),
        sealing.seal(public, "maryam@example.org"),
    )
    assert once != twice
    assert "maryam" not in base64.b64decode(once).decode("latin-1")


def test_a_private_key_may_come_with_the_spaces_and_newline_of_its_file() -> None:
    private, public = sealing.new_key_pair()
    assert sealing.public_key_of(sealing.private_key(f"  {private}\n")) == public


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not base64 at all!",
        base64.b64encode(b"too short").decode(),
        base64.b64encode(bytes(33)).decode(),
        base64.b64encode(bytes(32)).decode() + "%",
    ],
)
def test_what_is_not_a_private_key_is_refused_in_words(text: str) -> None:
    with pytest.raises(KeyRefused) as refused:
        sealing.private_key(text)
    assert str(refused.value) == "This is not a private key written by hub organisations keygen"


def test_another_organisations_key_does_not_open_what_was_sealed() -> None:
    _, public = sealing.new_key_pair()
    other, _ = sealing.new_key_pair()
    with pytest.raises(KeyRefused) as refused:
        sealing.open_sealed(sealing.private_key(other), sealing.seal(public, "Maryam"))
    assert str(refused.value) == "This private key does not open what was sealed"


async def test_a_registered_key_keeps_the_public_half_dated_now(
    organisations: list[Organisation], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "now", lambda: NOW)
    organisation = organisations[1]

    key, private = await sealing.register_key(organisation.slug)

    stored = await OrganisationKey.get(id=key.id)
    assert (stored.organisation_id, stored.created_at) == (organisation.id, NOW)
    assert stored.public_key == sealing.public_key_of(sealing.private_key(private))
    assert await OrganisationKey.all().count() == 1


async def test_no_key_is_registered_for_an_organisation_that_is_not_there(
    organisations: list[Organisation],
) -> None:
    with pytest.raises(WriteRefused) as refused:
        await sealing.register_key("no-such-organisation")
    assert (refused.value.code, refused.value.field) == (Refusal.NOT_FOUND, "slug")
    assert refused.value.message == "No organisation is called 'no-such-organisation'."
    assert await OrganisationKey.all().count() == 0


async def test_each_organisation_seals_to_its_newest_key(
    organisations: list[Organisation], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second, keyless = organisations

    async def registered(organisation: Organisation, at: datetime.datetime) -> str:
        monkeypatch.setattr(clock, "now", lambda: at)
        key, _ = await sealing.register_key(organisation.slug)
        return key.public_key

    # given the first organisation's keys registered out of the order they were made, and
    # two of the second's made in the same instant (the later registered is the newer)
    newest_of_first = await registered(first, NOW)
    await registered(first, NOW - datetime.timedelta(days=30))
    await registered(second, NOW)
    newest_of_second = await registered(second, NOW)

    # when the newest keys of all three are asked for, each organisation named twice
    ids = [first.id, keyless.id, second.id, first.id]
    newest = await sealing.newest_keys(connections.get(DATABASE), ids)

    # then each with a key has its newest, and the one without is not there
    assert newest == {first.id: newest_of_first, second.id: newest_of_second}
    assert await sealing.newest_keys(connections.get(DATABASE), []) == {}


async def test_of_two_keys_made_in_one_instant_the_later_numbered_is_the_newest(
    organisations: list[Organisation],
) -> None:
    # given two keys of one organisation made in the same instant, the later numbered one
    # written first (as rows may lie in any order)
    first = organisations[0]
    _, later = sealing.new_key_pair()
    _, earlier = sealing.new_key_pair()
    await OrganisationKey.create(id=900, organisation_id=first.id, public_key=later, created_at=NOW)
    await OrganisationKey.create(
        id=800, organisation_id=first.id, public_key=earlier, created_at=NOW
    )

    # then the later numbered is the newest
    assert await sealing.newest_keys(connections.get(DATABASE), [first.id]) == {first.id: later}


def test_a_key_made_by_nacl_itself_is_read_as_one() -> None:
    # keys written by another tool holding the same 32 bytes are as good as keygen's
    raw = PrivateKey.generate()
    text = base64.b64encode(bytes(raw)).decode()
    assert (
        sealing.public_key_of(sealing.private_key(text))
        == base64.b64encode(bytes(raw.public_key)).decode()
    )
