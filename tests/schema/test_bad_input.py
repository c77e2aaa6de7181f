"""Every bad input gets an error that names the argument; never a 500."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient


@pytest.mark.parametrize(
    ("query", "argument"),
    [
        ('{ node(id: "not-an-id") { id } }', "id"),
        ('{ node(id: "Tm9TdWNoVHlwZTox") { id } }', "id"),  # NoSuchType:1
        ('{ node(id: "T3JnYW5pc2F0aW9uOmFiYw==") { id } }', "id"),  # Organisation:abc
        ('{ nodes(ids: ["T3JnYW5pc2F0aW9uOjE=", "junk"]) { id } }', "ids"),
        ('{ organisations(after: "bm9wZQ==") { totalCount } }', "after"),
        # offset:99999999999999999999, too large for any database's integers
        (
            '{ country(code: "TN") {'
            ' members(after: "b2Zmc2V0Ojk5OTk5OTk5OTk5OTk5OTk5OTk5") { totalCount } } }',
            "after",
        ),
        ("{ organisations(first: 101) { totalCount } }", "first"),
        ("{ organisations(first: -1) { totalCount } }", "first"),
        ('{ network { memberCount(asOf: "2017-02-30") } }', "asOf"),
        ('{ network { memberCount(asOf: "last year") } }', "asOf"),
        ('{ country(code: "TN") { name(lang: "english") { text } } }', "lang"),
        ('{ country(code: "Tunisia") { code } }', "code"),
        ('{ organisations(filter: {country: "France"}) { totalCount } }', "filter.country"),
        ('{ organisations(filter: {search: "  "}) { totalCount } }', "filter.search"),
        (
            '{ statements(filter: {published: {since: "2020-01-02", until: "2020-01-01"}})'
            " { totalCount } }",
            "filter.published",
        ),
    ],
)
def test_bad_arguments_are_named(demo: GraphQLClient, query: str, argument: str) -> None:
    # when
    errors = demo.errors(query)
    # then
    assert errors[0]["extensions"]["argument"] == argument
    assert argument.split(".")[-1] in errors[0]["message"]


def test_unknown_slugs_and_ids_give_null(demo: GraphQLClient) -> None:
    # when
    data = demo.data(
        """{ organisation(slug: "no-such-organisation") { id }
            coalition(slug: "no-such-coalition") { id }
            statement(slug: "nope") { id }
            petition(slug: "nope") { id }
            campaign(slug: "nope") { id }
            country(code: "XX") { code }
            node(id: "T3JnYW5pc2F0aW9uOjk5OTk5OTk=") { id } }"""  # Organisation:9999999
    )
    # then
    assert set(data.values()) == {None}


def test_hostile_queries_are_refused(demo: GraphQLClient) -> None:
    # given a query nested far deeper than any dashboard needs
    hop = "groups { nodes { group { membershipHistory { nodes { organisation { "
    deep = "{ organisations { nodes { " + hop * 4 + "slug" + " } } } } } }" * 4 + " } } }"
    # when
    errors = demo.errors(deep)
    # then
    assert "exceeds maximum operation depth" in errors[0]["message"]


def test_a_variable_of_the_wrong_type_is_named(demo: GraphQLClient) -> None:
    # when
    errors = demo.errors(
        "query($day: Date) { network { memberCount(asOf: $day) } }", {"day": "31/12/2017"}
    )
    # then
    assert "$day" in errors[0]["message"]


def test_a_malformed_request_body_is_a_400_not_a_500(demo: GraphQLClient) -> None:
    # when
    response = demo.client.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    # then
    assert response.status_code == 400
