"""The limit on petition signatures per network address: one counter per address and window.

Anonymous signing allows a network address ``Limits.per_address`` signatures in each window
of ``Limits.window``, across petitions and hub processes. What an address signed in the
current window is kept in one row, locked and moved in the transaction that writes the
signatures, so the limit costs the same whatever the number of signatures the address has
made (counted from the signatures themselves, it grew with them).

Windows are fixed spans of the window's length, counted from 1970 in UTC: the same in every
process. The limit holds within each window; an address that used its signatures at the end
of one window has its full allowance again when the next begins. Rows of windows that have
ended are of no use: :func:`delete_ended_windows` deletes them.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Collection

from tortoise.backends.base.client import BaseDBAsyncClient

from hub.models import AddressSigningWindow
from hub.services.dialect import Dialect

_TABLE = AddressSigningWindow._meta.db_table
_COLUMNS = '"address_hash", "window_start", "signatures"'
_KEY = '("address_hash", "window_start")'


def window_of(moment: datetime.datetime, window: datetime.timedelta) -> datetime.datetime:
    """When the window holding ``moment`` began."""
    length = max(int(window.total_seconds()), 1)
    seconds = int(moment.timestamp())
    return datetime.datetime.fromtimestamp(seconds - seconds % length, datetime.UTC)


async def signatures_made(
    connection: BaseDBAsyncClient, addresses: Collection[str], window: datetime.datetime
) -> Counter[str]:
    """What each address has signed in the window. Each address's row stays locked until
    commit: a batch in another process counting the same address waits for this one."""
    if not addresses:
        return Counter()
    dialect = Dialect.of(connection)
    ordered = sorted(addresses)  # locked in one order everywhere: no deadlock between batches
    values = [value for address in ordered for value in (address, dialect.moment(window), 0)]
    rows = await connection.execute_query_dict(
        f'INSERT INTO "{_TABLE}" ({_COLUMNS}) VALUES {dialect.rows(len(ordered), 3)}'
        # updated to itself: the existing row is locked and returned, a missing one made
        f' ON CONFLICT {_KEY} DO UPDATE SET "signatures" = "{_TABLE}"."signatures"'
        ' RETURNING "address_hash", "signatures"',
        values,
    )
    return Counter({str(row["address_hash"]): int(row["signatures"]) for row in rows})


async def add_signatures(
    connection: BaseDBAsyncClient, written: Counter[str], window: datetime.datetime
) -> None:
    """Count the signatures just written from each address in the window."""
    if not written:
        return
    dialect = Dialect.of(connection)
    ordered = sorted(written.items())
    values = [v for address, count in ordered for v in (address, dialect.moment(window), count)]
    await connection.execute_query(
        f'INSERT INTO "{_TABLE}" ({_COLUMNS}) VALUES {dialect.rows(len(ordered), 3)}'
        f" ON CONFLICT {_KEY} DO UPDATE"
        f' SET "signatures" = "{_TABLE}"."signatures" + excluded."signatures"',
        values,
    )


async def delete_ended_windows(connection: BaseDBAsyncClient, window: datetime.datetime) -> int:
    """Delete the rows of the windows that ended before ``window`` began; how many."""
    dialect = Dialect.of(connection)
    deleted, _rows = await connection.execute_query(
        f'DELETE FROM "{_TABLE}" WHERE "window_start" < {dialect.marks(1)}',
        [dialect.moment(window)],
    )
    return int(deleted)
