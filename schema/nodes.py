"""Nodes read from database rows: global IDs, and ``node``/``nodes`` and a federation
gateway's ``_entities``, each one compiled statement whatever the types asked."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import strawberry
from graphql import GraphQLError
from strawberry import relay
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.unset import UNSET
from tortoise.models import Model

from auth.permissions import check_type_scopes
from auth.principal import Principal
from schema.errors import BadArgument, shown
from schema.reads.arguments import Argument, Prepared, declared
from schema.reads.auditing import audit_reads
from schema.reads.fields import declare
from schema.reads.plans import Asked, ResolveInfo, bind, plan_of, run
from schema.reads.reader import Reader
from schema.reads.roots import Resolving, answer, keyed, pairs_json, served
from schema.reads.selections import Selected
from schema.reads.sql import Build

MAX_KEY_DIGITS = 18
"""Every key of 18 digits fits the databases' 64-bit integers, and no row has a longer one."""


class RowNode(relay.Node):
    """A node read from one row of ``model``: its global ID is the type and the row's key."""

    model: ClassVar[type[Model]]
    public_rows: ClassVar[tuple[str, ...]] = ()
    """Conditions a row meets to be read by ``node``, ``nodes``, ``_entities`` and the
    fields naming it (``{row}`` standing for its alias); none: every row is public."""

    @classmethod
    def parse_key(cls, node_id: str) -> Hashable:
        if not (node_id.isascii() and node_id.isdigit()):
            raise ValueError(f"'{shown(node_id)}' is not a {cls.__name__} key")
        if len(node_id) > MAX_KEY_DIGITS:
            raise ValueError(f"{shown(node_id)} is larger than any {cls.__name__} key")
        return int(node_id)

    @classmethod
    def check_readable(cls, principal: Principal | None) -> None:
        """Refuse a lookup by ID when the token lacks the scopes the type requires."""
        check_type_scopes(cls.__strawberry_definition__.directives or (), principal)  # type: ignore[attr-defined]


_NODE_TYPES: dict[str, type[RowNode]] = {}


def register_node_types(*types: type[RowNode]) -> None:
    for node_type in types:
        _NODE_TYPES[node_type.__name__] = node_type


def parse_global_id(value: str, argument: str) -> tuple[type[RowNode], Hashable]:
    """The node type and primary key behind a global ID, or an error naming the argument."""
    try:
        global_id = relay.GlobalID.from_id(value)
    except (ValueError, TypeError):
        raise BadArgument(
            argument, f"'{shown(value)}' is not a global ID returned by this API"
        ) from None
    node_type = _NODE_TYPES.get(global_id.type_name)
    if node_type is None:
        raise BadArgument(argument, f"'{shown(value)}' names no type of this API")
    try:
        return node_type, node_type.parse_key(global_id.node_id)
    except ValueError as problem:
        raise BadArgument(argument, f"'{shown(value)}' is malformed: {problem}") from None


class GlobalIds(Argument):
    """``id: ID!`` or ``ids: [ID!]!``: nodes by global ID, of any type the token may read."""

    def __init__(self, name: str, many: bool, description: str) -> None:
        self.name = name
        self.many = many
        self.description = description

    def declarations(self) -> list[StrawberryArgument]:
        annotation = list[strawberry.ID] if self.many else strawberry.ID
        return [declared(self.name, annotation, self.description, default=UNSET)]

    def prepare(self, values: dict[str, Any], reader: Reader) -> Prepared:
        given = values[self.name]
        ids: list[str] = list(given) if self.many else [given]
        limit = reader.settings.max_page_size
        if len(ids) > limit:
            raise BadArgument(self.name, f"at most {limit} IDs at once")
        parsed = [parse_global_id(str(value), self.name) for value in ids]
        for node_type in {node_type for node_type, _ in parsed}:
            node_type.check_readable(reader.principal)
        return {"pairs": pairs_json([(node_type.__name__, key) for node_type, key in parsed])}


@dataclass(frozen=True)
class NodesById(Resolving):
    """Nodes by global ID, in the order asked, null where no row has the key."""

    ids: GlobalIds

    @property
    def arguments(self) -> Sequence[Argument]:  # type: ignore[override]
        return (self.ids,)

    def statement(self, build: Build, selected: Selected) -> str:
        return keyed(build, selected, build.param(selected.occurrence, "pairs", "jsonb"))

    async def read(self, asked: Asked, source: Any = None) -> Any:
        plan = plan_of(asked)
        statement, values = bind(asked, plan, self)
        found = [answer(text) for text in await run(statement, values)]
        await audit_reads(asked, plan)
        served(asked)
        if self.ids.many:
            return found
        return found[0] if found else None


@strawberry.type
class NodeQueries:
    node: relay.Node | None = declare(
        NodesById(GlobalIds("id", many=False, description="A global ID.")),
        "The node with this global ID, of any type, or null.",
    )
    nodes: list[relay.Node | None] = declare(
        NodesById(GlobalIds("ids", many=True, description="Global IDs, at most 100.")),
        "The nodes with these global IDs, in order, null where none.",
    )


class Representations(Resolving):
    """A federation gateway's references, by global ID: each entity it names, or an
    error for that one entity when the reference is wrong."""

    async def entities(self, info: ResolveInfo, representations: Sequence[Any]) -> list[Any]:
        limit = info.context.settings.max_page_size
        if len(representations) > limit:
            raise BadArgument("representations", f"at most {limit} representations at once")
        results: list[Any] = [None] * len(representations)
        pairs: list[tuple[str, Hashable]] = []
        positions: list[int] = []
        for index, representation in enumerate(representations):
            try:
                pairs.append(_reference(representation, index, info))
                positions.append(index)
            except GraphQLError as error:
                results[index] = error
        if pairs:
            asked = Asked.of(info)
            plan = plan_of(asked)
            statement, values = bind(asked, plan, self, {"pairs": pairs_json(pairs)})
            for index, text in zip(positions, await run(statement, values), strict=True):
                results[index] = answer(text)
            await audit_reads(asked, plan)
        return results

    def statement(self, build: Build, selected: Selected) -> str:
        return keyed(build, selected, build.request("pairs", "jsonb"))


def _reference(representation: Any, index: int, info: ResolveInfo) -> tuple[str, Hashable]:
    argument = f"representations[{index}].id"
    if not isinstance(representation, dict) or not isinstance(representation.get("id"), str):
        raise BadArgument(argument, "a representation needs the entity's global ID as `id`")
    node_type, key = parse_global_id(representation["id"], argument)
    typename = representation.get("__typename")
    if typename != node_type.__name__:
        raise BadArgument(
            argument, f"'{shown(representation['id'])}' is not a {shown(str(typename))} ID"
        )
    node_type.check_readable(info.context.principal)
    return node_type.__name__, key
