"""A joint statement's co-signatures and withdrawals form a list nobody can quietly change:
withdrawals made through the hub keep it whole; a co-signature row deleted or inserted
behind its back is named."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from hub import db
from hub.ledger.entries import Kind
from hub.ledger.keys import current_key
from hub.ledger.reading import verify_in_database
from hub.ledger.verify import Verdict
from hub.models import LedgerEntry, Organisation, Statement, StatementSignature
from hub.models.statements import StatementStatus
from hub.services import statements
from tests import factories
from tests.hub.services.test_statements import acting_for


@dataclass
class Signed:
    statement: Statement
    a: Organisation
    b: Organisation
    c: Organisation
    outsider: Organisation


async def co_signed() -> Signed:
    """A, B and C co-sign; C withdraws before publication (its row goes), B after (kept)."""
    a, b, c = await factories.organisations(3, member_since=datetime.date(2000, 1, 1))
    (outsider,) = await factories.organisations(1, member_since=datetime.date(2000, 1, 1))
    statement = await factories.statement(a, status=StatementStatus.OPEN)
    for organisation in (a, b, c):
        await statements.co_sign_statement(acting_for(organisation), statement.id)
    await statements.withdraw_statement_signature(acting_for(c), statement.id, "changed our mind")
    await statements.publish_statement(acting_for(a), statement.id)
    await statements.withdraw_statement_signature(acting_for(b), statement.id, "left")
    return Signed(statement, a, b, c, outsider)


async def verified(statement: Statement) -> Verdict:
    verdict = await verify_in_database("statement", statement.slug, current_key().public)
    assert verdict is not None
    return verdict


async def test_co_signatures_and_withdrawals_keep_the_list_whole(database_url: str) -> None:
    async with db.connected(database_url):
        signed = await co_signed()

        verdict = await verified(signed.statement)
        kinds = (
            await LedgerEntry.filter(list_kind="statement")
            .order_by("seq")
            .values_list("kind", "entry")
        )

    assert verdict.holds, verdict.problems
    assert [kind for kind, _ in kinds] == [
        Kind.CO_SIGNATURE,
        Kind.CO_SIGNATURE,
        Kind.CO_SIGNATURE,
        Kind.WITHDRAWAL,
        Kind.WITHDRAWAL,
    ]
    # a withdrawal carries the entry id of the co-signature it withdraws
    assert kinds[3][1] == kinds[2][1] and kinds[4][1] == kinds[1][1]


async def test_a_co_signature_deleted_behind_the_hubs_back_is_named(database_url: str) -> None:
    async with db.connected(database_url):
        signed = await co_signed()
        row = await StatementSignature.get(
            statement_id=signed.statement.id, organisation_id=signed.a.id
        )
        await StatementSignature.filter(id=row.id).delete()

        verdict = await verified(signed.statement)

    assert verdict.problems == [
        verdict.problems[0].split(" records ")[0]
        + f" records signature row {row.id}, which is gone: a co-signature was removed without"
        " a withdrawal"
    ]
    assert verdict.problems[0].startswith("entry 1 (co-signature ")


async def test_a_co_signature_inserted_behind_the_hubs_back_is_named(database_url: str) -> None:
    async with db.connected(database_url):
        signed = await co_signed()
        row = await StatementSignature.create(
            statement_id=signed.statement.id,
            organisation_id=signed.outsider.id,
            signed_at=factories.when(2024),
        )

        verdict = await verified(signed.statement)

    assert len(verdict.problems) == 1
    assert verdict.problems[0].startswith(f"signature row {row.id} (signed 2024-01-01")
    assert verdict.problems[0].endswith("is in no entry: it was inserted after the fact")


async def test_a_withdrawal_hidden_behind_the_hubs_back_is_named(database_url: str) -> None:
    async with db.connected(database_url):
        signed = await co_signed()
        await StatementSignature.filter(
            statement_id=signed.statement.id, organisation_id=signed.b.id
        ).update(withdrawn_at=None)

        verdict = await verified(signed.statement)

    assert len(verdict.problems) == 1
    assert "was withdrawn, but signature row" in verdict.problems[0]
