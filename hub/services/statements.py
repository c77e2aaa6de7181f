"""Joint statements: drafting, opening, publishing, co-signing and withdrawing.

The rules live here once: only eligible organisations co-sign (network members; for a
group's statement reserved to its members, the group's members), nothing changes after a
statement is published except withdrawals, which are then recorded visibly; before
publication a withdrawal removes the signature.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Subquery

from auth.principal import Principal
from hub import clock
from hub.db import transaction
from hub.events import publish, statement_co_signed
from hub.ledger.chain import append_co_signature, append_withdrawal
from hub.metrics import STATEMENT_CO_SIGNATURES
from hub.models import Organisation, Statement, StatementSignature
from hub.models.groups import GroupRole
from hub.models.statements import SIGNED_BY_MAX_LENGTH, StatementStatus
from hub.services import audit
from hub.services.campaigns import managed_campaign
from hub.services.checks import check_length, check_slug, check_texts
from hub.services.eligibility import is_group_member, is_network_member
from hub.services.errors import (
    Refusal,
    WriteRefused,
    integrity_refusal,
    slug_refusal,
    unique_columns,
)


async def _country_of(organisation_id: int, connection: BaseDBAsyncClient) -> str:
    """The organisation's headquarters country (every organisation has one), as its ledger
    entries record it."""
    (country,) = (
        await Organisation.filter(id=organisation_id)
        .using_db(connection)
        .values_list("hq_country_id", flat=True)
    )
    return str(country)


def _subject(statement: Statement) -> str:
    return f"Statement:{statement.id}"


async def _statement(statement_id: int) -> Statement:
    statement = await Statement.get_or_none(id=statement_id)
    if statement is None:
        raise WriteRefused(Refusal.NOT_FOUND, "No statement has this ID.", "statementId")
    return statement


@dataclass(frozen=True)
class CoSigned:
    signature: StatementSignature
    statement: Statement
    created: bool
    """False when the organisation had signed already: signing twice is one signature."""


async def co_sign_statement(
    principal: Principal, statement_id: int, signed_by: str | None = None
) -> CoSigned:
    """The principal's organisation co-signs the statement, once, whatever the retries."""
    check_length(signed_by, SIGNED_BY_MAX_LENGTH, "signedBy")
    statement = await _statement(statement_id)
    organisation_id = principal.organisation_id
    existing = await StatementSignature.get_or_none(
        statement_id=statement.id, organisation_id=organisation_id
    )
    if existing is not None and existing.withdrawn_at is None:
        return CoSigned(existing, statement, created=False)
    if statement.status != StatementStatus.OPEN:
        raise WriteRefused(
            Refusal.WRONG_STATUS,
            f"The statement is {statement.status.value}: only an open statement can be co-signed.",
            "statementId",
        )
    today = clock.today()
    if not await is_network_member(organisation_id, today):
        raise WriteRefused(Refusal.NOT_ELIGIBLE, "Only network members co-sign statements.")
    if (
        statement.group_id is not None
        and not statement.open_to_all_members
        and not await is_group_member(organisation_id, statement.group_id, today)
    ):
        raise WriteRefused(
            Refusal.NOT_ELIGIBLE, "This statement is for the members of its group only."
        )
    try:
        async with transaction() as connection:
            signature = await StatementSignature.create(
                statement_id=statement.id,
                organisation_id=organisation_id,
                signed_at=clock.now(),
                signed_by=signed_by,
                using_db=connection,
            )
            await append_co_signature(
                connection,
                statement.id,
                signature.id,
                signature.signed_at,
                await _country_of(organisation_id, connection),
            )
            await audit.record(
                principal, "statement.co_sign", _subject(statement), connection, signedBy=signed_by
            )
    except IntegrityError as refused:
        if unique_columns(refused, "statement_signature") != {"statement_id", "organisation_id"}:
            raise integrity_refusal(refused) from None
        # a concurrent request signed first: that signature is this request's answer too
        signature = await StatementSignature.get(
            statement_id=statement.id, organisation_id=organisation_id
        )
        return CoSigned(signature, statement, created=False)
    STATEMENT_CO_SIGNATURES.inc()
    await publish([statement_co_signed(statement.id, signature.id)])
    return CoSigned(signature, statement, created=True)


@dataclass(frozen=True)
class Withdrawn:
    statement: Statement
    signature: StatementSignature | None
    """The signature, still listed as withdrawn, for a published statement; else None."""


async def withdraw_statement_signature(
    principal: Principal, statement_id: int, reason: str | None = None
) -> Withdrawn:
    """Withdraw the organisation's signature: removed before publication, recorded after.

    Each is one conditional write that reads the statement's status itself, so that a
    publication committed after the statement was read here is seen: the signature of a
    statement published meanwhile is recorded as withdrawn, never removed. Of withdrawals
    racing each other, one writes; the others change nothing and log nothing.
    """
    statement = await _statement(statement_id)
    signature = await StatementSignature.get_or_none(
        statement_id=statement.id, organisation_id=principal.organisation_id, withdrawn_at=None
    )
    if signature is None:
        raise WriteRefused(
            Refusal.NOT_FOUND, "The organisation has not co-signed this statement.", "statementId"
        )
    of_status = Statement.filter(id=statement.id)
    unpublished = Subquery(of_status.exclude(status=StatementStatus.PUBLISHED).values("id"))
    published = Subquery(of_status.filter(status=StatementStatus.PUBLISHED).values("id"))
    async with transaction() as connection:
        removed = (
            await StatementSignature.filter(id=signature.id, statement_id__in=unpublished)
            .using_db(connection)
            .delete()
        )
        recorded = 0
        if not removed:
            recorded = (
                await StatementSignature.filter(
                    id=signature.id, withdrawn_at=None, statement_id__in=published
                )
                .using_db(connection)
                .update(withdrawn_at=clock.now(), withdrawal_reason=reason)
            )
        if removed or recorded:  # a concurrent withdrawal may have come first: log it once
            await append_withdrawal(
                connection,
                statement.id,
                signature.id,
                clock.now(),
                await _country_of(signature.organisation_id, connection),
            )
            await audit.record(
                principal, "statement.withdraw", _subject(statement), connection, reason=reason
            )
    kept = await StatementSignature.get_or_none(id=signature.id, withdrawn_at__not_isnull=True)
    return Withdrawn(await Statement.get(id=statement.id), kept)


async def may_manage(principal: Principal, statement: Statement) -> bool:
    """The lead organisation manages a statement, and so does the lead of its group."""
    if statement.lead_organisation_id == principal.organisation_id:
        return True
    return statement.group_id is not None and await is_group_member(
        principal.organisation_id, statement.group_id, clock.today(), GroupRole.LEAD
    )


async def _managed(principal: Principal, statement_id: int) -> Statement:
    statement = await _statement(statement_id)
    if not await may_manage(principal, statement):
        raise WriteRefused(
            Refusal.FORBIDDEN,
            "Only the lead organisation, or the lead of the statement's group, manages it.",
            "statementId",
        )
    return statement


async def draft_statement(
    principal: Principal,
    slug: str,
    title: dict[str, str],
    body: dict[str, str],
    original_language: str,
    group_id: int | None = None,
    campaign_id: int | None = None,
    open_to_all_members: bool = True,
) -> Statement:
    """A new draft led by the principal's organisation (for a group: by one of its leads).

    A statement joins only a campaign that the principal's organisation manages.
    """
    check_slug(slug, 120)
    check_texts(original_language, title=title, body=body)
    if campaign_id is not None:
        await managed_campaign(principal, campaign_id)
    if group_id is not None and not await is_group_member(
        principal.organisation_id, group_id, clock.today(), GroupRole.LEAD
    ):
        raise WriteRefused(
            Refusal.FORBIDDEN, "Only a lead of the group drafts its statements.", "groupId"
        )
    try:
        async with transaction() as connection:
            statement = await Statement.create(
                slug=slug,
                title=title,
                body=body,
                original_language=original_language,
                lead_organisation_id=principal.organisation_id,
                group_id=group_id,
                campaign_id=campaign_id,
                open_to_all_members=open_to_all_members,
                created_at=clock.now(),
                using_db=connection,
            )
            await audit.record(principal, "statement.draft", _subject(statement), connection)
    except IntegrityError as refused:
        raise slug_refusal(refused, "statement", slug) from None
    return statement


async def edit_statement(
    principal: Principal,
    statement_id: int,
    title: dict[str, str] | None = None,
    body: dict[str, str] | None = None,
) -> Statement:
    """Change the texts of a statement that is not yet published."""
    statement = await _managed(principal, statement_id)
    if statement.status == StatementStatus.PUBLISHED:
        raise WriteRefused(Refusal.WRONG_STATUS, "A published statement no longer changes.")
    statement.title = title if title is not None else statement.title
    statement.body = body if body is not None else statement.body
    check_texts(statement.original_language, title=statement.title, body=statement.body)
    async with transaction() as connection:
        # only while still unpublished, even if a publish lands between the read and now
        edited = (
            await Statement.filter(id=statement.id)
            .exclude(status=StatementStatus.PUBLISHED)
            .using_db(connection)
            .update(title=statement.title, body=statement.body)
        )
        if not edited:
            raise WriteRefused(Refusal.WRONG_STATUS, "A published statement no longer changes.")
        await audit.record(principal, "statement.edit", _subject(statement), connection)
    return statement


async def _move(
    principal: Principal,
    statement_id: int,
    source: StatementStatus,
    target: StatementStatus,
    refusal: str,
) -> Statement:
    statement = await _managed(principal, statement_id)
    now = clock.now()
    stamps = {"opened_at": now} if target == StatementStatus.OPEN else {"published_at": now}
    async with transaction() as connection:
        moved = (
            await Statement.filter(id=statement.id, status=source)
            .using_db(connection)
            .update(status=target, **stamps)
        )
        if not moved:
            raise WriteRefused(Refusal.WRONG_STATUS, refusal, "statementId")
        await audit.record(principal, f"statement.{target.value}", _subject(statement), connection)
    return await Statement.get(id=statement.id)


async def open_statement(principal: Principal, statement_id: int) -> Statement:
    """Open a draft for co-signing."""
    return await _move(
        principal,
        statement_id,
        StatementStatus.DRAFT,
        StatementStatus.OPEN,
        "Only a draft is opened for co-signing.",
    )


async def publish_statement(principal: Principal, statement_id: int) -> Statement:
    """Publish an open statement: its signatories are final, but for withdrawals."""
    return await _move(
        principal,
        statement_id,
        StatementStatus.OPEN,
        StatementStatus.PUBLISHED,
        "Only an open statement is published.",
    )
