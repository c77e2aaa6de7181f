"""Counting the alerts a search matches by country, year, violation type, perpetrator and
victim kind: the facets a dashboard shows beside a page of the archive.

Every facet asked is counted in one SQL statement (a ``UNION ALL`` of one grouped count
per facet, each cut to its top ``first`` values), whatever the archive's size: the
conditions are the search's own, written on the alert table, the words through the
full-text index of ``hub.alert_index``. An alert counts once in each value it has: an
alert of two violation types counts in both; one with three journalists among its
victims counts once for ``journalist``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from tortoise.backends.base.client import BaseDBAsyncClient

from hub.alert_index import is_postgres
from hub.alert_search.postgres import words_terms
from hub.alert_search.query import AlertQuery
from hub.alert_search.sql import Statement, dates, violations_of, where
from hub.alert_search.sqlite import full_text_match


class Facet(StrEnum):
    """What the matching alerts are counted by."""

    COUNTRIES = "countries"
    YEARS = "years"
    VIOLATIONS = "violations"
    PERPETRATORS = "perpetrators"
    VICTIMS = "victims"


@dataclass(frozen=True)
class FacetAsked:
    """One facet list a request asks for: which facet, how many values at most."""

    key: str
    """Where its counts are answered (the occurrence of its field)."""
    facet: Facet
    first: int


Counts = dict[str, list[tuple[str, int]]]
"""Each facet list's values (as text) and counts, most first (years: newest first)."""


def conditions(statement: Statement, query: AlertQuery) -> list[str]:
    """The search's conditions on ``alert a``: every filter, the words included."""
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
    if query.words:
        if statement.postgres:
            matches = f"SELECT t.alert_id FROM alert_text t{where(words_terms(statement, query))}"
        else:
            match = statement.bind(full_text_match(query))
            matches = f"SELECT rowid FROM alert_text WHERE alert_text MATCH {match}"
        terms.append(f"a.id IN ({matches})")
    return terms


def _grouped(statement: Statement, query: AlertQuery, asked: FacetAsked) -> str:
    """One facet's top values: (facet key, value as text, count)."""
    postgres = statement.postgres
    tables = "alert a"
    counted = "COUNT(*)"
    order = "value DESC"
    if asked.facet is Facet.COUNTRIES:
        value = "a.country_id"
    elif asked.facet is Facet.PERPETRATORS:
        value = "a.perpetrator"
    elif asked.facet is Facet.YEARS:
        value = (
            "CAST(extract(year FROM a.occurred_on) AS INT)::text"
            if postgres
            else "substr(a.occurred_on, 1, 4)"
        )
    elif asked.facet is Facet.VIOLATIONS:
        tables = "alert a JOIN alert_violation v ON v.alert_id = a.id"
        value = "v.violation"
    else:
        victims = (
            "CROSS JOIN LATERAL jsonb_array_elements(a.victims) AS k (value)"
            if postgres
            else ", json_each(a.victims) AS k"
        )
        tables = f"alert a {victims}"
        value = "k.value ->> 'kind'" if postgres else "json_extract(k.value, '$.kind')"
        counted = "COUNT(DISTINCT a.id)"
    if asked.facet is not Facet.YEARS:
        # ties broken by the value's bytes on both databases, so that the cut falls alike
        order = f'hits DESC, ({value}) COLLATE "C" ASC' if postgres else "hits DESC, value ASC"
    # bound in the order they are written: SQLite's placeholders are by position
    key = statement.bind(asked.key)
    terms = conditions(statement, query)
    first = statement.bind(asked.first)
    return (
        f"SELECT * FROM (SELECT CAST({key} AS TEXT) AS facet, {value} AS value,"
        f" {counted} AS hits FROM {tables}{where(terms)} GROUP BY {value}"
        f" ORDER BY {order} LIMIT {first}) AS f{asked.key.replace('.', '_')}"
    )


async def count_facets(
    client: BaseDBAsyncClient, query: AlertQuery | None, asked: Sequence[FacetAsked]
) -> Counts:
    """The counts of every facet asked, for the alerts ``query`` matches (None: no alert),
    in one statement."""
    counts: Counts = {facet.key: [] for facet in asked}
    wanted = [facet for facet in asked if facet.first > 0 and query is not None]
    if not wanted:
        return counts
    assert query is not None
    statement = Statement(is_postgres(client))
    sql = " UNION ALL ".join(_grouped(statement, query, facet) for facet in wanted)
    for row in await statement.rows(client, sql):
        if row["value"] is not None:  # a victim recorded without a kind
            counts[str(row["facet"])].append((str(row["value"]), int(row["hits"])))
    # a UNION ALL keeps no order: each list is put back in its own
    for facet in wanted:
        found = counts[facet.key]
        if facet.facet is Facet.YEARS:
            found.sort(key=lambda pair: pair[0], reverse=True)
        else:
            found.sort(key=lambda pair: (-pair[1], pair[0]))
    return counts
