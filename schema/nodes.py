"""Nodes read from database rows: global IDs, ``node``/``nodes`` and batched resolution."""

from __future__ import annotations

import asyncio
from collections.abc import Hashable, Iterable, Sequence
from typing import Annotated, Any, ClassVar, Self

import strawberry
from strawberry import relay
from tortoise.models import Model
from tortoise.queryset import QuerySet

from auth.permissions import check_type_scopes
from schema.context import Info
from schema.errors import BadArgument
from schema.loaders import Filters, Relation, page_of
from schema.pagination import Connection, connection, window


class RowNode(relay.Node):
    """A node built from one row of ``model``; nodes of a type load in one batch."""

    model: ClassVar[type[Model]]

    @classmethod
    def from_row(cls, row: Any) -> Self:
        raise NotImplementedError

    @classmethod
    def parse_key(cls, node_id: str) -> Hashable:
        if not node_id.isdigit():
            raise ValueError(f"'{node_id}' is not a {cls.__name__} key")
        return int(node_id)

    @classmethod
    async def resolve_reference(
        cls, info: Info, id: strawberry.ID, **_other_fields: Any
    ) -> Self | None:
        """A federation gateway's reference to this entity, by its global ID; other fields a
        representation carries are not needed to find it.

        References of one request are batched like every other read: N representations
        cost the SQL statements of one.
        """
        node_type, key = parse_global_id(str(id), "representations.id")
        if node_type is not cls:
            raise BadArgument("representations.id", f"'{id}' is not a {cls.__name__} ID")
        cls.check_readable(info)
        return await cls.load(info, key)

    @classmethod
    def check_readable(cls, info: Info) -> None:
        """Refuse a lookup by ID when the token lacks the scopes the type requires."""
        check_type_scopes(cls.__strawberry_definition__.directives or (), info)  # type: ignore[attr-defined]

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        rows = await info.context.loaders.by_key(cls.model).load_many(
            [cls.parse_key(node_id) for node_id in node_ids]
        )
        return [cls.from_row(row) if row is not None else None for row in rows]

    @classmethod
    async def connection_of(
        cls,
        info: Info,
        relation: Relation[Any],
        parent: Hashable,
        first: int | None,
        after: str | None,
        filters: Filters = (),
    ) -> Connection[Self]:
        """A page of the rows related to ``parent``, batched with the parent's siblings."""
        slice_ = window(info, first, after)
        page = await info.context.loaders.related(relation, slice_, filters).load(parent)
        return connection([cls.from_row(row) for row in page.rows], slice_, page.total)

    @classmethod
    async def connection_from(
        cls,
        info: Info,
        query: QuerySet[Any],
        order: Sequence[str],
        first: int | None,
        after: str | None,
    ) -> Connection[Self]:
        """A page of a top-level list of these nodes."""
        slice_ = window(info, first, after)
        page = await page_of(query, order, slice_)
        return connection([cls.from_row(row) for row in page.rows], slice_, page.total)

    @classmethod
    async def load(cls, info: Info, key: Hashable | None) -> Self | None:
        """The node whose row has this primary key, batched with its siblings."""
        if key is None:
            return None
        row = await info.context.loaders.by_key(cls.model).load(key)
        return cls.from_row(row) if row is not None else None

    @classmethod
    async def load_all(cls, info: Info, keys: Iterable[Hashable]) -> list[Self]:
        """The nodes of these primary keys in order, in one batch, skipping missing rows."""
        rows = await info.context.loaders.by_key(cls.model).load_many(list(keys))
        return [cls.from_row(row) for row in rows if row is not None]

    @classmethod
    async def load_required(cls, info: Info, key: Hashable) -> Self:
        node = await cls.load(info, key)
        if node is None:  # a foreign key guarantees the row; a broken one is a server fault
            raise LookupError(f"{cls.__name__} {key} is missing")
        return node


_NODE_TYPES: dict[str, type[RowNode]] = {}


def register_node_types(*types: type[RowNode]) -> None:
    for node_type in types:
        _NODE_TYPES[node_type.__name__] = node_type


def parse_global_id(value: str, argument: str) -> tuple[type[RowNode], Hashable]:
    """The node type and primary key behind a global ID, or an error naming the argument."""
    try:
        global_id = relay.GlobalID.from_id(value)
    except (ValueError, TypeError):
        raise BadArgument(argument, f"'{value}' is not a global ID returned by this API") from None
    node_type = _NODE_TYPES.get(global_id.type_name)
    if node_type is None:
        raise BadArgument(argument, f"'{value}' names no type of this API")
    try:
        return node_type, node_type.parse_key(global_id.node_id)
    except ValueError as problem:
        raise BadArgument(argument, f"'{value}' is malformed: {problem}") from None


async def resolve_global_ids(info: Info, ids: list[str], argument: str) -> list[RowNode | None]:
    """The nodes behind global IDs, in order, null where no row exists; one batch per type."""
    parsed = [parse_global_id(value, argument) for value in ids]
    for node_type in {node_type for node_type, _ in parsed}:
        node_type.check_readable(info)
    return list(await asyncio.gather(*(node_type.load(info, key) for node_type, key in parsed)))


@strawberry.type
class NodeQueries:
    @strawberry.field(description="The node with this global ID, of any type, or null.")
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="A global ID.")],
    ) -> relay.Node | None:
        (node,) = await resolve_global_ids(info, [id], "id")
        return node

    @strawberry.field(description="The nodes with these global IDs, in order, null where none.")
    async def nodes(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID], strawberry.argument(description="Global IDs, at most 100.")
        ],
    ) -> list[relay.Node | None]:
        if len(ids) > info.context.settings.max_page_size:
            raise BadArgument("ids", f"at most {info.context.settings.max_page_size} IDs at once")
        return await resolve_global_ids(info, list(ids), "ids")
