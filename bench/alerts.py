"""Searching the alerts archive: latency of a fixed, realistic mix of searches, one at a time.

A researcher or a dashboard searches the archive one request after another, so the
searches are sent sequentially over one keep-alive connection (the figure is latency, not
throughput), each asking for what a results page shows: the total, and the first page of
alerts with their day, headline, country and violation types. Four kinds of search, each
in a few variants so that no one word or country is all that is measured:

- *text and country*: a word of the alerts' texts in one of the busiest countries;
- *type and dates*: one violation type within five years;
- *text*: words alone over the whole archive: a victim's full name, a media outlet, a
  family name, a subject the victims reported on;
- *browse*: the newest alerts, no filter.

``pick_archive_facts`` reads the words and countries from the seeded database (open,
through Tortoise); ``measure_alert_searches`` drives the hub at a URL with them.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass
from typing import Any

import httpx
from tortoise import connections

from bench.statements import QueryFailed

SEARCH = """
query AlertSearch($filter: AlertFilter, $first: Int) {
  alerts(filter: $filter, first: $first) {
    totalCount
    nodes { id occurredOn title { text } country { code } violations }
  }
}
"""
PAGE_SIZE = 20
SUBJECTS = ("corruption", "mining", "elections")
"""Subjects victims had reported on, as the generated alerts' English texts name them."""
TYPES_AND_YEARS = (("killed", 2010), ("imprisoned", 2015), ("internet-shutdown", 2019))
"""Violation types, each searched within the five years from its year."""


@dataclass(frozen=True)
class ArchiveFacts:
    """What the searches ask about, read from the seeded archive."""

    countries: tuple[str, ...]
    """ISO codes of the countries with the most alerts, busiest first."""
    people: tuple[str, ...]
    """Full names of victims of recent alerts."""
    outlets: tuple[str, ...]
    """Names of media outlets that were victims of recent alerts."""


@dataclass(frozen=True)
class SearchLatency:
    """How long one kind of search took, over every request of it."""

    kind: str
    requests: int
    p50_ms: float
    p95_ms: float


@dataclass(frozen=True)
class AlertSearchTimings:
    """Latency per kind of search, and over the whole mix."""

    kinds: tuple[SearchLatency, ...]
    overall: SearchLatency
    matches: dict[str, list[int]]
    """How many alerts each variant of each kind matched (``totalCount``), to read the
    latencies by: a search's cost follows what it counts."""


async def pick_archive_facts() -> ArchiveFacts:
    """The busiest countries and some victims of the newest alerts of the open database."""
    connection = connections.get("default")
    _, busiest = await connection.execute_query(
        "SELECT country_id FROM alert GROUP BY country_id"
        " ORDER BY COUNT(*) DESC, country_id LIMIT 3"
    )
    _, recent = await connection.execute_query(
        "SELECT victims FROM alert ORDER BY id DESC LIMIT 200"
    )
    people: list[str] = []
    outlets: list[str] = []
    for row in recent:
        for victim in _json(row["victims"]):
            if not victim.get("name"):
                continue
            found = outlets if victim["kind"] == "media-outlet" else people
            if victim["name"] not in found:
                found.append(victim["name"])
    if not busiest or not people or not outlets:
        raise QueryFailed("the database holds no alerts to search: seed it first")
    return ArchiveFacts(
        countries=tuple(str(row["country_id"]) for row in busiest),
        people=tuple(people[:3]),
        outlets=tuple(outlets[:2]),
    )


def _json(value: Any) -> list[dict[str, Any]]:
    decoded: list[dict[str, Any]] = json.loads(value) if isinstance(value, str) else value
    return decoded


def alert_searches(facts: ArchiveFacts) -> list[tuple[str, dict[str, Any]]]:
    """The mix, as (kind, filter) pairs, in the order one round sends them."""
    searches: list[tuple[str, dict[str, Any]]] = []
    for subject, country in zip(SUBJECTS, facts.countries, strict=False):
        searches.append(("text and country", {"search": subject, "countries": [country]}))
    for violation, year in TYPES_AND_YEARS:
        days = {"since": f"{year}-01-01", "until": f"{year + 4}-12-31"}
        searches.append(("type and dates", {"violations": [_enum(violation)], "occurred": days}))
    words = [facts.people[0], facts.outlets[0], facts.people[-1].split()[-1], SUBJECTS[0]]
    searches += [("text", {"search": text}) for text in words]
    searches += [("browse", {})] * 3
    return searches


def _enum(value: str) -> str:
    return value.upper().replace("-", "_")


def measure_alert_searches(
    graphql_url: str, facts: ArchiveFacts, rounds: int = 40
) -> AlertSearchTimings:
    """Send the mix ``rounds`` times, one search at a time, after one round unmeasured."""
    searches = alert_searches(facts)
    latencies: dict[str, list[float]] = {kind: [] for kind, _ in searches}
    matches: dict[str, list[int]] = {kind: [] for kind, _ in searches}
    with httpx.Client(timeout=30) as client:
        for kind, search in searches:  # warm up, and check that every search answers
            matches[kind].append(_search(client, graphql_url, search)["totalCount"])
        for _ in range(rounds):
            for kind, search in searches:
                started = time.perf_counter()
                _search(client, graphql_url, search)
                latencies[kind].append((time.perf_counter() - started) * 1000)
    everything = [latency for values in latencies.values() for latency in values]
    return AlertSearchTimings(
        kinds=tuple(_latency(kind, values) for kind, values in latencies.items()),
        overall=_latency("overall", everything),
        matches=matches,
    )


def _search(client: httpx.Client, url: str, search: dict[str, Any]) -> dict[str, Any]:
    variables = {"filter": search or None, "first": PAGE_SIZE}
    response = client.post(url, json={"query": SEARCH, "variables": variables})
    answer = response.json()
    if response.status_code != 200 or answer.get("errors"):
        raise QueryFailed(f"alert search {search}: {answer.get('errors', response.text)}")
    found: dict[str, Any] = answer["data"]["alerts"]
    return found


def _latency(kind: str, values: list[float]) -> SearchLatency:
    return SearchLatency(
        kind=kind,
        requests=len(values),
        p50_ms=_percentile(values, 50),
        p95_ms=_percentile(values, 95),
    )


def _percentile(values: list[float], percent: int) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return round(values[0], 1)
    return round(statistics.quantiles(values, n=100, method="inclusive")[percent - 1], 1)
