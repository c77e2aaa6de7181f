"""Errors that tell a client which argument was wrong and why."""

from __future__ import annotations

from graphql import GraphQLError


class BadArgument(GraphQLError):
    """An argument's value was well-typed but not acceptable."""

    def __init__(self, argument: str, problem: str) -> None:
        super().__init__(
            f"Argument '{argument}': {problem}",
            extensions={"code": "BAD_USER_INPUT", "argument": argument},
        )
