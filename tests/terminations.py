"""Cutting the hub's connections to PostgreSQL, as a failover, a restart or an operator does."""

from __future__ import annotations

import asyncio
import threading

import asyncpg

from tests.databases import POSTGRES_URL, database_name

_BACKENDS = "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()"


async def terminate_backends(admin: asyncpg.Connection, database_url: str) -> int:
    """Terminate every connection to the database at ``database_url`` at once, as a failover
    or a restart does; how many there were.

    Returns once the backends have exited, so that the next connection is a new one.
    """
    rows = await admin.fetch(_BACKENDS, database_name(database_url))
    pids = [row["pid"] for row in rows]
    await admin.execute("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", pids)
    while await admin.fetchval("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY($1)", pids):
        await asyncio.sleep(0.001)
    return len(pids)


def terminate_backends_unseen(database_url: str) -> int:
    """Terminate the database's connections while this thread's event loop is held.

    The hub's pooled connections die between two transactions without asyncpg having seen
    it: the next transaction is handed a dead connection, and its BEGIN is what fails.
    """
    terminated: list[int] = []

    async def terminate() -> None:
        admin = await asyncpg.connect(POSTGRES_URL)
        try:
            terminated.append(await terminate_backends(admin, database_url))
        finally:
            await admin.close()

    # another thread with its own loop: this thread's loop must not run meanwhile
    worker = threading.Thread(target=lambda: asyncio.run(terminate()))
    worker.start()
    worker.join()
    return terminated[0]


CUT = "Cut the connection"
"""Written into a column :func:`cut_connections_writing` watches (alone or within a longer
text), it ends the transaction's connection there."""


async def cut_connections_writing(
    database_url: str, table: str, column: str, value: str = CUT
) -> None:
    """From now on, a statement that writes ``value`` (:data:`CUT` by default) into
    ``table.column`` loses its connection in the middle, as when PostgreSQL restarts or
    fails over under it."""
    await _run(
        database_url,
        f"""
        CREATE OR REPLACE FUNCTION cut_connection() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW."{column}" LIKE '%{value}%' THEN
                PERFORM pg_terminate_backend(pg_backend_pid());
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER cut_connection BEFORE INSERT ON "{table}"
            FOR EACH ROW EXECUTE FUNCTION cut_connection();
        """,
    )


async def stop_cutting_connections(database_url: str, table: str) -> None:
    await _run(database_url, f'DROP TRIGGER cut_connection ON "{table}"')


async def _run(database_url: str, sql: str) -> None:
    connection = await asyncpg.connect(database_url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()
