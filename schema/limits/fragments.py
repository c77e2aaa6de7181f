"""A document's size once its fragments are expanded: counted in one pass over each
fragment, remembered, so that fragments spreading the next one twice cost their count,
not an exponential walk."""

from __future__ import annotations

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)


class FragmentCycle(Exception):
    """A fragment spreads itself, through others or directly."""


def expanded_fields(document: DocumentNode, limit: int) -> int:
    """How many fields the document's operations select once every fragment spread is
    replaced by its fields; stops counting past ``limit``."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    sizes: dict[str, int] = {}
    visiting: set[str] = set()

    def fragment(name: str) -> int:
        if name in sizes:
            return sizes[name]
        if name in visiting:
            raise FragmentCycle(name)
        definition = fragments.get(name)
        if definition is None:
            return 0  # validation says the fragment is unknown
        visiting.add(name)
        sizes[name] = min(selection_set(definition.selection_set), limit + 1)
        visiting.discard(name)
        return sizes[name]

    def selection_set(node: SelectionSetNode | None) -> int:
        total = 0
        for selection in node.selections if node else ():
            if isinstance(selection, FieldNode):
                total += 1 + selection_set(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                total += selection_set(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                total += fragment(selection.name.value)
            if total > limit:
                return limit + 1
        return total

    total = 0
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            total += selection_set(definition.selection_set)
    return min(total, limit + 1)


def check_fragments(document: DocumentNode, limit: int) -> GraphQLError | None:
    """The error for a document too big once expanded, or whose fragments form a cycle."""
    try:
        fields = expanded_fields(document, limit)
    except FragmentCycle as cycle:
        return GraphQLError(
            f"Fragment '{cycle.args[0]}' spreads itself.",
            extensions={"code": "GRAPHQL_VALIDATION_FAILED"},
        )
    if fields > limit:
        return GraphQLError(
            f"The document selects more than {limit} fields once its fragments are expanded.",
            extensions={"code": "QUERY_TOO_LARGE", "limit": limit},
        )
    return None
