"""Searching the archive on PostgreSQL: one count and one page, its planner picking the
indexes; searches by words are counted from ``alert_text`` alone, and paged there too when
the matches are few (the planner, asked, expects a few thousand at most)."""

from __future__ import annotations

import json

from tortoise.backends.base.client import BaseDBAsyncClient

from hub.alert_search.query import AlertQuery, Found, counted_alone, facets
from hub.alert_search.sql import (
    Statement,
    dates,
    days_counted,
    page_of_alerts,
    violations_counted,
    violations_of,
    where,
)


def _terms(statement: Statement, query: AlertQuery) -> list[str]:
    """The conditions of a search without words, on the alert table."""
    terms = dates(statement, query, "a.occurred_on")
    if query.source_organisations:
        ids = statement.binds(query.source_organisations)
        terms.append(f"a.source_organisation_id IN ({ids})")
    if query.countries:
        terms.append(f"a.country_id IN ({statement.binds(query.countries)})")
    if query.perpetrators:
        terms.append(f"a.perpetrator IN ({statement.binds(query.perpetrators)})")
    if query.violations:
        terms.append(f"a.id IN ({violations_of(statement, query)})")
    return terms


def words_terms(statement: Statement, query: AlertQuery) -> list[str]:
    """The conditions of a search with words, on ``alert_text`` alone: the words, and the
    other filters as the index holds them (``country:mx``…): every group must match, any
    value of a group; the dates."""
    match = f"plainto_tsquery('simple', {statement.bind(' '.join(query.words))})"
    groups = [
        " | ".join(f"'{kind}:{str(value).lower()}'" for value in values)  # vocabulary, codes, ids
        for kind, values in facets(query)
    ]
    if groups:
        match += f" && {statement.bind(' & '.join(f'({group})' for group in groups))}::tsquery"
    return [f"t.words @@ ({match})", *dates(statement, query, "t.occurred_on")]


async def search(
    client: BaseDBAsyncClient, query: AlertQuery, offset: int, limit: int, rows: bool, total: bool
) -> Found:
    if query.words:
        return await _search_words(client, query, offset, limit, rows, total)
    counted: int | None = None
    if total:
        statement = Statement(True)
        alone = counted_alone(query)
        if alone == "dates":
            sql = days_counted(statement, query)
        elif alone == "violations":  # the type index alone, not a join to every alert
            sql = violations_counted(statement, query)
        else:
            sql = f"SELECT COUNT(*) FROM alert a{where(_terms(statement, query))}"
        counted = await statement.number(client, sql)
    alerts: list[int] = []
    if rows and limit > 0 and (counted is None or counted > offset):
        statement = Statement(True)
        alerts = await page_of_alerts(client, statement, _terms(statement, query), offset, limit)
    return Found(alerts, counted)


GATHERED = 2_500
"""Matches of words few enough to count and page from ``alert_text`` in one statement:
more are counted, and paged by walking the newest alerts, probing each for the words (for
7 500 matches, 13 ms against 19 ms)."""


async def _search_words(
    client: BaseDBAsyncClient, query: AlertQuery, offset: int, limit: int, rows: bool, total: bool
) -> Found:
    """Words (and what goes with them) from ``alert_text`` alone: how many match and which
    make the page, newest first, in one statement; then the page's alerts by id. When the
    planner expects many matches, they are counted, and the page read by walking.

    Left to itself, the planner walks the newest alerts probing each for the words even
    for a few hundred matches in 200 000, reading tens of thousands of alerts to find them
    (measured: 47 ms, against 3 ms from ``alert_text``).
    """
    if not rows or limit == 0:
        return Found([], await _words_counted(client, query) if total else None)
    if await _expected_matches(client, query) > GATHERED:
        counted = await _words_counted(client, query) if total else None
        statement = Statement(True)
        matches = f"SELECT t.alert_id FROM alert_text t{where(words_terms(statement, query))}"
        terms = [*dates(statement, query, "a.occurred_on"), f"a.id IN ({matches})"]
        return Found(await page_of_alerts(client, statement, terms, offset, limit), counted)
    statement = Statement(True)
    sql = (
        "SELECT t.alert_id, COUNT(*) OVER () AS total FROM alert_text t"
        f"{where(words_terms(statement, query))} ORDER BY t.occurred_on DESC, t.alert_id DESC"
        f" LIMIT {statement.bind(limit + 1)} OFFSET {statement.bind(offset)}"
    )
    page = await statement.rows(client, sql)
    if not page:  # nothing, or nothing after the offset: how much there was
        counted = await _words_counted(client, query) if total and offset else 0
        return Found([], counted if total else None)
    ids = [int(row["alert_id"]) for row in page]
    return Found(ids, int(page[0]["total"]) if total else None)


async def _expected_matches(client: BaseDBAsyncClient, query: AlertQuery) -> float:
    """How many matches the planner expects, from its statistics of the words: no reads."""
    statement = Statement(True)
    sql = f"EXPLAIN (FORMAT JSON) SELECT 1 FROM alert_text t{where(words_terms(statement, query))}"
    (row,) = await statement.rows(client, sql)
    plan = (
        json.loads(row["QUERY PLAN"]) if isinstance(row["QUERY PLAN"], str) else row["QUERY PLAN"]
    )
    return float(plan[0]["Plan"]["Plan Rows"])


async def _words_counted(client: BaseDBAsyncClient, query: AlertQuery) -> int:
    statement = Statement(True)
    sql = f"SELECT COUNT(*) FROM alert_text t{where(words_terms(statement, query))}"
    return await statement.number(client, sql)
