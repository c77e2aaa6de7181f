"""How each field is read, declared beside its GraphQL type.

A type's fields say where their values are: ``column()``, ``translated()``, ``one()``
(the row a foreign key names), ``many()`` (a connection of the rows pointing here),
``computed()`` (an SQL expression of the row), ``embedded()`` and ``records()`` (objects
made of part of the row, or of a JSON column's records). Each makes the Strawberry field
(type from the annotation, description, arguments) and keeps its ``Reading``, from which
the compiler writes the field's SQL. The GraphQL type of a field decides how its value
is served (an enum's name, a date's format), so no declaration repeats it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    get_named_type,
)
from strawberry.federation.schema_directives import ListSize
from strawberry.types.field import StrawberryField
from tortoise.models import Model

from auth.permissions import require, scopes_directive
from auth.scopes import Scope
from schema.reads.arguments import (
    DEFAULT_PAGE_SIZE,
    Argument,
    AsOf,
    Lang,
    Order,
    Page,
    Prepared,
    languages,
)
from schema.reads.dialects import quoted
from schema.reads.reader import Reader
from schema.reads.selections import READING, Selected, strawberry_field
from schema.reads.sql import Build, Row, Source, connection, ordering, table


class Reading:
    """How one field is read."""

    arguments: Sequence[Argument] = ()

    def prepare(self, values: dict[str, Any], reader: Reader) -> Prepared:
        """The field's arguments, checked, ready to bind."""
        prepared: Prepared = {}
        for argument in self.arguments:
            prepared.update(argument.prepare(values, reader))
        return prepared

    def sql(self, build: Build, row: Row, selected: Selected) -> str:
        """The field's JSON value, as SQL, for the object read from ``row``."""
        raise NotImplementedError

    def where(self, build: Build, selected: Selected, row: Row) -> list[str]:
        conditions: list[str] = []
        for argument in self.arguments:
            conditions += argument.where(build, selected, row)
        return conditions


def declare(reading: Reading, description: str) -> Any:
    """The Strawberry field of a reading: no resolver, the arguments its reading declares,
    and ``@requiresScopes`` when the reading needs scopes."""
    scopes: Sequence[Scope] = getattr(reading, "scopes", ())
    directives: list[object] = [scopes_directive(*scopes)] if scopes else []
    if any(isinstance(argument, Page) for argument in reading.arguments):
        directives.append(PAGE_SIZE)
    declared = StrawberryField(
        description=description, metadata={READING: reading}, directives=directives
    )
    declared.init = False  # read by the database, never set by Python
    if reading.arguments:
        declared.arguments = [
            declaration for argument in reading.arguments for declaration in argument.declarations()
        ]
    return declared


PAGE_SIZE = ListSize(
    assumed_size=DEFAULT_PAGE_SIZE,
    slicing_arguments=["first"],
    sized_fields=["edges", "nodes"],
    require_one_slicing_argument=False,
)
"""A connection's size, for query cost (``schema.limits.cost``) and gateways' demand
control alike: ``first`` items, or the default page size."""


def model_of(object_type: GraphQLObjectType) -> type[Model]:
    """The model whose rows an object type is read from (its ``model``)."""
    definition = object_type.extensions["strawberry-definition"]
    model: type[Model] = definition.origin.model
    return model


def public_rows(object_type: GraphQLObjectType, row: Row) -> list[str]:
    """The conditions a row of this type meets to be read by anyone (its type's
    ``public_rows``: a report is public once published); the rows a mutation returns to
    the organisation that wrote them are read without them."""
    definition = object_type.extensions["strawberry-definition"]
    conditions: tuple[str, ...] = getattr(definition.origin, "public_rows", ())
    return [condition.format(row=row.alias) for condition in conditions]


def served(build: Build, output: GraphQLOutputType, expression: str) -> str:
    """A stored value as its GraphQL type serves it: enums by name, dates and times in
    ISO format, booleans and floats as JSON spells them, JSON lists as JSON."""
    if isinstance(output, GraphQLNonNull):
        output = output.of_type
    dialect = build.dialect
    if isinstance(output, GraphQLList):
        item = get_named_type(output)
        if isinstance(item, GraphQLEnumType):
            alias = build.alias()
            names = enum_names(item, f"{alias}.value")
            elements = dialect.elements(expression, alias)
            return f"(SELECT {dialect.array(names, f'{alias}.n')} FROM {elements})"
        return dialect.json(expression)
    if isinstance(output, GraphQLEnumType):
        return enum_names(output, expression)
    kind = getattr(output, "name", "")
    if kind == "Boolean":
        return dialect.boolean(expression)
    if kind == "Date":
        return dialect.date(expression)
    if kind == "DateTime":
        return dialect.datetime(expression)
    if kind == "Float":
        return dialect.float(expression)
    if kind == "JSON":
        return dialect.json(expression)
    return expression


def enum_names(enum: GraphQLEnumType, expression: str) -> str:
    """An enum's stored value as its GraphQL name."""
    cases = " ".join(
        f"WHEN {quoted(str(value.value))} THEN {quoted(name)}"
        for name, value in enum.values.items()
    )
    return f"CASE {expression} {cases} END"


@dataclass(frozen=True)
class Column(Reading):
    """A column of the row; by default the one the field is named after."""

    name: str | None = None

    def sql(self, build: Build, row: Row, selected: Selected) -> str:
        assert selected.field is not None
        name = self.name or strawberry_field(selected.field).python_name
        return served(build, selected.field.type, row.column(name))


def column(name: str | None = None, *, description: str) -> Any:
    return declare(Column(name), description)


@dataclass(frozen=True)
class Computed(Reading):
    """An SQL expression of the row, served as the field's type."""

    expression: Callable[[Build, Row, Selected], str]
    arguments: Sequence[Argument] = ()

    def sql(self, build: Build, row: Row, selected: Selected) -> str:
        assert selected.field is not None
        return served(build, selected.field.type, self.expression(build, row, selected))


def computed(
    expression: Callable[[Build, Row, Selected], str],
    *,
    description: str,
    arguments: Sequence[Argument] = (),
) -> Any:
    return declare(Computed(expression, tuple(arguments)), description)


@dataclass(frozen=True)
class Translated(Reading):
    """A text kept per language (a JSON object of language → text), served as a
    ``LocalizedText`` in the reader's language: ``lang``, else Accept-Language, else the
    original language, else English, else any; saying which it served.

    ``optional`` texts are null when no language has them; others serve an empty text in
    the original language.
    """

    column: str
    optional: bool = False
    arguments: Sequence[Argument] = (Lang(),)

    def sql(self, build: Build, row: Row, selected: Selected) -> str:
        dialect = build.dialect
        wanted = languages(build, selected)
        texts, original = row.column(self.column), row.column("original_language")
        tried = [*wanted, original, "'en'"]
        text_type, fields = selected.only_child()
        if not selected.names() & {"language", "isFallback"}:
            # the text alone: the first version that is not empty, in the order tried
            found = ", ".join(f"NULLIF({dialect.text_of(texts, key)}, '')" for key in tried)
            first = dialect.first_value(texts)
            empty = "" if self.optional else ", ''"
            text = f"COALESCE({found}, {first}{empty})"
            read = text_object(build, text_type, fields, text=text, language="", fallback="")
            return f"CASE WHEN {text} IS NOT NULL THEN {read} END" if self.optional else read
        chosen = build.alias()
        tries = " ".join(
            f"WHEN {dialect.text_of(texts, language)} <> '' THEN {language}" for language in tried
        )
        choice = f"CASE {tries} ELSE {dialect.first_key(texts)} END"
        language = f"{chosen}.language"
        asked = f"{language} NOT IN ({', '.join(wanted)})" if wanted else "1 = 1"
        served_text = text_object(
            build,
            text_type,
            fields,
            text=dialect.text_of(texts, language),
            language=language,
            fallback=dialect.boolean(asked),
        )
        missing = (
            "NULL"
            if self.optional
            else text_object(
                build, text_type, fields, text="''", language=original, fallback=dialect.true()
            )
        )
        return (
            f"(SELECT CASE WHEN {language} IS NULL THEN {missing} ELSE {served_text} END"
            f" FROM (SELECT {choice} AS language) AS {chosen})"
        )


def text_object(
    build: Build,
    text_type: GraphQLObjectType,
    fields: Sequence[Selected],
    *,
    text: str,
    language: str,
    fallback: str | Callable[[], str],
) -> str:
    """A ``LocalizedText`` of these SQL parts, as the selection asks for it (``fallback``
    may be written only if asked for, when it binds a parameter)."""
    pairs = []
    for selected in fields:
        if selected.name == "text":
            pairs.append((selected.key, text))
        elif selected.name == "language":
            pairs.append((selected.key, language))
        elif selected.name == "isFallback":
            pairs.append((selected.key, fallback() if callable(fallback) else fallback))
        else:
            pairs.append((selected.key, quoted(text_type.name)))
    return build.dialect.object(pairs)


def translated(column: str, *, description: str, optional: bool = False) -> Any:
    return declare(Translated(column, optional), description)


@dataclass(frozen=True)
class One(Reading):
    """The row a column of this row points at (a foreign key), as an object; null when
    the column is."""

    column: str

    def sql(self, build: Build, row: Row, selected: Selected) -> str:
        target_type, fields = selected.only_child()
        target = Row(build.alias(), model_of(target_type))
        assert target.model is not None
        read = build.object(target_type, target, fields)
        conditions = [f"{target.key} = {row.column(self.column)}"]
        conditions += public_rows(target_type, target)
        return (
            f"(SELECT {read} FROM {table(target.model)} AS {target.alias}"
            f" WHERE {' AND '.join(conditions)})"
        )


def one(column: str, *, description: str) -> Any:
    return declare(One(column), description)


@dataclass(frozen=True)
class Rows:
    """The rows of a list: the rows of ``model`` whose ``parent`` column points at the
    parent's key (or at its ``parent_key`` column), in ``order``; with ``via``, rows that
    link the parent to the nodes listed, the node being the row ``via`` points at.
    ``where`` holds conditions every row meets, ``{row}`` standing for the row's alias."""

    model: type[Model]
    parent: str | None
    order: tuple[str, ...]
    via: str | None = None
    where: tuple[str, ...] = ()
    parent_key: str | None = None


@dataclass(frozen=True)
class Many(Reading):
    """A cursor connection over rows pointing at the parent (``Rows``), with the arguments
    that narrow them (a page always)."""

    rows: Rows
    arguments: Sequence[Argument] = field(default_factory=tuple)

    def sql(self, build: Build, row: Row, selected: Selected) -> str:
        return connection_of(build, self, self.rows, row, selected)


def connection_of(
    build: Build, reading: Reading, rows: Rows, parent: Row | None, selected: Selected
) -> str:
    """A connection over ``rows`` (of ``parent``, or of no parent), with the conditions
    of the reading's arguments, paged as the request asks."""
    connection_type, fields = selected.only_child()
    link = Row(build.alias(), rows.model)
    tables = f"{table(rows.model)} AS {link.alias}"
    node = link
    if rows.via is not None:
        node = Row(build.alias(), model_of(node_type(connection_type)))
        assert node.model is not None
        tables += (
            f" JOIN {table(node.model)} AS {node.alias} ON {node.key} = {link.column(rows.via)}"
        )
    where = [condition.format(row=link.alias) for condition in rows.where]
    if rows.parent is not None:
        assert parent is not None
        key = parent.column(rows.parent_key) if rows.parent_key else parent.key
        where.append(f"{link.column(rows.parent)} = {key}")
    for argument in reading.arguments:
        if isinstance(argument, AsOf):
            where += argument.running(build, selected, link, parent or link)
        else:
            where += argument.where(build, selected, link)
    order = ordering(link, order_of(build, reading, selected, rows))
    source = Source(tables, where, order, node)
    return connection(build, connection_type, fields, source, selected.occurrence)


def order_of(build: Build, reading: Reading, selected: Selected, rows: Rows) -> tuple[str, ...]:
    for argument in reading.arguments:
        if isinstance(argument, Order):
            return Order.columns(build, selected)
    return rows.order


def node_type(connection_type: GraphQLObjectType) -> GraphQLObjectType:
    """The type of a connection's nodes."""
    named = get_named_type(connection_type.fields["nodes"].type)
    assert isinstance(named, GraphQLObjectType)
    return named


def many(rows: Rows, *, description: str, arguments: Sequence[Argument] = ()) -> Any:
    return declare(Many(rows, (*arguments, Page())), description)


@dataclass(frozen=True)
class Embedded(Reading):
    """An object made of columns of this very row (a recurring day's month and day);
    null unless every one of the ``present`` columns holds a value."""

    present: tuple[str, ...]

    def sql(self, build: Build, row: Row, selected: Selected) -> str:
        object_type, fields = selected.only_child()
        read = build.object(object_type, row, fields)
        held = " AND ".join(f"{row.column(name)} IS NOT NULL" for name in self.present)
        return f"CASE WHEN {held} THEN {read} END"


def embedded(*present: str, description: str) -> Any:
    return declare(Embedded(present), description)


@dataclass(frozen=True)
class Records(Reading):
    """A list of objects kept as a JSON column's records (a milestone's participants)."""

    column: str

    def sql(self, build: Build, row: Row, selected: Selected) -> str:
        object_type, fields = selected.only_child()
        alias = build.alias()
        read = build.object(object_type, Row(f"{alias}.value"), fields)
        dialect = build.dialect
        return (
            f"(SELECT {dialect.array(read, f'{alias}.n')}"
            f" FROM {dialect.records(row.column(self.column), alias)})"
        )


def records(column: str, *, description: str) -> Any:
    return declare(Records(column), description)


@dataclass(frozen=True)
class Member(Reading):
    """A key of the JSON record an object is made of (``records``)."""

    key: str | None = None

    def sql(self, build: Build, row: Row, selected: Selected) -> str:
        assert selected.field is not None
        key = self.key or selected.name
        return served(build, selected.field.type, build.dialect.member(row.alias, key))


def member(key: str | None = None, *, description: str) -> Any:
    return declare(Member(key), description)


DENIED = "hub:denied"
"""The key of the object a refused field is read as: ``{"hub:denied": reason}``."""


def refusal_in(text: str) -> str | None:
    """The reason a field under a root field was refused, if one was. The marker is a
    key, so a text that merely holds the words (escaped, inside a string) never matches."""
    start = text.find('{"' + DENIED + '"')
    if start < 0:
        return None
    reason: str = json.loads(text[start:].split("}", 1)[0] + "}")[DENIED]
    return reason


@dataclass(frozen=True)
class Owned(Reading):
    """A field read only for the organisation whose row it is (its ``owner`` column), with
    a token holding ``scopes``. A token without them fails the root field the field is
    under; another organisation's row is refused with ``refusal``."""

    reading: Reading
    owner: str
    scopes: tuple[Scope, ...]
    refusal: str
    audited: str | None = None
    """The audit log's action for each read of it (an export of people's data), if any."""

    @property
    def arguments(self) -> Sequence[Argument]:  # type: ignore[override]
        return self.reading.arguments

    def prepare(self, values: dict[str, Any], reader: Reader) -> Prepared:
        require(reader.principal, frozenset(self.scopes))
        return self.reading.prepare(values, reader)

    def sql(self, build: Build, row: Row, selected: Selected) -> str:
        owner = build.request("organisation", "int")
        denied = build.dialect.object([(DENIED, quoted(self.refusal))])
        read = self.reading.sql(build, row, selected)
        return f"CASE WHEN {row.column(self.owner)} = {owner} THEN {read} ELSE {denied} END"
