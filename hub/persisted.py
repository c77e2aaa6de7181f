"""Persisted queries, as Apollo's clients send them, and the safelist of registered ones.

``HUB_PERSISTED_QUERIES`` says how: ``automatic`` (the default) keeps a document a
client sends with its hash, so that later the hash alone will do; ``safelist`` runs only
the documents registered with ``hub operations register``, whoever asks; ``off`` runs
what it is sent and refuses hashes.
"""

from __future__ import annotations

import re
from typing import Any

from hub.caches import Bounded
from hub.services import operations
from hub.services.operations import Known, sha256
from hub.settings import Settings

HASH = re.compile(r"[0-9a-f]{64}")


class Refused(Exception):
    """A request refused before any operation ran: its status, message and code."""

    def __init__(self, status: int, message: str, code: str = "BAD_REQUEST") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


class PersistedQueries:
    def __init__(self, settings: Settings) -> None:
        self.mode = settings.persisted_queries
        self._known: Bounded[str, Known] = Bounded(4096)

    async def document(self, query: Any, extensions: Any) -> Any:
        """The document a request runs: the query it sends, or the one persisted under
        the hash it sends; refused when the safelist does not hold it."""
        persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
        if persisted is None:
            if self.mode == "safelist" and isinstance(query, str):
                await self._listed(sha256(query))
            return query
        digest = self._hash(persisted)
        if query is None:
            known = await self._find(digest)
            if known is None:
                raise Refused(200, "PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")
            if self.mode == "safelist" and not known.registered:
                raise _not_listed()
            return known.document
        if not isinstance(query, str) or sha256(query) != digest:
            raise Refused(
                400,
                "The query's SHA-256 is not the hash sent with it.",
                "PERSISTED_QUERY_HASH_MISMATCH",
            )
        if self.mode == "safelist":
            await self._listed(digest)
        elif await self._find(digest) is None:
            await operations.persist(digest, query)
        return query

    def _hash(self, persisted: Any) -> str:
        if self.mode == "off":
            raise Refused(
                400, "This hub does not take persisted queries.", "PERSISTED_QUERY_NOT_SUPPORTED"
            )
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            raise Refused(400, "persistedQuery.version must be 1.", "PERSISTED_QUERY_INVALID")
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str) or not HASH.fullmatch(digest):
            raise Refused(
                400,
                "persistedQuery.sha256Hash must be 64 lower-case hexadecimal digits.",
                "PERSISTED_QUERY_INVALID",
            )
        return digest

    async def _find(self, digest: str) -> Known | None:
        known = self._known.get(digest)
        if known is None:
            known = await operations.find(digest)
            if known is not None:
                self._known.put(digest, known)
        return known

    async def _listed(self, digest: str) -> None:
        known = await self._find(digest)
        if known is None or not known.registered:
            raise _not_listed()


def _not_listed() -> Refused:
    return Refused(
        400,
        "This operation is not one the hub runs: only registered operations are"
        " (hub operations register).",
        "PERSISTED_QUERY_NOT_IN_LIST",
    )
