"""Operations known to be compiled whole, answered without graphql-core's execution.

Once a query operation has been answered with each of its root fields read by one
compiled statement and nothing else, its document is remembered (per schema, by its
text and operation name). When it comes again, the view asks here first
(``hub.graphql_view``): the variables are coerced as graphql-core coerces them, each root
field is planned, bound and read as its resolver would read it (``Resolving.read``), and
the answer is written from the statements' JSON. The document was parsed and validated
the first time; nothing in its answer depends on Strawberry's or graphql-core's work.

Anything out of the ordinary sends the request the ordinary way, through Strawberry and
graphql-core, which answer it as they always do, errors included: variables that do not
coerce, an argument refused, a null where the schema promises a value, any exception.
Whatever the hub checks of every operation must therefore be checked here too.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    is_non_null_type,
)
from graphql.execution.values import get_variable_values

from hub import tracing
from hub.caches import Bounded
from hub.metrics import GRAPHQL_OPERATIONS
from schema.context import Context
from schema.limits.cost import Costing
from schema.limits.guard import admit
from schema.observation import observed
from schema.reads.plans import Asked
from schema.reads.roots import Resolving
from schema.reads.selections import reading_of
from schema.text_input import in_variables


@dataclass(frozen=True)
class RootField:
    key: str
    nodes: tuple[FieldNode, ...]
    reading: Resolving
    nullable: bool


@dataclass(frozen=True)
class KnownOperation:
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    root_type: GraphQLObjectType
    fields: tuple[RootField, ...]
    costs: Bounded[bytes, int] = field(
        default_factory=lambda: Bounded(64), repr=False, compare=False
    )
    """What it costs, by its variables' values: costing the same request again is wasted."""


KNOWN: Bounded[tuple[GraphQLSchema, str, str | None], KnownOperation] = Bounded(512)
"""Known operations by (schema, document text, operation name): the schema itself, not its
``id``, which a schema made after another was dropped may be given again."""


def remember(
    schema: GraphQLSchema, document: DocumentNode, source: str, operation_name: str | None
) -> None:
    """Remember an operation just answered by compiled reads alone, if it can be answered
    the same way again: a query whose root fields are plain (no fragments or directives
    at the root) and each read by one compiled statement."""
    key = (schema, source, operation_name)
    if KNOWN.get(key) is not None:
        return
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    named = [o for o in operations if operation_name is None or _name(o) == operation_name]
    root_type = schema.query_type
    if len(named) != 1 or named[0].operation is not OperationType.QUERY or root_type is None:
        return
    operation = named[0]
    grouped: dict[str, list[FieldNode]] = {}
    for selection in operation.selection_set.selections:
        if not isinstance(selection, FieldNode) or selection.directives:
            return
        key_name = selection.alias.value if selection.alias else selection.name.value
        grouped.setdefault(key_name, []).append(selection)
    fields = []
    for response_key, nodes in grouped.items():
        definition = root_type.fields.get(nodes[0].name.value)
        reading = reading_of(definition)
        if definition is None or not isinstance(reading, Resolving):
            return
        nullable = not is_non_null_type(definition.type)
        fields.append(RootField(response_key, tuple(nodes), reading, nullable))
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    known = KnownOperation(operation, fragments, root_type, tuple(fields))
    KNOWN.put(key, known)
    if len(operations) == 1:  # asked for without its name, as a lone operation may be
        KNOWN.put((schema, source, None), known)


def _name(operation: OperationDefinitionNode) -> str | None:
    return operation.name.value if operation.name else None


async def answer(schema: GraphQLSchema, body: dict[str, Any], context: Context) -> bytes | None:
    """The answer to a request for a known operation, or None: go the ordinary way."""
    source, name = body.get("query"), body.get("operationName")
    if not isinstance(source, str) or not (name is None or isinstance(name, str)):
        return None
    known = KNOWN.get((schema, source, name))
    variables = body.get("variables") or {}
    if known is None or not isinstance(variables, dict) or in_variables(variables) is not None:
        return None  # the ordinary way answers, or refuses a text holding NUL
    coerced = get_variable_values(schema, known.operation.variable_definitions or (), variables)
    if isinstance(coerced, list):  # errors: graphql-core words them
        return None
    settings = context.settings
    with tracing.operation_span(settings.tracing) as span:
        try:
            cost = admit(settings, context, _cost(schema, known, variables, settings.max_page_size))
            values = await _read_all(schema, known, coerced.coerced, context)
        except Exception:  # the ordinary way answers, and reports, any failure
            return None
        if any(value is None and not field.nullable for field, value in values):
            return None
        observed(_name(known.operation), context.cost, ())
        tracing.operation_answered(span, _name(known.operation), "query", context.cost, 0)
    GRAPHQL_OPERATIONS.labels(compiled="true").inc()
    data = {field.key: value for field, value in values}
    return orjson.dumps({"data": data, "extensions": {"cost": cost}})


def _cost(
    schema: GraphQLSchema, known: KnownOperation, variables: dict[str, Any], page_size: int
) -> int:
    key = orjson.dumps(variables, option=orjson.OPT_SORT_KEYS)
    cost = known.costs.get(key)
    if cost is None:
        costing = Costing(schema, known.fragments, variables, page_size)
        cost = known.costs.put(key, costing.operation(known.operation))
    return cost


async def _read_all(
    schema: GraphQLSchema, known: KnownOperation, variables: dict[str, Any], context: Context
) -> Sequence[tuple[RootField, Any]]:
    def asked(field: RootField) -> Asked:
        return Asked(
            schema,
            known.operation,
            known.fragments,
            known.root_type,
            field.nodes,
            (field.key,),
            variables,
            context,
        )

    if len(known.fields) == 1:
        (field,) = known.fields
        return [(field, await field.reading.read(asked(field)))]
    read = await asyncio.gather(*(field.reading.read(asked(field)) for field in known.fields))
    return list(zip(known.fields, read, strict=True))
