"""Drawing one query's selections: fields, connections, fragments, directives.

Fields are drawn from the SDL's types, those the queries so far selected least the
likeliest, so that a few hundred queries reach the whole public read graph; nesting is
bounded in objects (``MAX_LEVEL``) and in fields (the hub's depth limit); page sizes
(``arguments_drawn``) shrink with the rows fanned out above.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from graphql import GraphQLInterfaceType, GraphQLObjectType, get_named_type, is_leaf_type

from tests.schema.equivalence.arguments_drawn import ArgumentDrawer
from tests.schema.equivalence.documents import (
    Document,
    Field,
    Fragment,
    InlineFragment,
    Selection,
    Site,
    Spread,
)

if TYPE_CHECKING:
    from tests.schema.equivalence.queries import QueryGenerator

ROOTS_LEFT_OUT = frozenset({"viewer", "auditLog", "_entities", "_service"})
FIELDS_LEFT_OUT = frozenset({("Petition", "signatures")})
TYPES_LEFT_OUT = frozenset({"AuditEntry"})
"""What needs a token or a gateway: the test sends none."""

MAX_LEVEL = 5
"""Objects nested in one another."""
MAX_NESTING = 13
"""Fields nested in one another: the hub refuses queries deeper than 15."""
MAX_ALIASES = 28
MAX_TOKENS = 3_500


class QueryDraft:
    """One query under construction."""

    def __init__(self, generator: QueryGenerator, wants_bad: bool) -> None:
        self.generator = generator
        self.draw = generator.draw
        self.rng = generator.rng
        self.document = Document([])
        self.sites: list[Site] = []
        self.names = itertools.count(1)
        self.fragments: list[tuple[Fragment, int, int, int]] = []
        """Fragments with the nesting, level and fan-out they were made for."""
        self.arguments = ArgumentDrawer(self, optional=0.8 if wants_bad else 0.45)

    def fresh(self, prefix: str) -> str:
        return f"{prefix}{next(self.names)}"

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def sample(self, values: list[str], low: int, high: int) -> list[str]:
        count = self.rng.randint(min(low, len(values)), min(high, len(values)))
        return self.rng.sample(values, count)

    def fields_of(self, type_name: str, names: list[str], low: int, high: int) -> list[str]:
        """Some fields of a type, those the queries so far selected least the likeliest, so
        that a few hundred queries reach every field (in random order)."""
        used = self.generator.used
        count = self.rng.randint(min(low, len(names)), min(high, len(names)))
        keyed = sorted(
            names, key=lambda n: self.rng.random() ** (1 + used[(type_name, n)]), reverse=True
        )
        chosen = self.rng.sample(keyed[:count], count)
        for name in chosen:
            used[(type_name, name)] += 1
        return chosen

    def directives(self) -> list[str]:
        if not self.chance(0.07):
            return []
        directive = self.rng.choice(("include", "skip"))
        if self.chance(0.3):
            return [f"@{directive}(if: {self.rng.choice(('true', 'false'))})"]
        name = self.fresh("if")
        self.document.variable_types[name] = "Boolean!"
        self.document.values[name] = self.chance(0.6) == (directive == "include")
        self.document.redraw[name] = lambda: self.chance(0.5)
        return [f"@{directive}(if: ${name})"]

    # fields

    def field(
        self,
        parent: Any,
        name: str,
        level: int,
        nesting: int,
        fanout: int,
        alias: str | None = None,
    ) -> Field:
        definition = parent.fields[name]
        arguments, size = self.arguments.of(parent.name, name, definition, fanout)
        made = Field(name, alias, arguments, self.directives())
        named = get_named_type(definition.type)
        if not is_leaf_type(named):
            made.children = self.children(named, level, nesting + 1, fanout * max(size, 1))
        return made

    def children(self, named: Any, level: int, nesting: int, fanout: int) -> list[Selection]:
        if named.name == "LocalizedText":
            return [Field(n) for n in self.sample(["text", "language", "isFallback"], 1, 3)]
        if named.name == "PageInfo":
            parts = ["hasNextPage", "hasPreviousPage", "startCursor", "endCursor"]
            return [Field(n) for n in self.sample(parts, 1, 4)]
        if named.name.endswith("Connection"):
            return self.connection(named, level, nesting, fanout)
        return self.selection(named, level + 1, nesting, fanout)

    def connection(self, named: Any, level: int, nesting: int, fanout: int) -> list[Selection]:
        node_type = get_named_type(named.fields["nodes"].type)
        parts = ["totalCount", "pageInfo"]
        if level + 1 <= MAX_LEVEL and nesting + 2 <= MAX_NESTING:
            parts += ["nodes", "nodes"]
            if nesting + 3 <= MAX_NESTING:
                parts += ["edges", "edges"]
        if "facets" in named.fields and level + 2 <= MAX_LEVEL and nesting + 4 <= MAX_NESTING:
            parts.append("facets")  # the archive's search: its counts by country, year…
        made: list[Selection] = []
        for part in dict.fromkeys(self.sample(parts, 1, 3)):
            if part == "nodes":
                made.append(
                    Field(
                        "nodes", children=self.selection(node_type, level + 1, nesting + 1, fanout)
                    )
                )
            elif part == "edges":
                edge: list[Selection] = [Field("cursor")] if self.chance(0.6) else []
                if not edge or self.chance(0.8):
                    node = self.selection(node_type, level + 1, nesting + 2, fanout)
                    edge.append(Field("node", children=node))
                made.append(Field("edges", children=edge))
            else:
                made.append(self.field(named, part, level, nesting, fanout))
        return made

    # selections

    def selection(self, named: Any, level: int, nesting: int, fanout: int) -> list[Selection]:
        """A selection on an object type or on ``Node``."""
        if isinstance(named, GraphQLInterfaceType):
            return self.node_selection(named, level, nesting, fanout)
        if self.chance(0.12):
            return self.spread(named, level, nesting, fanout)
        return self.fields(named, level, nesting, fanout)

    def fields(
        self,
        named: GraphQLObjectType,
        level: int,
        nesting: int,
        fanout: int,
        *,
        distinct: bool = False,
    ) -> list[Selection]:
        names = [n for n in named.fields if (named.name, n) not in FIELDS_LEFT_OUT]
        leaves, deeper = [], []
        for name in names:
            inner = get_named_type(named.fields[name].type)
            if is_leaf_type(inner) or (inner.name == "LocalizedText" and nesting < MAX_NESTING):
                leaves.append(name)
            elif inner.name != "LocalizedText" and level < MAX_LEVEL and nesting + 2 <= MAX_NESTING:
                deeper.append(name)
        chosen = self.fields_of(named.name, leaves, 1, 4)
        # a type of lists alone (the archive's facets) takes one at least, any at most
        most = 2 if level < 2 else 1
        chosen += self.fields_of(named.name, deeper, 0 if leaves else 1, most if leaves else 5)
        made: list[Selection] = []
        for name in chosen:
            alias = self.fresh(name) if distinct and name in self.generator.clashing else None
            made.append(self.field(named, name, level, nesting, fanout, alias))
            if named.fields[name].args and self.chance(0.2):  # the same field, other arguments
                made.append(self.field(named, name, level, nesting, fanout, self.fresh(name)))
        if self.chance(0.15):
            made.append(Field("__typename"))
        if len(made) > 1 and self.chance(0.12):
            moved = made[self.rng.randrange(len(made)) :]
            on = self.rng.choice((named.name, None, named.name))
            made = [*made[: len(made) - len(moved)], InlineFragment(on, moved, self.directives())]
        if "Node" in {i.name for i in named.interfaces} and self.chance(0.1):
            made.append(InlineFragment("Node", [Field("id")]))
        return made

    def spread(
        self, named: GraphQLObjectType, level: int, nesting: int, fanout: int
    ) -> list[Selection]:
        """A named fragment: one made before for a place at least this deep, or a new one."""
        fitting = [
            fragment
            for fragment, made_nesting, made_level, made_fanout in self.fragments
            if fragment.on == named.name
            and made_nesting >= nesting
            and made_level >= level
            and made_fanout >= fanout
        ]
        if fitting and self.chance(0.5):
            fragment = self.rng.choice(fitting)
        else:
            fragment = Fragment(self.fresh("F"), named.name, [])
            fragment.children = self.fields(named, level, nesting, fanout)
            self.fragments.append((fragment, nesting, level, fanout))
            self.document.fragments.append(fragment)
        made: list[Selection] = [Spread(fragment.name, self.directives())]
        return [*made, Field("__typename")] if self.chance(0.3) else made

    def node_selection(
        self, named: GraphQLInterfaceType, level: int, nesting: int, fanout: int
    ) -> list[Selection]:
        """Under ``node``/``nodes``: the ID, and fragments on some of the types."""
        made: list[Selection] = []
        if self.chance(0.6):
            made.append(Field("id"))
        if self.chance(0.4):
            made.append(Field("__typename"))
        if self.chance(0.25):
            made.append(
                InlineFragment(
                    "Node", [Field("id"), *([Field("__typename")] if self.chance(0.5) else [])]
                )
            )
        types = self.fields_of("Node", self.generator.node_types, 1, 3)
        for type_name in types:
            on = self.generator.schema.get_type(type_name)
            assert isinstance(on, GraphQLObjectType)
            inner = self.fields(on, level, nesting, fanout, distinct=True)
            made.append(InlineFragment(type_name, inner, self.directives()))
        return made

    # the whole query

    def build(self, leading: str | None = None) -> Document:
        """The query, its first root field ``leading`` when one is asked for."""
        roots = self.generator.roots
        chosen = self.fields_of("Query", roots, 1, 3)
        if leading is not None:
            chosen = [leading, *(name for name in chosen if name != leading)][:3]
        query = self.generator.schema.query_type
        assert query is not None
        for position, name in enumerate(chosen):
            alias = self.fresh(name) if position and self.chance(0.2) else None
            self.document.selections.append(self.field(query, name, 0, 0, 1, alias))
        if self.chance(0.5):
            self.document.name = self.fresh("Dashboard")
        return self.document
