"""``hub.db.transaction``: a lost connection leaves nothing behind in the task that met it."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import asyncpg
import pytest
from tortoise import connections
from tortoise.transactions import in_transaction

import hub
from hub import db
from hub.models import HubSecret
from hub.services.errors import Refusal, WriteRefused
from tests.databases import BACKEND, POSTGRES_URL
from tests.terminations import database_name, terminate_backends, terminate_backends_unseen

postgres_only = pytest.mark.skipif(BACKEND != "postgres", reason="connections are lost on a server")

POOL_SIZE = 5
"""Tortoise's default pool: a connection lent for good per failure would empty it by then."""


async def secrets() -> set[str]:
    return {row.name for row in await HubSecret.all()}


async def keep(name: str) -> None:
    """Write one row through the current transaction (or the pool, outside of one)."""
    await HubSecret.create(name=name, value="0" * 64)


async def hold_a_connection() -> None:
    async with db.transaction() as connection:
        await connection.execute_query("SELECT pg_sleep(0.01)")


async def test_a_transaction_commits_or_rolls_back_as_a_whole(database_url: str) -> None:
    async with db.connected(database_url):
        pool = connections.get(db.DATABASE)

        # when one block commits and another is refused halfway, inside a kept savepoint
        async with db.transaction():
            await keep("committed")
        with pytest.raises(WriteRefused) as refused:
            async with db.transaction():
                await keep("rolled-back")
                async with db.transaction():
                    await keep("savepoint")
                raise WriteRefused(Refusal.CONFLICT, "No.")

        # then the refusal comes out as it was raised, and only the first block was written
        assert refused.value.code == Refusal.CONFLICT
        assert await secrets() == {"committed"}
        assert connections.get(db.DATABASE) is pool


@postgres_only
async def test_tortoise_alone_keeps_a_transaction_whose_begin_failed(database_url: str) -> None:
    """Why ``hub.db.transaction`` exists (docs/upstream/tortoise-transaction-begin.md).

    When this test fails, Tortoise forgets a failed BEGIN by itself, and the hub's repair
    of it can go.
    """
    async with db.connected(database_url):
        pool = connections.get(db.DATABASE)
        await keep("first")  # the pool now holds one idle connection
        terminate_backends_unseen(database_url)

        # when a transaction's BEGIN meets the dead connection
        with pytest.raises(asyncpg.ConnectionDoesNotExistError):
            async with in_transaction():
                pass

        # then the failed transaction is still the task's, and the next one fails on it
        left = connections.get(db.DATABASE)
        try:
            assert left is not pool
            with pytest.raises(asyncpg.InterfaceError, match="released back to the pool"):
                async with in_transaction():
                    pass
        finally:
            connections.set(db.DATABASE, pool)  # so that the pool can be closed


@postgres_only
async def test_a_begin_on_a_dead_connection_is_begun_again_on_a_fresh_one(
    database_url: str,
) -> None:
    async with db.connected(database_url):
        pool = connections.get(db.DATABASE)
        for n in range(POOL_SIZE + 1):
            # given pooled connections that died between two transactions
            await keep(f"before-{n}")
            await asyncio.gather(*(hold_a_connection() for _ in range(POOL_SIZE)))
            assert terminate_backends_unseen(database_url) >= 1

            # when the next transaction is handed it, and its BEGIN fails
            async with asyncio.timeout(30):  # a pool lent away for good would wait forever
                async with db.transaction():
                    await keep(f"in-{n}")

            # then the transaction ran on a fresh connection, and the task kept nothing of it
            assert connections.get(db.DATABASE) is pool
        assert await secrets() == {f"{when}-{n}" for n in range(6) for when in ("before", "in")}


@postgres_only
async def test_a_database_that_stays_away_refuses_the_transaction_and_nothing_more(
    database_url: str,
) -> None:
    admin = await asyncpg.connect(POSTGRES_URL)
    name = database_name(database_url)
    try:
        async with db.connected(database_url):
            pool = connections.get(db.DATABASE)
            await keep("before")
            # given a database whose connections die and which takes no new ones for a while
            await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            terminate_backends_unseen(database_url)

            # when a transaction begins
            with pytest.raises(db.DatabaseUnavailable) as refused:
                async with db.transaction():
                    await keep("never")

            # then it is refused, saying nothing was written, and the task is as it was
            assert not refused.value.maybe_written
            assert db.connection_lost(refused.value)
            assert connections.get(db.DATABASE) is pool

            # and once the database is back, the same task's next transaction commits
            await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            async with db.transaction():
                await keep("after")
            assert await secrets() == {"before", "after"}
    finally:
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        await admin.close()


TERMINATIONS = 20


@postgres_only
async def test_a_long_lived_task_keeps_committing_while_its_backends_are_terminated(
    database_url: str,
) -> None:
    # given one task running transactions back to back, as the signature writer does
    outcomes: list[str] = []
    stop = asyncio.Event()

    async def long_lived_task() -> None:
        while not stop.is_set():
            try:
                async with db.transaction() as connection:
                    await connection.execute_query("SELECT 1")
                outcomes.append("committed")
            except db.DatabaseUnavailable:
                outcomes.append("refused")
                await asyncio.sleep(0)  # a task failing without a pause would starve the rest

    # when another task terminates the database's other backends every 50 ms
    async def terminations(admin: asyncpg.Connection) -> int:
        terminated = 0
        for _ in range(TERMINATIONS):
            await asyncio.sleep(0.05)
            terminated += await terminate_backends(admin, database_url)
        stop.set()
        return terminated

    admin = await asyncpg.connect(POSTGRES_URL)
    try:
        async with db.connected(database_url):
            _, terminated = await asyncio.gather(long_lived_task(), terminations(admin))
            # and the same task's context runs more transactions once they stop
            for _ in range(10):
                async with db.transaction() as connection:
                    await connection.execute_query("SELECT 1")
    finally:
        await admin.close()

    # then each termination cost at most the one transaction it cut, and the task went on
    assert terminated >= TERMINATIONS // 2
    assert outcomes.count("refused") <= TERMINATIONS
    assert outcomes.count("committed") >= TERMINATIONS


HUB = Path(hub.__file__).parent


def test_every_transaction_in_the_hub_goes_through_db_transaction() -> None:
    # Tortoise's own transactions leave a failed BEGIN behind in the task that met it
    own = re.compile(r"\b(in_transaction|atomic)\(")
    users = sorted(
        str(path.relative_to(HUB.parent))
        for path in HUB.rglob("*.py")
        if path != HUB / "db.py" and own.search(path.read_text())
    )
    assert users == []
