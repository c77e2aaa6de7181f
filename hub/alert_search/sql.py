"""Writing the archive's SQL statements, the same way for SQLite and PostgreSQL."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from hub.alert_search.query import AlertQuery

NEWEST_FIRST = 'a."occurred_on" DESC, a."id" DESC'


class Statement:
    """One SQL statement being written: its parameters, in the driver's placeholder style."""

    def __init__(self, postgres: bool) -> None:
        self.postgres = postgres
        self.parameters: list[Any] = []

    def bind(self, value: Any) -> str:
        if isinstance(value, datetime.date) and not self.postgres:
            value = value.isoformat()  # as Tortoise stores dates in SQLite
        self.parameters.append(value)
        return f"${len(self.parameters)}" if self.postgres else "?"

    def binds(self, values: Iterable[Any]) -> str:
        return ", ".join(self.bind(value) for value in values)

    async def rows(self, client: BaseDBAsyncClient, sql: str) -> list[dict[str, Any]]:
        _, found = await client.execute_query(sql, self.parameters)
        return [dict(row) for row in found]

    async def number(self, client: BaseDBAsyncClient, sql: str) -> int:
        (row,) = await self.rows(client, sql)
        return int(next(iter(row.values())) or 0)


def dates(statement: Statement, query: AlertQuery, column: str) -> list[str]:
    terms = []
    if query.since is not None:
        terms.append(f"{column} >= {statement.bind(query.since)}")
    if query.until is not None:
        terms.append(f"{column} <= {statement.bind(query.until)}")
    return terms


def where(terms: Sequence[str]) -> str:
    return f" WHERE {' AND '.join(terms)}" if terms else ""


def violations_of(statement: Statement, query: AlertQuery) -> str:
    """The ids of alerts of the asked violation types, from the type index alone."""
    terms = [
        f"v.violation IN ({statement.binds(query.violations)})",
        *dates(statement, query, "v.occurred_on"),
    ]
    return f"SELECT v.alert_id FROM alert_violation v{where(terms)}"


async def page_of_alerts(
    client: BaseDBAsyncClient, statement: Statement, terms: Sequence[str], offset: int, limit: int
) -> list[int]:
    """The ids of the page's alerts, newest first, and of the next one if there is one."""
    sql = (
        f'SELECT a."id" FROM alert a{where(terms)} ORDER BY {NEWEST_FIRST}'
        f" LIMIT {statement.bind(limit + 1)} OFFSET {statement.bind(offset)}"
    )
    return [int(row["id"]) for row in await statement.rows(client, sql)]


def violations_counted(statement: Statement, query: AlertQuery) -> str:
    distinct = "DISTINCT v.alert_id" if len(query.violations) > 1 else "*"
    return f"SELECT COUNT({distinct}) FROM ({violations_of(statement, query)}) v"


def days_counted(statement: Statement, query: AlertQuery) -> str:
    terms = dates(statement, query, "occurred_on")
    return f"SELECT COALESCE(SUM(alerts), 0) FROM alert_day{where(terms)}"
