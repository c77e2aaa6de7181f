"""What every subscription shares: checking its arguments, and following its events."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from typing import TypeVar

from graphql import GraphQLError
from tortoise.models import Model

from hub.events import EVENTS
from hub.events.bus import Event, FellBehind
from schema.errors import BadArgument
from schema.nodes import RowNode, parse_global_id

T = TypeVar("T")


async def existing_key(
    node_type: type[RowNode], model: type[Model], global_id: str, argument: str
) -> int:
    """The key of the row a global ID names; an error naming the argument otherwise."""
    found_type, key = parse_global_id(global_id, argument)
    if found_type is not node_type:
        raise BadArgument(argument, f"'{global_id}' is not a {node_type.__name__} ID")
    if not await model.exists(id=key):
        raise GraphQLError(
            f"Argument '{argument}': no {node_type.__name__} has the ID '{global_id}'",
            extensions={"code": "NOT_FOUND", "argument": argument},
        )
    return int(str(key))


async def follow(
    topic: str, keys: Iterable[str], sent: Callable[[Event], T], first: T | None = None
) -> AsyncIterator[T]:
    """What ``sent`` makes of each event of ``topic`` with one of ``keys``, after ``first``
    (if given) as soon as the subscription starts listening."""
    async with EVENTS.subscription(topic, keys) as events:
        if first is not None:
            yield first
        try:
            async for event in events:
                yield sent(event)
        except FellBehind:
            raise GraphQLError(
                "This subscription fell too far behind its events and was ended: subscribe again.",
                extensions={"code": "FELL_BEHIND"},
            ) from None
