"""What an operation costs, by the IBM GraphQL cost specification, as a gateway's demand
control (Apollo Router's, for one) counts it from the same schema.

- An object, interface or union costs 1, a scalar or an enum 0, unless ``@cost`` gives a
  field or a type another weight; a mutation costs 10 more.
- A list multiplies what one item costs (its weight and its selection's cost) by its
  size: the value of a slicing argument named by its ``@listSize`` (``first``), else its
  ``assumedSize``, else the default list size. A connection's ``@listSize`` sizes the
  lists its ``sizedFields`` name (``edges``, ``nodes``).
- Where a selection's type is abstract (``node``), the costliest of its possible types.

The hub writes ``@listSize`` on every connection (``schema.reads.fields.declare``), so
the numbers here and a gateway's agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import (
    ArgumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_abstract_type,
    is_composite_type,
    is_list_type,
    is_non_null_type,
)
from strawberry.federation.schema_directives import Cost, ListSize

MUTATION_COST = 10


@dataclass(frozen=True)
class Sizing:
    """What ``@listSize`` says of a field."""

    assumed: int | None
    slicing: tuple[str, ...]
    sized: tuple[str, ...]


def _directives(definition: Any) -> Sequence[object]:
    strawberry = getattr(definition, "extensions", {}).get("strawberry-definition")
    return getattr(strawberry, "directives", ()) or ()


def _weight(field: GraphQLField, named: GraphQLNamedType) -> int:
    for directive in (*_directives(field), *_directives(named)):
        if isinstance(directive, Cost):
            return int(directive.weight)
    return 1 if is_composite_type(named) else 0


def _sizing(field: GraphQLField) -> Sizing | None:
    for directive in _directives(field):
        if isinstance(directive, ListSize):
            return Sizing(
                directive.assumed_size,
                tuple(directive.slicing_arguments or ()),
                tuple(directive.sized_fields or ()),
            )
    return None


class Costing:
    """The cost of one operation with its variables."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        default_list_size: int,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.default_list_size = default_list_size

    def operation(self, operation: OperationDefinitionNode) -> int:
        root = self.schema.get_root_type(operation.operation)
        if root is None:
            return 0
        extra = MUTATION_COST if operation.operation is OperationType.MUTATION else 0
        return extra + self.selection(operation.selection_set, root, None)

    def selection(
        self,
        selection_set: SelectionSetNode | None,
        parent: GraphQLNamedType,
        sized: tuple[int, tuple[str, ...]] | None,
    ) -> int:
        if selection_set is None:
            return 0
        if is_abstract_type(parent):
            possible = self.schema.get_possible_types(parent)
            return max((self.selection(selection_set, t, sized) for t in possible), default=0)
        assert isinstance(parent, GraphQLObjectType)
        return sum(
            self.field(node, parent, sized) for node in self.fields_of(selection_set, parent)
        )

    def fields_of(
        self, selection_set: SelectionSetNode, parent: GraphQLObjectType
    ) -> list[FieldNode]:
        """The fields a selection asks of an object type, its fragments expanded."""
        found: list[FieldNode] = []
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                found.append(selection)
            elif isinstance(selection, InlineFragmentNode):
                if self.applies(selection.type_condition, parent):
                    found += self.fields_of(selection.selection_set, parent)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None and self.applies(fragment.type_condition, parent):
                    found += self.fields_of(fragment.selection_set, parent)
        return found

    def applies(self, condition: Any, parent: GraphQLObjectType) -> bool:
        if condition is None:
            return True
        named = self.schema.get_type(condition.name.value)
        if named is parent:
            return True
        return is_abstract_type(named) and self.schema.is_sub_type(named, parent)

    def field(
        self, node: FieldNode, parent: GraphQLObjectType, sized: tuple[int, tuple[str, ...]] | None
    ) -> int:
        name = node.name.value
        definition = parent.fields.get(name)
        if definition is None or name.startswith("__"):
            return 0
        named = get_named_type(definition.type)
        sizing = _sizing(definition)
        size = self.size_of(node, definition, sizing, sized)
        inner = (self.sliced(node, sizing), sizing.sized) if sizing and sizing.sized else None
        one = _weight(definition, named) + self.selection(node.selection_set, named, inner)
        return one * size

    def size_of(
        self,
        node: FieldNode,
        definition: GraphQLField,
        sizing: Sizing | None,
        sized: tuple[int, tuple[str, ...]] | None,
    ) -> int:
        """How many items the field stands for: 1 unless it returns a list."""
        output = definition.type.of_type if is_non_null_type(definition.type) else definition.type
        if not is_list_type(output):
            return 1
        if sized is not None and node.name.value in sized[1]:
            return sized[0]
        return self.sliced(node, sizing)

    def sliced(self, node: FieldNode, sizing: Sizing | None) -> int:
        """The size a field's slicing argument gives, else its assumed size, else the
        default."""
        if sizing is not None:
            given = [self.argument(node, name) for name in sizing.slicing]
            numbers = [value for value in given if isinstance(value, int)]
            if numbers:
                return max(numbers)
            if sizing.assumed is not None:
                return sizing.assumed
        return self.default_list_size

    def argument(self, node: FieldNode, name: str) -> Any:
        for argument in node.arguments or ():
            if argument.name.value == name:
                return self.value(argument)
        return None

    def value(self, argument: ArgumentNode) -> Any:
        if isinstance(argument.value, IntValueNode):
            return int(argument.value.value)
        if isinstance(argument.value, VariableNode):
            return self.variables.get(argument.value.name.value)
        return None
