"""What a WebSocket may run: subscriptions only, and in safelist mode registered ones.

Queries and mutations have their own route, with its guards (CSRF prevention,
``Idempotency-Key``, body limits); over a WebSocket they would pass around them, so they
are refused there. With ``HUB_PERSISTED_QUERIES=safelist`` a subscription's document must
be registered (``hub operations register``), as an HTTP request's must.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from hub.services import operations
from schema.context import Context


class SubscriptionsOnly(SchemaExtension):
    async def on_validate(self) -> AsyncIterator[None]:
        execution = self.execution_context
        context = execution.context
        if (
            isinstance(context, Context)
            and context.websocket is not None
            and not execution.pre_execution_errors  # none yet: valid so far, or not validated
        ):
            try:
                kind = execution.operation_type
            except RuntimeError:  # no such operation: validation says so
                yield
                return
            refused = await _refusal(kind, execution.query, context)
            if refused is not None:
                execution.pre_execution_errors = [refused]
        yield


async def _refusal(
    kind: OperationType, document: str | None, context: Context
) -> GraphQLError | None:
    if kind is not OperationType.SUBSCRIPTION:
        return GraphQLError(
            "Only subscriptions run over a WebSocket: send queries and mutations to"
            " /graphql over HTTP.",
            extensions={"code": "OPERATION_NOT_SUPPORTED"},
        )
    if context.settings.persisted_queries == "safelist":
        known = await operations.find(operations.sha256(document or ""))
        if known is None or not known.registered:
            return GraphQLError(
                "This operation is not one the hub runs: only registered operations are"
                " (hub operations register).",
                extensions={"code": "PERSISTED_QUERY_NOT_IN_LIST"},
            )
    return None
