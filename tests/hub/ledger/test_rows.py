"""A list checked against the rows it records, from the entries and rows alone: each rule
of ``check_petition_rows`` and ``check_statement_rows``, with the exact words it says."""

from __future__ import annotations

from hub.ledger.entries import Entry, Kind
from hub.ledger.verify import Recorded, Verdict, check_petition_rows, check_statement_rows

AT = "2026-12-01T10:00:00Z"


def recorded(seq: int, kind: str, entry: str, row: int) -> Recorded:
    return Recorded(Entry(seq, entry, kind, AT, "FR", None, f"{seq:064x}"), row)


def petition_problems(entries: list[Recorded], rows: dict[int, str], count: int) -> list[str]:
    verdict = Verdict("petition test")
    check_petition_rows(verdict, entries, rows, count)
    return verdict.problems


def statement_problems(
    entries: list[Recorded], rows: dict[int, tuple[str, str | None]]
) -> list[str]:
    verdict = Verdict("statement test")
    check_statement_rows(verdict, entries, rows)
    return verdict.problems


def test_signatures_each_with_its_row_and_the_count_hold() -> None:
    entries = [recorded(1, Kind.SIGNATURE, "a", 10), recorded(2, Kind.SIGNATURE, "b", 11)]
    assert petition_problems(entries, {10: AT, 11: AT}, 2) == []


def test_a_row_recorded_twice_is_named_once_and_counted_once() -> None:
    entries = [recorded(1, Kind.SIGNATURE, "a", 10), recorded(2, Kind.SIGNATURE, "b", 10)]
    assert petition_problems(entries, {10: AT}, 1) == [
        f"entry 2 (signature b at {AT}) records signature row 10 again (entry 1 did)"
    ]


def test_an_erased_signature_has_no_row_and_no_count() -> None:
    entries = [
        recorded(1, Kind.SIGNATURE, "a", 10),
        recorded(2, Kind.SIGNATURE, "b", 11),
        recorded(3, Kind.ERASURE, "a", 10),
    ]
    assert petition_problems(entries, {11: AT}, 1) == []
    # a row still standing after its erasure was inserted after the fact
    assert petition_problems(entries, {10: AT, 11: AT}, 1) == [
        f"signature row 10 (signed {AT}) is in no entry: it was inserted after the fact"
    ]


def test_an_erasure_of_nothing_held_is_named() -> None:
    entries = [
        recorded(1, Kind.SIGNATURE, "a", 10),
        recorded(2, Kind.ERASURE, "z", 99),
        recorded(3, Kind.ERASURE, "a", 10),
        recorded(4, Kind.ERASURE, "a", 10),
    ]
    assert petition_problems(entries, {}, 0) == [
        f"entry 2 (erasure z at {AT}) erases a signature the list does not hold",
        f"entry 4 (erasure a at {AT}) erases a signature the list does not hold",
    ]


def test_an_erasure_names_the_entry_of_its_row_not_an_earlier_one() -> None:
    # row 10 was recorded as entry "a"; an erasure of an entry "b" that once named the same
    # row (and was refused as a repeat) erases nothing
    entries = [
        recorded(1, Kind.SIGNATURE, "a", 10),
        recorded(2, Kind.SIGNATURE, "b", 10),
        recorded(3, Kind.ERASURE, "b", 10),
    ]
    problems = petition_problems(entries, {10: AT}, 1)
    assert problems[1:] == [
        f"entry 3 (erasure b at {AT}) erases a signature the list does not hold"
    ]


def test_another_kind_of_entry_is_named() -> None:
    entries = [recorded(1, Kind.CO_SIGNATURE, "a", 10)]
    assert petition_problems(entries, {}, 0) == [
        f"entry 1 (co-signature a at {AT}): a petition's list holds signatures and erasures only"
    ]


def test_a_row_removed_and_a_count_moved_are_named() -> None:
    entries = [recorded(1, Kind.SIGNATURE, "a", 10), recorded(2, Kind.SIGNATURE, "b", 11)]
    assert petition_problems(entries, {11: AT}, 2) == [
        f"entry 1 (signature a at {AT}) records signature row 10, which is gone: a counted"
        " signature was removed after the fact"
    ]
    assert petition_problems(entries, {10: AT, 11: AT}, 3) == [
        "the petition counts 3 signatures; its list records 2"
    ]


def test_rows_inserted_are_named_in_row_order() -> None:
    assert petition_problems([], {12: "t2", 11: "t1"}, 0) == [
        "signature row 11 (signed t1) is in no entry: it was inserted after the fact",
        "signature row 12 (signed t2) is in no entry: it was inserted after the fact",
    ]


def test_co_signatures_and_withdrawals_with_their_rows_hold() -> None:
    entries = [
        recorded(1, Kind.CO_SIGNATURE, "a", 10),
        recorded(2, Kind.CO_SIGNATURE, "b", 11),
        recorded(3, Kind.WITHDRAWAL, "b", 11),
        recorded(4, Kind.CO_SIGNATURE, "c", 12),
        recorded(5, Kind.WITHDRAWAL, "c", 12),
    ]
    # b withdrawn and its row kept, marked withdrawn; c withdrawn before publication: no row
    rows: dict[int, tuple[str, str | None]] = {10: (AT, None), 11: (AT, AT)}
    assert statement_problems(entries, rows) == []


def test_a_withdrawal_recorded_but_its_row_standing_is_named() -> None:
    entries = [recorded(1, Kind.CO_SIGNATURE, "a", 10), recorded(2, Kind.WITHDRAWAL, "a", 10)]
    assert statement_problems(entries, {10: (AT, None)}) == [
        f"entry 1 (co-signature a at {AT}) was withdrawn, but signature row 10 stands"
    ]


def test_signing_again_after_a_withdrawal_stands() -> None:
    entries = [
        recorded(1, Kind.CO_SIGNATURE, "a", 10),
        recorded(2, Kind.WITHDRAWAL, "a", 10),
        recorded(3, Kind.CO_SIGNATURE, "a", 10),
    ]
    assert statement_problems(entries, {10: (AT, None)}) == []
    assert statement_problems(entries, {10: (AT, AT)}) == [
        f"signature row 10 is withdrawn (at {AT}) but no entry records it"
    ]


def test_a_co_signature_gone_without_withdrawal_and_one_inserted_are_named() -> None:
    entries = [recorded(1, Kind.CO_SIGNATURE, "a", 10)]
    assert statement_problems(entries, {11: ("t1", None)}) == [
        f"entry 1 (co-signature a at {AT}) records signature row 10, which is gone: a"
        " co-signature was removed without a withdrawal",
        "signature row 11 (signed t1) is in no entry: it was inserted after the fact",
    ]


def test_a_petition_entry_in_a_statement_list_is_named() -> None:
    entries = [recorded(1, Kind.SIGNATURE, "a", 10)]
    assert statement_problems(entries, {}) == [
        f"entry 1 (signature a at {AT}): a statement's list holds co-signatures and withdrawals"
    ]


def test_a_verdict_reports_what_was_checked_and_what_it_found() -> None:
    """The report `hub verify` prints, for a list that holds and one that does not."""
    held = Verdict("petition free-them", entries=3, head="ab" * 32)
    assert held.report() == {
        "list": "petition free-them",
        "entries": 3,
        "head": "ab" * 32,
        "verified": True,
        "problems": [],
    }
    broken = Verdict("statement joint", entries=1, problems=["entry 1 breaks the chain"])
    assert broken.report()["verified"] is False
    assert broken.report()["problems"] == ["entry 1 breaks the chain"]
