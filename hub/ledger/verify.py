"""Checking a list: from the database, or from its published entries alone.

From the published entries, anyone can check that the chain holds (each hash follows from
the one before and the entry's own fields), that the hub signed its head, and, holding a
head published earlier, that today's list still begins with the entries it covered: an
entry removed or inserted after the fact breaks one of these. From the database, the hub
also checks the list against the rows it records: a signature row removed after it was
counted, or a row that no entry records (inserted after the fact), is named with its place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from hub.ledger.entries import GENESIS, Entry, Kind, chained, checkpoint
from hub.ledger.keys import key_id, signed_by


@dataclass(frozen=True)
class Head:
    """A list's head as published: its count and last hash, and the hub's signature."""

    count: int
    hash: str
    signed_at: str | None
    key_id: str | None
    signature: str | None


@dataclass
class Verdict:
    """What checking one list found."""

    subject: str
    """What was checked, in words: ``petition SLUG``, ``statement SLUG``, or a URL."""
    entries: int = 0
    head: str = GENESIS
    problems: list[str] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return not self.problems

    def report(self) -> dict[str, object]:
        return {
            "list": self.subject,
            "entries": self.entries,
            "head": self.head,
            "verified": self.holds,
            "problems": self.problems,
        }


def _described(entry: Entry) -> str:
    return f"entry {entry.seq} ({entry.kind} {entry.entry} at {entry.at})"


def check_chain(
    verdict: Verdict,
    name: str,
    entries: Sequence[Entry],
    head: Head | None,
    public_key: bytes | None,
    earlier: tuple[int, str] | None = None,
) -> None:
    """Check the hashes, the places, the head and its signature; problems go in the verdict."""
    previous = GENESIS
    for place, entry in enumerate(entries, start=1):
        if entry.seq != place:
            verdict.problems.append(
                f"{_described(entry)} is in place {place}: an entry before it was removed"
                " or one was inserted"
            )
        if chained(previous, name, entry) != entry.hash:
            verdict.problems.append(
                f"{_described(entry)}: its hash does not follow from the hash before it and"
                " its own fields: the list was changed at this place"
            )
        previous = entry.hash  # later breaks are named at their own place
    verdict.entries, verdict.head = len(entries), previous
    if earlier is not None:
        count, earlier_hash = earlier
        if count > len(entries):
            verdict.problems.append(
                f"an earlier head covered {count} entries; the list now has {len(entries)}:"
                " entries were removed"
            )
        elif count > 0 and entries[count - 1].hash != earlier_hash:
            verdict.problems.append(
                f"entry {count} differs from the earlier head's ({earlier_hash}): the list"
                " was rewritten at or before it"
            )
    if head is None:
        if entries:
            verdict.problems.append("the list has entries but no signed head")
        return
    if head.count != len(entries) or head.hash != previous:
        verdict.problems.append(
            f"the signed head covers {head.count} entries ending in {head.hash}; the list has"
            f" {len(entries)} ending in {previous}"
        )
    if head.count == 0:
        return
    if public_key is None or head.signature is None or head.signed_at is None:
        verdict.problems.append("the head is not signed")
        return
    if head.key_id != key_id(public_key):
        verdict.problems.append(
            f"the head is signed with key {head.key_id}, not the hub's {key_id(public_key)}"
        )
    elif not signed_by(
        public_key, checkpoint(name, head.count, head.hash, head.signed_at), head.signature
    ):
        verdict.problems.append("the head's signature is not the hub's")


@dataclass(frozen=True)
class Recorded:
    """An entry as the database keeps it: with the row it records (never published)."""

    entry: Entry
    signature_id: int


def check_petition_rows(
    verdict: Verdict,
    entries: Sequence[Recorded],
    rows: dict[int, str],
    signature_count: int,
) -> None:
    """Every counted signature row is recorded once, every record not erased has its row,
    and an erased one has none.

    ``rows``: the counted (confirmed) signatures' ids, with when each was made.
    """
    standing: dict[int, Entry] = {}
    """Each signature row's entry, while no erasure names it."""
    row_of: dict[str, int] = {}
    """Each standing entry's signature row."""
    for recorded in entries:
        entry = recorded.entry
        if entry.kind == Kind.SIGNATURE:
            if recorded.signature_id in standing:
                verdict.problems.append(
                    f"{_described(entry)} records signature row {recorded.signature_id} again"
                    f" (entry {standing[recorded.signature_id].seq} did)"
                )
                continue
            standing[recorded.signature_id] = entry
            row_of[entry.entry] = recorded.signature_id
        elif entry.kind == Kind.ERASURE:
            row_id = row_of.pop(entry.entry, None)  # an entry is erased once
            if row_id is None:
                verdict.problems.append(
                    f"{_described(entry)} erases a signature the list does not hold"
                )
                continue
            del standing[row_id]
        else:
            verdict.problems.append(
                f"{_described(entry)}: a petition's list holds signatures and erasures only"
            )
    for row_id, entry in standing.items():
        if row_id not in rows:
            verdict.problems.append(
                f"{_described(entry)} records signature row {row_id}, which is gone: a"
                " counted signature was removed after the fact"
            )
    for row_id, signed_at in sorted(rows.items()):
        if row_id not in standing:
            verdict.problems.append(
                f"signature row {row_id} (signed {signed_at}) is in no entry: it was inserted"
                " after the fact"
            )
    if signature_count != len(standing):
        verdict.problems.append(
            f"the petition counts {signature_count} signatures; its list records {len(standing)}"
        )


def check_statement_rows(
    verdict: Verdict, entries: Sequence[Recorded], rows: dict[int, tuple[str, str | None]]
) -> None:
    """Each co-signature row is recorded, and each withdrawal; nothing recorded is gone.

    ``rows``: each co-signature row's id, with when it was signed and withdrawn (if it was).
    A withdrawal before publication deletes the row: its entries remain.
    """
    signed: dict[int, Entry] = {}
    withdrawn: set[str] = set()
    for recorded in entries:
        entry = recorded.entry
        if entry.kind == Kind.CO_SIGNATURE:
            signed[recorded.signature_id] = entry
            withdrawn.discard(entry.entry)
        elif entry.kind == Kind.WITHDRAWAL:
            withdrawn.add(entry.entry)
        else:
            verdict.problems.append(
                f"{_described(entry)}: a statement's list holds co-signatures and withdrawals"
            )
    for row_id, entry in signed.items():
        row = rows.get(row_id)
        if entry.entry in withdrawn:
            if row is not None and row[1] is None:
                verdict.problems.append(
                    f"{_described(entry)} was withdrawn, but signature row {row_id} stands"
                )
        elif row is None:
            verdict.problems.append(
                f"{_described(entry)} records signature row {row_id}, which is gone: a"
                " co-signature was removed without a withdrawal"
            )
        elif row[1] is not None:
            verdict.problems.append(
                f"signature row {row_id} is withdrawn (at {row[1]}) but no entry records it"
            )
    for row_id, (signed_at, _withdrawn_at) in sorted(rows.items()):
        if row_id not in signed:
            verdict.problems.append(
                f"signature row {row_id} (signed {signed_at}) is in no entry: it was inserted"
                " after the fact"
            )
