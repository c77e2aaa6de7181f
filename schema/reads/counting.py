"""Counting the operations compiled reads answered whole, for the hub's metrics, and
remembering them, to answer them whole again (``schema.reads.operations``).

An operation is *compiled* when each of its root fields (``__typename`` aside) was
answered by one compiled statement: no resolver walked its answer in Python.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import FieldNode, OperationDefinitionNode
from strawberry.extensions import SchemaExtension

from hub.metrics import GRAPHQL_OPERATIONS
from schema.reads.operations import remember


class CountCompiled(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        yield
        context = self.execution_context
        operation = _operation(context.graphql_document, context.operation_name)
        if operation is None:
            return
        asked = sum(
            1
            for selection in operation.selection_set.selections
            if not (isinstance(selection, FieldNode) and selection.name.value == "__typename")
        )
        compiled = asked > 0 and getattr(context.context, "compiled_root_fields", 0) >= asked
        GRAPHQL_OPERATIONS.labels(compiled="true" if compiled else "false").inc()
        result = context.result
        if compiled and result is not None and not result.errors and context.graphql_document:
            remember(
                context.schema._schema,
                context.graphql_document,
                context.query or "",
                context.operation_name,
            )


def _operation(document: object, name: str | None) -> OperationDefinitionNode | None:
    definitions = getattr(document, "definitions", ())
    operations = [d for d in definitions if isinstance(d, OperationDefinitionNode)]
    for operation in operations:
        if name is None or (operation.name and operation.name.value == name):
            return operation
    return None
