"""What every mutation shares: refusals as typed errors, global IDs in inputs, texts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry

from hub.services.errors import Refusal, WriteRefused
from schema.errors import BadArgument
from schema.languages import Language
from schema.nodes import RowNode, parse_global_id

T = TypeVar("T")


ErrorCode = strawberry.enum(Refusal, name="ErrorCode", description="Why a write was refused.")
"""The services' refusals, as the schema names them: a new refusal is a new code at once."""


@strawberry.interface(description="A reason a mutation changed nothing.")
class UserError:
    code: Refusal = strawberry.field(description="What kind of refusal it is.")
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str = strawberry.field(description="What was wrong, for people.")


@strawberry.input(description="A text in one language.")
class TextInput:
    language: Language = strawberry.field(description="The text's language.")
    text: str = strawberry.field(description="The text.")


def texts(values: list[TextInput] | None, field: str) -> dict[str, str] | None:
    """The ``{language: text}`` of a list of texts; one text per language."""
    if values is None:
        return None
    result: dict[str, str] = {}
    for value in values:
        language = str(value.language)
        if language in result:
            raise WriteRefused(Refusal.INVALID, f"Two texts in '{language}'.", field)
        result[language] = value.text.strip()
    return result


def key_of(node_type: type[RowNode], global_id: str, field: str) -> Any:
    """The primary key behind a global ID that must be of ``node_type``."""
    try:
        found_type, key = parse_global_id(global_id, field)
    except BadArgument as problem:
        raise WriteRefused(Refusal.INVALID, problem.message, field) from None
    if found_type is not node_type:
        raise WriteRefused(
            Refusal.INVALID, f"'{global_id}' is not a {node_type.__name__} ID.", field
        )
    return key


async def refusals(
    write: Callable[[], Awaitable[T]], error_type: Callable[..., Any]
) -> tuple[T | None, list[Any]]:
    """Run a write; a refusal becomes the payload's ``errors`` instead of an exception."""
    try:
        return await write(), []
    except WriteRefused as refused:
        return None, [error_type(code=refused.code, field=refused.field, message=refused.message)]
