"""Joint statements and the organisations that co-sign them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
import strawberry.federation
from strawberry import relay

from hub import models
from hub.models.statements import StatementStatus as StatementStatusValue
from schema.ledger.types import SignedListHead, head_of
from schema.localization import LocalizedText
from schema.network.types import Organisation
from schema.nodes import RowNode
from schema.pagination import Connection
from schema.reads.fields import column, many, one, translated
from schema.statements import relations

if TYPE_CHECKING:
    from schema.campaigns.types import Campaign
    from schema.groups.types import Group

StatementStatus = StatementStatusValue
strawberry.enum(
    StatementStatus, description="Where a statement is: draft, open for signing, published."
)


@strawberry.federation.type(
    keys=["id"], description="A joint statement that member organisations co-sign."
)
class Statement(RowNode):
    model = models.Statement
    id: relay.NodeID[int]
    slug: str = column(description="Unique, URL-safe name.")
    status: StatementStatus = column(description="Draft, open for signing, or published.")
    original_language: str = column(description="The language its texts were written in.")
    open_to_all_members: bool = column(
        description="Whether any network member may co-sign; if not, only the group's members."
    )
    created_at: datetime.datetime = column(description="When it was drafted.")
    opened_at: datetime.datetime | None = column(description="When signing opened.")
    published_at: datetime.datetime | None = column(description="When it was published.")
    title: LocalizedText = translated("title", description="The statement's title.")
    body: LocalizedText = translated("body", description="The statement's text.")
    lead_organisation: Organisation = one(
        "lead_organisation_id", description="The organisation that leads it."
    )
    group: Annotated[Group, strawberry.lazy("schema.groups.types")] | None = one(
        "group_id", description="The group that issued it, if a group did."
    )
    campaign: Annotated[Campaign, strawberry.lazy("schema.campaigns.types")] | None = one(
        "campaign_id", description="The campaign it belongs to, if any."
    )
    signatories: Connection[StatementSignature] = many(
        relations.SIGNATURES_OF_STATEMENT,
        arguments=[relations.include_withdrawn("Also list signatures that were withdrawn.")],
        description="The organisations that co-signed it, in the order they signed.",
    )
    ledger: SignedListHead | None = head_of(
        "statement",
        description="Its list of co-signatures and withdrawals' signed head (null before the"
        " first): the count and hash anyone can check the public entries against.",
    )


@strawberry.federation.type(
    keys=["id"], description="An organisation's signature on a joint statement."
)
class StatementSignature(RowNode):
    model = models.StatementSignature
    id: relay.NodeID[int]
    signed_at: datetime.datetime = column(description="When it signed.")
    signed_by: str | None = column(description="Who signed on its behalf.")
    withdrawn_at: datetime.datetime | None = column(
        description="When it withdrew its signature, if it did."
    )
    withdrawal_reason: str | None = column(description="Why it withdrew, if it said.")
    statement: Statement = one("statement_id", description="The statement signed.")
    organisation: Organisation = one("organisation_id", description="The organisation that signed.")
