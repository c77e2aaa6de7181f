"""Reading lists from the database: their heads and entries, and the rows they record."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from hub.ledger.chain import PETITION, STATEMENT
from hub.ledger.entries import GENESIS, Entry, list_name
from hub.ledger.verify import (
    Head,
    Recorded,
    Verdict,
    check_chain,
    check_petition_rows,
    check_statement_rows,
)
from hub.models import (
    LedgerEntry,
    LedgerHead,
    Petition,
    PetitionSignature,
    Statement,
    StatementSignature,
)
from hub.models.petitions import SignatureStatus

KINDS = {"petition": PETITION, "statement": STATEMENT}


@dataclass(frozen=True)
class SignatureList:
    """A petition's or statement's list, as its slug names it."""

    list_kind: str
    list_id: int
    slug: str

    @property
    def name(self) -> str:
        return list_name(self.list_kind, self.list_id)


async def find_list(list_kind: str, slug: str) -> SignatureList | None:
    model = Petition if list_kind == PETITION else Statement
    found = await model.filter(slug=slug).first().values("id")
    return SignatureList(list_kind, int(found["id"]), slug) if found else None


async def head_of(signatures: SignatureList) -> Head:
    row = await LedgerHead.get_or_none(list_kind=signatures.list_kind, list_id=signatures.list_id)
    if row is None:
        return Head(0, GENESIS, None, None, None)
    return Head(row.count, row.hash, row.signed_at, row.key_id, row.signature)


async def entries_of(
    signatures: SignatureList, after: int = 0, up_to: int | None = None, limit: int | None = None
) -> list[Recorded]:
    """The list's entries from place ``after + 1``, up to ``up_to``, in order."""
    query = LedgerEntry.filter(
        list_kind=signatures.list_kind, list_id=signatures.list_id, seq__gt=after
    )
    if up_to is not None:
        query = query.filter(seq__lte=up_to)
    query = query.order_by("seq")
    if limit is not None:
        query = query.limit(limit)
    return [
        Recorded(
            Entry(row.seq, row.entry, row.kind, row.at, row.country, row.partner, row.hash),
            row.signature_id,
        )
        for row in await query
    ]


async def counted_signatures(petition_id: int) -> dict[int, str]:
    """The petition's counted signature rows (id → when made): those its list must record.
    A signature pending confirmation does not count, and is in no entry yet."""
    rows = await PetitionSignature.filter(
        petition_id=petition_id, status=SignatureStatus.CONFIRMED
    ).values_list("id", "signed_at")
    return {int(row_id): _text(signed_at) for row_id, signed_at in rows}


async def verify_in_database(list_kind: str, slug: str, public_key: bytes) -> Verdict | None:
    """Check the list against itself, its signed head and the rows it records."""
    signatures = await find_list(list_kind, slug)
    if signatures is None:
        return None
    verdict = Verdict(f"{list_kind} {slug}")
    head = await head_of(signatures)
    recorded = await entries_of(signatures)
    check_chain(verdict, signatures.name, [r.entry for r in recorded], head, public_key)
    if list_kind == PETITION:
        petition = await Petition.get(id=signatures.list_id)
        rows = await counted_signatures(petition.id)
        check_petition_rows(verdict, recorded, rows, petition.signature_count)
    else:
        statement_rows = await StatementSignature.filter(
            statement_id=signatures.list_id
        ).values_list("id", "signed_at", "withdrawn_at")
        check_statement_rows(
            verdict,
            recorded,
            {
                int(row_id): (_text(signed), _text(withdrawn) if withdrawn else None)
                for row_id, signed, withdrawn in statement_rows
            },
        )
    return verdict


def _text(moment: datetime.datetime | str) -> str:
    return moment.isoformat() if isinstance(moment, datetime.datetime) else str(moment)
