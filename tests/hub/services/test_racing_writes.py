"""Writes that race: admissions of one organisation, withdrawals of one signature, and a
withdrawal racing the statement's publication. Exactly one wins; nothing is doubled."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import AsyncIterator

import pytest

from auth.scopes import Scope
from hub import db
from hub.models import AuditEntry, NetworkMembership, Statement, StatementSignature
from hub.models.statements import StatementStatus
from hub.services import membership, statements
from hub.services.errors import Refusal, WriteRefused
from tests import factories

RACERS = 5


@pytest.fixture
async def connected(database_url: str) -> AsyncIterator[None]:
    async with db.connected(database_url):
        yield


async def test_racing_admissions_admit_once(connected: None) -> None:
    # given an organisation outside the network, and the secretariat
    outsider, secretariat = await factories.organisations(2)
    admin = factories.acting_for(secretariat, Scope.HUB_ADMIN)

    # when five admissions of it, each from another day, are sent at once
    days = [datetime.date(2020, 1, 1) + datetime.timedelta(days=n) for n in range(RACERS)]
    outcomes = await asyncio.gather(
        *(membership.admit_member(admin, outsider.id, day) for day in days),
        return_exceptions=True,
    )

    # then one admitted it; the others were refused as a conflict, and nothing is doubled
    admitted = [o for o in outcomes if isinstance(o, NetworkMembership)]
    refused = [o for o in outcomes if isinstance(o, WriteRefused)]
    assert (len(admitted), len(refused)) == (1, RACERS - 1), outcomes
    assert {r.code for r in refused} == {Refusal.CONFLICT}
    assert await NetworkMembership.filter(organisation_id=outsider.id).count() == 1
    assert await AuditEntry.filter(action="membership.admit").count() == 1


async def test_racing_withdrawals_before_publication_are_one(connected: None) -> None:
    # given A co-signed an open statement
    (a,) = await factories.organisations(1, member_since=datetime.date(2000, 1, 1))
    signer = factories.acting_for(a, Scope.STATEMENTS_SIGN)
    statement = await factories.statement(a, status=StatementStatus.OPEN)
    await statements.co_sign_statement(signer, statement.id)

    # when A withdraws five times at once
    outcomes = await asyncio.gather(
        *(statements.withdraw_statement_signature(signer, statement.id) for _ in range(RACERS)),
        return_exceptions=True,
    )

    # then the signature is gone, and the withdrawal was written and logged once
    failed = [o for o in outcomes if isinstance(o, BaseException)]
    assert all(isinstance(f, WriteRefused) and f.code == Refusal.NOT_FOUND for f in failed)
    assert await StatementSignature.filter(statement_id=statement.id).count() == 0
    assert await AuditEntry.filter(action="statement.withdraw").count() == 1


async def test_a_withdrawal_racing_publication_is_recorded_not_removed(
    connected: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given A co-signed an open statement
    (a,) = await factories.organisations(1, member_since=datetime.date(2000, 1, 1))
    signer = factories.acting_for(a, Scope.STATEMENTS_SIGN, Scope.STATEMENTS_WRITE)
    statement = await factories.statement(a, status=StatementStatus.OPEN)
    await statements.co_sign_statement(signer, statement.id)

    # when the statement is published just after the withdrawal has read it as open
    read = statements._statement

    async def read_then_published(statement_id: int) -> Statement:
        seen = await read(statement_id)
        monkeypatch.setattr(statements, "_statement", read)  # publishing reads it too
        await statements.publish_statement(signer, statement_id)
        return seen

    monkeypatch.setattr(statements, "_statement", read_then_published)
    withdrawn = await statements.withdraw_statement_signature(signer, statement.id, "Changed")

    # then the published statement keeps the signature, recorded as withdrawn
    (kept,) = await StatementSignature.filter(statement_id=statement.id)
    assert kept.withdrawn_at is not None and kept.withdrawal_reason == "Changed"
    assert withdrawn.signature is not None and withdrawn.signature.id == kept.id
    assert withdrawn.statement.status == StatementStatus.PUBLISHED
    assert await AuditEntry.filter(action="statement.withdraw").count() == 1
