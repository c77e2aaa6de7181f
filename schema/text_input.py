"""Texts a request sends hold no NUL character (``\\u0000``): PostgreSQL's text cannot hold
one (SQLite's can), so such a string is refused before any statement, on both databases
alike, with an error naming where it was."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import ArgumentNode, DocumentNode, GraphQLError, StringValueNode, Visitor, visit
from strawberry.extensions import SchemaExtension

NUL = "\x00"


class TextWithoutNul(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        where = in_variables(context.variables or {}) or in_document(context.graphql_document)
        if where is not None:
            raise GraphQLError(
                f"{where} holds the NUL character (\\u0000), which no text of the hub may hold.",
                extensions={"code": "BAD_USER_INPUT", "argument": where},
            )
        yield


def in_variables(value: Any, path: str = "") -> str | None:
    """Where in the variables a string holds NUL (``$input.name``), if anywhere."""
    if isinstance(value, str):
        return path if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = in_variables(item, f"{path}.{key}" if path else f"${key}")
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = in_variables(item, f"{path}[{index}]")
            if found is not None:
                return found
    return None


class _Literals(Visitor):
    """Finds the first string literal holding NUL, and the argument it is given to."""

    def __init__(self) -> None:
        super().__init__()
        self.arguments: list[str] = []
        self.found: str | None = None

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        self.arguments.append(node.name.value)

    def leave_argument(self, node: ArgumentNode, *_: Any) -> None:
        self.arguments.pop()

    def enter_string_value(self, node: StringValueNode, *_: Any) -> Any:
        if self.found is None and NUL in node.value:
            self.found = f"Argument '{self.arguments[-1]}'" if self.arguments else "A string"
        return None


def in_document(document: DocumentNode | None) -> str | None:
    """Which argument a string literal holding NUL is given to, if any is."""
    if document is None:
        return None
    literals = _Literals()
    visit(document, literals)
    return literals.found
