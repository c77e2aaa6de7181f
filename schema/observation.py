"""Each GraphQL operation observed: its errors by code and its cost in the hub's metrics,
labelled with its name, and a span when tracing is on (``hub.tracing``).

Operations a known answer serves (``schema.reads.operations``) do not pass through the
schema's extensions: that path reports itself with :func:`observed`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from hub import tracing
from hub.metrics import GRAPHQL_COST, GRAPHQL_ERRORS, OPERATION_NAMES, error_code
from hub.settings import Settings


def observed(name: str | None, cost: int | None, errors: Iterable[GraphQLError]) -> int:
    """Count an operation's errors and cost under its name's label; how many errors."""
    label = OPERATION_NAMES.label(name)
    if cost is not None:
        GRAPHQL_COST.labels(label).observe(cost)
    counted = 0
    for error in errors:
        GRAPHQL_ERRORS.labels(label, error_code((error.extensions or {}).get("code"))).inc()
        counted += 1
    return counted


class ObservedOperations(SchemaExtension):
    """Listed first, so that it sees the errors as clients do, masked and coded."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.traced = settings.tracing

    def on_operation(self) -> Iterator[None]:
        with tracing.operation_span(self.traced) as span:
            raised: Exception | None = None
            try:
                yield
            except Exception as error:  # a refusal of the limits, raised before execution
                raised = error
                raise
            finally:
                errors = self._errors(raised)
                context = self.execution_context
                cost = getattr(context.context, "cost", None)
                kind = _kind(context)
                counted = observed(context.operation_name, cost, errors)
                tracing.operation_answered(span, context.operation_name, kind, cost, counted)

    def _errors(self, raised: Exception | None) -> list[GraphQLError]:
        if raised is not None:
            return [raised if isinstance(raised, GraphQLError) else GraphQLError(str(raised))]
        result = self.execution_context.result
        if result is not None and result.errors:
            return list(result.errors)
        return list(self.execution_context.pre_execution_errors or ())


def _kind(context: Any) -> str | None:
    try:
        return str(context.operation_type.value)
    except Exception:  # no document: it did not parse
        return None
