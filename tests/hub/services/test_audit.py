"""The audit log records each write with who made it: the token's organisation, client, user
and token, or the operator at the command line; in the write's own transaction, at its time."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from auth.principal import Principal
from auth.scopes import Scope
from hub import clock, db
from hub.models import AuditEntry, Organisation
from hub.services import audit
from tests import factories


@pytest.fixture
async def organisation(database_url: str) -> AsyncIterator[Organisation]:
    async with db.connected(database_url):
        (organisation,) = await factories.organisations(1)
        yield organisation


def staff_token_of(organisation: Organisation) -> Principal:
    """A dashboard's token: a staff user signed in through the organisation's client."""
    return factories.acting_for(
        organisation, Scope.STATEMENTS_SIGN, client_id="dashboard-client", user_id=7
    )


def recorded(entry: AuditEntry) -> tuple[object, ...]:
    """Who made the write (organisation, client, user, token), what, to what, with what."""
    return (
        entry.organisation_id,
        entry.client_id,
        entry.user_id,
        entry.token_jti,
        entry.action,
        entry.subject,
        entry.details,
    )


async def test_a_write_is_recorded_with_who_made_it(organisation: Organisation) -> None:
    # when a staff user's token co-signs, and the write is audited in its transaction
    before = clock.now()
    async with db.transaction() as connection:
        await audit.record(
            staff_token_of(organisation),
            "statement.co_sign",
            "Statement:1",
            connection,
            signedBy="Director",
        )
    after = clock.now()

    # then the entry says which organisation, client, user and token, what, and when
    (entry,) = await AuditEntry.all()
    assert recorded(entry) == (
        organisation.id,
        "dashboard-client",
        7,
        "jti-of-dashboard-client",
        "statement.co_sign",
        "Statement:1",
        {"signedBy": "Director"},
    )
    assert before <= entry.occurred_at <= after


async def test_an_operators_write_is_recorded_as_from_the_command_line(
    organisation: Organisation,
) -> None:
    # when an operator exports a petition's signers at the command line
    before = clock.now()
    async with db.transaction() as connection:
        await audit.record_operator(
            organisation.id, "petition.signers_exported", "Petition:3", connection, count=2
        )
    after = clock.now()

    # then the entry has the organisation and no token, client or user, and says so
    (entry,) = await AuditEntry.all()
    assert recorded(entry) == (
        organisation.id,
        None,
        None,
        None,
        "petition.signers_exported",
        "Petition:3",
        {"by": "command line", "count": 2},
    )
    assert before <= entry.occurred_at <= after


async def test_a_write_rolled_back_leaves_no_entry(organisation: Organisation) -> None:
    # when the write fails after it was audited
    with pytest.raises(RuntimeError):
        async with db.transaction() as connection:
            await audit.record(staff_token_of(organisation), "statement.co_sign", "S:1", connection)
            await audit.record_operator(organisation.id, "petition.export", "P:1", connection)
            raise RuntimeError("the write failed")

    # then nothing of it is in the log
    assert await AuditEntry.all().count() == 0
