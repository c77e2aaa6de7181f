"""What makes two requests under one ``Idempotency-Key`` the same write, whichever gateway
sent them, and the first answer shaped as the retry asks for it.

A gateway does not pass a client's document on as it came: it prints the part one subgraph
serves in its own way (its own variable names, or values written in place; its own
aliases; ``__typename`` and key fields added where it needs them; another order). What is
the same through every gateway is the write itself. So a request's *write* is, for each root
field of the mutation it runs (``__typename`` aside), in order: the field's name and its
arguments' values, variables and their defaults put in place, as canonical JSON (keys
sorted). Two requests with the same key and the same write are one write; the same key with
another write is refused.

The retry gets the first answer. When its document is not the first's byte for byte (it came
through another gateway), the first answer's data is read again through the retry's own
selection: each field it selects, by its alias or its name, from what the first answer holds,
``null`` where that holds nothing.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_operation_ast,
    parse,
    value_from_ast_untyped,
)


class Request:
    """A GraphQL request as its body says it, parsed no further than ``max_tokens``."""

    def __init__(self, body: bytes, max_tokens: int) -> None:
        self.operation: OperationDefinitionNode | None = None
        self.fragments: dict[str, FragmentDefinitionNode] = {}
        self.variables: dict[str, Any] = {}
        try:
            request = orjson.loads(body)
            document: DocumentNode = parse(request["query"], max_tokens=max_tokens)
            operation = get_operation_ast(document, request.get("operationName"))
            variables = dict(request.get("variables") or {})
        except (ValueError, TypeError, KeyError, AttributeError, GraphQLError):
            return  # unreadable: the endpoint refuses it, and it writes nothing
        self.operation, self.variables = operation, variables
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    @property
    def is_mutation(self) -> bool:
        return self.operation is not None and self.operation.operation == OperationType.MUTATION

    def write(self) -> str:
        """The hash of the write this mutation asks for, the same through any gateway."""
        assert self.operation is not None
        values = self._with_defaults()
        fields = [
            {
                "field": node.name.value,
                "arguments": {
                    argument.name.value: value_from_ast_untyped(argument.value, values)
                    for argument in node.arguments or ()
                },
            }
            for node in self._fields(self.operation.selection_set)
            if node.name.value != "__typename"
        ]
        # a variable the operation does not define is refused by validation, later: here
        # it stands for itself
        canonical = orjson.dumps(fields, option=orjson.OPT_SORT_KEYS, default=repr)
        return hashlib.sha256(canonical).hexdigest()

    def shape(self, data: Any) -> Any:
        """The first answer's ``data`` as this request's selection asks for it."""
        if self.operation is None:
            return data
        return self._shaped(data, self.operation.selection_set)

    def _with_defaults(self) -> dict[str, Any]:
        assert self.operation is not None
        values: dict[str, Any] = {}
        for definition in self.operation.variable_definitions or ():
            name = definition.variable.name.value
            if name in self.variables:
                values[name] = self.variables[name]
            elif definition.default_value is not None:
                values[name] = value_from_ast_untyped(definition.default_value)
        return values

    def _fields(self, selection_set: SelectionSetNode | None) -> list[FieldNode]:
        """The fields a selection asks for, its fragments' fields in their place."""
        return [node for node, _ in self._selected(selection_set, in_fragment=False)]

    def _selected(
        self, selection_set: SelectionSetNode | None, in_fragment: bool
    ) -> list[tuple[FieldNode, bool]]:
        """Each field asked for, and whether a fragment asks for it (it may be for a type
        the object is not)."""
        found: list[tuple[FieldNode, bool]] = []
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                found.append((selection, in_fragment))
            elif isinstance(selection, InlineFragmentNode):
                typed = in_fragment or selection.type_condition is not None
                found += self._selected(selection.selection_set, typed)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                found += self._selected(fragment.selection_set if fragment else None, True)
        return found

    def _shaped(self, value: Any, selection_set: SelectionSetNode | None) -> Any:
        if selection_set is None or value is None:
            return value
        if isinstance(value, list):
            return [self._shaped(item, selection_set) for item in value]
        if not isinstance(value, dict):
            return value
        shaped: dict[str, Any] = {}
        for node, in_fragment in self._selected(selection_set, in_fragment=False):
            key = node.alias.value if node.alias else node.name.value
            name = node.name.value
            if key not in value and name not in value and in_fragment:
                continue  # a fragment for another type than this object's
            held = value.get(key, value.get(name))
            shaped[key] = self._shaped(held, node.selection_set)
        return shaped
