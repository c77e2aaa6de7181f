"""Cases and impunity on the demo network: killings with each justice status, a country's
unresolved killings counted as the rule says, the cases the International Day to End
Impunity highlights, and the README's examples answering with real numbers."""

from __future__ import annotations

import base64
import re
from collections import Counter
from pathlib import Path
from typing import Any

from hub import models
from tests.conftest import GraphQLClient
from tests.databases import fill

README = Path(__file__).parents[2] / "README.md"


def cases_of(database_url: str) -> list[Any]:
    """Every case of the demo network, with its alerts' ids, read from the rows."""
    found: list[Any] = []

    async def read() -> None:
        cases = {case.id: case for case in await models.Case.all()}
        for alert in await models.Alert.filter(case_id__not_isnull=True):
            cases[alert.case_id].__dict__.setdefault("alert_ids", []).append(alert.id)
        found.extend(cases.values())

    fill(database_url, read)
    return found


def test_the_demo_network_has_killings_of_each_justice_status(
    demo: GraphQLClient, demo_database_url: str
) -> None:
    # given the demo network's cases, read from its rows
    cases = cases_of(demo_database_url)
    killings = [case for case in cases if case.killing]
    statuses = Counter(str(case.justice.value) for case in killings)

    # then killings of every status, and cases of several alerts
    assert set(statuses) == {"unresolved", "partial", "full"}, statuses
    assert statuses["unresolved"] > statuses["partial"] + statuses["full"]
    assert any(len(case.alert_ids) >= 3 for case in cases)

    # when the graph is asked for a followed killing's case
    followed = max(killings, key=lambda case: (len(case.alert_ids), case.id))
    alert = max(followed.alert_ids)
    answer = demo.data(
        """query ($id: ID!) { node(id: $id) { ... on Alert {
            follows { id } case { openedOn killing justice country { code }
              alerts { totalCount nodes { occurredOn justice } } } } } }""",
        {"id": _global_id("Alert", alert)},
    )["node"]

    # then it reads the case, its alerts oldest first, and the status they led to
    case = answer["case"]
    assert answer["follows"] is not None
    assert case["killing"] is True
    assert case["justice"] == followed.justice.name
    assert case["alerts"]["totalCount"] == len(followed.alert_ids)
    days = [node["occurredOn"] for node in case["alerts"]["nodes"]]
    assert days == sorted(days)
    assert case["openedOn"] == days[0]


def test_unresolved_killings_count_the_countrys_unresolved_cases_since_a_year(
    demo: GraphQLClient, demo_database_url: str
) -> None:
    # given the unresolved killings per country, counted from the rows
    unresolved = [
        case
        for case in cases_of(demo_database_url)
        if case.killing and str(case.justice.value) == "unresolved"
    ]
    per_country = Counter(case.country_id for case in unresolved)
    since_2015 = Counter(case.country_id for case in unresolved if case.opened_on.year >= 2015)
    most = per_country.most_common(1)[0][0]

    # when the graph is asked for the country with the most
    country = demo.data(
        """query ($code: String!) { country(code: $code) {
            all: unresolvedKillings recent: unresolvedKillings(since: 2015)
            future: unresolvedKillings(since: 2100) } }""",
        {"code": most},
    )["country"]

    # then it counts them, and those since 2015, and none yet to come
    assert country["all"] == per_country[most] > 0
    assert country["recent"] == since_2015[most]
    assert country["future"] == 0


def test_the_day_to_end_impunity_highlights_unresolved_killings(demo: GraphQLClient) -> None:
    # when
    campaign = demo.data(
        """{ campaign(slug: "international-day-to-end-impunity") {
            highlightedCases(first: 100) { totalCount nodes { killing justice openedOn } }
            unresolved: highlightedCases(justice: UNRESOLVED) { totalCount }
            full: highlightedCases(justice: FULL) { totalCount }
        } }"""
    )["campaign"]

    # then it highlights unresolved killings, and a filter by status reads them alike
    highlighted = campaign["highlightedCases"]
    assert highlighted["totalCount"] >= 5
    assert all(n["killing"] and n["justice"] == "UNRESOLVED" for n in highlighted["nodes"])
    assert campaign["unresolved"]["totalCount"] == highlighted["totalCount"]
    assert campaign["full"]["totalCount"] == 0


def readme_examples() -> dict[str, str]:
    """The README's GraphQL examples about the archive, by the root field they start with."""
    blocks = re.findall(r"```graphql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    return {
        name: block
        for block in blocks
        for name in ("alerts", "country", "campaign")
        if re.match(rf"\{{\s*{name}\(", block)
    }


def test_the_readme_examples_find_something_on_the_demo_network(demo: GraphQLClient) -> None:
    # given the README's examples of the archive's search, facets and cases
    examples = readme_examples()
    assert {"alerts", "country", "campaign"} <= set(examples), set(examples)

    # when each is asked of the demo network
    answers = {name: demo.data(query) for name, query in examples.items()}

    # then each finds real numbers
    alerts = answers["alerts"]["alerts"]
    assert alerts["totalCount"] > 0 and alerts["nodes"]
    facets = alerts["facets"]
    assert sum(item["count"] for item in facets["countries"]) == alerts["totalCount"]
    assert {item["country"]["code"] for item in facets["countries"]} <= {"MX", "GT"}
    assert answers["country"]["country"]["unresolvedKillings"] > 0
    highlighted = answers["campaign"]["campaign"]["highlightedCases"]
    assert highlighted["totalCount"] > 0


def _global_id(type_name: str, key: int) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()
