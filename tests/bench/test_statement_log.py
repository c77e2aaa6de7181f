"""Counting SQL statements from PostgreSQL's own log: lines of one role, and only those."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from bench.statement_log import (
    CountingRole,
    LogUnreadable,
    ServerLog,
    count_logged_statements,
    counting_role,
    find_server_log,
)
from tests.databases import POSTGRES_URL

ROLE = "hub_bench_hub_4699"

# Lines as PostgreSQL 15 writes them with log_line_prefix '%m [%p] %q%u@%d '
LOGGED = f"""\
2026-12-01 17:53:33.651 UTC [4755] {ROLE}@hub LOG:  statement: SELECT 1
2026-12-01 17:53:33.651 UTC [4755] {ROLE}@hub LOG:  execute __asyncpg_stmt_6__: SELECT $1::int AS n,
\t  'two lines' AS t
2026-12-01 17:53:33.651 UTC [4755] {ROLE}@hub DETAIL:  parameters: $1 = '5'
2026-12-01 17:53:33.654 UTC [4755] {ROLE}@hub LOG:  statement: BEGIN;
2026-12-01 17:53:33.655 UTC [4755] {ROLE}@hub LOG:  execute <unnamed>: SELECT 2
2026-12-01 17:53:33.655 UTC [4755] {ROLE}@hub LOG:  execute fetch from <unnamed>: SELECT 2
2026-12-01 17:53:33.658 UTC [4755] {ROLE}@hub LOG:  statement: COMMIT;
2026-12-01 17:53:33.660 UTC [4770] {ROLE}_peer@hub LOG:  statement: SELECT 3
2026-12-01 17:53:33.661 UTC [4771] postgres@hub LOG:  statement: SELECT 4
2026-12-01 17:53:33.662 UTC [4755] {ROLE}@hub LOG:  duration: 0.120 ms
2026-12-01 17:53:33.663 UTC [2201] LOG:  checkpoint starting: time
2026-12-01 17:53:33.683 UTC [4756] {ROLE}@hub LOG:  statement: SELECT '"""


def test_the_roles_simple_and_extended_statements_are_counted_and_nothing_else() -> None:
    # given the log up to a marker: the role's statements, a statement over two lines, its
    # parameters, a portal resumed, other roles' statements, a duration, a checkpoint

    # when
    counted = count_logged_statements(LOGGED, ROLE)

    # then SELECT 1, the two-line execute, BEGIN, SELECT 2 once, COMMIT; not the marker
    assert counted == 5
    assert count_logged_statements(LOGGED, f"{ROLE}_peer") == 1
    assert count_logged_statements(LOGGED, "nobody") == 0


def test_the_role_connects_where_the_bench_does() -> None:
    role = CountingRole("hub_bench_peer_1", "f00d")
    assert (
        role.url("postgres://postgres@127.0.0.1:5432/hub_bench?minsize=2")
        == "postgres://hub_bench_peer_1:f00d@127.0.0.1:5432/hub_bench?minsize=2"
    )


@pytest.fixture
def server_log() -> Iterator[ServerLog]:
    if not POSTGRES_URL:
        pytest.skip("needs PostgreSQL: run the suite with HUB_TEST_POSTGRES_URL")
    try:
        yield find_server_log(POSTGRES_URL, None)
    except LogUnreadable as unreadable:
        pytest.skip(f"PostgreSQL's log is not readable here: {unreadable}")


def test_a_live_roles_statements_are_counted_from_the_server_log(server_log: ServerLog) -> None:
    with counting_role(POSTGRES_URL, "test") as role:
        # given
        start = server_log.end()

        # when the role sends a statement by the simple protocol, one by the extended
        # protocol, and a transaction around a third
        asyncio.run(_statements(role.url(POSTGRES_URL)))
        counted = server_log.count_since(start, role, POSTGRES_URL)

    # then: SELECT 1, SELECT $1, BEGIN, SELECT 2, COMMIT
    assert counted == 5


def test_the_counting_role_is_gone_afterwards() -> None:
    if not POSTGRES_URL:
        pytest.skip("needs PostgreSQL: run the suite with HUB_TEST_POSTGRES_URL")
    with counting_role(POSTGRES_URL, "test") as role:
        assert asyncio.run(_role_exists(role.name))
    assert not asyncio.run(_role_exists(role.name))


async def _statements(url: str) -> None:
    connection = await asyncpg.connect("postgresql://" + url.split("://", 1)[1])
    try:
        await connection.execute("SELECT 1")
        await connection.fetch("SELECT $1::int", 5)
        async with connection.transaction():
            await connection.fetchval("SELECT 2")
    finally:
        await connection.close()


async def _role_exists(name: str) -> bool:
    connection = await asyncpg.connect(POSTGRES_URL)
    try:
        return bool(await connection.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", name))
    finally:
        await connection.close()


def test_a_log_that_cannot_be_read_is_said_to_be_so(tmp_path: Path) -> None:
    if not POSTGRES_URL:
        pytest.skip("needs PostgreSQL: run the suite with HUB_TEST_POSTGRES_URL")
    with pytest.raises(LogUnreadable, match=r"cannot read .*missing\.log"):
        find_server_log(POSTGRES_URL, tmp_path / "missing.log")
