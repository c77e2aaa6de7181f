"""Entities for a federation gateway: references by global ID, resolved in one batch."""

from __future__ import annotations

from tests.conftest import GraphQLClient
from tests.sql_statements import recorded_statements

ENTITIES = """query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Organisation { id slug }
    ... on Statement { id slug }
  }
}"""


def references(demo: GraphQLClient, count: int) -> list[dict[str, str]]:
    nodes = demo.data(f"{{ organisations(first: {count}) {{ nodes {{ id slug }} }} }}")
    return nodes["organisations"]["nodes"]


def test_references_resolve_to_their_entities(demo: GraphQLClient) -> None:
    # given references to organisations and a statement
    organisations = references(demo, 3)
    statement = demo.data("{ statements(first: 1) { nodes { id slug } } }")["statements"]["nodes"][
        0
    ]
    wanted = [*organisations, statement]

    # when the gateway asks for them
    found = demo.data(
        ENTITIES,
        {
            "representations": [
                {"__typename": "Organisation", "id": o["id"]} for o in organisations
            ]
            + [{"__typename": "Statement", "id": statement["id"]}]
        },
    )["_entities"]

    # then each comes back, in order
    assert found == wanted


def test_n_references_cost_the_statements_of_one(demo: GraphQLClient) -> None:
    # given one and then fifty references
    def cost(count: int) -> int:
        representations = [
            {"__typename": "Organisation", "id": o["id"]} for o in references(demo, count)
        ]
        with recorded_statements() as statements:
            found = demo.data(ENTITIES, {"representations": representations})["_entities"]
        assert len(found) == count
        return len(statements)

    # then both cost the same
    assert cost(1) == cost(50) == 1


def test_a_reference_of_the_wrong_type_is_refused(demo: GraphQLClient) -> None:
    organisation = references(demo, 1)[0]
    errors = demo.errors(
        ENTITIES, {"representations": [{"__typename": "Statement", "id": organisation["id"]}]}
    )
    assert "is not a Statement ID" in errors[0]["message"]


def test_a_reference_with_more_fields_than_its_key_resolves(demo: GraphQLClient) -> None:
    # given a representation carrying a field besides the key, as a gateway may send
    organisation = references(demo, 1)[0]
    representation = {"__typename": "Organisation", "id": organisation["id"], "slug": "x"}

    # when the gateway asks for it
    found = demo.data(ENTITIES, {"representations": [representation]})["_entities"]

    # then the key alone finds it
    assert found == [organisation]
