"""The databases lent to tests on PostgreSQL: emptied between tests, so that no test sees what
another wrote, and dropped when a test changed what they were made with."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import asyncpg
import pytest

from tests import databases as made
from tests.databases import Databases, session_databases

pytestmark = pytest.mark.skipif(made.BACKEND != "postgres", reason="SQLite files are not lent")


@pytest.fixture(scope="module")
def lender(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    with session_databases(tmp_path_factory.mktemp("lent")) as databases:
        yield databases


def sql(url: str, statement: str, *arguments: Any) -> Any:
    async def run() -> Any:
        connection = await asyncpg.connect(url)
        try:
            return await connection.fetch(statement, *arguments)
        finally:
            await connection.close()

    return asyncio.run(run())


def partner_ids(url: str) -> list[int]:
    return [row["id"] for row in sql(url, "SELECT id FROM partner ORDER BY id")]


def add_partner(url: str, slug: str) -> None:
    sql(
        url,
        "INSERT INTO partner (slug, name, origins, created_at) VALUES ($1, $1, '[]', now())",
        slug,
    )


def test_a_database_given_back_is_lent_again_emptied(lender: Databases) -> None:
    url = lender.lend()
    add_partner(url, "first")
    add_partner(url, "second")
    sql(url, "ANALYZE partner")
    lender.give_back(url)

    again = lender.lend()
    assert again == url
    assert partner_ids(again) == []
    analysed = "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'partner'"
    assert sql(again, analysed)[0][0] is None  # the planner's figures forgotten too
    add_partner(again, "third")
    assert partner_ids(again) == [1]  # numbered from the start again
    assert sql(again, "SELECT count(*) FROM country")[0][0] == 249
    assert sql(again, "SELECT count(*) FROM tortoise_migrations")[0][0] > 0
    lender.give_back(again)


def test_what_a_test_left_connected_does_not_keep_the_database(lender: Databases) -> None:
    url = lender.lend()

    async def leave_connected() -> asyncpg.Connection:
        connection = await asyncpg.connect(url)
        await connection.execute("BEGIN")
        await connection.execute(
            "INSERT INTO partner (slug, name, origins, created_at) VALUES ('x', 'x', '[]', now())"
        )
        return connection

    loop = asyncio.new_event_loop()
    try:
        left = loop.run_until_complete(leave_connected())
        lender.give_back(url)
        assert left.is_closed() or loop.run_until_complete(_is_gone(left))
    finally:
        loop.close()
    assert lender.lend() == url
    assert partner_ids(url) == []
    lender.give_back(url)


async def _is_gone(connection: asyncpg.Connection) -> bool:
    try:
        await connection.fetchval("SELECT 1")
    except (asyncpg.PostgresError, asyncpg.InterfaceError, ConnectionError):
        return True
    return False


CHANGES = {
    "a country renamed": "UPDATE country SET name = 'Elsewhere' WHERE code = 'FR'",
    "a country's name deleted": (
        "DELETE FROM country_name WHERE id = (SELECT min(id) FROM country_name)"
    ),
    "a migration recorded": (
        "INSERT INTO tortoise_migrations (app, name, applied_at)"
        " SELECT app, 'by_a_test', now() FROM tortoise_migrations LIMIT 1"
    ),
    "a column added": "ALTER TABLE partner ADD COLUMN colour text",
    "a table added": "CREATE TABLE scratch (id integer)",
    "an index added": "CREATE INDEX partner_name ON partner (name)",
    "a setting for the database": "DO $$ BEGIN EXECUTE format("
    "'ALTER DATABASE %I SET statement_timeout = 1000', current_database()); END $$",
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_database_whose_making_a_test_changed_is_dropped(lender: Databases, change: str) -> None:
    url = lender.lend()
    sql(url, change)
    lender.give_back(url)

    other = lender.lend()
    assert other != url
    assert made.database_name(url) not in lender._made  # dropped, not kept
    assert sql(other, "SELECT name FROM country WHERE code = 'FR'")[0][0] == "France"
    lender.give_back(other)
