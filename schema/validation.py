"""Errors a client can act on: which argument was wrong, and nothing of the server's insides."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, ValidationContext
from graphql.language import ArgumentNode, ValueNode
from graphql.validation import ValuesOfCorrectTypeRule
from strawberry.extensions import SchemaExtension

log = logging.getLogger("hub.graphql")


def is_client_error(error: GraphQLError) -> bool:
    """Errors about the request (syntax, validation, bad arguments) are shown in full.

    An exception raised inside a resolver that is not a ``GraphQLError`` is a fault of the
    server: its message is replaced, so that no internals leak.
    """
    original = error.original_error
    return original is None or isinstance(original, GraphQLError)


class ArgumentValuesRule(ValuesOfCorrectTypeRule):
    """GraphQL's check of literal argument values, with errors that name the argument.

    The standard rule says "Expected value of type 'Date'…" without saying which argument
    held it, and a scalar's own parsing error may come without a location at all.
    """

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self._arguments: list[str] = []
        self._value: ValueNode | None = None

    def enter_argument(self, node: ArgumentNode, *_args: Any) -> None:
        self._arguments.append(node.name.value)

    def leave_argument(self, node: ArgumentNode, *_args: Any) -> None:
        self._arguments.pop()

    def is_valid_value_node(self, node: ValueNode, input_type: Any) -> Any:
        self._value = node
        return super().is_valid_value_node(node, input_type)

    def report_error(self, error: GraphQLError) -> None:
        if not self._arguments:
            super().report_error(error)
            return
        argument = self._arguments[-1]
        super().report_error(
            GraphQLError(
                f"Argument '{argument}' has an invalid value: {error.message}",
                nodes=error.nodes or self._value,
                extensions={"code": "BAD_USER_INPUT", "argument": argument},
            )
        )


class NamedArgumentErrors(SchemaExtension):
    """Checks literal argument values with ``ArgumentValuesRule``, not the standard rule."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.validation_rules = tuple(
            ArgumentValuesRule if rule is ValuesOfCorrectTypeRule else rule
            for rule in context.validation_rules
        )
        yield


class MaskFaults(SchemaExtension):
    """The server's own faults reach the client as "Unexpected error" with a reference to
    the log, where the fault is written whole; a client's mistakes are shown in full."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        result.errors = [masked(error) for error in result.errors]


def masked(error: GraphQLError) -> GraphQLError:
    if is_client_error(error):
        return error
    reference = secrets.token_hex(6)
    log.error(
        "GraphQL fault %s at %s",
        reference,
        error.path,
        exc_info=error.original_error,
        extra={"error_reference": reference},
    )
    return GraphQLError(
        f"Unexpected error (reference {reference}).",
        nodes=error.nodes,
        path=error.path,
        extensions={"code": "INTERNAL_SERVER_ERROR", "reference": reference},
    )


SUGGESTION = re.compile(r" ?Did you mean [^?]*\?")


class HideSuggestions(SchemaExtension):
    """Errors without "Did you mean …?": in production, the schema is not spelled out to
    whoever probes it (field, type, enum and argument names)."""

    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context
        for errors in (
            context.pre_execution_errors,
            context.result.errors if context.result else None,
        ):
            for error in errors or ():
                error.message = SUGGESTION.sub("", error.message)
