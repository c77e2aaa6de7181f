"""Every bad input gets an error that names the argument; never a 500."""

from __future__ import annotations

import base64
from typing import Any

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


def global_id(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


NODE = "query($id: ID!) { node(id: $id) { id } }"
ENTITIES = """query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Organisation { slug } }
}"""


@pytest.mark.parametrize(
    "key",
    [
        "9223372036854775808",  # 2^63, one past the largest key a database holds
        "18446744073709551616",  # 2^64
        "9" * 400,
    ],
)
def test_a_global_id_whose_number_is_over_64_bits_is_named(demo: GraphQLClient, key: str) -> None:
    # given an organisation's ID whose number no database integer holds
    too_big = global_id(f"Organisation:{key}")

    # when it is looked up, as a node and as a gateway's reference
    by_node = demo.errors(NODE, {"id": too_big})
    by_reference = demo.errors(
        ENTITIES, {"representations": [{"__typename": "Organisation", "id": too_big}]}
    )

    # then each is refused as bad input, naming the argument
    assert by_node[0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "id"}
    assert by_reference[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert by_reference[0]["extensions"]["argument"] == "representations[0].id"


@pytest.mark.parametrize(
    "field", ["organisation", "coalition", "statement", "petition", "campaign", "group"]
)
def test_a_slug_longer_than_its_column_finds_nothing(demo: GraphQLClient, field: str) -> None:
    # when a slug far longer than any stored one is asked for
    answer = demo.post(
        f"query($slug: String!) {{ {field}(slug: $slug) {{ id }} }}", {"slug": "a" * 5000}
    )

    # then nothing is found, and nothing failed
    assert "errors" not in answer, answer
    assert answer["data"] == {field: None}


@pytest.mark.parametrize(
    ("representation", "problem"),
    [
        ({"__typename": "NoSuchType", "id": global_id("Organisation:1")}, "is not a NoSuchType ID"),
        ({"__typename": "Organisation"}, "needs the entity's global ID"),
        ({"__typename": "Organisation", "id": 1}, "needs the entity's global ID"),
        ({"id": global_id("Organisation:1")}, "is not a None ID"),
        ("Organisation:1", "needs the entity's global ID"),
    ],
)
def test_a_reference_without_a_known_type_or_key_is_refused(
    demo: GraphQLClient, representation: object, problem: str
) -> None:
    # when a gateway sends a reference of an unknown type, or without its key
    answer = demo.post(ENTITIES, {"representations": [representation]})

    # then that reference is refused by name, not as a fault
    [error] = answer["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert problem in error["message"]


ORGANISATIONS_PAGE = """query($after: String, $filter: OrganisationFilter) {
  organisations(first: 100, after: $after, filter: $filter) {
    totalCount nodes { slug focus } pageInfo { hasNextPage endCursor }
  }
}"""


def every_organisation(demo: GraphQLClient, filter: dict[str, str] | None) -> tuple[int, list[Any]]:
    """The total count and every node of ``organisations(filter:)``, page after page."""
    nodes: list[Any] = []
    after = None
    while True:
        page = demo.data(ORGANISATIONS_PAGE, {"after": after, "filter": filter})["organisations"]
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return page["totalCount"], nodes
        after = page["pageInfo"]["endCursor"]


@pytest.mark.parametrize("focus", ["PRESS_FREEDOM", "IMPUNITY"])
def test_organisations_are_filtered_by_their_focus(demo: GraphQLClient, focus: str) -> None:
    # given every organisation and what each works on
    _, everyone = every_organisation(demo, None)
    expected = sorted(node["slug"] for node in everyone if focus in node["focus"])

    # when organisations are filtered by one focus
    total, found = every_organisation(demo, {"focus": focus})

    # then exactly those working on it are found, and counted
    assert expected
    assert sorted(node["slug"] for node in found) == expected
    assert total == len(expected)


@pytest.mark.parametrize(
    ("query", "variables", "where"),
    [
        ("query($slug: String!) { campaign(slug: $slug) { id } }", {"slug": "a\x00b"}, "$slug"),
        ('{ campaign(slug: "a\\u0000b") { id } }', {}, "Argument 'slug'"),
        (
            "query($f: OrganisationFilter) { organisations(filter: $f) { totalCount } }",
            {"f": {"search": "press\x00"}},
            "$f.search",
        ),
    ],
)
def test_a_text_holding_nul_is_refused_by_name(
    demo: GraphQLClient, query: str, variables: dict[str, Any], where: str
) -> None:
    # when a text argument holds the NUL character, which PostgreSQL's text cannot hold
    errors = demo.errors(query, variables)

    # then it is refused on every database alike, saying where
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert errors[0]["message"].startswith(where)
