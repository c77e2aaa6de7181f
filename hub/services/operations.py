"""Persisted operations: GraphQL documents kept by hash, persisted by clients (Apollo's
automatic persisted queries) or registered by the network's operators (a safelist)."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from graphql import GraphQLError, OperationDefinitionNode, parse
from tortoise.exceptions import IntegrityError

from hub import clock
from hub.models import PersistedOperation


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


async def register(documents: Iterable[str]) -> list[Registered]:
    """Register operations for the safelist: each operation of each document on its own
    (a file may hold several), by the hash of its text as clients send it."""
    made: list[Registered] = []
    for text in documents:
        for name, operation_text in operations_of(text):
            digest = sha256(operation_text)
            row = await PersistedOperation.get_or_none(sha256=digest)
            if row is None:
                await PersistedOperation.create(
                    sha256=digest,
                    document=operation_text,
                    name=name,
                    registered=True,
                    created_at=clock.now(),
                )
            elif not row.registered:
                row.registered, row.name = True, name
                await row.save(update_fields=["registered", "name"])
            made.append(Registered(digest, name))
    return made


def operations_of(text: str) -> list[tuple[str | None, str]]:
    """The documents a file holds, as clients send them: each operation of an Apollo
    persisted query manifest (JSON), or a GraphQL file whole (its operations named by
    ``operationName`` in requests), checked to parse."""
    if text.lstrip().startswith("{"):
        manifest = json.loads(text)
        return [(o.get("name"), o["body"]) for o in manifest.get("operations", [])]
    document = parse(text)  # a syntax error says where
    names = [
        d.name.value
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode) and d.name is not None
    ]
    if not names and not any(isinstance(d, OperationDefinitionNode) for d in document.definitions):
        raise GraphQLError("The file holds no operation.")
    return [(", ".join(names) or None, text)]


def read_files(paths: Iterable[Path]) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in paths]
