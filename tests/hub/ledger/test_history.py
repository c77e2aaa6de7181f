"""Signatures a database held before it kept ledgers are chained once, oldest first; the
demo network's lists are chained as it loads, and verify."""

from __future__ import annotations

import datetime

from hub import db
from hub.ledger.history import chain_existing
from hub.ledger.keys import current_key
from hub.ledger.reading import verify_in_database
from hub.models import LedgerHead, Petition, Statement, StatementSignature
from tests import factories


async def test_the_demo_networks_lists_verify(demo_database_url: str) -> None:
    async with db.connected(demo_database_url):
        petition = await Petition.filter(signature_count__gt=0).order_by("-signature_count").first()
        withdrawn = await StatementSignature.filter(withdrawn_at__not_isnull=True).first()
        assert petition is not None and withdrawn is not None
        statement = await Statement.get(id=withdrawn.statement_id)
        verdicts = [
            await verify_in_database("petition", petition.slug, current_key().public),
            await verify_in_database("statement", statement.slug, current_key().public),
        ]
        heads = await LedgerHead.filter(list_kind="petition").count()
        signed = await Petition.filter(signature_count__gt=0).count()

    assert [(v.holds, v.problems) for v in verdicts if v is not None] == [(True, []), (True, [])]
    assert verdicts[0] is not None and verdicts[0].entries == petition.signature_count
    assert heads == signed


async def test_signatures_from_before_are_chained_once(database_url: str) -> None:
    async with db.connected(database_url):
        # given signatures written before the hub kept ledgers
        (owner,) = await factories.organisations(1, member_since=datetime.date(2000, 1, 1))
        petition = await factories.petition(owner)
        await factories.sign_petition(petition, 5)
        statement = await factories.statement(owner)
        await factories.co_sign(statement, [owner])
        before = await verify_in_database("petition", petition.slug, current_key().public)

        # when they are chained, twice
        async with db.transaction() as connection:
            first = await chain_existing(connection)
        async with db.transaction() as connection:
            again = await chain_existing(connection)

        after = [
            await verify_in_database("petition", petition.slug, current_key().public),
            await verify_in_database("statement", statement.slug, current_key().public),
        ]

    # then each list is chained once, and holds
    assert before is not None and len(before.problems) == 6  # five rows, and the count
    assert (first, again) == ({"petition": 1, "statement": 1}, {"petition": 0, "statement": 0})
    assert [v.holds for v in after if v is not None] == [True, True]
    assert after[0] is not None and after[0].entries == 5
