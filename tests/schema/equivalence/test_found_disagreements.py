"""Disagreements the generated queries found, each cut down to its smallest query.

Each query here made the hub answer otherwise than the documented rules (the reference)
do; kept as plain tests so that the fix shows, and stays.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import GraphQLClient
from tests.schema.equivalence.reference import Reference
from tests.schema.equivalence.snapshot import snapshot_of


@pytest.fixture(scope="module")
def reference(demo_database_url: str) -> Reference:
    return Reference(snapshot_of(demo_database_url))


@pytest.mark.parametrize(
    "query",
    [
        # a member with no group memberships: `groups` came back null, a non-null field
        "{ organisations(first: 5) { nodes { slug groups { pageInfo { hasPreviousPage } } } } }",
        "{ organisations(first: 5) { nodes { campaigns { pageInfo { hasPreviousPage } } } } }",
        # a root list with an empty page: "Unexpected error." and no data at all
        """{ organisations(first: 0) { pageInfo { hasPreviousPage } } }""",
        """{ organisations(first: 0) { totalCount pageInfo { hasPreviousPage } } }""",
        """{ statements(filter: {status: DRAFT}, after: "b2Zmc2V0OjI=") {
             pageInfo { hasPreviousPage } } }""",
    ],
    ids=["nested, no rows", "nested, no campaigns", "first 0", "first 0 and count", "past the end"],
)
def test_a_list_read_only_for_where_its_page_stands_is_never_null(
    demo: GraphQLClient, reference: Reference, query: str
) -> None:
    # given a list whose selection needs none of its rows, and whose page holds none

    # when the hub answers
    answered = without_cost(demo.post(query))

    # then it answers as the documented rules do: the page stands where it stands
    assert answered == reference.answer(query)


@pytest.mark.parametrize(
    "query",
    [
        """{ country(code: "TN") { code members { totalCount @skip(if: true) } } }""",
        """{ network { members { totalCount @skip(if: true) } } }""",
        """{ groups(first: 2) { nodes { members(role: LEAD) { totalCount @skip(if: true) } } } }""",
        """{ organisations(first: 2) { nodes {
             alerts(occurred: {since: "2000-01-01"}) { totalCount @skip(if: true) } } } }""",
        """{ organisations(filter: {memberOn: "2010-01-01"}) { totalCount @skip(if: true) } }""",
        """query($show: Boolean!) { statements(filter: {status: DRAFT}) {
             pageInfo @include(if: $show) { hasNextPage } } }""",
    ],
    ids=["as of today", "network as of today", "role", "occurred", "member on", "filter"],
)
def test_a_list_whose_whole_selection_is_skipped_is_an_empty_object(
    demo: GraphQLClient, reference: Reference, query: str
) -> None:
    # given a list taking arguments, all of whose selection @skip or @include leaves out
    variables = {"show": False}

    # when the hub answers
    answered = without_cost(demo.post(query, variables if "$show" in query else None))

    # then it answers `{}` for the list, as the documented rules do, and no error
    assert answered == reference.answer(query, variables if "$show" in query else None)


@pytest.mark.parametrize(
    "query",
    [
        """{ organisations(orderBy: {field: FOUNDED_YEAR, direction: DESC}, first: 2) {
             nodes { id foundedYear } } }""",
        """{ petitions(orderBy: {field: OPENED_AT, direction: DESC}, first: 2,
             after: "b2Zmc2V0OjE3") { nodes { id openedAt } } }""",
    ],
    ids=["equal years", "no opening time"],
)
def test_ties_are_broken_by_the_key_in_the_orders_direction(
    demo: GraphQLClient, reference: Reference, query: str
) -> None:
    # given rows with equal values (or none) in the column a list is sorted by, descending

    # when the hub answers
    answered = without_cost(demo.post(query))

    # then they come in the order of their keys, in the order's direction
    assert answered == reference.answer(query)


def without_cost(answered: dict[str, Any]) -> dict[str, Any]:
    """The answer without its ``extensions.cost``, which the reference does not count."""
    return {key: value for key, value in answered.items() if key != "extensions"}
