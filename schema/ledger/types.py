"""A signature list's signed head, read beside the petition or statement it belongs to.

The head is kept in ``ledger_head``, signed in the transaction that appended to the list
(``hub.ledger.chain``), so reading it is one correlated subquery like any other object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import strawberry
import strawberry.federation
from tortoise.models import Model

from hub import models
from schema.reads.dialects import quoted
from schema.reads.fields import Reading, column, declare
from schema.reads.selections import Selected
from schema.reads.sql import Build, Row, table


@strawberry.federation.type(
    shareable=True,
    description="The head of a signature list that nobody can quietly change: how many"
    " entries it has and the last one's hash, signed by the hub. Its entries are public at"
    " /ledger/petitions/SLUG or /ledger/statements/SLUG, the hub's public key at"
    " /.well-known/hub-ledger-key; docs/verifying.md says how to check them.",
)
class SignedListHead:
    model: ClassVar[type[Model]] = models.LedgerHead
    count: int = column(description="How many entries the list has.")
    hash: str = column(description="The last entry's SHA-256 hash, in hex.")
    signed_at: str = column(
        description="When the hub signed this head, as signed: ISO 8601 UTC, to the second."
    )
    key_id: str = column(description="The id of the hub's key that signed it.")
    signature: str = column(
        description="The hub's Ed25519 signature over the head's checkpoint text, base64."
    )


@dataclass(frozen=True)
class HeadOf(Reading):
    """The signed head of the list of this row's petition or statement; null before the
    list's first entry."""

    list_kind: str

    def sql(self, build: Build, row: Row, selected: Selected) -> str:
        head_type, fields = selected.only_child()
        head = Row(build.alias(), models.LedgerHead)
        read = build.object(head_type, head, fields)
        return (
            f"(SELECT {read} FROM {table(models.LedgerHead)} AS {head.alias}"
            f" WHERE {head.column('list_kind')} = {quoted(self.list_kind)}"
            f" AND {head.column('list_id')} = {row.key})"
        )


def head_of(list_kind: str, *, description: str) -> Any:
    return declare(HeadOf(list_kind), description)
