"""No N+1 in the archive: searching it and reading alerts from countries and organisations costs
the same SQL statements with 6 alerts as with 600."""

from __future__ import annotations

import datetime
from collections.abc import Awaitable, Callable

from tests import factories
from tests.conftest import GraphQLClient, hub_client
from tests.databases import Databases, fill
from tests.sql_statements import recorded_statements

# One shape per request: a type read at two depths of one request, or by two root fields,
# is read in one batch or two depending on which answers first, and so would its count.
QUERIES = {
    "search": """{ alerts(filter: {search: "harbour strike"}, first: 50) {
      totalCount
      nodes {
        occurredOn title { text } body(lang: "fr") { text } violations victims { name kind }
        country {
          code name { text }
          alerts(occurred: {since: "2000-01-01"}, first: 3) {
            totalCount nodes { occurredOn title { text } }
          }
        }
        sourceOrganisation { slug alerts(first: 2) { totalCount nodes { occurredOn } } }
      }
    } }""",
    "filters": """{
      alerts(filter: {violations: [KILLED, CENSORED], countries: ["MX", "PH"]}, first: 30) {
        totalCount nodes { violations country { code } }
      }
    }""",
    "browse": """{ alerts(first: 20) { totalCount nodes { occurredOn country { code } } } }""",
    "dates": """{ alerts(filter: {occurred: {since: "2010-01-01"}}, first: 5) { totalCount } }""",
    "filers": """{ organisations(first: 10) { nodes {
      slug alerts(occurred: {since: "2000-01-01"}) { totalCount nodes { country { code } } }
    } } }""",
}


def day(n: int) -> datetime.date:
    """Days spread over the archive's thirty years, whatever the number of alerts."""
    return datetime.date(1995, 1, 1) + datetime.timedelta(days=(7919 * n) % 11_000)


def country(n: int) -> str:
    return ("MX", "PH")[n % 2]


def build_archive(scale: int) -> Callable[[], Awaitable[None]]:
    """Three members filing 6 × ``scale`` alerts about two countries since 1995."""

    async def build() -> None:
        members = await factories.organisations(3, member_since=datetime.date(1990, 1, 1))
        for n in range(6 * scale):
            await factories.alert(
                members[n % 3],
                occurred_on=day(n),
                country_id=country(n),
                violations=[("killed", "censored", "arrested")[n % 3]],
                title={"en": f"Harbour strike report {n}", "fr": f"Grève au port {n}"},
            )

    return build


def archive_statements(databases: Databases, scale: int) -> tuple[dict[str, int], dict]:
    url = databases.new()
    fill(url, build_archive(scale))
    counts: dict[str, int] = {}
    answers: dict[str, dict] = {}
    with hub_client(url) as client:
        graphql = GraphQLClient(client)
        for name, query in QUERIES.items():
            graphql.data(query)  # warm: migrations, caches
            with recorded_statements() as statements:
                answers[name] = graphql.data(query)
            counts[name] = len(statements)
    return counts, answers


def test_the_archive_costs_the_same_statements_at_any_size(databases: Databases) -> None:
    # given an archive and one a hundred times larger
    # when the same dashboard queries run on each
    small_counts, small = archive_statements(databases, 1)
    large_counts, large = archive_statements(databases, 100)

    # then each answered fully, with the same number of SQL statements
    assert small["search"]["alerts"]["totalCount"] == 6
    found = large["search"]["alerts"]
    assert found["totalCount"] == 600
    assert len(found["nodes"]) == 50
    newest = found["nodes"][0]["country"]
    since_2000 = [n for n in range(600) if day(n).year >= 2000 and country(n) == newest["code"]]
    assert newest["alerts"]["totalCount"] == len(since_2000)
    assert large["filters"]["alerts"]["totalCount"] == 400
    assert large["browse"]["alerts"]["totalCount"] == 600
    assert small_counts == large_counts
    assert max(small_counts.values()) <= 10, small_counts
