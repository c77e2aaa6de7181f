"""The committed SDL is the schema, and the schema documents itself."""

from __future__ import annotations

from pathlib import Path

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

from hub.settings import Settings
from schema.monolith import build_schema

COMMITTED_SDL = Path(__file__).parents[2] / "schema.graphql"


def test_committed_sdl_matches_the_schema() -> None:
    # given the schema as the code builds it
    sdl = build_schema(Settings()).as_str() + "\n"

    # then schema.graphql holds exactly it (refresh it with `hub schema export`)
    assert COMMITTED_SDL.read_text(encoding="utf-8") == sdl, "run `hub schema export`"


def test_every_type_field_and_argument_has_a_description() -> None:
    # given every type the schema defines (GraphQL's own introspection types aside)
    schema = build_schema(Settings())._schema
    missing: list[str] = []
    for name, graphql_type in schema.type_map.items():
        if name.startswith(("__", "_", "link__")):
            continue  # GraphQL's and Apollo Federation's own
        if not graphql_type.description and name not in {"String", "Int", "Float", "Boolean", "ID"}:
            missing.append(name)
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in graphql_type.fields.items():
                if field_name.startswith("_"):
                    continue
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                missing += [
                    f"{name}.{field_name}({arg})"
                    for arg, a in field.args.items()
                    if not a.description
                ]
        if isinstance(graphql_type, GraphQLInputObjectType):
            missing += [f"{name}.{f}" for f, v in graphql_type.fields.items() if not v.description]
        if isinstance(graphql_type, GraphQLEnumType) and not graphql_type.description:
            missing.append(name)

    # then nothing lacks a description
    assert missing == []
