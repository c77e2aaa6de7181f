"""The archive's facets: the alerts of a filter counted by country, year, violation type,
perpetrator and victim kind, equal to counts made in Python from the rows, bounded, and
read in the same number of SQL statements whatever the archive's size."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from tests import factories
from tests.conftest import GraphQLClient, hub_client
from tests.databases import Databases, fill
from tests.sql_statements import recorded_statements

FACETS = """
  facets {
    countries(first: $first) { country { code name { text } } count }
    years(first: $first) { year count }
    violations(first: $first) { violation count }
    perpetrators(first: $first) { perpetrator count }
    victims(first: $first) { kind count }
  }
"""
QUERY = (
    "query Facets($filter: AlertFilter, $first: Int) {"
    f" alerts(filter: $filter, first: 3) {{ totalCount nodes {{ occurredOn }} {FACETS} }} }}"
)

COUNTRIES = ("MX", "GT", "PH", "TN", "RU", "BR")
VIOLATIONS = ("killed", "attacked", "threatened", "arrested", "censored", "legal-action")
PERPETRATORS = ("criminal-groups", "state-security-forces", "unknown", "private-actors")
KINDS = ("journalist", "media-outlet", "writer", "human-rights-defender")
WORDS = ("radio", "harbour", "press", "court")


def generated_alerts(count: int, seed: int) -> list[dict[str, Any]]:
    """Alerts drawn at random: one to three types, none to three victims, a word or two."""
    rng = random.Random(seed)
    alerts = []
    for _ in range(count):
        words = rng.sample(WORDS, rng.randint(1, 2))
        alerts.append(
            {
                "occurred_on": datetime.date(rng.randint(1995, 2026), rng.randint(1, 12), 1),
                "country_id": rng.choice(COUNTRIES),
                "violations": rng.sample(VIOLATIONS, rng.randint(1, 3)),
                "perpetrator": rng.choice(PERPETRATORS),
                "victims": [
                    {"name": None, "kind": rng.choice(KINDS), "gender": None}
                    for _ in range(rng.randint(0, 3))
                ],
                "title": {"en": f"Report on {' '.join(words)}"},
            }
        )
    return alerts


def filing(alerts: list[dict[str, Any]]) -> Callable[[], Awaitable[None]]:
    async def build() -> None:
        members = await factories.organisations(2, member_since=datetime.date(1990, 1, 1))
        for n, fields in enumerate(alerts):
            await factories.alert(members[n % 2], **fields)

    return build


def expected_facets(alerts: list[dict[str, Any]], first: int) -> dict[str, list[Any]]:
    """The facets counted in Python from the rows: the most first, ties by value."""

    def top(counted: Counter[str]) -> list[tuple[str, int]]:
        return sorted(counted.items(), key=lambda pair: (-pair[1], pair[0]))[:first]

    years = Counter(alert["occurred_on"].year for alert in alerts)
    return {
        "countries": top(Counter(a["country_id"] for a in alerts)),
        "years": sorted(years.items(), reverse=True)[:first],
        "violations": top(Counter(v for a in alerts for v in a["violations"])),
        "perpetrators": top(Counter(a["perpetrator"] for a in alerts)),
        "victims": top(Counter(k for a in alerts for k in {v["kind"] for v in a["victims"]})),
    }


def answered_facets(facets: dict[str, list[dict[str, Any]]]) -> dict[str, list[Any]]:
    """The hub's facets in the same shape, its enum names as the stored values."""

    def stored(name: str) -> str:
        return name.lower().replace("_", "-")

    return {
        "countries": [(f["country"]["code"], f["count"]) for f in facets["countries"]],
        "years": [(f["year"], f["count"]) for f in facets["years"]],
        "violations": [(stored(f["violation"]), f["count"]) for f in facets["violations"]],
        "perpetrators": [(stored(f["perpetrator"]), f["count"]) for f in facets["perpetrators"]],
        "victims": [(stored(f["kind"]), f["count"]) for f in facets["victims"]],
    }


FILTERS: list[tuple[dict[str, Any] | None, Callable[[dict[str, Any]], bool]]] = [
    (None, lambda a: True),
    ({"countries": ["MX", "GT"]}, lambda a: a["country_id"] in ("MX", "GT")),
    ({"violations": ["KILLED", "ATTACKED"]}, lambda a: {"killed", "attacked"} & {*a["violations"]}),
    ({"search": "radio"}, lambda a: "radio" in a["title"]["en"]),
    (
        {"search": "radio", "countries": ["PH", "TN"], "occurred": {"since": "2010-01-01"}},
        lambda a: (
            "radio" in a["title"]["en"]
            and a["country_id"] in ("PH", "TN")
            and a["occurred_on"] >= datetime.date(2010, 1, 1)
        ),
    ),
    (
        {"perpetrators": ["UNKNOWN"], "occurred": {"until": "2005-12-31"}},
        lambda a: a["perpetrator"] == "unknown" and a["occurred_on"].year <= 2005,
    ),
]


def test_facets_equal_the_counts_made_from_the_rows(databases: Databases) -> None:
    # given a generated archive of 400 alerts
    alerts = generated_alerts(400, seed=11)
    url = databases.new()
    fill(url, filing(alerts))

    with hub_client(url) as client:
        graphql = GraphQLClient(client)
        for given, holds in FILTERS:
            for first in (3, 50):
                # when the archive is searched with a filter, and its facets asked for
                found = graphql.data(QUERY, {"filter": given, "first": first})["alerts"]

                # then each facet holds the counts of the matching rows, top `first` of them
                matching = [alert for alert in alerts if holds(alert)]
                assert found["totalCount"] == len(matching), given
                assert matching, given
                expected = expected_facets(matching, first)
                assert answered_facets(found["facets"]) == expected, (given, first)
        names = graphql.data(QUERY, {"filter": {"countries": ["MX"]}, "first": 1})
        assert names["alerts"]["facets"]["countries"][0]["country"]["name"]["text"] == "Mexico"


def test_a_filter_that_matches_nothing_has_empty_facets(databases: Databases) -> None:
    # given a small archive
    url = databases.new()
    fill(url, filing(generated_alerts(20, seed=3)))

    with hub_client(url) as client:
        graphql = GraphQLClient(client)
        for given in (
            {"countries": []},
            {"sourceOrganisations": ["no-such-organisation"]},
            {"search": "nowhere"},
        ):
            # when a filter matches no alert
            found = graphql.data(QUERY, {"filter": given, "first": 5})["alerts"]

            # then every facet is empty
            assert found["totalCount"] == 0
            assert all(values == [] for values in found["facets"].values()), given


@pytest.mark.parametrize("first", [-1, 51])
def test_a_facet_list_is_bounded(databases: Databases, first: int) -> None:
    # given an archive
    url = databases.new()
    fill(url, filing(generated_alerts(5, seed=1)))
    with hub_client(url) as client:
        # when a facet list asks for more values than it may list, or fewer than none
        response = client.post("/graphql", json={"query": QUERY, "variables": {"first": first}})

    # then the search fails, naming the argument and its bounds
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "first"
    assert f"between 0 and 50, got {first}" in error["message"]


def statements_and_facets(databases: Databases, scale: int) -> tuple[int, dict[str, Any]]:
    url = databases.new()
    fill(url, filing(generated_alerts(6 * scale, seed=5)))
    given = {"filter": {"countries": ["MX", "GT", "PH"], "search": "radio"}, "first": 5}
    with hub_client(url) as client:
        graphql = GraphQLClient(client)
        graphql.data(QUERY, given)  # warm: caches
        with recorded_statements() as statements:
            found = graphql.data(QUERY, given)["alerts"]
    return len(statements), found


def test_facets_cost_the_same_statements_at_any_size(databases: Databases) -> None:
    # given an archive and one a hundred times larger
    # when the same search asks for every facet on each
    small_count, small = statements_and_facets(databases, 1)
    large_count, large = statements_and_facets(databases, 100)

    # then the large archive's facets count hundreds of alerts, in as many statements
    assert sum(f["count"] for f in large["facets"]["countries"]) == large["totalCount"]
    assert large["totalCount"] > 100
    assert small_count == large_count
    assert small["totalCount"] < large["totalCount"]
