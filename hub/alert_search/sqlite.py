"""Searching the archive on SQLite: estimate what each filter lets through, drive from the
cheapest, then gather a few matches or walk the dates for many."""

from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.backends.base.client import BaseDBAsyncClient

from hub.alert_search.query import AlertQuery, Found, columns_of, counted_alone, facets, families
from hub.alert_search.sql import (
    Statement,
    dates,
    days_counted,
    page_of_alerts,
    violations_counted,
    violations_of,
    where,
)

FEW = 1_000
"""Matches few enough to read all and sort: more are read by walking the date index."""
ROW = 20
"""Reading an alert's row by its id costs about as much as reading 20 index entries."""
VIOLATION_PROBE = 5
"""Looking up one alert's violation type in ``alert_violation``'s unique index."""
FULL_TEXT_PROBE = 150
"""Matching one row against the full-text index, against gathering one match into a set."""
DRIVERS = ("words", "violations", "alert", "dates")
"""The filters a search can be read from: see :class:`_Plan`."""


@dataclass(frozen=True)
class _Plan:
    """How SQLite reads a search: which filter drives it, and how many rows each lets by."""

    driver: str
    """``words``, ``violations``, ``dates``, or ``alert`` (the alert table's own indexes on
    countries, organisations and perpetrators, each ending in the dates)."""
    sizes: dict[str, int] = field(default_factory=dict)
    """How many alerts each filter alone lets through (``dates``: the dates asked, or all)."""


async def _estimate(client: BaseDBAsyncClient, query: AlertQuery) -> _Plan:
    """Count, in one statement, what each filter alone lets through; pick the driver."""
    statement = Statement(False)
    present = families(query)
    if query.since or query.until or not present:
        parts = {"dates": days_counted(statement, query)}
    else:  # all dates: the archive's size, near enough to plan by (ids are seldom lost)
        parts = {"dates": "SELECT COALESCE(MAX(id), 0) FROM alert"}
    if query.words:
        match = statement.bind(full_text_match(query))
        parts["words"] = f"SELECT COUNT(*) FROM alert_text WHERE alert_text MATCH {match}"
    if "violations" in present:
        parts["violations"] = violations_counted(statement, query)
    if "alert" in present:
        terms = _alert_terms(statement, query, columns_indexed=True, dates_indexed=True)
        parts["alert"] = f"SELECT COUNT(*) FROM alert a{where(terms)}"
    sql = "SELECT " + ", ".join(f"({part}) AS {name}" for name, part in parts.items())
    (counted,) = await statement.rows(client, sql)
    sizes = {name: int(size) for name, size in counted.items()}
    return _Plan(min(sizes, key=lambda driver: _cost(query, sizes, driver)), sizes)


def _cost(query: AlertQuery, sizes: dict[str, int], driver: str) -> tuple[float, bool]:
    """About how many index entries a count driven by ``driver`` reads (dates win ties)."""
    rows = sizes[driver]
    alert_columns = columns_of(query).get("alert", [])
    # a driver whose index holds what the other filters test reads no alert rows
    covered = {
        "words": False,
        "violations": False,
        "alert": sum(bool(column) for column in alert_columns) == 1,
        "dates": not any(alert_columns),
    }[driver]
    cost = rows * (1 if covered else ROW)
    if "violations" in sizes and driver != "violations":
        cost += rows * VIOLATION_PROBE
    if query.words and driver != "words":
        cost += min(sizes["words"], rows * FULL_TEXT_PROBE)
    return cost, driver != "dates"


def full_text_match(query: AlertQuery) -> str:
    """An FTS5 query finding every word in the texts (each one quoted, so none is read as
    syntax), and the countries, perpetrators and types as the index holds them (``cmx``…)."""
    words = " ".join('"' + word.replace('"', '""') + '"' for word in query.words)
    groups = [f"{{title body}} : ({words})"]
    for kind, values in facets(query):
        # the index's words: the kind's initial, then the value without hyphens
        tokens = " OR ".join(
            f'"{kind[0]}{str(value).lower().replace("-", "")}"' for value in values
        )
        groups.append(f"facets : ({tokens})")
    return " AND ".join(groups)


def _alert_terms(
    statement: Statement, query: AlertQuery, *, columns_indexed: bool, dates_indexed: bool
) -> list[str]:
    """The conditions on the alert table's own columns; ``+`` keeps a column's index out of
    the plan when another filter drives it."""
    days = dates(statement, query, "a.occurred_on" if dates_indexed else "+a.occurred_on")
    plus = "" if columns_indexed else "+"
    terms = []
    if query.words:  # the full-text match holds the other filters
        return days
    if query.source_organisations:
        ids = statement.binds(query.source_organisations)
        terms.append(f"{plus}a.source_organisation_id IN ({ids})")
    if query.countries:
        terms.append(f"{plus}a.country_id IN ({statement.binds(query.countries)})")
    if query.perpetrators:
        terms.append(f"{plus}a.perpetrator IN ({statement.binds(query.perpetrators)})")
    return [*days, *terms]


def _terms(
    statement: Statement, query: AlertQuery, plan: _Plan, walk: bool, rows_read: int
) -> list[str]:
    """Every condition of ``query``, written for the plan: only the driver's can use an
    index (in a walk, only the dates'); the full-text match, if it does not drive, is
    gathered into a set or probed per row, whichever reads less."""
    driver = "walk" if walk else plan.driver
    terms = _alert_terms(
        statement,
        query,
        columns_indexed=driver == "alert",
        dates_indexed=driver in ("alert", "dates", "walk"),
    )
    if query.violations and not query.words:
        if driver == "violations":
            terms.append(f"a.id IN ({violations_of(statement, query)})")
        else:
            terms.append(
                "EXISTS (SELECT 1 FROM alert_violation v WHERE v.alert_id = a.id"
                f" AND v.violation IN ({statement.binds(query.violations)}))"
            )
    if query.words:
        match = statement.bind(full_text_match(query))
        matches = f"SELECT rowid FROM alert_text WHERE alert_text MATCH {match}"
        if driver == "words":
            terms.append(f"a.id IN ({matches})")
        elif rows_read * FULL_TEXT_PROBE < plan.sizes["words"]:
            terms.append(
                "EXISTS (SELECT 1 FROM alert_text WHERE alert_text.rowid = a.id"
                f" AND alert_text MATCH {match})"
            )
        else:
            terms.append(f"+a.id IN ({matches})")
    return terms


async def search(
    client: BaseDBAsyncClient, query: AlertQuery, offset: int, limit: int, rows: bool, total: bool
) -> Found:
    plan = await _estimate(client, query)
    alone = counted_alone(query)
    if alone is not None:
        counted = plan.sizes[alone]
    else:
        statement = Statement(False)
        read = plan.sizes[plan.driver]
        terms = _terms(statement, query, plan, walk=False, rows_read=read)
        counted = await statement.number(client, f"SELECT COUNT(*) FROM alert a{where(terms)}")
    alerts: list[int] = []
    if rows and limit > 0 and counted > offset:
        walk = counted > FEW
        # a walk reads about this many alerts of the dates asked to fill the page
        read = (offset + limit + 1) * plan.sizes["dates"] // counted
        statement = Statement(False)
        terms = _terms(statement, query, plan, walk, read if walk else plan.sizes[plan.driver])
        alerts = await page_of_alerts(client, statement, terms, offset, limit)
    return Found(alerts, counted if total else None)
