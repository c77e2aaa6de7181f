"""A field's selection, walked once: what each object under it asks for, and how it is read.

GraphQL's own rules decide what is selected (graphql-core's field collection: fragments,
inline fragments, type conditions, ``@skip`` and ``@include``, merged fields); this
module keeps the result as a tree of ``Selected`` fields, one per response key and
runtime type, numbering the fields that take arguments so that a request can bind them.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from graphql import (
    GraphQLField,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    VariableNode,
    get_named_type,
    is_abstract_type,
    is_object_type,
)
from graphql.execution.collect_fields import FieldDetails, FragmentDetails, collect_subfields
from graphql.execution.values import VariableValues
from strawberry.types.field import StrawberryField

from hub.caches import Bounded

if TYPE_CHECKING:
    from schema.reads.fields import Reading

READING = "hub.reading"
"""Where a field's reading is kept: the key in its Strawberry field's metadata."""


@dataclass
class Selected:
    """One field of a selection: its response key, its definition, its sub-selection for
    each object type its value may be, and its number among the fields with arguments."""

    key: str
    name: str
    field: GraphQLField | None
    """None for ``__typename``."""
    details: list[FieldDetails]
    occurrence: int | None = None
    children: dict[str, tuple[GraphQLObjectType, list[Selected]]] = dataclass_field(
        default_factory=dict
    )
    converted: Bounded[bytes, dict[str, Any]] = dataclass_field(
        default_factory=lambda: Bounded(64), repr=False, compare=False
    )
    """Its arguments as Strawberry converted them, by the values of the variables they use:
    a dashboard asked again with the same values converts nothing again."""

    @cached_property
    def argument_variables(self) -> tuple[str, ...]:
        """The variables its arguments use, sorted: found once, for every request."""
        names: set[str] = set()
        pending: list[Any] = [argument.value for argument in self.details[0].node.arguments or ()]
        while pending:
            value = pending.pop()
            if isinstance(value, VariableNode):
                names.add(value.name.value)
            elif isinstance(value, ObjectValueNode):
                pending.extend(field.value for field in value.fields)
            elif isinstance(value, ListValueNode):
                pending.extend(value.values)
        return tuple(sorted(names))

    def reading_of(self) -> Reading:
        reading = reading_of(self.field)
        if reading is None:
            raise LookupError(f"'{self.name}' has no reading declared")
        return reading

    def only_child(self) -> tuple[GraphQLObjectType, list[Selected]]:
        """The sub-selection of a field whose value is of one object type."""
        (child,) = self.children.values()
        return child

    def names(self) -> set[str]:
        """The names of the fields selected under this one, for any type."""
        return {child.name for _, children in self.children.values() for child in children}


def reading_of(graphql_field: GraphQLField | None) -> Reading | None:
    if graphql_field is None:
        return None
    definition = graphql_field.extensions.get("strawberry-definition")
    if not isinstance(definition, StrawberryField):
        return None
    reading: Reading | None = definition.metadata.get(READING)
    return reading


def strawberry_field(graphql_field: GraphQLField) -> StrawberryField:
    definition = graphql_field.extensions["strawberry-definition"]
    assert isinstance(definition, StrawberryField)
    return definition


@dataclass
class Selection:
    """The selection under one field, with its fields that take arguments, in order."""

    root: Selected
    occurrences: list[Selected]


@dataclass
class _Walk:
    schema: GraphQLSchema
    fragments: dict[str, FragmentDetails]
    variables: VariableValues
    operation: OperationDefinitionNode
    occurrences: list[Selected] = dataclass_field(default_factory=list)


def selection(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: dict[str, Any],
    variables: VariableValues,
    parent_type: GraphQLObjectType,
    details: list[FieldDetails],
) -> Selection:
    """The selection under the field of ``parent_type`` that ``details`` select."""
    walk = _Walk(
        schema,
        {name: FragmentDetails(definition) for name, definition in fragments.items()},
        variables,
        operation,
    )
    root = _selected(walk, parent_type, details)
    return Selection(root, walk.occurrences)


def _selected(walk: _Walk, parent_type: GraphQLObjectType, details: list[FieldDetails]) -> Selected:
    node = details[0].node
    name = node.name.value
    key = node.alias.value if node.alias else name
    if name == "__typename":
        return Selected(key, name, None, details)
    graphql_field = parent_type.fields[name]
    selected = Selected(key, name, graphql_field, details)
    if graphql_field.args:
        selected.occurrence = len(walk.occurrences)
        walk.occurrences.append(selected)
    selected.children = _children(walk, graphql_field.type, details)
    return selected


def _children(
    walk: _Walk, output: GraphQLOutputType, details: list[FieldDetails]
) -> dict[str, tuple[GraphQLObjectType, list[Selected]]]:
    named = get_named_type(output)
    if is_abstract_type(named):
        types = list(walk.schema.get_possible_types(named))
    elif is_object_type(named):
        types = [named]
    else:
        return {}
    children: dict[str, tuple[GraphQLObjectType, list[Selected]]] = {}
    for object_type in types:
        grouped = collect_subfields(
            walk.schema, walk.fragments, walk.variables, walk.operation, object_type, details
        ).grouped_field_set
        children[object_type.name] = (
            object_type,
            [_selected(walk, object_type, fields) for fields in grouped.values()],
        )
    return children
