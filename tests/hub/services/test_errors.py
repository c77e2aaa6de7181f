"""Refusals from the database's own integrity checks: a taken slug is a conflict on the slug,
anything else says what it is (hub/services/errors.py), on each database."""

from __future__ import annotations

import datetime
from collections.abc import Awaitable, Callable
from typing import Any

from tortoise.exceptions import IntegrityError

from hub.models import NetworkMembership
from hub.services.errors import Refusal, WriteRefused, slug_refusal
from tests import factories
from tests.databases import fill


def refused(database_url: str, write: Callable[[], Awaitable[Any]], table: str) -> WriteRefused:
    """What ``slug_refusal`` makes of the IntegrityError that ``write`` runs into."""
    made: list[WriteRefused] = []

    async def run() -> None:
        await factories.campaign(slug="taken")
        try:
            await write()
        except IntegrityError as error:
            made.append(slug_refusal(error, table, "taken"))

    fill(database_url, run)
    (refusal,) = made
    return refusal


def test_a_taken_slug_is_a_conflict_on_the_slug(database_url: str) -> None:
    # when a second campaign takes the slug of the first
    refusal = refused(database_url, lambda: factories.campaign(slug="taken"), "campaign")
    # then
    assert (refusal.code, refusal.field) == (Refusal.CONFLICT, "slug")
    assert refusal.message == "The slug 'taken' is taken."


def test_a_missing_row_it_refers_to_is_not_a_slug_conflict(database_url: str) -> None:
    # when a campaign names a group that does not exist
    refusal = refused(database_url, lambda: factories.campaign(group_id=999_999), "campaign")
    # then it says a row it refers to is gone, and blames no slug
    assert (refusal.code, refusal.field) == (Refusal.NOT_FOUND, None)
    assert refusal.message.startswith("Something the write refers to is gone:")


def test_another_unique_column_is_not_a_slug_conflict(database_url: str) -> None:
    # when an organisation is admitted twice on one day
    async def admitted_twice() -> None:
        (organisation,) = await factories.organisations(1)
        for _ in range(2):
            await NetworkMembership.create(
                organisation_id=organisation.id, joined_on=datetime.date(2020, 1, 1)
            )

    refusal = refused(database_url, admitted_twice, "network_membership")
    # then the database's reason is said, and no slug is blamed
    assert (refusal.code, refusal.field) == (Refusal.INVALID, None)
    assert refusal.message.startswith("The database refused the write:")
    assert "taken" not in refusal.message
