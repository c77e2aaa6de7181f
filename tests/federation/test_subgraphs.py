"""The subgraphs: each serves its domains' fields, and together they are the monolith."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from graphql import GraphQLObjectType, GraphQLSchema
from starlette.testclient import TestClient

from hub.cli import main
from hub.settings import Settings
from schema.monolith import build_schema
from schema.subgraphs import SUBGRAPHS, build_subgraph
from tests.sql_statements import recorded_statements

FEDERATION_FIELDS = {"_service", "_entities"}


def graphql_schema(name: str | None) -> GraphQLSchema:
    schema = build_subgraph(name, Settings()) if name else build_schema(Settings())
    return schema._schema


def object_fields(schema: GraphQLSchema) -> dict[str, dict[str, str]]:
    """Each object type's fields with their printed types, federation's own left out."""
    return {
        name: {
            field_name: str(field.type)
            for field_name, field in graphql_type.fields.items()
            if field_name not in FEDERATION_FIELDS
        }
        for name, graphql_type in schema.type_map.items()
        if isinstance(graphql_type, GraphQLObjectType) and not name.startswith("_")
    }


def is_entity(schema: GraphQLSchema, type_name: str) -> bool:
    node = schema.get_type("Node")
    graphql_type = schema.get_type(type_name)
    return isinstance(graphql_type, GraphQLObjectType) and node in graphql_type.interfaces


def test_the_monolith_is_the_union_of_the_subgraphs() -> None:
    # given the monolith's fields and each subgraph's
    monolith = object_fields(graphql_schema(None))
    subgraphs = {name: object_fields(graphql_schema(name)) for name in SUBGRAPHS}

    # then every field of the monolith is served by a subgraph, with the same type
    served: Counter[tuple[str, str]] = Counter()
    for fields in subgraphs.values():
        for type_name, type_fields in fields.items():
            for field_name, field_type in type_fields.items():
                assert monolith[type_name][field_name] == field_type, (type_name, field_name)
                served[type_name, field_name] += 1
    missing = {
        (type_name, field_name)
        for type_name, type_fields in monolith.items()
        for field_name in type_fields
        if not served[type_name, field_name]
    }
    assert not missing

    # and each root field and each field of an entity but its key by exactly one
    monolith_schema = graphql_schema(None)
    shared = {
        key
        for key, count in served.items()
        if count > 1
        and key[1] != "id"
        and (key[0] in {"Query", "Mutation"} or is_entity(monolith_schema, key[0]))
    }
    assert not shared


def test_a_subgraph_sees_another_subgraphs_entity_as_its_key_and_its_own_fields() -> None:
    statements = object_fields(graphql_schema("statements"))
    campaigns = object_fields(graphql_schema("campaigns"))

    assert statements["Organisation"] == {
        "id": "ID!",
        "coSignedStatements": "StatementSignatureConnection!",
    }
    assert set(campaigns["Organisation"]) == {"id", "campaigns", "petitions", "endorsedPetitions"}
    assert set(statements["Campaign"]) == {"id", "statements"}
    # and a subgraph's own entity is whole, without what others add to it
    network = object_fields(graphql_schema("network"))
    assert {"slug", "name", "headquarters", "groups"} <= set(network["Organisation"])
    assert "campaigns" not in network["Organisation"]


def test_node_lookup_lives_in_the_network_subgraph_which_knows_every_entity() -> None:
    network = graphql_schema("network")
    monolith = graphql_schema(None)
    entities = {name for name in monolith.type_map if is_entity(monolith, name)}

    assert "node" in network.query_type.fields
    assert {name for name in network.type_map if is_entity(network, name)} == entities
    for name in ("campaigns", "statements", "alerts"):
        assert "node" not in graphql_schema(name).query_type.fields


def subgraph_post(client: TestClient, name: str, query: str, variables: dict | None = None) -> dict:
    response = client.post(
        f"/subgraphs/{name}/graphql", json={"query": query, "variables": variables or {}}
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_each_subgraph_is_served_beside_the_monolith(demo_hub: TestClient) -> None:
    # when the statements subgraph is asked for its root field and for the network's
    own = subgraph_post(demo_hub, "statements", "{ statements(first: 2) { totalCount } }")
    foreign = subgraph_post(demo_hub, "statements", "{ organisations(first: 2) { totalCount } }")

    # then it answers its own and does not know the other
    assert own["data"]["statements"]["totalCount"] > 0
    assert "Cannot query field 'organisations'" in foreign["errors"][0]["message"]


def test_a_subgraph_resolves_references_to_other_entities_in_one_batch(
    demo_hub: TestClient,
) -> None:
    # given references to organisations, as the gateway sends them to the statements subgraph
    organisations = demo_hub.post(
        "/graphql", json={"query": "{ organisations(first: 30) { nodes { id } } }"}
    ).json()["data"]["organisations"]["nodes"]
    query = """query($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on Organisation { id coSignedStatements(first: 2) { totalCount } }
      }
    }"""

    def cost(count: int) -> int:
        representations = [
            {"__typename": "Organisation", "id": o["id"]} for o in organisations[:count]
        ]
        with recorded_statements() as statements:
            found = subgraph_post(
                demo_hub, "statements", query, {"representations": representations}
            )
        assert [entity["id"] for entity in found["data"]["_entities"]] == [
            o["id"] for o in organisations[:count]
        ]
        return len(statements)

    # then thirty cost what one costs: one statement reads the entities and their signatures
    assert cost(1) == cost(30) == 1


def test_export_writes_every_subgraph_the_monolith_and_supergraph_configs(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "schema",
            "export",
            "--out",
            str(tmp_path),
            "--routing-url",
            "http://hub-{name}:8000/graphql",
        ],
    )

    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [
            *(f"{name}.graphql" for name in SUBGRAPHS),
            "hub.graphql",
            "supergraph.yaml",
            "mesh.config.ts",
            "gateway.config.ts",
        ]
    )
    for name in SUBGRAPHS:
        assert (tmp_path / f"{name}.graphql").read_text() == build_subgraph(
            name, Settings()
        ).as_str() + "\n"
        assert (
            f'routing_url: "http://hub-{name}:8000/graphql"'
            in (tmp_path / "supergraph.yaml").read_text()
        )
        assert (
            f'endpoint: "http://hub-{name}:8000/graphql"'
            in (tmp_path / "mesh.config.ts").read_text()
        )
    assert (tmp_path / "hub.graphql").read_text() == Path("schema.graphql").read_text()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["serve", "--subgraph", "archive"],
            "'archive' is not a subgraph: choose one of network, campaigns, statements, alerts",
        ),
        (
            ["schema", "export", "--out", "x", "--routing-url", "http://hub/graphql"],
            "must contain {name}",
        ),
    ],
)
def test_bad_federation_options_are_refused_clearly(arguments: list[str], message: str) -> None:
    result = CliRunner().invoke(main, arguments)

    assert result.exit_code == 2
    assert message in result.output
