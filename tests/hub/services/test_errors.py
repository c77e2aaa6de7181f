"""Refusals from the database's own integrity checks: a taken slug is a conflict on the slug,
anything else says what it is (hub/services/errors.py), on each database."""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import pytest
from tortoise.exceptions import IntegrityError

from hub.models import NetworkMembership
from hub.services.errors import (
    Refusal,
    WriteRefused,
    integrity_refusal,
    slug_refusal,
    unique_columns,
)
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
    # then it says a row it refers to is gone, in the database's words, and blames no slug
    assert (refusal.code, refusal.field) == (Refusal.NOT_FOUND, None)
    if database_url.startswith("postgres"):
        assert refusal.message.startswith(
            "Something the write refers to is gone: Key (group_id)=(999999) is not present"
        )
    else:
        assert (
            refusal.message
            == "Something the write refers to is gone: FOREIGN KEY constraint failed"
        )


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


def on_postgres(table: str, detail: str | None) -> IntegrityError:
    """The IntegrityError Tortoise raises for PostgreSQL's unique violation on ``table``."""
    fields = {"C": "23505", "M": "duplicate key value violates unique constraint", "t": table}
    cause = asyncpg.UniqueViolationError.new({**fields, **({"D": detail} if detail else {})})
    return IntegrityError(cause)


def on_sqlite(message: str) -> IntegrityError:
    return IntegrityError(sqlite3.IntegrityError(message))


@pytest.mark.parametrize(
    ("error", "table", "columns"),
    [
        (on_postgres("partner", "Key (slug)=(news) already exists."), "partner", {"slug"}),
        (
            on_postgres("statement_signature", "Key (statement_id, organisation_id)=(1, 2) …"),
            "statement_signature",
            {"statement_id", "organisation_id"},
        ),
        (on_postgres("campaign", "Key (slug)=(news) already exists."), "partner", set()),
        (on_postgres("partner", "a detail that names no key"), "partner", set()),
        (on_postgres("partner", None), "partner", set()),
        (on_sqlite("UNIQUE constraint failed: partner.slug"), "partner", {"slug"}),
        (
            on_sqlite(
                "UNIQUE constraint failed: statement_signature.statement_id,"
                " statement_signature.organisation_id"
            ),
            "statement_signature",
            {"statement_id", "organisation_id"},
        ),
        (on_sqlite("UNIQUE constraint failed: campaign.slug"), "partner", set()),
        (on_sqlite("NOT NULL constraint failed: partner.slug"), "partner", set()),
        (on_sqlite("FOREIGN KEY constraint failed"), "partner", set()),
        (IntegrityError("refused by Tortoise itself"), "partner", set()),
        (IntegrityError(), "partner", set()),
    ],
    ids=[
        "postgres",
        "postgres-two-columns",
        "postgres-another-table",
        "postgres-no-key",
        "postgres-no-detail",
        "sqlite",
        "sqlite-two-columns",
        "sqlite-another-table",
        "sqlite-not-null",
        "sqlite-foreign-key",
        "tortoise",
        "no-cause",
    ],
)
def test_the_unique_columns_of_a_table_that_were_not(
    error: IntegrityError, table: str, columns: set[str]
) -> None:
    assert unique_columns(error, table) == columns


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (on_postgres("partner", "Key (slug)=(news) already exists."), "Key (slug)=(news)"),
        (on_sqlite("NOT NULL constraint failed: partner.slug\nmore"), "NOT NULL constraint"),
        (IntegrityError("refused by Tortoise itself"), "refused by Tortoise itself"),
        (IntegrityError(), "it gave no reason"),
    ],
    ids=["postgres-detail", "sqlite-first-line", "tortoise", "no-cause"],
)
def test_an_unforeseen_refusal_says_the_databases_reason(error: IntegrityError, says: str) -> None:
    refusal = integrity_refusal(error)
    assert (refusal.code, refusal.field) == (Refusal.INVALID, None)
    assert refusal.message.startswith(f"The database refused the write: {says}")
    assert "more" not in refusal.message


def test_a_refusal_reads_as_its_message() -> None:
    refusal = WriteRefused(Refusal.INVALID, "A partner has a name.", "name")
    assert str(refusal) == "A partner has a name."
