"""A list's chain, checked from its entries alone: any entry removed, inserted or changed
is named at its place; an untouched list and its signed head hold."""

from __future__ import annotations

from dataclasses import replace

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hub.ledger.entries import GENESIS, Entry, Kind, chained, checkpoint, list_name
from hub.ledger.keys import LedgerKey
from hub.ledger.verify import Head, Verdict, check_chain

NAME = list_name("petition", 7)
KEY = LedgerKey(Ed25519PrivateKey.generate())


def a_list(length: int) -> list[Entry]:
    entries, previous = [], GENESIS
    for seq in range(1, length + 1):
        unhashed = Entry(seq, f"{seq:032x}", Kind.SIGNATURE, "2026-12-01T10:00:00Z", "FR", None, "")
        previous = chained(previous, NAME, unhashed)
        entries.append(replace(unhashed, hash=previous))
    return entries


def signed_head(entries: list[Entry], key: LedgerKey = KEY) -> Head:
    last = entries[-1].hash if entries else GENESIS
    at = "2026-12-01T10:00:05Z"
    return Head(
        len(entries), last, at, key.key_id, key.sign(checkpoint(NAME, len(entries), last, at))
    )


def checked(entries: list[Entry], head: Head, earlier: tuple[int, str] | None = None) -> Verdict:
    verdict = Verdict("petition test")
    check_chain(verdict, NAME, entries, head, KEY.public, earlier)
    return verdict


def test_an_untouched_list_holds() -> None:
    entries = a_list(5)
    verdict = checked(entries, signed_head(entries))
    assert verdict.holds, verdict.problems
    assert (verdict.entries, verdict.head) == (5, entries[-1].hash)


def test_an_entry_removed_is_named_at_its_place() -> None:
    # given a list of five whose head was signed, and the third entry taken out
    entries = a_list(5)
    head = signed_head(entries)
    del entries[2]

    verdict = checked(entries, head)

    assert not verdict.holds
    assert verdict.problems[0] == (
        f"entry 4 (signature {entries[2].entry} at 2026-12-01T10:00:00Z) is in place 3: an"
        " entry before it was removed or one was inserted"
    )
    assert verdict.problems[1] == (
        f"entry 4 (signature {entries[2].entry} at 2026-12-01T10:00:00Z): its hash does not"
        " follow from the hash before it and its own fields: the list was changed at this place"
    )


def test_an_entry_inserted_is_named_at_its_place() -> None:
    entries = a_list(4)
    head = signed_head(entries)
    forged = replace(entries[1], entry="f" * 32)
    entries.insert(2, forged)

    verdict = checked(entries, head)

    assert not verdict.holds
    assert any("in place 3" in problem for problem in verdict.problems)
    assert any("covers 4 entries" in problem for problem in verdict.problems)


def test_a_list_rewritten_whole_still_fails_against_an_earlier_head() -> None:
    # given a head someone kept, and the list rebuilt without its second entry and re-signed
    entries = a_list(4)
    kept = (4, entries[-1].hash)
    rebuilt = a_list(5)
    rebuilt = [*rebuilt[:1], *rebuilt[2:]]
    rechained, previous = [], GENESIS
    for seq, entry in enumerate(rebuilt, start=1):
        unhashed = replace(entry, seq=seq, hash="")
        previous = chained(previous, NAME, unhashed)
        rechained.append(replace(unhashed, hash=previous))

    # the chain and its new signature hold by themselves...
    assert checked(rechained, signed_head(rechained)).holds
    # ...but not against the head kept earlier
    verdict = checked(rechained, signed_head(rechained), earlier=kept)
    assert verdict.problems == [
        f"entry 4 differs from the earlier head's ({kept[1]}): the list was rewritten at or"
        " before it"
    ]


def test_a_changed_field_breaks_its_hash() -> None:
    entries = a_list(3)
    head = signed_head(entries)
    entries[1] = replace(entries[1], country="DE")

    verdict = checked(entries, head)

    assert [p.split(":")[0] for p in verdict.problems] == [
        f"entry 2 (signature {entries[1].entry} at 2026-12-01T10"
    ]


def test_a_head_signed_by_another_key_or_forged_fails() -> None:
    entries = a_list(2)
    other = LedgerKey(Ed25519PrivateKey.generate())
    assert "is signed with key" in checked(entries, signed_head(entries, other)).problems[0]
    forged = replace(signed_head(entries), signature=other.sign(b"anything"))
    assert checked(entries, forged).problems == ["the head's signature is not the hub's"]


def test_a_list_with_entries_needs_a_signed_head() -> None:
    entries = a_list(2)
    verdict = Verdict("petition test")
    check_chain(verdict, NAME, entries, None, KEY.public)
    assert verdict.problems == ["the list has entries but no signed head"]
    # an empty list needs none, and its head is the genesis hash
    empty = Verdict("petition test")
    check_chain(empty, NAME, [], None, KEY.public)
    assert (empty.holds, empty.entries, empty.head) == (True, 0, GENESIS)
    assert checked([], Head(0, GENESIS, None, None, None)).holds


def test_a_head_without_its_signature_or_key_is_not_signed() -> None:
    entries = a_list(2)
    head = signed_head(entries)
    for unsigned in (replace(head, signature=None), replace(head, signed_at=None)):
        assert checked(entries, unsigned).problems == ["the head is not signed"]
    verdict = Verdict("petition test")
    check_chain(verdict, NAME, entries, head, None)
    assert verdict.problems == ["the head is not signed"]


def test_a_head_covering_another_list_is_named_with_both() -> None:
    entries = a_list(3)
    head = signed_head(entries[:2])
    assert checked(entries, head).problems == [
        f"the signed head covers 2 entries ending in {entries[1].hash}; the list has 3 ending"
        f" in {entries[2].hash}"
    ]


def test_an_earlier_head_covering_more_entries_names_the_removal() -> None:
    entries = a_list(5)
    kept = (5, entries[-1].hash)
    shorter = entries[:4]
    assert checked(shorter, signed_head(shorter), earlier=kept).problems == [
        "an earlier head covered 5 entries; the list now has 4: entries were removed"
    ]
    # a head kept before anything was signed, or at today's length, says nothing against it
    assert checked(entries, signed_head(entries), earlier=(0, GENESIS)).holds
    assert checked(entries, signed_head(entries), earlier=kept).holds
    assert checked(entries, signed_head(entries), earlier=(3, entries[2].hash)).holds
    # a head kept of the first entry alone still holds it to that entry
    assert checked(entries, signed_head(entries), earlier=(1, "f" * 64)).problems == [
        f"entry 1 differs from the earlier head's ({'f' * 64}): the list was rewritten at or"
        " before it"
    ]
