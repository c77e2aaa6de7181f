"""A seeded generator of queries over the public read graph, walking the committed SDL.

Each query draws one to three root fields and, under them, random selections to four or
five objects deep: columns, texts in a language, references, connections with every part
(``totalCount``, ``pageInfo``, ``edges { cursor node }``, ``nodes``), arguments of every
kind with values drawn from the data (``arguments_drawn``), aliases of the same field with
other arguments, named and inline fragments (``... on Node``, ``... on Organisation`` under
``node``), ``__typename``, variables in place of literals, and ``@include``/``@skip``. Page
sizes shrink with depth so that an answer stays a few hundred objects. About one query in
ten carries one bad argument, written at a place chosen once the query is whole.

Queries the hub would refuse before running them (deeper than its limit, too many aliases,
invalid GraphQL, as when two fragments give one response key two types) are drawn again.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_ast_schema,
    parse,
    validate,
)
from graphql.language import Lexer, OperationDefinitionNode, Source, TokenKind

from tests.schema.equivalence.bad_values import BAD_KINDS, ROOTS_OFFERING, bad_value
from tests.schema.equivalence.documents import Document
from tests.schema.equivalence.palette import Draw, Palette
from tests.schema.equivalence.reference import SDL
from tests.schema.equivalence.selections_drawn import (
    MAX_ALIASES,
    MAX_NESTING,
    MAX_TOKENS,
    ROOTS_LEFT_OUT,
    TYPES_LEFT_OUT,
    QueryDraft,
)


@dataclass(frozen=True)
class GeneratedQuery:
    number: str
    text: str
    variables: dict[str, Any]
    accept_language: str
    bad: str | None
    """The kind of bad argument it carries, if it carries one."""
    document: DocumentNode = field(repr=False, compare=False)
    """The text, parsed and validated against the SDL."""

    def replay(self) -> str:
        """Everything needed to send it again."""
        return (
            f"query #{self.number} (bad argument: {self.bad or 'none'})\n{self.text}\n"
            f"variables: {json.dumps(self.variables, ensure_ascii=False)}\n"
            f"Accept-Language: {self.accept_language!r}"
        )


class QueryGenerator:
    """Queries over the public read graph, the same ones for the same seed and data."""

    def __init__(self, palette: Palette, seed: int, bad_share: float = 0.1) -> None:
        self.schema: GraphQLSchema = build_ast_schema(parse(SDL.read_text()), assume_valid_sdl=True)
        self.rng = random.Random(seed)
        self.draw = Draw(palette, self.rng)
        self.bad_share = bad_share
        self.spoiled = 0
        self.used: Counter[tuple[str, ...]] = Counter()
        """How often each (type, field), and (type, field, argument), was given so far."""
        query = self.schema.query_type
        assert query is not None
        self.roots = [name for name in query.fields if name not in ROOTS_LEFT_OUT]
        node = self.schema.get_type("Node")
        assert isinstance(node, GraphQLInterfaceType)
        self.node_types = [
            t.name for t in self.schema.get_possible_types(node) if t.name not in TYPES_LEFT_OUT
        ]
        self.clashing = self._clashing_fields()
        self.redrawn = 0

    def _clashing_fields(self) -> set[str]:
        """Fields that two node types type differently: under ``node`` they get aliases."""
        types: dict[str, set[str]] = {}
        for type_name in self.node_types:
            on = self.schema.get_type(type_name)
            assert isinstance(on, GraphQLObjectType)
            for name, definition in on.fields.items():
                types.setdefault(name, set()).add(str(definition.type))
        return {name for name, kinds in types.items() if len(kinds) > 1}

    def queries(self, count: int) -> Iterator[GeneratedQuery]:
        """``count`` queries; now and then one is the text before it sent again with other
        variables and languages, as dashboards send a saved query (the hub keeps each
        document's plan: the plan must not keep the values of the first)."""
        made = 0
        while made < count:
            query, document = self._query(str(made + 1))
            yield query
            made += 1
            if made < count and document.redraw and self.rng.random() < 0.3:
                yield GeneratedQuery(
                    f"{query.number}, again",
                    query.text,
                    document.other_variables(),
                    self.draw.accept_language(),
                    None,
                    query.document,
                )
                made += 1

    def _query(self, number: str) -> tuple[GeneratedQuery, Document]:
        wants_bad = self.rng.random() < self.bad_share
        kind = BAD_KINDS[self.spoiled % len(BAD_KINDS)] if wants_bad else None
        while True:
            building = QueryDraft(self, wants_bad)
            document = building.build(self.rng.choice(ROOTS_OFFERING[kind]) if kind else None)
            bad = self._spoil(building, kind) if kind else None
            if kind and bad is None:  # no place for that kind of bad value: draw again
                self.redrawn += 1
                continue
            text = document.text()
            parsed = self._acceptable(text)
            if parsed is not None:
                query = GeneratedQuery(
                    number, text, document.variables(), self.draw.accept_language(), bad, parsed
                )
                return query, document
            self.redrawn += 1

    def _spoil(self, building: QueryDraft, kind: str) -> str | None:
        """Write a bad value of this kind at one of the places the query offers for one."""
        places = [site for site in building.sites if site.kind == kind]
        if not places:
            return None
        self.rng.choice(places).write(lambda old: bad_value(kind, old, self.rng))
        self.spoiled += 1
        return kind

    def _acceptable(self, text: str) -> DocumentNode | None:
        """The parsed text, if the hub would run it: valid, within its limits."""
        if _tokens(text) > MAX_TOKENS:
            return None
        document = parse(text)
        if _aliases(document) > MAX_ALIASES or _depth(document) > MAX_NESTING:
            return None
        return None if validate(self.schema, document) else document


def _tokens(text: str) -> int:
    lexer = Lexer(Source(text))
    count = 0
    while lexer.advance().kind != TokenKind.EOF:
        count += 1
    return count


def _aliases(document: DocumentNode) -> int:
    count = 0
    stack: list[Any] = list(document.definitions)
    while stack:
        node = stack.pop()
        if isinstance(node, FieldNode) and node.alias is not None:
            count += 1
        selection_set = getattr(node, "selection_set", None)
        if selection_set is not None:
            stack.extend(selection_set.selections)
    return count


def _depth(document: DocumentNode) -> int:
    """The deepest field's nesting (a root field's is 0), fragments expanded, as the hub's
    depth limit counts it."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }

    def deepest(selections: Any, at: int) -> int:
        found = at - 1
        for node in selections:
            if isinstance(node, FieldNode):
                found = max(found, at)
                if node.selection_set is not None:
                    found = max(found, deepest(node.selection_set.selections, at + 1))
            elif isinstance(node, FragmentSpreadNode):
                found = max(found, deepest(fragments[node.name.value].selection_set.selections, at))
            else:
                found = max(found, deepest(node.selection_set.selections, at))
        return found

    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    return deepest(operation.selection_set.selections, 0)
