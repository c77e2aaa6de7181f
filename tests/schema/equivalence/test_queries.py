"""The generated queries reach the whole public read graph, so that agreeing on them means
something: every field and argument, every kind of bad argument, and every way of writing
a query the generator knows (aliases, fragments, variables, directives)."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import (
    DirectiveNode,
    FieldNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    TypeInfo,
    TypeInfoVisitor,
    VariableNode,
    Visitor,
    get_named_type,
    visit,
)

from tests.schema.equivalence.bad_values import BAD_KINDS
from tests.schema.equivalence.palette import Palette
from tests.schema.equivalence.queries import GeneratedQuery, QueryGenerator
from tests.schema.equivalence.selections_drawn import (
    FIELDS_LEFT_OUT,
    ROOTS_LEFT_OUT,
    TYPES_LEFT_OUT,
)
from tests.schema.equivalence.snapshot import snapshot_of
from tests.schema.test_equivalence import DEFAULT_QUERIES, SEED


def public_graph(schema: GraphQLSchema, node_types: list[str]) -> set[tuple[str, ...]]:
    """(type, field) and (type, field, argument) of everything ``Query`` reaches without a
    token: what the generated queries are meant to cover."""
    found: set[tuple[str, ...]] = set()
    waiting, seen = ["Query", *node_types], set()
    while waiting:
        type_name = waiting.pop()
        named: Any = schema.get_type(type_name)
        if type_name in seen or not hasattr(named, "fields"):
            continue
        seen.add(type_name)
        for name, definition in named.fields.items():
            if (type_name == "Query" and name in ROOTS_LEFT_OUT) or (
                type_name,
                name,
            ) in FIELDS_LEFT_OUT:
                continue
            found.add((type_name, name))
            found |= {(type_name, name, argument) for argument in definition.args}
            inner = get_named_type(definition.type)
            if inner.name not in TYPES_LEFT_OUT:
                waiting.append(inner.name)
    return found


class Reached(Visitor):
    """What queries reach and how they are written."""

    def __init__(self, types: TypeInfo) -> None:
        super().__init__()
        self.types = types
        self.graph: set[tuple[str, ...]] = set()
        self.ways: set[str] = set()

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        parent = self.types.get_parent_type()
        if parent is None or node.name.value == "__typename":
            self.ways.add("__typename")
            return
        self.graph.add((parent.name, node.name.value))
        self.graph |= {(parent.name, node.name.value, a.name.value) for a in node.arguments or ()}
        if node.alias is not None:
            self.ways.add("alias")

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
        self.ways.add("named fragment")

    def enter_inline_fragment(self, node: InlineFragmentNode, *_: Any) -> None:
        on = node.type_condition.name.value if node.type_condition else None
        self.ways.add("... on Node" if on == "Node" else "inline fragment")

    def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
        self.ways.add(f"@{node.name.value}")

    def enter_variable(self, node: VariableNode, *_: Any) -> None:
        self.ways.add("variable")


@pytest.fixture(scope="module")
def generated(demo_database_url: str) -> tuple[QueryGenerator, list[GeneratedQuery]]:
    palette = Palette.of(snapshot_of(demo_database_url))
    # as the demo network's queries are drawn, as many as by default
    generator = QueryGenerator(palette, seed=SEED)
    return generator, list(generator.queries(DEFAULT_QUERIES))


def test_the_queries_reach_every_field_and_argument_of_the_public_graph(
    generated: tuple[QueryGenerator, list[GeneratedQuery]],
) -> None:
    # given the queries the equivalence test sends
    generator, queries = generated

    # when what they select is gathered
    reached = Reached(TypeInfo(generator.schema))
    for query in queries:
        reached.types = TypeInfo(generator.schema)
        visit(query.document, TypeInfoVisitor(reached.types, reached))

    # then nothing of the public graph is left out, and every way of writing a query is used
    assert public_graph(generator.schema, generator.node_types) - reached.graph == set()
    assert reached.ways >= {
        "alias",
        "named fragment",
        "inline fragment",
        "... on Node",
        "__typename",
        "variable",
        "@include",
        "@skip",
    }


def test_every_kind_of_bad_argument_is_sent(
    generated: tuple[QueryGenerator, list[GeneratedQuery]],
) -> None:
    _, queries = generated

    sent = {query.bad for query in queries if query.bad}

    assert sent == set(BAD_KINDS)
    assert 0.05 < len([q for q in queries if q.bad]) / len(queries) < 0.2
