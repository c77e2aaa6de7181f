"""Staff users made on the command line (``hub users create``): an address that is one,
kept lower-cased; a name people can read; a password that is more than spaces."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from auth.passwords import verify_secret
from hub import db
from hub.models import Organisation, StaffUser
from hub.models.access import STAFF_NAME_LENGTH
from hub.services.access import AccessError, create_staff_user
from tests import factories

PASSWORD = "correct horse battery"


@pytest.fixture
async def organisation(database_url: str) -> AsyncIterator[Organisation]:
    async with db.connected(database_url):
        (organisation,) = await factories.organisations(1)
        yield organisation


async def test_a_staff_user_is_kept_as_compared(organisation: Organisation) -> None:
    user = await create_staff_user(
        organisation, "  Maryam.Said@Example.ORG ", "  Maryam   Said ", PASSWORD
    )
    assert (user.email, user.name) == ("maryam.said@example.org", "Maryam Said")
    assert user.organisation_id == organisation.id
    assert user.password_hash.startswith("$argon2id$")


@pytest.mark.parametrize("email", ["a@@b.example", "@", "a b@c d", "e\x01@x.example", "no-at"])
async def test_what_is_not_an_address_is_refused_in_words(
    organisation: Organisation, email: str
) -> None:
    with pytest.raises(AccessError) as refused:
        await create_staff_user(organisation, email, "Maryam Said", PASSWORD)
    assert str(refused.value).startswith(f"'{email}' is not an e-mail address: ")
    assert await StaffUser.all().count() == 0


@pytest.mark.parametrize("name", ["", "   ", "Maryam\x1b[31m", "a" * (STAFF_NAME_LENGTH + 1)])
async def test_a_name_is_printable_and_short_enough(organisation: Organisation, name: str) -> None:
    with pytest.raises(AccessError) as refused:
        await create_staff_user(organisation, "maryam@example.org", name, PASSWORD)
    assert str(refused.value) == "a staff user's name has 1 to 128 printable characters"
    user = await create_staff_user(
        organisation, "maryam@example.org", "a" * STAFF_NAME_LENGTH, PASSWORD
    )
    assert user.name == "a" * STAFF_NAME_LENGTH


@pytest.mark.parametrize("password", ["", "eleven char", " " * 12, " " * 40])
async def test_a_password_is_twelve_characters_and_more_than_spaces(
    organisation: Organisation, password: str
) -> None:
    with pytest.raises(AccessError) as refused:
        await create_staff_user(organisation, "maryam@example.org", "Maryam", password)
    assert str(refused.value) == "a password needs at least 12 characters, not only spaces"
    assert await StaffUser.all().count() == 0


async def test_a_password_of_twelve_characters_is_enough(organisation: Organisation) -> None:
    user = await create_staff_user(organisation, "maryam@example.org", "Maryam", "twelve chars")

    assert await verify_secret(user.password_hash, "twelve chars")


async def test_an_address_is_one_staff_user_whatever_its_case(
    organisation: Organisation,
) -> None:
    await create_staff_user(organisation, "maryam@example.org", "Maryam", PASSWORD)
    with pytest.raises(AccessError) as refused:
        await create_staff_user(organisation, "MARYAM@example.org", "Maryam", PASSWORD)
    assert str(refused.value) == "a staff user with the e-mail maryam@example.org exists already"
