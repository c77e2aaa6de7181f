"""The scopes catalogue: a token's or a client's scope text read and written the same way, and
an unknown scope named, with the ones the hub knows (an operator reads it adding a client)."""

from __future__ import annotations

import pytest

from auth.scopes import DESCRIPTIONS, MEMBER_SCOPES, Scope, parse_scopes, scope_text

KNOWN = (
    "statements:sign, statements:write, campaigns:write, petitions:write, petitions:export,"
    " organisation:write, alerts:write, reports:write, reports:review, hub:admin"
)


def test_scope_text_is_read_back_as_the_same_scopes() -> None:
    scopes = frozenset({Scope.PETITIONS_WRITE, Scope.ALERTS_WRITE, Scope.STATEMENTS_SIGN})
    text = scope_text(scopes)
    assert text == "alerts:write petitions:write statements:sign"
    assert parse_scopes(text) == scopes
    assert parse_scopes("  statements:sign\tstatements:sign ") == {Scope.STATEMENTS_SIGN}
    assert parse_scopes("") == frozenset()


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("statements:sign statements:delete", "statements:delete"),
        ("zeta alerts:write alpha", "alpha, zeta"),
        ("Statements:Sign", "Statements:Sign"),
    ],
)
def test_unknown_scopes_are_named_with_the_known_ones(text: str, unknown: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_scopes(text)
    assert str(refused.value) == f"unknown scopes: {unknown} (known: {KNOWN})"


def test_every_scope_is_described_and_members_may_hold_all_but_administration() -> None:
    assert set(DESCRIPTIONS) == set(Scope)
    assert set(Scope) - MEMBER_SCOPES == {Scope.HUB_ADMIN}
