"""A database that went away, told to GraphQL clients as an error they can act on: retry.

A field whose resolver meets a lost connection (a failover, a restart, an operator ending
backends) would otherwise be masked as "Unexpected error.". It is answered instead with
``extensions.code`` ``DATABASE_UNAVAILABLE``, the seconds to wait before retrying, and
whether a write may have been saved (when the connection was lost during its COMMIT), and
logged as one line: it is not a fault in the hub's code.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionResult

from hub.db import RETRY_AFTER_SECONDS, DatabaseUnavailable, connection_lost

log = logging.getLogger("hub.graphql")

CODE = "DATABASE_UNAVAILABLE"
NOT_WRITTEN = "The database is unavailable: nothing was written. Try again in a moment."
MAYBE_WRITTEN = (
    "The connection to the database was lost while the write was being committed: it may or"
    " may not have been saved. Read it back, or try again in a moment."
)


def met_database_away(error: GraphQLError) -> bool:
    return error.original_error is not None and connection_lost(error.original_error)


def logged_as_away(error: GraphQLError) -> bool:
    """Log ``error`` in one line if the database went away under it; whether it did."""
    if not met_database_away(error):
        return False
    path = ".".join(str(key) for key in error.path or ())
    log.warning("GraphQL field %s met the database away: %r", path, error.original_error)
    return True


def told_to_retry(error: GraphQLError) -> GraphQLError:
    """``error`` as the client is told it: what happened, and when to try again."""
    if not met_database_away(error):
        return error
    original = error.original_error
    maybe_written = isinstance(original, DatabaseUnavailable) and original.maybe_written
    return GraphQLError(
        MAYBE_WRITTEN if maybe_written else NOT_WRITTEN,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={
            "code": CODE,
            "retryable": True,
            "retryAfterSeconds": RETRY_AFTER_SECONDS,
            "maybeWritten": maybe_written,
        },
    )


class DatabaseUnavailableErrors(SchemaExtension):
    """Errors of a lost connection become :func:`told_to_retry` errors, each logged in one
    line, before any masking: execution ends before the operation does, so this runs
    ahead of ``MaskFaults`` wherever either is listed."""

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if isinstance(result, GraphQLExecutionResult | ExecutionResult) and result.errors:
            result.errors = [
                told_to_retry(error) if logged_as_away(error) else error for error in result.errors
            ]
