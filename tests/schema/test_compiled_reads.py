"""Compiled reads: one statement per root field, planned once, values always parameters,
and Python's work per request independent of how many objects the answer holds."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from starlette.testclient import TestClient

from schema.reads import plans
from schema.reads.executor import CompiledAnswers
from tests import factories
from tests.conftest import GraphQLClient, hub_client
from tests.databases import Databases, fill
from tests.sql_statements import recorded_statements

ORGANISATIONS = """query($first: Int) {
  organisations(first: $first) {
    totalCount
    nodes {
      slug name { text language }
      headquarters { code name(lang: "fr") { text } }
      countriesOfWork { totalCount nodes { code } }
      networkMemberships { nodes { joinedOn } }
    }
  }
  network { memberCount }
}"""


def network_of(databases: Databases, size: int) -> str:
    url = databases.new()
    fill(url, lambda: factories.organisations(size, member_since=datetime.date(2001, 1, 1)))
    return url


def completed_values(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> tuple[int, Any]:
    """How many values graphql-core completed in Python to answer ORGANISATIONS, once
    planned (apps with the same settings share their schema, and so its plans)."""
    completed = 0
    original = CompiledAnswers.complete_value

    def counting(self: CompiledAnswers, *args: Any) -> Any:
        nonlocal completed
        completed += 1
        return original(self, *args)

    GraphQLClient(client).data(ORGANISATIONS, {"first": 100})  # planned on first use
    monkeypatch.setattr(CompiledAnswers, "complete_value", counting)
    data = GraphQLClient(client).data(ORGANISATIONS, {"first": 100})
    monkeypatch.setattr(CompiledAnswers, "complete_value", original)
    return completed, data


def test_python_completes_the_same_values_for_one_object_or_a_hundred(
    databases: Databases, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a network of one organisation and one of a hundred
    small, large = network_of(databases, 1), network_of(databases, 100)

    # when the same query reads each
    with hub_client(small) as client:
        small_work, small_data = completed_values(client, monkeypatch)
    with hub_client(large) as client:
        large_work, large_data = completed_values(client, monkeypatch)

    # then the answers differ a hundredfold, and the work done in Python does not at all
    assert len(small_data["organisations"]["nodes"]) == 1
    assert len(large_data["organisations"]["nodes"]) == 100
    assert small_work == large_work


def test_each_root_field_is_one_statement(demo: GraphQLClient) -> None:
    # when a query with three root fields, each nested three levels deep, is answered
    with recorded_statements() as statements:
        data = demo.data(
            """{
              organisations(first: 5) { nodes { groups { nodes { group { slug } } } } }
              campaigns(first: 5) { nodes { petitions { nodes { endorsements { totalCount } } } } }
              network { members(first: 3) { nodes { organisation { slug } } } }
            }"""
        )

    # then each root field cost one statement
    assert len(data["organisations"]["nodes"]) == 5
    assert len(statements) == 3


def test_what_a_request_gives_is_bound_never_written_into_the_sql(demo: GraphQLClient) -> None:
    # given values that would change the SQL were they pasted into it
    slug = "nobody' OR '1'='1"
    search = "x%' UNION SELECT 1 --"

    # when they are asked for
    with recorded_statements() as statements:
        data = demo.data(
            """query($slug: String!, $search: String!) {
              organisation(slug: $slug) { slug }
              organisations(filter: {search: $search}) { totalCount }
            }""",
            {"slug": slug, "search": search},
        )

    # then they matched nothing, and no statement holds them (they are logged as parameters)
    assert data == {"organisation": None, "organisations": {"totalCount": 0}}
    sql = [logged.rsplit(": [", 1)[0] for logged in statements]
    assert len(sql) == 2
    assert not any(slug in text or search.casefold() in text for text in sql)


def test_a_document_is_planned_once_and_compiled_once_per_shape(demo: GraphQLClient) -> None:
    # given a query the hub has not seen, whose filter may or may not be given
    query = """query($filter: OrganisationFilter, $deep: Boolean!) {
      planned: organisations(filter: $filter, first: 3) {
        totalCount nodes { slug headquarters @include(if: $deep) { code } }
      }
    }"""
    before = len(plans.PLANS._entries)

    # when it is asked with different values of the same shape, and with other shapes
    for country in ("CA", "TN", "FR"):
        demo.data(query, {"filter": {"country": country}, "deep": False})
    demo.data(query, {"filter": None, "deep": False})
    demo.data(query, {"filter": {"country": "CA"}, "deep": True})

    # then it was planned once per value of the @include variable, and compiled once per
    # shape of its filter: no filter, a country filter
    made = list(plans.PLANS._entries.values())[before:]
    assert len(made) == 2
    assert sorted(len(plan.statements._entries) for plan in made) == [1, 2]


def test_a_bad_argument_fails_its_root_field_whatever_the_rows(demo: GraphQLClient) -> None:
    # when a nested argument is wrong under a root field that finds no row at all
    body = demo.post(
        """{
          organisations(filter: {country: "ZZ"}) {
            nodes { coSignedStatements(after: "not-a-cursor") { totalCount } }
          }
          network { name }
        }"""
    )

    # then that root field fails with the argument named, and the others answer
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "after"}
    assert error["path"] == ["organisations"]
    assert body["data"] is None  # `organisations` cannot be null, so neither can the data


def test_nulls_sort_last_both_ways(databases: Databases) -> None:
    # given organisations, some with no founding year
    url = databases.new()

    async def build() -> None:
        await factories.organisations(2, founded_year=None)
        await factories.organisations(1, founded_year=1990)
        await factories.organisations(1, founded_year=2010)

    fill(url, build)
    query = """query($direction: OrderDirection!) {
      organisations(orderBy: {field: FOUNDED_YEAR, direction: $direction}) { nodes { foundedYear } }
    }"""

    # when they are sorted by it, up and down
    with hub_client(url) as client:
        graphql = GraphQLClient(client)
        up = graphql.data(query, {"direction": "ASC"})["organisations"]["nodes"]
        down = graphql.data(query, {"direction": "DESC"})["organisations"]["nodes"]

    # then the years come in order and the unknown ones last, either way
    assert [o["foundedYear"] for o in up] == [1990, 2010, None, None]
    assert [o["foundedYear"] for o in down] == [2010, 1990, None, None]


def test_operations_answered_by_compiled_reads_are_counted(demo_hub: TestClient) -> None:
    def counted() -> dict[str, float]:
        lines = demo_hub.get("/metrics").text.splitlines()
        found = {"true": 0.0, "false": 0.0}
        for line in lines:
            if line.startswith("hub_graphql_operations_total{"):
                label, value = line.split("} ")
                found[label.split('"')[1]] = float(value)
        return found

    # given the counts so far
    before = counted()

    # when one operation is all compiled and another asks for the viewer, read in Python
    GraphQLClient(demo_hub).data("{ network { name } countries(first: 1) { totalCount } }")
    GraphQLClient(demo_hub).data("{ viewer { clientId } network { name } }")

    # then one was counted compiled, and the other not
    after = counted()
    assert after["true"] - before["true"] == 1
    assert after["false"] - before["false"] == 1


def test_a_known_operation_is_answered_without_graphql_execution(
    demo: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given an operation answered once, whole, by compiled reads
    query = """query Known($lang: Language) {
      organisations(first: 3) { nodes { slug name(lang: $lang) { text language } } }
      count: network { memberCount }
    }"""
    first = demo.data(query, {"lang": "fr"})
    executed = 0
    original = CompiledAnswers.complete_value

    def counting(self: CompiledAnswers, *args: Any) -> Any:
        nonlocal executed
        executed += 1
        return original(self, *args)

    monkeypatch.setattr(CompiledAnswers, "complete_value", counting)

    # when it comes again, with other values
    again = demo.data(query, {"lang": "fr"})
    arabic = demo.data(query, {"lang": "ar"})
    refused = demo.post(query, {"lang": "not a language"})

    # then graphql-core executed none of the answers, which are the same as before; a bad
    # variable went the ordinary way, and was refused as always
    assert again == first
    assert arabic["organisations"]["nodes"][0]["name"]["language"] == "ar"
    assert executed == 0
    assert "not a language" in refused["errors"][0]["message"]


def test_a_known_operation_answers_each_requests_own_values(demo: GraphQLClient) -> None:
    # given an operation whose arguments come from variables, and two countries with members
    query = """query Page($first: Int, $country: String) {
      organisations(first: $first, filter: {country: $country}) { totalCount nodes { slug } }
    }"""
    everyone = demo.data("{ organisations(first: 100) { nodes { headquarters { code } } } }")
    codes = [node["headquarters"]["code"] for node in everyone["organisations"]["nodes"]]
    busiest, other = sorted(set(codes), key=lambda code: -codes.count(code))[:2]
    asked = [
        {"first": 1, "country": busiest},
        {"first": 3, "country": busiest},
        {"first": 3, "country": other},
        {"first": 1},
        {},
        {"country": busiest},
        {"first": None, "country": busiest},
        {"first": 1, "country": busiest},
    ]

    # when the same document is asked with each in turn, and each also as a document of its
    # own (a comment makes the text new, so nothing planned or converted before is reused)
    def answer(document: str, values: dict[str, Any]) -> dict[str, Any]:
        """The answer, and what it cost (not what is left of the budget, which moves)."""
        answered = demo.post(document, values)
        cost = answered.pop("extensions")["cost"]["requestedQueryCost"]
        return {**answered, "cost": cost}

    answers = [answer(query, values) for values in asked]
    fresh = [answer(f"{query}\n# {number}", values) for number, values in enumerate(asked)]

    # then each answer is its own request's, as a fresh document answers it
    assert answers == fresh
    pages = [answer["data"]["organisations"]["nodes"] for answer in answers]
    assert [len(page) for page in pages[:3]] == [1, 3, min(3, codes.count(other))]
    assert pages[1][0] == pages[0][0] and pages[2][0] != pages[0][0]
    assert len(pages[4]) == 20 and len(pages[3]) == 1
    assert answers[7] == answers[0]
    assert answers[0]["cost"] < answers[1]["cost"] < answers[4]["cost"]
