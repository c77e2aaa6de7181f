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


SHOWN_CHARACTERS = 80


def shown(value: str) -> str:
    """A value a client sent, as an error repeats it: cut short, saying so, when long."""
    if len(value) <= SHOWN_CHARACTERS:
        return value
    return f"{value[:SHOWN_CHARACTERS]}… ({len(value)} characters)"
