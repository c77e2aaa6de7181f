"""Arguments for generated queries: every argument and filter field, valued from the data.

Page sizes range from 0 to the maximum and shrink with the rows already fanned out above;
cursors are ones the API hands out; filters take one to three of their fields; an order
takes any field and direction. Each place a bad value could take is recorded as a
:class:`~tests.schema.equivalence.documents.Site`, inside the value or, when the argument
is sent as a variable, among the variables.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLList,
    Undefined,
    get_named_type,
    get_nullable_type,
    is_non_null_type,
)

from schema.pagination import encode_cursor
from tests.schema.equivalence.documents import EnumName, Site, Variable

if TYPE_CHECKING:
    from tests.schema.equivalence.selections_drawn import QueryDraft

PAGE_SIZES = (0, 1, 2, 3, 5, 10, 20, 50, 100)
MAX_FACETS = 50
CURSOR_OFFSETS = (0, 1, 2, 4, 9, 19, 50, 99, 130)
BUDGET = 600
"""Roughly the most objects one list level of an answer may hold."""
DEFAULT_PAGE = 20

SLUGGED = {
    "organisation": "organisations",
    "group": "groups",
    "workingGroup": "groups",
    "coalition": "groups",
    "monitoringGroup": "groups",
    "campaign": "campaigns",
    "statement": "statements",
    "petition": "petitions",
    "report": "reports",
}
"""Root lookups by slug, and the palette their slugs come from."""
SLUGS_OF = {
    "member": "organisations",
    "signedBy": "organisations",
    "endorsedBy": "organisations",
    "organisation": "organisations",
    "sourceOrganisations": "organisations",
    "campaign": "campaigns",
    "group": "groups",
}
"""Filter fields naming rows by slug, and the palette their slugs come from."""
COUNTRY_FIELDS = frozenset({"country", "worksIn", "focusCountry", "countries"})


class ArgumentDrawer:
    def __init__(self, query: QueryDraft, optional: float) -> None:
        self.query = query
        self.draw = query.draw
        self.rng = query.rng
        self.optional = optional
        """How likely an optional argument is given."""

    def of(
        self, parent: str, field: str, definition: GraphQLField, fanout: int
    ) -> tuple[dict[str, Any], int]:
        """The arguments of one field, and the page size it asks for (1 for a non-list)."""
        arguments: dict[str, Any] = {}
        listed = get_named_type(definition.type).name.endswith("Connection")
        size = DEFAULT_PAGE if listed else 1
        used = self.query.generator.used
        for name, argument in definition.args.items():
            required = is_non_null_type(argument.type) and argument.default_value is Undefined
            needs_page = name == "first" and fanout * DEFAULT_PAGE > BUDGET
            # an argument no query gave yet is given; the others now and then
            likely = self.optional if used[(parent, field, name)] else 0.9
            if not (required or needs_page or self.query.chance(likely)):
                continue
            used[(parent, field, name)] += 1
            value, kind = self.value(field, name, argument, fanout)
            if parent == "AlertFacets" and name == "first":
                value = min(value, MAX_FACETS)  # a facet lists at most 50 values
            if name == "first":
                size = value
            if self.query.chance(0.2):
                redraw = self._redraw(field, name, argument, fanout)
                self.give(arguments, name, value, kind, (str(argument.type), redraw))
            else:
                self.give(arguments, name, value, kind)
        return arguments, size

    def _redraw(self, field: str, name: str, argument: GraphQLArgument, fanout: int) -> Any:
        return lambda: self.value(field, name, argument, fanout)[0]

    def give(
        self,
        arguments: dict[str, Any],
        name: str,
        value: Any,
        kind: str | None,
        variable: tuple[str, Callable[[], Any]] | None = None,
    ) -> None:
        """Pass the value as a literal or, given its type and how to draw another, as a
        variable."""
        container: dict[str, Any] = arguments
        key = name
        if variable is not None:
            key = self.query.fresh("v")
            self.query.document.variable_types[key], self.query.document.redraw[key] = variable
            container = self.query.document.values
            arguments[name] = Variable(key)
        container[key] = value
        if kind is not None:
            self.query.sites.append(Site(kind, container, key))

    def value(
        self, field: str, name: str, argument: GraphQLArgument, fanout: int
    ) -> tuple[Any, str | None]:
        """A value for an argument, and the kind of bad value its place could hold."""
        draw = self.draw
        if name == "first":
            sizes = [size for size in PAGE_SIZES if fanout * max(size, 1) <= BUDGET] or [1]
            return self.rng.choice(sizes), "first"
        if name == "after":
            return encode_cursor(self.rng.choice(CURSOR_OFFSETS)), "after"
        if name == "lang":
            return draw.lang(), None
        if name == "asOf":
            return draw.day(), None
        if name == "since":
            return self.rng.choice((1995, 2005, 2015, 2020, 2026, 2030)), None
        if name == "includeWithdrawn":
            return self.query.chance(0.5), None
        if name == "occurred":
            return draw.days(), "days"
        if name == "slug":
            return draw.slug(SLUGGED[field]), None
        if name == "code":
            return draw.country(), "country"
        if name == "id":
            return draw.node_id(), "id"
        if name == "ids":
            ids = [draw.node_id() for _ in range(self.rng.randint(1, 5))]
            self.query.sites += [Site("id", ids, position) for position in range(len(ids))]
            return ids, "ids"
        kind = get_named_type(argument.type)
        if isinstance(kind, GraphQLEnumType):
            return self.enum(kind), None
        if isinstance(kind, GraphQLInputObjectType):
            return self.input_object(kind), None
        raise AssertionError(f"no values drawn for {field}({name}:)")

    def enum(self, kind: GraphQLEnumType) -> EnumName:
        return EnumName(self.rng.choice(list(kind.values)))

    def input_object(self, kind: GraphQLInputObjectType) -> dict[str, Any]:
        value: dict[str, Any] = {}
        names = list(kind.fields)
        high = len(names) if self.optional > 0.5 else 3
        if kind.name.endswith("Order"):
            value["field"] = self.enum(get_named_type(kind.fields["field"].type))
            if self.query.chance(0.6):
                value["direction"] = self.enum(get_named_type(kind.fields["direction"].type))
            return value
        for name in self.query.fields_of(kind.name, names, 1, high):
            self.input_field(kind.name, name, kind.fields[name].type, value)
        return value

    def input_field(self, owner: str, name: str, kind: Any, value: dict[str, Any]) -> None:
        draw = self.draw
        named = get_named_type(kind)
        listed = isinstance(get_nullable_type(kind), GraphQLList)
        if named.name == "DateRange":
            value[name] = draw.days()
            self.query.sites.append(Site("days", value, name))
        elif named.name == "Date":
            value[name] = draw.day()
        elif isinstance(named, GraphQLEnumType):
            if listed:
                value[name] = [self.enum(named) for _ in range(self.rng.choice((0, 1, 1, 2, 3)))]
                self.query.sites.append(Site("list", value, name))
            else:
                value[name] = self.enum(named)
        elif name == "search":
            bad = "alert search" if owner == "AlertFilter" else "name search"
            value[name] = draw.alert_search() if owner == "AlertFilter" else draw.name_search()
            self.query.sites.append(Site(bad, value, name))
        elif name in COUNTRY_FIELDS and listed:
            codes = [draw.country() for _ in range(self.rng.choice((0, 1, 2, 3)))]
            value[name] = codes
            self.query.sites += [Site("country", codes, i) for i in range(len(codes))]
            self.query.sites.append(Site("list", value, name))
        elif name in COUNTRY_FIELDS:
            value[name] = draw.country()
            self.query.sites.append(Site("country", value, name))
        elif name in SLUGS_OF and listed:
            value[name] = [draw.slug(SLUGS_OF[name]) for _ in range(self.rng.randint(0, 3))]
            self.query.sites.append(Site("list", value, name))
        elif name in SLUGS_OF:
            value[name] = draw.slug(SLUGS_OF[name])
        else:
            raise AssertionError(f"no values drawn for {owner}.{name}")
