"""Fields that resolve themselves with one compiled statement: root fields, and the
entities that Python objects name (a mutation's written row, the viewer's organisation).

``single()``, ``lookup()`` and ``listing()`` declare root fields; ``entity()`` a field of
a Python object that names a row by key. ``install()`` gives every such field of a
built schema its resolver, which plans the field's selection once, binds the request's
arguments and returns the database's JSON as it came (``orjson.Fragment``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import GraphQLError, GraphQLObjectType, GraphQLSchema
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.unset import UNSET
from tortoise.fields import BigIntField, IntField, SmallIntField
from tortoise.models import Model

from auth.permissions import require
from auth.scopes import Scope
from schema.reads.arguments import Argument, Page, Prepared, declared
from schema.reads.auditing import audit_reads
from schema.reads.fields import (
    Reading,
    Rows,
    connection_of,
    declare,
    model_of,
    public_rows,
    refusal_in,
)
from schema.reads.plans import Asked, ResolveInfo, bind, plan_of, run
from schema.reads.reader import Reader
from schema.reads.selections import Selected, reading_of
from schema.reads.sql import Build, Row, table


class Resolving(Reading):
    """A field whose resolver runs its compiled statement."""

    scopes: Sequence[Scope] = ()

    def statement(self, build: Build, selected: Selected) -> str:
        raise NotImplementedError

    def extra(self, source: Any) -> dict[str, Any] | None:
        """Values the statement binds from the object the field is on."""
        return None

    async def resolve(self, source: Any, info: ResolveInfo, **_arguments: Any) -> Any:
        """graphql-core's resolver: the field's answer, read from ``info``."""
        return await self.read(Asked.of(info), source)

    async def read(self, asked: Asked, source: Any = None) -> Any:
        """The field's answer: the database's JSON (or null), through one statement."""
        if self.scopes:
            require(asked.context.principal, frozenset(self.scopes))
        extra = self.extra(source)
        if extra is not None and any(value is None for value in extra.values()):
            return None
        plan = plan_of(asked)
        statement, values = bind(asked, plan, self, extra)
        texts = await run(statement, values)
        await audit_reads(asked, plan)
        served(asked)
        return answer(texts[0]) if texts else None


def served(asked: Asked) -> None:
    """Count a root field answered by a compiled statement (``schema.reads.counting``)."""
    if asked.at_root:
        asked.context.compiled_root_fields += 1


def answer(text: str | None) -> orjson.Fragment | None:
    """The database's JSON, passed on to the response as it is; a field refused inside it
    fails the whole answer."""
    if text is None:
        return None
    reason = refusal_in(text)
    if reason is not None:
        raise GraphQLError(reason, extensions={"code": "FORBIDDEN"})
    return orjson.Fragment(text)


def install(schema: GraphQLSchema) -> None:
    """Give each field that resolves itself its resolver, in place of Strawberry's."""
    for named in schema.type_map.values():
        if isinstance(named, GraphQLObjectType) and not named.name.startswith("__"):
            for graphql_field in named.fields.values():
                reading = reading_of(graphql_field)
                if isinstance(reading, Resolving):
                    graphql_field.resolve = reading.resolve


@dataclass(frozen=True)
class Single(Resolving):
    """The one row of a table (the network)."""

    model: type[Model]

    def statement(self, build: Build, selected: Selected) -> str:
        object_type, fields = selected.only_child()
        row = Row(build.alias(), self.model)
        read = build.dialect.as_text(build.object(object_type, row, fields))
        return f"SELECT {read} FROM {table(self.model)} AS {row.alias} ORDER BY {row.key} LIMIT 1"


def single(model: type[Model], *, description: str) -> Any:
    return declare(Single(model), description)


class Key(Argument):
    """A required argument naming one row by a unique column: ``slug``, ``code``."""

    def __init__(
        self,
        name: str,
        column: str,
        description: str,
        check: Callable[[Any, str], Any] | None = None,
    ) -> None:
        self.name = name
        self.column = column
        self.description = description
        self.check = check

    def declarations(self) -> list[StrawberryArgument]:
        return [declared(self.name, str, self.description, default=UNSET)]

    def prepare(self, values: dict[str, Any], reader: Reader) -> Prepared:
        value = values[self.name]
        return {self.name: self.check(value, self.name) if self.check else value}


@dataclass(frozen=True)
class Lookup(Resolving):
    """The row with a key (null when there is none), of those meeting ``where``."""

    model: type[Model]
    key: Key
    conditions: tuple[str, ...] = ()
    """Conditions every row meets, ``{row}`` standing for its alias (a group's kind)."""

    @property
    def arguments(self) -> Sequence[Argument]:  # type: ignore[override]
        return (self.key,)

    def statement(self, build: Build, selected: Selected) -> str:
        object_type, fields = selected.only_child()
        row = Row(build.alias(), self.model)
        read = build.dialect.as_text(build.object(object_type, row, fields))
        value = build.param(selected.occurrence, self.key.name, "text")
        conditions = [f"{row.column(self.key.column)} = {value}"]
        conditions += [condition.format(row=row.alias) for condition in self.conditions]
        rows = f"{table(self.model)} AS {row.alias}"
        return f"SELECT {read} FROM {rows} WHERE {' AND '.join(conditions)}"


def lookup(model: type[Model], key: Key, *, description: str, where: Sequence[str] = ()) -> Any:
    return declare(Lookup(model, key, tuple(where)), description)


@dataclass(frozen=True)
class Listing(Resolving):
    """A cursor connection over a table's rows, filtered and ordered by its arguments."""

    rows: Rows
    arguments: Sequence[Argument] = ()
    scopes: Sequence[Scope] = ()

    def statement(self, build: Build, selected: Selected) -> str:
        read = connection_of(build, self, self.rows, None, selected)
        return f"SELECT {build.dialect.as_text(read)}"


def listing(
    rows: Rows,
    *,
    description: str,
    arguments: Sequence[Argument] = (),
    scopes: Sequence[Scope] = (),
) -> Any:
    return declare(Listing(rows, (*arguments, Page()), tuple(scopes)), description)


def key_type(model: type[Model]) -> str:
    """The SQL type a model's key is bound as."""
    return "int" if isinstance(model._meta.pk, IntField | SmallIntField | BigIntField) else "text"


@dataclass(frozen=True)
class Entity(Resolving):
    """The row a Python object names by key in ``attribute`` (null when it names none)."""

    attribute: str

    def extra(self, source: Any) -> dict[str, Any] | None:
        return {"key": getattr(source, self.attribute)}

    def statement(self, build: Build, selected: Selected) -> str:
        object_type, fields = selected.only_child()
        model = model_of(object_type)
        row = Row(build.alias(), model)
        read = build.dialect.as_text(build.object(object_type, row, fields))
        key = build.request("key", key_type(model))
        return f"SELECT {read} FROM {table(model)} AS {row.alias} WHERE {row.key} = {key}"


def entity(attribute: str, *, description: str) -> Any:
    return declare(Entity(attribute), description)


def keyed(build: Build, selected: Selected, pairs: str) -> str:
    """A statement reading nodes of any type by ``[type, key]`` pairs (a JSON array bound
    as ``pairs``): a row per pair, in order, null where no row has that key."""
    dialect = build.dialect
    alias = build.alias()
    type_name = dialect.item(f"{alias}.value", 0)
    branches = []
    for object_type, fields in selected.children.values():
        model = model_of(object_type)
        row = Row(build.alias(), model)
        key = dialect.item(f"{alias}.value", 1)
        if key_type(model) == "int" and dialect.name == "postgres":
            key = f"({key})::int"
        read = build.object(object_type, row, fields)
        conditions = " AND ".join([f"{row.key} = {key}", *public_rows(object_type, row)])
        branches.append(
            f"WHEN '{object_type.name}' THEN (SELECT {read} FROM {table(model)} AS {row.alias}"
            f" WHERE {conditions})"
        )
    read_any = f"CASE {type_name} {' '.join(branches)} END" if branches else "NULL"
    return (
        f"SELECT {dialect.as_text(read_any)} FROM {dialect.records(pairs, alias)}"
        f" ORDER BY {alias}.n"
    )


def pairs_json(pairs: Sequence[tuple[str, Any]]) -> str:
    return json.dumps([list(pair) for pair in pairs])
