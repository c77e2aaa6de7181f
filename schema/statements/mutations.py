"""Mutations of joint statements: co-sign, withdraw, draft, edit, open, publish."""

from __future__ import annotations

from typing import Annotated

import strawberry

from auth.permissions import requires, signed_in
from auth.scopes import Scope
from hub.models.statements import Statement as StatementRow
from hub.services import statements as service
from schema.arguments import INPUT
from schema.context import Info
from schema.mutations import TextInput, UserError, key_of, refusals, texts
from schema.reads.roots import entity
from schema.statements.types import Statement, StatementSignature


@strawberry.type(description="Why a statement mutation changed nothing.")
class StatementError(UserError):
    pass


def statement_key(statement_id: strawberry.ID) -> int:
    return int(key_of(Statement, str(statement_id), "statementId"))


@strawberry.input(description="Co-sign a statement for the token's organisation.")
class CoSignStatementInput:
    statement_id: strawberry.ID = strawberry.field(description="The statement's global ID.")
    signed_by: str | None = strawberry.field(
        default=None, description="Who signs on the organisation's behalf."
    )


@strawberry.type(description="The signature, or why there is none.")
class CoSignStatementPayload:
    signature_id: strawberry.Private[int | None]
    signature: StatementSignature | None = entity("signature_id", description="The signature.")
    already_signed: bool = strawberry.field(
        description="True when the organisation had signed already: nothing new was written."
    )
    errors: list[StatementError] = strawberry.field(description="Why nothing was signed.")


@strawberry.input(description="Withdraw the token's organisation's signature.")
class WithdrawStatementSignatureInput:
    statement_id: strawberry.ID = strawberry.field(description="The statement's global ID.")
    reason: str | None = strawberry.field(default=None, description="Why, shown if published.")


@strawberry.type(description="The statement after the withdrawal, or why nothing changed.")
class WithdrawStatementSignaturePayload:
    statement_id: strawberry.Private[int | None]
    statement: Statement | None = entity("statement_id", description="The statement.")
    signature_id: strawberry.Private[int | None]
    signature: StatementSignature | None = entity(
        "signature_id",
        description="For a published statement, the signature now marked withdrawn.",
    )
    errors: list[StatementError] = strawberry.field(description="Why nothing changed.")


@strawberry.input(description="A new draft statement, led by the token's organisation.")
class DraftStatementInput:
    slug: str = strawberry.field(description="Unique, URL-safe name.")
    original_language: str = strawberry.field(description="The language it is written in.")
    title: list[TextInput] = strawberry.field(description="The title, per language.")
    body: list[TextInput] = strawberry.field(description="The text, per language.")
    group_id: strawberry.ID | None = strawberry.field(
        default=None, description="The group issuing it (the token's organisation leads it)."
    )
    campaign_id: strawberry.ID | None = strawberry.field(
        default=None, description="The campaign it belongs to."
    )
    open_to_all_members: bool = strawberry.field(
        default=True, description="False: only the group's members may co-sign."
    )


@strawberry.input(description="New texts for a statement not yet published.")
class EditStatementInput:
    statement_id: strawberry.ID = strawberry.field(description="The statement's global ID.")
    title: list[TextInput] | None = strawberry.field(default=None, description="New title.")
    body: list[TextInput] | None = strawberry.field(default=None, description="New text.")


@strawberry.input(description="A statement to move on: open a draft, or publish.")
class StatementTransitionInput:
    statement_id: strawberry.ID = strawberry.field(description="The statement's global ID.")


@strawberry.type(description="The statement, or why nothing changed.")
class StatementPayload:
    statement_id: strawberry.Private[int | None]
    statement: Statement | None = entity("statement_id", description="The statement as it now is.")
    errors: list[StatementError] = strawberry.field(description="Why nothing changed.")


def statement_payload(row: StatementRow | None, errors: list[StatementError]) -> StatementPayload:
    return StatementPayload(statement_id=row.id if row is not None else None, errors=errors)


SIGN = requires(Scope.STATEMENTS_SIGN)
WRITE = requires(Scope.STATEMENTS_WRITE)


@strawberry.type
class StatementMutations:
    @strawberry.mutation(
        description="Co-sign a statement. Signing twice is one signature.", extensions=SIGN
    )
    async def co_sign_statement(
        self, info: Info, input: Annotated[CoSignStatementInput, INPUT]
    ) -> CoSignStatementPayload:
        async def write() -> service.CoSigned:
            key = statement_key(input.statement_id)
            return await service.co_sign_statement(signed_in(info), key, input.signed_by)

        done, errors = await refusals(write, StatementError)
        return CoSignStatementPayload(
            signature_id=done.signature.id if done else None,
            already_signed=bool(done and not done.created),
            errors=errors,
        )

    @strawberry.mutation(
        description="Withdraw a signature: removed before publication, recorded after.",
        extensions=SIGN,
    )
    async def withdraw_statement_signature(
        self, info: Info, input: Annotated[WithdrawStatementSignatureInput, INPUT]
    ) -> WithdrawStatementSignaturePayload:
        async def write() -> service.Withdrawn:
            key = statement_key(input.statement_id)
            return await service.withdraw_statement_signature(signed_in(info), key, input.reason)

        done, errors = await refusals(write, StatementError)
        return WithdrawStatementSignaturePayload(
            statement_id=done.statement.id if done else None,
            signature_id=done.signature.id if done and done.signature else None,
            errors=errors,
        )

    @strawberry.mutation(description="Draft a joint statement.", extensions=WRITE)
    async def draft_statement(
        self, info: Info, input: Annotated[DraftStatementInput, INPUT]
    ) -> StatementPayload:
        from schema.campaigns.types import Campaign
        from schema.groups.types import Group

        async def write() -> StatementRow:
            return await service.draft_statement(
                signed_in(info),
                slug=input.slug,
                title=texts(input.title, "title") or {},
                body=texts(input.body, "body") or {},
                original_language=input.original_language,
                group_id=key_of(Group, input.group_id, "groupId") if input.group_id else None,
                campaign_id=key_of(Campaign, input.campaign_id, "campaignId")
                if input.campaign_id
                else None,
                open_to_all_members=input.open_to_all_members,
            )

        return statement_payload(*await refusals(write, StatementError))

    @strawberry.mutation(
        description="Change the texts of a statement not yet published.", extensions=WRITE
    )
    async def edit_statement(
        self, info: Info, input: Annotated[EditStatementInput, INPUT]
    ) -> StatementPayload:
        async def write() -> StatementRow:
            return await service.edit_statement(
                signed_in(info),
                statement_key(input.statement_id),
                texts(input.title, "title"),
                texts(input.body, "body"),
            )

        return statement_payload(*await refusals(write, StatementError))

    @strawberry.mutation(description="Open a draft for co-signing.", extensions=WRITE)
    async def open_statement(
        self, info: Info, input: Annotated[StatementTransitionInput, INPUT]
    ) -> StatementPayload:
        async def write() -> StatementRow:
            return await service.open_statement(signed_in(info), statement_key(input.statement_id))

        return statement_payload(*await refusals(write, StatementError))

    @strawberry.mutation(description="Publish an open statement.", extensions=WRITE)
    async def publish_statement(
        self, info: Info, input: Annotated[StatementTransitionInput, INPUT]
    ) -> StatementPayload:
        async def write() -> StatementRow:
            return await service.publish_statement(
                signed_in(info), statement_key(input.statement_id)
            )

        return statement_payload(*await refusals(write, StatementError))
