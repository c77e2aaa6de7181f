"""The statement rules, called as the mutations, widgets and CLI call them: who co-signs,
who withdraws, who manages, and how a statement moves from draft to open to published."""

from __future__ import annotations

import asyncio
import datetime
import sqlite3
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from tortoise.exceptions import IntegrityError

from auth.principal import Principal
from auth.scopes import Scope
from hub import clock, db
from hub.events.bus import Event, statement_co_signed
from hub.models import AuditEntry, LedgerEntry, Organisation, Statement, StatementSignature
from hub.models.groups import GroupKind
from hub.models.statements import SIGNED_BY_MAX_LENGTH, StatementStatus
from hub.services import statements
from hub.services.errors import Refusal
from tests import factories
from tests.hub.services.refusals import said as refusal


@dataclass
class Network:
    a: Organisation
    """A network member, lead of the group and of its statements."""
    b: Organisation
    """A network member, in the group but not a lead."""
    c: Organisation
    """A network member outside the group."""
    outsider: Organisation
    """Not a network member."""
    group_id: int
    open: Statement
    group_only: Statement
    draft: Statement
    published: Statement


def acting_for(organisation: Organisation) -> Principal:
    return factories.acting_for(organisation, Scope.STATEMENTS_SIGN, Scope.STATEMENTS_WRITE)


@pytest.fixture
async def network(database_url: str) -> AsyncIterator[Network]:
    async with db.connected(database_url):
        a, b, c = await factories.organisations(3, member_since=datetime.date(2000, 1, 1))
        (outsider,) = await factories.organisations(1)
        group = await factories.group([a, b], GroupKind.WORKING_GROUP)  # A leads, B is a member
        yield Network(
            a,
            b,
            c,
            outsider,
            group.id,
            open=await factories.statement(a, status=StatementStatus.OPEN),
            group_only=await factories.statement(
                a, status=StatementStatus.OPEN, group_id=group.id, open_to_all_members=False
            ),
            draft=await factories.statement(a, status=StatementStatus.DRAFT),
            published=await factories.statement(a, status=StatementStatus.PUBLISHED),
        )


async def audit(action: str) -> list[tuple[int | None, str, str, dict[str, Any]]]:
    entries = await AuditEntry.filter(action=action).order_by("id")
    return [(e.organisation_id, e.client_id or "", e.subject, e.details) for e in entries]


async def signatures(statement: Statement) -> list[tuple[int, str | None, bool, str | None]]:
    rows = await StatementSignature.filter(statement_id=statement.id).order_by("organisation_id")
    return [
        (r.organisation_id, r.signed_by, r.withdrawn_at is not None, r.withdrawal_reason)
        for r in rows
    ]


# co-signing


async def listed(statement: Statement) -> list[tuple[str, str | None]]:
    """The statement's list, as published: each entry's kind and country."""
    entries = LedgerEntry.filter(list_kind="statement", list_id=statement.id).order_by("seq")
    return [(entry.kind, entry.country) for entry in await entries]


async def test_a_member_co_signs_once_however_often_it_asks(network: Network) -> None:
    # given
    before = clock.now()

    # when A co-signs twice
    first = await statements.co_sign_statement(acting_for(network.a), network.open.id, "Director")
    again = await statements.co_sign_statement(acting_for(network.a), network.open.id, "Other")

    # then one signature, said to be new the first time only, logged once with who signed
    assert (first.created, again.created) == (True, False)
    assert first.statement.id == again.statement.id == network.open.id
    assert again.signature.id == first.signature.id
    assert before <= first.signature.signed_at <= clock.now()
    assert await signatures(network.open) == [(network.a.id, "Director", False, None)]
    assert await audit("statement.co_sign") == [
        (
            network.a.id,
            f"client-of-{network.a.slug}",
            f"Statement:{network.open.id}",
            {"signedBy": "Director"},
        )
    ]


async def test_who_signed_is_refused_longer_than_its_column_and_kept_at_its_longest(
    network: Network,
) -> None:
    # when A says who signed in one character more than the column holds, then in as many
    too_long = await refusal(
        statements.co_sign_statement(
            acting_for(network.a), network.open.id, "x" * (SIGNED_BY_MAX_LENGTH + 1)
        )
    )
    longest = "x" * SIGNED_BY_MAX_LENGTH
    await statements.co_sign_statement(acting_for(network.a), network.open.id, longest)

    # then the first is refused naming the field and its limit, before anything is written
    assert too_long == (
        Refusal.INVALID,
        f"signedBy is at most {SIGNED_BY_MAX_LENGTH} characters long.",
        "signedBy",
    )
    assert await signatures(network.open) == [(network.a.id, longest, False, None)]


async def test_a_new_co_signature_is_announced_once_to_those_following_the_statement(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    announced: list[Event] = []

    async def publish(events: Iterable[Event]) -> None:
        announced.extend(events)

    monkeypatch.setattr(statements, "publish", publish)

    # when A co-signs, then asks again
    first = await statements.co_sign_statement(acting_for(network.a), network.open.id)
    await statements.co_sign_statement(acting_for(network.a), network.open.id)

    # then one event names the statement and the new signature
    assert announced == [statement_co_signed(network.open.id, first.signature.id)]


async def test_racing_co_signatures_are_one_signature(network: Network) -> None:
    # when A's co-signature is sent twice at once (both find no signature, both insert one)
    a = acting_for(network.a)
    answers = await asyncio.gather(
        statements.co_sign_statement(a, network.open.id, "Director"),
        statements.co_sign_statement(a, network.open.id, "Director"),
    )
    # then the database's uniqueness makes them one: the loser answers with the winner's
    assert sorted(answer.created for answer in answers) == [False, True]
    assert answers[0].signature.id == answers[1].signature.id
    assert await signatures(network.open) == [(network.a.id, "Director", False, None)]
    assert len(await audit("statement.co_sign")) == 1


async def test_a_co_signature_that_lost_the_race_answers_with_the_winners(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given A's co-signature, A's signature of another statement, and B's of the same one
    a = acting_for(network.a)
    won = await statements.co_sign_statement(a, network.open.id, "Director")
    await statements.co_sign_statement(a, network.group_only.id)
    await statements.co_sign_statement(acting_for(network.b), network.open.id)

    # when A's second request looked before the first had committed (it found nothing), so
    # that its insert is the one the database refuses as a duplicate
    async def found_nothing(**_keys: Any) -> None:
        return None

    monkeypatch.setattr(StatementSignature, "get_or_none", found_nothing)
    lost = await statements.co_sign_statement(a, network.open.id, "Director")

    # then it answers with the winner's signature of that statement, said not to be new
    assert not lost.created
    assert lost.signature.id == won.signature.id
    assert lost.statement.id == network.open.id
    assert len(await audit("statement.co_sign")) == 3


async def test_a_co_signature_the_database_refuses_for_another_reason_says_why(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a database that refuses the insert: the statement went away meanwhile
    async def refused(**_values: Any) -> StatementSignature:
        raise IntegrityError(sqlite3.IntegrityError("FOREIGN KEY constraint failed"))

    monkeypatch.setattr(StatementSignature, "create", refused)

    # when A co-signs, then it is told what is missing, and nothing is written
    said = await refusal(statements.co_sign_statement(acting_for(network.a), network.open.id))
    assert said == (
        Refusal.NOT_FOUND,
        "Something the write refers to is gone: FOREIGN KEY constraint failed",
        None,
    )
    assert await audit("statement.co_sign") == []


async def test_co_signing_again_after_publication_is_the_same_signature(
    network: Network,
) -> None:
    # given A co-signed, then the statement was published
    a = acting_for(network.a)
    first = await statements.co_sign_statement(a, network.open.id)
    await statements.publish_statement(a, network.open.id)
    # when A's system retries its co-signature
    again = await statements.co_sign_statement(a, network.open.id)
    # then the signature it has is the answer, not a refusal
    assert (again.created, again.signature.id) == (False, first.signature.id)


async def test_a_signature_is_for_the_statement_it_names(network: Network) -> None:
    # given A co-signed the open statement
    a = acting_for(network.a)
    first = await statements.co_sign_statement(a, network.open.id)
    # when A co-signs the group's statement
    second = await statements.co_sign_statement(a, network.group_only.id)
    # then that is a second signature, on the group's statement
    assert second.created is True and second.signature.id != first.signature.id
    assert second.signature.statement_id == network.group_only.id
    assert await signatures(network.group_only) == [(network.a.id, None, False, None)]


@pytest.mark.parametrize("status", ["draft", "published"])
async def test_only_an_open_statement_is_co_signed(network: Network, status: str) -> None:
    statement: Statement = getattr(network, status)
    # when
    refused = await refusal(statements.co_sign_statement(acting_for(network.b), statement.id))
    # then
    assert refused == (
        Refusal.WRONG_STATUS,
        f"The statement is {status}: only an open statement can be co-signed.",
        "statementId",
    )
    assert await signatures(statement) == []


async def test_a_withdrawn_signature_is_not_signed_again_after_publication(
    network: Network,
) -> None:
    # given A co-signed, the statement was published, then A withdrew
    await statements.co_sign_statement(acting_for(network.a), network.open.id)
    await statements.publish_statement(acting_for(network.a), network.open.id)
    await statements.withdraw_statement_signature(acting_for(network.a), network.open.id)

    # when A co-signs again
    refused = await refusal(statements.co_sign_statement(acting_for(network.a), network.open.id))

    # then the statement is closed to signatures, and the withdrawal stands
    assert refused[0] == Refusal.WRONG_STATUS
    assert await signatures(network.open) == [(network.a.id, None, True, None)]


async def test_a_withdrawn_signature_is_signed_anew_before_publication(network: Network) -> None:
    # given A co-signed and withdrew while the statement is open
    await statements.co_sign_statement(acting_for(network.a), network.open.id)
    await statements.withdraw_statement_signature(acting_for(network.a), network.open.id)

    # when A co-signs again
    signed = await statements.co_sign_statement(acting_for(network.a), network.open.id)

    # then it is a new signature
    assert signed.created is True
    assert await signatures(network.open) == [(network.a.id, None, False, None)]


async def test_only_current_network_members_co_sign(network: Network) -> None:
    # when an organisation outside the network co-signs
    refused = await refusal(
        statements.co_sign_statement(acting_for(network.outsider), network.open.id)
    )
    # then
    assert refused == (Refusal.NOT_ELIGIBLE, "Only network members co-sign statements.", None)
    assert await signatures(network.open) == []
    assert await audit("statement.co_sign") == []


async def test_a_group_only_statement_is_co_signed_by_the_groups_members_only(
    network: Network,
) -> None:
    # when C, outside the group, and B, in it, co-sign the group's statement
    refused = await refusal(
        statements.co_sign_statement(acting_for(network.c), network.group_only.id)
    )
    signed = await statements.co_sign_statement(acting_for(network.b), network.group_only.id)

    # then C is refused, B signs
    assert refused == (
        Refusal.NOT_ELIGIBLE,
        "This statement is for the members of its group only.",
        None,
    )
    assert signed.created is True
    assert await signatures(network.group_only) == [(network.b.id, None, False, None)]


async def test_a_group_statement_open_to_all_members_is_co_signed_by_any_member(
    network: Network,
) -> None:
    # given a statement of the group open to every network member
    statement = await factories.statement(
        network.a, status=StatementStatus.OPEN, group_id=network.group_id
    )
    # when C, outside the group, co-signs it
    signed = await statements.co_sign_statement(acting_for(network.c), statement.id)
    # then
    assert signed.created is True


async def test_an_unknown_statement_is_not_found(network: Network) -> None:
    # when
    refused = await refusal(statements.co_sign_statement(acting_for(network.a), 999_999))
    # then
    assert refused == (Refusal.NOT_FOUND, "No statement has this ID.", "statementId")


# withdrawing


async def test_a_withdrawal_before_publication_removes_the_signature(network: Network) -> None:
    # given A and B co-signed the open statement
    for member in (network.a, network.b):
        await statements.co_sign_statement(acting_for(member), network.open.id)

    # when B withdraws
    withdrawn = await statements.withdraw_statement_signature(
        acting_for(network.b), network.open.id, "Changed our mind"
    )

    # then B's signature is gone, A's stands, and the withdrawal is logged with its reason
    assert withdrawn.signature is None and withdrawn.statement.id == network.open.id
    assert await signatures(network.open) == [(network.a.id, None, False, None)]
    # and the statement's list records it, with B's country as B's co-signature did
    assert await listed(network.open) == [
        ("co-signature", network.a.hq_country_id),
        ("co-signature", network.b.hq_country_id),
        ("withdrawal", network.b.hq_country_id),
    ]
    assert await audit("statement.withdraw") == [
        (
            network.b.id,
            f"client-of-{network.b.slug}",
            f"Statement:{network.open.id}",
            {"reason": "Changed our mind"},
        )
    ]


async def test_a_withdrawal_after_publication_is_recorded(network: Network) -> None:
    # given A and B co-signed, then the statement was published
    for member in (network.a, network.b):
        await statements.co_sign_statement(acting_for(member), network.open.id)
    await statements.publish_statement(acting_for(network.a), network.open.id)
    before = clock.now()

    # when B withdraws, then withdraws again
    withdrawn = await statements.withdraw_statement_signature(
        acting_for(network.b), network.open.id, "Changed our mind"
    )
    again = await refusal(
        statements.withdraw_statement_signature(acting_for(network.b), network.open.id)
    )

    # then B's signature is kept, withdrawn, with the reason; once only
    assert withdrawn.signature is not None
    assert withdrawn.signature.organisation_id == network.b.id
    assert withdrawn.signature.withdrawal_reason == "Changed our mind"
    assert withdrawn.signature.withdrawn_at is not None
    assert before <= withdrawn.signature.withdrawn_at <= clock.now()
    assert await signatures(network.open) == [
        (network.a.id, None, False, None),
        (network.b.id, None, True, "Changed our mind"),
    ]
    assert again == (
        Refusal.NOT_FOUND,
        "The organisation has not co-signed this statement.",
        "statementId",
    )
    assert len(await audit("statement.withdraw")) == 1
    # and each withdrawal answers with the organisation's own signature, not another's
    by_a = await statements.withdraw_statement_signature(acting_for(network.a), network.open.id)
    assert by_a.signature is not None and by_a.signature.organisation_id == network.a.id
    assert [kind for kind, _ in await listed(network.open)] == [
        "co-signature",
        "co-signature",
        "withdrawal",
        "withdrawal",
    ]


async def test_an_organisation_withdraws_only_its_own_signature(network: Network) -> None:
    # given B co-signed
    await statements.co_sign_statement(acting_for(network.b), network.open.id)
    # when A withdraws
    refused = await refusal(
        statements.withdraw_statement_signature(acting_for(network.a), network.open.id)
    )
    # then
    assert refused[0] == Refusal.NOT_FOUND
    assert await signatures(network.open) == [(network.b.id, None, False, None)]
    assert await audit("statement.withdraw") == []


async def test_a_withdrawal_is_from_the_statement_it_names(network: Network) -> None:
    # given A co-signed the open statement, not the group's
    await statements.co_sign_statement(acting_for(network.a), network.open.id)
    # when A withdraws from the group's statement
    refused = await refusal(
        statements.withdraw_statement_signature(acting_for(network.a), network.group_only.id)
    )
    # then there was nothing to withdraw there, and its signature elsewhere stands
    assert refused[0] == Refusal.NOT_FOUND
    assert await signatures(network.open) == [(network.a.id, None, False, None)]


async def test_racing_withdrawals_after_publication_are_one_withdrawal(network: Network) -> None:
    # given A co-signed, then the statement was published
    a = acting_for(network.a)
    await statements.co_sign_statement(a, network.open.id)
    await statements.publish_statement(a, network.open.id)

    # when A's withdrawal is sent twice at once, each with its own reason
    await asyncio.gather(
        statements.withdraw_statement_signature(a, network.open.id, "first"),
        statements.withdraw_statement_signature(a, network.open.id, "second"),
        return_exceptions=True,
    )

    # then it is withdrawn once: one reason kept, one entry in the log
    (withdrawn,) = await audit("statement.withdraw")
    assert await signatures(network.open) == [(network.a.id, None, True, withdrawn[3]["reason"])]


# managing


async def test_who_manages_a_statement(network: Network) -> None:
    # given a statement of the group led by B (a mere member of the group)
    of_group = await factories.statement(network.b, group_id=network.group_id)

    # then its lead organisation and the group's lead manage it; no one else does
    assert await statements.may_manage(acting_for(network.b), of_group)
    assert await statements.may_manage(acting_for(network.a), of_group)
    assert not await statements.may_manage(acting_for(network.c), of_group)
    assert not await statements.may_manage(acting_for(network.b), network.draft)
    assert not await statements.may_manage(acting_for(network.b), network.group_only)


async def test_another_organisation_cannot_manage_a_statement(network: Network) -> None:
    # when B edits, opens and publishes A's statements
    b = acting_for(network.b)
    refused = [
        await refusal(statements.edit_statement(b, network.draft.id, title={"en": "Mine"})),
        await refusal(statements.open_statement(b, network.draft.id)),
        await refusal(statements.publish_statement(b, network.open.id)),
    ]
    # then each is refused, and nothing changed
    message = "Only the lead organisation, or the lead of the statement's group, manages it."
    assert refused == [(Refusal.FORBIDDEN, message, "statementId")] * 3
    assert (await Statement.get(id=network.draft.id)).status == StatementStatus.DRAFT
    assert (await Statement.get(id=network.draft.id)).title == network.draft.title
    assert (await Statement.get(id=network.open.id)).status == StatementStatus.OPEN


# drafting


async def test_a_member_drafts_a_statement_it_leads(network: Network) -> None:
    # given a campaign A leads
    campaign = await factories.campaign(lead_organisation_id=network.a.id)

    # when A drafts a statement for its group and campaign, reserved to the group
    drafted = await statements.draft_statement(
        acting_for(network.a),
        "x" * 120,
        title={"fr": "Solidarité"},
        body={"fr": "Nous, soussignés…"},
        original_language="fr",
        group_id=network.group_id,
        campaign_id=campaign.id,
        open_to_all_members=False,
    )

    # then it is stored as asked, a draft led by A, and logged
    stored = await Statement.get(id=drafted.id)
    assert (stored.slug, stored.status, stored.lead_organisation_id) == (
        "x" * 120,
        StatementStatus.DRAFT,
        network.a.id,
    )
    assert (stored.group_id, stored.campaign_id, stored.open_to_all_members) == (
        network.group_id,
        campaign.id,
        False,
    )
    assert (stored.title, stored.body, stored.original_language) == (
        {"fr": "Solidarité"},
        {"fr": "Nous, soussignés…"},
        "fr",
    )
    assert stored.created_at is not None
    assert await audit("statement.draft") == [
        (network.a.id, f"client-of-{network.a.slug}", f"Statement:{drafted.id}", {})
    ]


async def test_a_draft_is_open_to_all_members_unless_reserved(network: Network) -> None:
    drafted = await statements.draft_statement(
        acting_for(network.c), "for-all", {"en": "T"}, {"en": "B"}, "en"
    )
    stored = await Statement.get(id=drafted.id)
    assert (stored.open_to_all_members, stored.group_id, stored.campaign_id) == (True, None, None)


@pytest.mark.parametrize(
    ("slug", "title", "body", "problem"),
    [
        ("x" * 121, {"en": "T"}, {"en": "B"}, (Refusal.INVALID, "slug")),
        ("Not A Slug", {"en": "T"}, {"en": "B"}, (Refusal.INVALID, "slug")),
        ("no-title", {"fr": "T"}, {"en": "B"}, (Refusal.INVALID, "title")),
        ("no-body", {"en": "T"}, {"en": ""}, (Refusal.INVALID, "body")),
    ],
    ids=["slug-too-long", "not-a-slug", "no-original-title", "empty-body"],
)
async def test_a_bad_draft_is_refused_by_field(
    network: Network,
    slug: str,
    title: dict[str, str],
    body: dict[str, str],
    problem: tuple[Refusal, str],
) -> None:
    refused = await refusal(
        statements.draft_statement(acting_for(network.a), slug, title, body, "en")
    )
    assert (refused[0], refused[2]) == problem
    assert await Statement.filter(lead_organisation_id=network.a.id).count() == 4


async def test_only_a_lead_of_the_group_drafts_its_statements(network: Network) -> None:
    refused = await refusal(
        statements.draft_statement(
            acting_for(network.b), "by-b", {"en": "T"}, {"en": "B"}, "en", network.group_id
        )
    )
    assert refused == (
        Refusal.FORBIDDEN,
        "Only a lead of the group drafts its statements.",
        "groupId",
    )
    assert not await Statement.exists(slug="by-b")


async def test_a_statement_joins_only_a_campaign_its_organisation_manages(
    network: Network,
) -> None:
    campaign = await factories.campaign(lead_organisation_id=network.b.id)
    refused = await refusal(
        statements.draft_statement(
            acting_for(network.a), "by-a", {"en": "T"}, {"en": "B"}, "en", campaign_id=campaign.id
        )
    )
    assert (refused[0], refused[2]) == (Refusal.FORBIDDEN, "campaignId")
    assert not await Statement.exists(slug="by-a")


async def test_a_taken_slug_is_a_conflict(network: Network) -> None:
    refused = await refusal(
        statements.draft_statement(
            acting_for(network.a), network.open.slug, {"en": "T"}, {"en": "B"}, "en"
        )
    )
    assert refused == (Refusal.CONFLICT, f"The slug '{network.open.slug}' is taken.", "slug")
    assert await audit("statement.draft") == []


# editing


async def test_the_lead_edits_what_it_is_given(network: Network) -> None:
    a = acting_for(network.a)
    # when A changes the title, then the body
    titled = await statements.edit_statement(a, network.draft.id, title={"en": "Sharper"})
    bodied = await statements.edit_statement(a, network.draft.id, body={"en": "Clearer"})
    # then each edit changed only what it was given, and each is logged
    stored = await Statement.get(id=network.draft.id)
    assert (titled.title, titled.body) == ({"en": "Sharper"}, network.draft.body)
    assert (bodied.title, bodied.body) == ({"en": "Sharper"}, {"en": "Clearer"})
    assert (stored.title, stored.body) == ({"en": "Sharper"}, {"en": "Clearer"})
    assert [entry[2] for entry in await audit("statement.edit")] == [
        f"Statement:{network.draft.id}"
    ] * 2


@pytest.mark.parametrize("field", ["title", "body"])
async def test_an_edit_keeps_the_original_language(network: Network, field: str) -> None:
    refused = await refusal(
        statements.edit_statement(acting_for(network.a), network.draft.id, **{field: {"fr": "T"}})
    )
    assert (refused[0], refused[2]) == (Refusal.INVALID, field)
    stored = await Statement.get(id=network.draft.id)
    assert (stored.title, stored.body) == (network.draft.title, network.draft.body)


async def test_an_edit_racing_a_publication_changes_nothing_published(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given A editing its open statement, and publishing it after the edit read it as open
    # but before the edit wrote (the publication lands between the edit's read and write)
    a = acting_for(network.a)
    read = statements._managed
    published: list[Statement] = []

    async def read_then_publish(principal: Principal, statement_id: int) -> Statement:
        statement = await read(principal, statement_id)
        monkeypatch.setattr(statements, "_managed", read)
        published.append(await statements.publish_statement(a, statement_id))
        return statement

    monkeypatch.setattr(statements, "_managed", read_then_publish)

    # when the edit writes
    edited = await refusal(statements.edit_statement(a, network.open.id, title={"en": "Too late"}))

    # then it is refused: it reached the database after the publication
    assert [statement.status for statement in published] == [StatementStatus.PUBLISHED]
    assert edited == (Refusal.WRONG_STATUS, "A published statement no longer changes.", None)
    assert (await Statement.get(id=network.open.id)).title == network.open.title
    assert await audit("statement.edit") == []


async def test_a_published_statement_is_not_edited(network: Network) -> None:
    refused = await refusal(
        statements.edit_statement(acting_for(network.a), network.published.id, body={"en": "B"})
    )
    assert refused == (Refusal.WRONG_STATUS, "A published statement no longer changes.", None)
    assert (await Statement.get(id=network.published.id)).body == network.published.body
    assert await audit("statement.edit") == []


# opening and publishing


async def test_a_draft_is_opened_then_published(network: Network) -> None:
    a = acting_for(network.a)
    before = clock.now()
    # when A opens its draft, then publishes it
    opened = await statements.open_statement(a, network.draft.id)
    published = await statements.publish_statement(a, network.draft.id)
    # then each move is stamped and logged
    assert opened.status == StatementStatus.OPEN and opened.published_at is None
    assert opened.opened_at is not None and before <= opened.opened_at <= clock.now()
    assert published.status == StatementStatus.PUBLISHED
    assert published.opened_at == opened.opened_at
    assert published.published_at is not None and opened.opened_at <= published.published_at
    subject = f"Statement:{network.draft.id}"
    assert [entry[2] for entry in await audit("statement.open")] == [subject]
    assert [entry[2] for entry in await audit("statement.published")] == [subject]


@pytest.mark.parametrize(
    ("move", "status", "message"),
    [
        ("open_statement", "open", "Only a draft is opened for co-signing."),
        ("open_statement", "published", "Only a draft is opened for co-signing."),
        ("publish_statement", "draft", "Only an open statement is published."),
        ("publish_statement", "published", "Only an open statement is published."),
    ],
)
async def test_a_statement_moves_forward_one_step_at_a_time(
    network: Network, move: str, status: str, message: str
) -> None:
    statement: Statement = getattr(network, status)
    refused = await refusal(getattr(statements, move)(acting_for(network.a), statement.id))
    assert refused == (Refusal.WRONG_STATUS, message, "statementId")
    assert (await Statement.get(id=statement.id)).status == statement.status
    assert await AuditEntry.all().count() == 0
