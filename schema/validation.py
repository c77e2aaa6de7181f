"""Which errors a client may read as they are, and which are the server's own to hide."""

from __future__ import annotations

from graphql import GraphQLError


def is_client_error(error: GraphQLError) -> bool:
    """Errors about the request (syntax, validation, bad arguments) are shown in full.

    An exception raised inside a resolver that is not a ``GraphQLError`` is a fault of the
    server: its message is replaced, so that no internals leak.
    """
    original = error.original_error
    return original is None or isinstance(original, GraphQLError)
