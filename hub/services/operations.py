"""Persisted operations: GraphQL documents kept by hash, persisted by clients (Apollo's
automatic persisted queries) or registered by the network's operators (a safelist)."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from graphql import GraphQLError, GraphQLSchema, OperationDefinitionNode, parse, validate
from tortoise.exceptions import IntegrityError

from hub import clock
from hub.models import PersistedOperation
from hub.models.operations import NAME_LENGTH
from hub.services.errors import Refusal, WriteRefused


def sha256(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


@dataclass(frozen=True)
class Known:
    document: str
    registered: bool


async def find(digest: str) -> Known | None:
    """The document persisted under a hash, if one is."""
    row = await PersistedOperation.get_or_none(sha256=digest)
    return Known(row.document, row.registered) if row is not None else None


async def persist(digest: str, document: str) -> None:
    """Keep a client's document under its hash (which the caller has checked)."""
    with contextlib.suppress(IntegrityError):  # persisted already: the same text
        await PersistedOperation.create(
            sha256=digest, document=document, registered=False, created_at=clock.now()
        )


@dataclass(frozen=True)
class Registered:
    sha256: str
    name: str | None


@dataclass(frozen=True)
class Operation:
    """One document as clients send it, and the operation names it holds."""

    name: str | None
    document: str


async def register(
    files: Iterable[tuple[str, str]], schema: GraphQLSchema | None = None
) -> list[Registered]:
    """Register operations for the safelist: each operation of each file (name, text) on its
    own, by the hash of its text as clients send it. Every file is checked before any is
    registered: one that is not a GraphQL document or a manifest, or (given the ``schema``)
    asks for what the schema does not have, is refused, naming it."""
    found = [operation for name, text in files for operation in operations_in(name, text, schema)]
    made: list[Registered] = []
    for operation in found:
        digest = sha256(operation.document)
        row = await PersistedOperation.get_or_none(sha256=digest)
        if row is None:
            await PersistedOperation.create(
                sha256=digest,
                document=operation.document,
                name=operation.name,
                registered=True,
                created_at=clock.now(),
            )
        elif not row.registered:
            row.registered, row.name = True, operation.name
            await row.save(update_fields=["registered", "name"])
        made.append(Registered(digest, operation.name))
    return made


def operations_in(file: str, text: str, schema: GraphQLSchema | None = None) -> list[Operation]:
    """The documents a file holds, as clients send them: each operation of an Apollo
    persisted query manifest (a file named ``*.json``), or a GraphQL file whole (its
    operations named by ``operationName`` in requests); each checked to parse, to hold
    an operation and, given the ``schema``, to be valid against it. (The name decides: a
    GraphQL query may open with ``{`` as JSON does.)"""
    if not file.lower().endswith(".json"):
        return [_operation(file, text, schema)]
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as error:
        raise _refused(file, f"is not a persisted query manifest: {error}") from None
    entries = manifest.get("operations") if isinstance(manifest, dict) else None
    if not isinstance(entries, list):
        raise _refused(file, 'is not a persisted query manifest: it has no "operations" list')
    if not entries:
        raise _refused(file, 'holds no operation (its "operations" list is empty)')
    found: list[Operation] = []
    for number, entry in enumerate(entries, start=1):
        body = entry.get("body") if isinstance(entry, dict) else None
        if not isinstance(body, str):
            raise _refused(file, f'operation {number} has no "body" holding its document')
        operation = _operation(f"{file}, operation {number},", body, schema)
        name = entry.get("name")
        found.append(Operation(_label(name) if isinstance(name, str) else operation.name, body))
    return found


def _operation(file: str, text: str, schema: GraphQLSchema | None) -> Operation:
    try:
        document = parse(text)
    except GraphQLError as error:
        raise _refused(file, f"is not a GraphQL document: {error.message}{_where(error)}") from None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if not operations:
        raise _refused(file, "holds no operation (a query, mutation or subscription)")
    wrong = validate(schema, document) if schema is not None else []
    if wrong:  # the hub would refuse it each time a client sent it
        raise _refused(file, f"does not fit the hub's schema: {wrong[0].message}{_where(wrong[0])}")
    names = ", ".join(d.name.value for d in operations if d.name is not None)
    return Operation(_label(names) or None, text)


def _label(names: str) -> str:
    """The operations' names as kept (the column holds NAME_LENGTH characters)."""
    return names if len(names) <= NAME_LENGTH else f"{names[: NAME_LENGTH - 1]}…"


def _where(error: GraphQLError) -> str:
    if not error.locations:
        return ""
    location = error.locations[0]
    return f" (line {location.line}, column {location.column})"


def _refused(file: str, what: str) -> WriteRefused:
    return WriteRefused(Refusal.INVALID, f"{file} {what}", "files")


def read_files(paths: Iterable[Path]) -> list[tuple[str, str]]:
    """Each file's name and text; one that is not UTF-8 text is refused, naming it."""
    read: list[tuple[str, str]] = []
    for path in paths:
        try:
            read.append((str(path), path.read_bytes().decode("utf-8")))  # whatever the locale
        except UnicodeDecodeError:
            raise _refused(str(path), "is not UTF-8 text") from None
    return read
