"""Planning a field's read once, and running it for each request.

A *plan* is the selection under one field of one operation (``selections``), kept while
the document is asked again, keyed by the document's text, the operation, the field's
path and the values of the variables that ``@skip`` and ``@include`` read. Each plan
keeps the statements compiled for it, one per dialect and shape of its arguments.

A request binds a plan: each field with arguments reads them (graphql-core coerces the
literals and variables, Strawberry makes its inputs of them), checks them, and the
statement of their shape runs with their values as parameters. The statement returns
JSON text, which is passed on untouched (``orjson.Fragment``): the work done here grows
with the size of the query, never with the number of rows in the answer.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeAlias, cast

import orjson
from graphql import (
    DirectiveNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
    OperationDefinitionNode,
    VariableNode,
    visit,
)
from graphql.execution.collect_fields import FieldDetails
from graphql.execution.values import VariableValues, get_argument_values
from graphql.language import Visitor
from strawberry.types.arguments import convert_arguments
from tortoise import connections

from hub.caches import Bounded
from schema.context import Context
from schema.reads.arguments import Prepared, shape_of
from schema.reads.dialects import DIALECTS, Dialect
from schema.reads.reader import Reader
from schema.reads.selections import (
    Selected,
    Selection,
    reading_of,
    selection,
    strawberry_field,
)
from schema.reads.sql import Build, Slot

ResolveInfo: TypeAlias = GraphQLResolveInfo[Context]
"""What graphql-core tells a resolver of the hub's schema; its ``variable_values`` is the
coerced variables' dictionary (Strawberry passes that rather than graphql-core's
``VariableValues``)."""


@dataclass(frozen=True)
class Statement:
    sql: str
    slots: tuple[Slot, ...]


class Statements(Protocol):
    """Writes the statement of a plan for one shape: a resolving reading."""

    def statement(self, build: Build, selected: Selected) -> str: ...


@dataclass
class Plan:
    selection: Selection
    statements: Bounded[Hashable, Statement] = field(default_factory=lambda: Bounded(64))


PLANS: Bounded[Hashable, Plan] = Bounded(1024)
DIRECTIVE_VARIABLES: Bounded[str, tuple[str, ...]] = Bounded(1024)


@dataclass(frozen=True)
class Asked:
    """A field a request asks for: where it stands in which operation, with the request's
    variables (coerced) and context. Made from a resolver's ``info``, or by the hub's
    view for an operation it knows to be compiled whole (``schema.reads.operations``)."""

    schema: GraphQLSchema
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    parent_type: GraphQLObjectType
    nodes: Sequence[FieldNode]
    path: tuple[str, ...]
    """Response keys from the root, list indices left out."""
    variables: dict[str, Any]
    context: Context

    @classmethod
    def of(cls, info: ResolveInfo) -> Asked:
        return cls(
            info.schema,
            info.operation,
            info.fragments,
            info.parent_type,
            info.field_nodes,
            tuple(key for key in info.path.as_list() if isinstance(key, str)),
            cast(dict[str, Any], info.variable_values),  # see ResolveInfo
            info.context,
        )

    @property
    def at_root(self) -> bool:
        return len(self.path) == 1


def plan_of(asked: Asked) -> Plan:
    """The plan of the field asked, made on first use."""
    source = document_text(asked.operation)
    directives = directive_variables(source, asked.operation, asked.fragments)
    key = (
        asked.schema,
        source,
        asked.operation.name.value if asked.operation.name else None,
        asked.path,
        tuple(asked.variables.get(name) for name in directives),
    )
    plan = PLANS.get(key)
    if plan is None:
        made = selection(
            asked.schema,
            asked.operation,
            asked.fragments,
            VariableValues({}, asked.variables),
            asked.parent_type,
            [FieldDetails(node, None) for node in asked.nodes],
        )
        plan = PLANS.put(key, Plan(made))
    return plan


def document_text(operation: OperationDefinitionNode) -> str:
    location = operation.loc
    assert location is not None, "documents are parsed with their locations"
    return location.source.body


def directive_variables(
    source: str,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
) -> tuple[str, ...]:
    """The variables ``@skip`` and ``@include`` read anywhere in the document."""
    found = DIRECTIVE_VARIABLES.get(source)
    if found is None:
        names: set[str] = set()

        class Directives(Visitor):
            def enter_directive(self, node: DirectiveNode, *_args: Any) -> None:
                if node.name.value in ("skip", "include"):
                    for argument in node.arguments or ():
                        if isinstance(argument.value, VariableNode):
                            names.add(argument.value.name.value)

        for definition in (operation, *fragments.values()):
            visit(definition, Directives())
        found = DIRECTIVE_VARIABLES.put(source, tuple(sorted(names)))
    return found


def dialect() -> Dialect:
    return DIALECTS[connections.get("default").capabilities.dialect]


PLACEHOLDER = re.compile(r"(\?|\$)(\d+)")


def compacted(spelling: Dialect, sql: str, slots: list[Slot]) -> Statement:
    """The statement with only the parameters its SQL uses, numbered in order. A part of
    the SQL may ask for a value and then not be written (a list's conditions when only
    where its page stands is asked); neither database accepts a parameter it never reads."""
    numbers: dict[int, int] = {}

    def renumbered(found: re.Match[str]) -> str:
        number = numbers.setdefault(int(found.group(2)), len(numbers) + 1)
        return f"{found.group(1)}{number}"

    sql = PLACEHOLDER.sub(renumbered, sql)
    used = sorted(numbers, key=numbers.__getitem__)
    return Statement(sql, tuple(slots[number - 1] for number in used))


def arguments(asked: Asked, plan: Plan) -> list[Prepared]:
    """The arguments of each field of the plan that takes some, as this request gives them."""
    reader = Reader.of(asked.context)
    variables = VariableValues({}, asked.variables)
    schema = asked.schema._strawberry_schema  # type: ignore[attr-defined]
    return [
        prepare(occurrence, variables, schema, reader) for occurrence in plan.selection.occurrences
    ]


def bind(
    asked: Asked,
    plan: Plan,
    writer: Statements,
    extra: dict[str, Any] | None = None,
    prepared: list[Prepared] | None = None,
) -> tuple[Statement, list[Any]]:
    """The statement of this request's shape, and its parameters' values."""
    reader = Reader.of(asked.context)
    if prepared is None:
        prepared = arguments(asked, plan)
    shapes = tuple(shape_of(values) for values in prepared)
    spelling = dialect()
    key = (spelling.name, shapes)
    statement = plan.statements.get(key)
    if statement is None:
        build = Build(spelling, shapes)
        sql = writer.statement(build, plan.selection.root)
        statement = plan.statements.put(key, compacted(spelling, sql, build.slots))
    values = [
        spelling.value(
            prepared[slot.occurrence][slot.key]
            if slot.occurrence is not None
            else (extra[slot.key] if extra and slot.key in extra else reader.value(slot.key)),
            slot.sql_type,
        )
        for slot in statement.slots
    ]
    return statement, values


def prepare(
    occurrence: Selected, variables: VariableValues, schema: Any, reader: Reader
) -> Prepared:
    """One field's arguments, coerced, converted to Strawberry's values, checked (none
    for a field that reads its arguments itself, such as ``_entities``)."""
    assert occurrence.field is not None
    reading = reading_of(occurrence.field)
    if reading is None:
        return {}
    node = occurrence.details[0].node
    key = _values_key(occurrence.argument_variables, variables)
    values = occurrence.converted.get(key) if key is not None else None
    if values is None:
        raw = get_argument_values(occurrence.field, node, variables)
        definition = strawberry_field(occurrence.field)
        values = convert_arguments(
            raw, definition.arguments, schema.schema_converter.scalar_registry, schema.config
        )
        if key is not None:
            occurrence.converted.put(key, values)
    return reading.prepare(values, reader)


def _values_key(names: tuple[str, ...], variables: VariableValues) -> bytes | None:
    """The values of the variables a field's arguments use, as bytes to find their
    conversion by; None when a value has no faithful spelling (nothing is then kept)."""
    given = variables.coerced
    used = [(name, name in given, given.get(name)) for name in names]
    try:
        return orjson.dumps(used, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return None


async def run(statement: Statement, values: Sequence[Any]) -> list[str | None]:
    """The statement's one column, row by row: JSON texts (or nulls)."""
    client = connections.get("default")
    _, rows = await client.execute_query(statement.sql, list(values))
    return [row[0] for row in rows]
