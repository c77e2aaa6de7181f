"""Generated queries as trees, printed to GraphQL text at the end.

The generator builds a query as a tree (fields with arguments, directives and children,
inline fragments, fragment spreads) and records, as it goes, every place where a bad value
could stand: a page size, a cursor, a country code, a global ID, a range of days, a search.
Choosing one of those places only once the query is whole, and writing a bad value there
(in the text, or in a variable when the argument is one), lets a bad argument land at any
depth, in a fragment, or behind a variable.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


class EnumName(str):
    """An enum value: printed bare in the query's text, as a string among variables."""


@dataclass(frozen=True)
class Variable:
    name: str


@dataclass
class Field:
    name: str
    alias: str | None = None
    arguments: dict[str, Any] = field(default_factory=dict)
    directives: list[str] = field(default_factory=list)
    children: list[Selection] | None = None

    @property
    def key(self) -> str:
        return self.alias or self.name


@dataclass
class InlineFragment:
    on: str | None
    children: list[Selection]
    directives: list[str] = field(default_factory=list)


@dataclass
class Spread:
    fragment: str
    directives: list[str] = field(default_factory=list)


Selection = Field | InlineFragment | Spread


@dataclass
class Fragment:
    name: str
    on: str
    children: list[Selection]


@dataclass
class Site:
    """A place a bad value may be written: ``container[key]``, of a kind of argument."""

    kind: str
    container: dict[str, Any] | list[Any]
    key: Any

    def write(self, bad: Callable[[Any], Any]) -> None:
        self.container[self.key] = bad(self.container[self.key])


@dataclass
class Document:
    """One operation, its fragments, and its variables' types and values by name."""

    selections: list[Selection]
    fragments: list[Fragment] = field(default_factory=list)
    variable_types: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    redraw: dict[str, Callable[[], Any]] = field(default_factory=dict)
    """How to draw another value for each variable, to send the same text again."""
    name: str | None = None

    def text(self) -> str:
        head = "query"
        if self.name:
            head += f" {self.name}"
        if self.variable_types:
            declared = ", ".join(f"${name}: {kind}" for name, kind in self.variable_types.items())
            head += f"({declared})"
        parts = [f"{head} {_block(self.selections, 0)}"]
        for fragment in self.fragments:
            parts.append(
                f"fragment {fragment.name} on {fragment.on} {_block(fragment.children, 0)}"
            )
        return "\n\n".join(parts)

    def variables(self) -> dict[str, Any]:
        """The variables as JSON."""
        return {name: plain(value) for name, value in self.values.items()}

    def other_variables(self) -> dict[str, Any]:
        """Other values for the same variables, drawn as the first ones were."""
        return {name: plain(draw()) for name, draw in self.redraw.items()}


def literal(value: Any) -> str:
    """A value as GraphQL text."""
    if value is None:
        return "null"
    if isinstance(value, Variable):
        return f"${value.name}"
    if isinstance(value, EnumName):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{key}: {literal(item)}" for key, item in value.items()) + "}"
    raise TypeError(f"no GraphQL literal for {value!r}")


def _arguments(arguments: Mapping[str, Any]) -> str:
    if not arguments:
        return ""
    return "(" + ", ".join(f"{name}: {literal(value)}" for name, value in arguments.items()) + ")"


def _directives(directives: list[str]) -> str:
    return "".join(f" {directive}" for directive in directives)


def _block(selections: list[Selection], indent: int) -> str:
    pad = "  " * (indent + 1)
    lines = [pad + _selection(selection, indent + 1) for selection in selections]
    return "{\n" + "\n".join(lines) + "\n" + "  " * indent + "}"


def _selection(selection: Selection, indent: int) -> str:
    if isinstance(selection, Spread):
        return f"...{selection.fragment}{_directives(selection.directives)}"
    if isinstance(selection, InlineFragment):
        on = f" on {selection.on}" if selection.on else ""
        return f"...{on}{_directives(selection.directives)} {_block(selection.children, indent)}"
    head = f"{selection.alias}: {selection.name}" if selection.alias else selection.name
    head += _arguments(selection.arguments) + _directives(selection.directives)
    if selection.children is None:
        return head
    return f"{head} {_block(selection.children, indent)}"


def plain(value: Any) -> Any:
    """A value as JSON for the variables: enums by name."""
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, EnumName):
        return str(value)
    return value
