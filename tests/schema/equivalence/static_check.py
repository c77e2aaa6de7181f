"""A bad argument anywhere under a root field fails that root field, whatever the rows.

The hub documents that a bad argument (a malformed cursor, a page size out of range, a bad
country code or global ID, a range whose start is after its end) makes the root field it
sits under null, with the error: the arguments are checked before anything is read, so a
nested field's bad argument fails even when no row reaches it. The reference checks each
root field's whole selection before resolving it, fragments and ``@include``/``@skip``
taken into account, as the query's text and variables say.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLIncludeDirective,
    GraphQLNamedType,
    GraphQLResolveInfo,
    GraphQLSchema,
    GraphQLSkipDirective,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
)
from graphql.execution.values import VariableValues, get_argument_values, get_directive_values

from tests.schema.equivalence.arguments import check


class _Walk:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: VariableValues,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def included(self, node: FieldNode | FragmentSpreadNode | InlineFragmentNode) -> bool:
        skip = get_directive_values(GraphQLSkipDirective, node, self.variables)
        if skip is not None and skip["if"] is True:
            return False
        include = get_directive_values(GraphQLIncludeDirective, node, self.variables)
        return not (include is not None and include["if"] is False)

    def field(self, parent: GraphQLNamedType, node: FieldNode) -> None:
        name = node.name.value
        if name.startswith("__"):
            return
        definition = parent.fields[name]  # type: ignore[attr-defined]
        check(parent.name, name, get_argument_values(definition, node, self.variables))
        if node.selection_set is not None:
            self.selections(get_named_type(definition.type), node.selection_set)

    def selections(self, parent: GraphQLNamedType, selection_set: SelectionSetNode) -> None:
        for selection in selection_set.selections:
            if not self.included(selection):  # type: ignore[arg-type]
                continue
            if isinstance(selection, FieldNode):
                self.field(parent, selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                on = self.schema.get_type(condition.name.value) if condition else parent
                assert on is not None
                self.selections(on, selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments[selection.name.value]
                on = self.schema.get_type(fragment.type_condition.name.value)
                assert on is not None
                self.selections(on, fragment.selection_set)


def check_root_field(info: GraphQLResolveInfo[Any]) -> None:
    """Raise the first bad argument's error found in a root field's selection."""
    walk = _Walk(info.schema, info.fragments, info.variable_values)
    for node in info.field_nodes:
        walk.field(info.parent_type, node)
