"""The archive's side of an import, in plain SQL: reading the alerts of a batch's keys and
inserting new ones, 2,000 at a time.

Building a Tortoise model per row cost more than the SQL itself (at 100,000 rows, about
half of an import's time, measured): rows stay tuples both ways. Values go to the drivers
as ``fixtures.bulk`` sends them (JSON as text for both; on SQLite, dates and times as the
ISO text Tortoise writes), and come back as either driver gives them.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from hub.alert_index import is_postgres

_to_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

NEW_COLUMNS = (
    "occurred_on",
    "reported_at",
    "country_id",
    "subdivision",
    "violations",
    "perpetrator",
    "title",
    "body",
    "original_language",
    "victims",
    "source_organisation_id",
    "external_id",
    "justice",
)
_JSON = frozenset({"violations", "title", "body", "victims"})
_READ = (
    "id",
    "external_id",
    "follows_id",
    "occurred_on",
    "country_id",
    "subdivision",
    "violations",
    "perpetrator",
    "original_language",
    "title",
    "body",
    "victims",
    "justice",
)


@dataclass(frozen=True)
class StoredAlert:
    """What an import compares of an alert in the archive."""

    id: int
    follows_id: int | None
    columns: dict[str, Any]
    """The columns a row says, by name, as Python values (dates, lists, dicts)."""


def _python(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in _JSON:
        return json.loads(value) if isinstance(value, str | bytes) else value
    if name == "occurred_on" and not isinstance(value, datetime.date):
        return datetime.date.fromisoformat(str(value))
    return value


async def stored_alerts(
    client: BaseDBAsyncClient, source: int, external_ids: Sequence[str]
) -> dict[str, StoredAlert]:
    """The alerts of one source with these keys, by key."""
    postgres = is_postgres(client)
    marks = ", ".join(f"${n}" if postgres else "?" for n in range(2, len(external_ids) + 2))
    first = "$1" if postgres else "?"
    _, rows = await client.execute_query(
        f"SELECT {', '.join(_READ)} FROM alert"
        f" WHERE source_organisation_id = {first} AND external_id IN ({marks})",
        [source, *external_ids],
    )
    found = {}
    for row in rows:
        columns = {name: _python(name, row[name]) for name in _READ[3:]}
        found[str(row["external_id"])] = StoredAlert(int(row["id"]), row["follows_id"], columns)
    return found


def _driver_value(name: str, value: Any, postgres: bool) -> Any:
    if value is None:
        return None
    if name in _JSON:
        return _to_json(value)
    if postgres:
        return value
    if isinstance(value, datetime.datetime):
        return value.isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


async def insert_alerts(client: BaseDBAsyncClient, rows: Sequence[dict[str, Any]]) -> None:
    """Insert new alerts, given as their ``NEW_COLUMNS``' values, in one ``executemany``."""
    postgres = is_postgres(client)
    marks = ", ".join(f"${n}" if postgres else "?" for n in range(1, len(NEW_COLUMNS) + 1))
    sql = f"INSERT INTO alert ({', '.join(NEW_COLUMNS)}) VALUES ({marks})"
    await client.execute_many(
        sql, [[_driver_value(name, row[name], postgres) for name in NEW_COLUMNS] for row in rows]
    )


async def alert_ids(
    client: BaseDBAsyncClient, source: int, external_ids: Sequence[str]
) -> dict[str, int]:
    """The ids of one source's alerts with these keys, by key."""
    postgres = is_postgres(client)
    marks = ", ".join(f"${n}" if postgres else "?" for n in range(2, len(external_ids) + 2))
    first = "$1" if postgres else "?"
    _, rows = await client.execute_query(
        f"SELECT id, external_id FROM alert"
        f" WHERE source_organisation_id = {first} AND external_id IN ({marks})",
        [source, *external_ids],
    )
    return {str(row["external_id"]): int(row["id"]) for row in rows}
